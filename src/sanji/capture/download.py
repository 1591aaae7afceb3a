"""Headers of a download that carries personal data: named in Chinese, never cached, never sniffed."""

import re
from urllib.parse import quote

#: Characters a file name must not carry into a header or a save dialog.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def content_disposition(disposition: str, filename: str, fallback: str) -> str:
    """``attachment; filename="receipt.pdf"; filename*=UTF-8''%E5%8F%97…`` (RFC 6266 / 5987).

    Browsers use the UTF-8 name; ``fallback`` (ASCII) is for the few that do not.
    """
    safe = _UNSAFE.sub("_", filename).strip() or fallback
    ascii_fallback = _UNSAFE.sub("_", fallback).encode("ascii", "replace").decode("ascii")
    return f"{disposition}; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def send_private(response, data: bytes, content_type: str, disposition: str) -> bytes:
    """Set the headers of personal data on ``response`` and return the body.

    ``no-store`` keeps the bytes out of shared and browser caches on a station computer that
    several people use; ``nosniff`` makes the browser trust only the checked content type.
    """
    response.setHeader("Content-Type", content_type)
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Content-Disposition", disposition)
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Cache-Control", "private, no-store, max-age=0")
    response.setHeader("Pragma", "no-cache")
    return data

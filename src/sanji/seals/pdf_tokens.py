"""Fast paths for pyHanko's PDF tokens: names, read and written, and literal and hexadecimal strings read.

pyHanko reads and writes PDF syntax a byte at a time in Python: every name (``/Type``, ``/Annots`` …) is
read byte by byte up to its delimiter, then decoded byte by byte, and written out byte by byte; a hex
string such as the trailer's ``/ID`` is read one digit at a time, a literal string such as the document's
title one byte and escape at a time. Signing a decision reads and writes a few hundred names and a dozen
strings, which took a fifth of a countersignature's time (docs/benchmarks.md).

Each fast path does the plain case, which is nearly every token, with one regular expression over the
file in memory, and hands anything else (an escape such as ``#20`` in a name, a byte outside printable
ASCII, a comment or white space inside a hex string, nested parentheses, a line continuation or an octal
escape of fewer than three digits in a literal, a stream that is not in memory, a malformed token) to
pyHanko's own function from where it started, so the result, the stream's position and the errors are
pyHanko's. ``tests/seals/test_pdf_tokens.py`` compares them with pyHanko's on every kind of input.
"""

import binascii
import re
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_DELIMITERS
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

#: A name's bytes that need no escape: printable ASCII but the delimiters and the escape sign ``#``.
_PLAIN = rb"[^\x00-\x20\x7f-\xff" + re.escape(PDF_DELIMITERS) + rb"#]*"
_PLAIN_NAME = re.compile(b"/" + _PLAIN)
#: A plain name read: up to white space, a delimiter or the end, where pyHanko's name ends too.
_NAME_TOKEN = re.compile(b"(/" + _PLAIN + b")(?=[" + re.escape(PDF_WHITESPACE + PDF_DELIMITERS) + rb"]|\Z)")
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f]*)>")
#: A literal string of plain bytes, one-character escapes and three-digit octal escapes up to \377.
_LITERAL = re.compile(rb"\(((?:[^()\\]|\\[()\\ /%<>\[\]#_&$nrtbf]|\\[0-3][0-7][0-7])*)\)")
_ESCAPE = re.compile(rb"\\([0-7]{3}|.)", re.DOTALL)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

#: pyHanko's own functions, which take every case the fast paths leave.
_read_name = generic.NameObject.read_from_stream
_write_name = generic.NameObject.write_to_stream
_read_hex_string = generic.read_hex_string_from_stream
_read_string = generic.read_string_from_stream


def read_name(stream) -> generic.NameObject:
    """``NameObject.read_from_stream``: a plain name in one match, any other by pyHanko."""
    name = _matched(_NAME_TOKEN, stream)
    return _read_name(stream) if name is None else generic.NameObject(name.decode("ascii"))


def write_name(self, stream, handler=None, container_ref=None) -> None:
    """``NameObject.write_to_stream``: a plain name written whole, any other by pyHanko."""
    data = self.encode("utf-8")
    if _PLAIN_NAME.fullmatch(data):
        stream.write(data)
    else:
        _write_name(self, stream, handler, container_ref)


def read_hex_string(stream):
    """``read_hex_string_from_stream``: digits alone between ``<`` and ``>`` in one match, else pyHanko."""
    digits = _matched(_HEX_STRING, stream)
    if digits is None:
        return _read_hex_string(stream)
    return generic.pdf_string(binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits))


def read_string(stream):
    """``read_string_from_stream``: a literal with the usual escapes in one match, any other by pyHanko."""
    text = _matched(_LITERAL, stream)
    if text is None:
        return _read_string(stream)
    return generic.pdf_string(_ESCAPE.sub(_unescape, text) if b"\\" in text else text)


def _matched(pattern: re.Pattern, stream) -> bytes | None:
    """The token ``pattern`` matches (its first group) where ``stream`` stands, the stream then after it.

    ``None``, the stream not moved, when the file is not in memory or the token is not the plain case.
    """
    if type(stream) is not BytesIO:
        return None
    start = stream.tell()
    with stream.getbuffer() as data:
        match = pattern.match(data, start)
        token = match.group(1) if match else None
    if match:
        stream.seek(match.end())
    return token


def _unescape(escape: re.Match) -> bytes:
    sequence = escape.group(1)
    if len(sequence) == 3:
        return bytes((int(sequence, 8),))
    return _ESCAPED.get(sequence, sequence)


def install() -> None:
    """Put the fast paths in pyHanko's place (once per process; again changes nothing)."""
    generic.NameObject.read_from_stream = staticmethod(read_name)
    generic.NameObject.write_to_stream = write_name
    generic.read_hex_string_from_stream = read_hex_string
    generic.read_string_from_stream = read_string

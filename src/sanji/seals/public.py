"""What anyone may fetch: the CRL, the authority's certificate, stamps, and the verification page."""

import math

from cryptography.hazmat.primitives import serialization
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound

from sanji.seals import store
from sanji.seals.report import VerifyError
from sanji.seals.report import check_pdf
from sanji.seals.report import check_receipt
from sanji.seals.stamp import stamp_png


def _public(response, data: bytes, content_type: str, filename: str, max_age: int) -> bytes:
    response.setHeader("Content-Type", content_type)
    response.setHeader("Content-Length", str(len(data)))
    response.setHeader("Content-Disposition", f'inline; filename="{filename}"')
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Cache-Control", f"public, max-age={max_age}")
    return data


class CrlView(BrowserView):
    """``@@seal-crl``: the revocation list (DER), signed again at every revocation."""

    def __call__(self):
        crl = store.current_crl()
        if not crl:
            raise NotFound("no seal authority yet")
        return _public(self.request.response, crl, "application/pkix-crl", "seal-authority.crl", 300)


class AuthorityCertificateView(BrowserView):
    """``@@seal-authority.crt``: the root certificate, to import as a trust anchor in a PDF reader."""

    def __call__(self):
        certificate = store.authority_certificate()
        if certificate is None:
            raise NotFound("no seal authority yet")
        der = certificate.public_bytes(serialization.Encoding.DER)
        return _public(self.request.response, der, "application/pkix-cert", "seal-authority.crt", 3600)


class StampView(BrowserView):
    """``@@seal-stamp?serial=…``: the red stamp of a seal (PNG); only a picture, never proof."""

    def __call__(self):
        record = store.seal(str(self.request.form.get("serial", "")))
        if record is None:
            raise NotFound("no such seal")
        return _public(
            self.request.response, stamp_png(record.organisation, record.fullname), "image/png", "stamp.png", 86400
        )


class VerifyView(BrowserView):
    """``@@verify``: upload a decision PDF or type a receipt number; see who sealed what, and whether it holds."""

    error = ""
    result: dict | None = None

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        form = self.request.form
        upload = form.get("file")
        receipt = str(form.get("receipt", "") or "").strip()
        try:
            if self.request.method == "POST" and upload is not None and getattr(upload, "filename", ""):
                self.result = check_pdf(upload.read(10 * 1024 * 1024 + 1))
            elif receipt:
                self.result = check_receipt(receipt, self.request.getClientAddr())
        except VerifyError as refused:
            if refused.retry_after:
                self.request.response.setHeader("Retry-After", str(math.ceil(refused.retry_after)))
            self.request.response.setStatus(refused.status)
            self.error = api.portal.translate(refused.message)
        return self.index()

    def stamp_url(self, serial: str) -> str:
        return f"{api.portal.get().absolute_url()}/@@seal-stamp?serial={serial}"

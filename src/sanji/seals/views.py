"""Pages of the seals: managing them (``@@seals``), one's own PIN (``@@seal-pin``), the decision PDF.

Views only read the form and call :mod:`sanji.seals.store`; a PIN is never put into a status
message (those travel in a cookie) nor into a redirect: a new seal's one-time PIN is shown in the
answer to the POST that created it, once.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate

from sanji import _
from sanji.capture.download import content_disposition
from sanji.capture.download import send_private
from sanji.content.tiers import TIER_TITLES
from sanji.seals import opening
from sanji.seals import store
from sanji.seals.authority import SealAuthorityError
from sanji.seals.decision import decision_filename
from sanji.seals.decision import get_decision
from sanji.seals.keys import MIN_PIN_LENGTH

#: Groups whose members take steps and so need a seal.
SIGNING_GROUPS = ("sanji-agents", "sanji-reviewers", "sanji-approvers")

STATUS_TITLES = {
    "valid": _("seal_status_valid", default="Valid"),
    "revoked": _("seal_status_revoked", default="Revoked"),
    "expired": _("seal_status_expired", default="Expired"),
    "superseded": _("seal_status_superseded", default="Renewed"),
    "none": _("seal_status_none", default="No seal"),
}


def _t(message, request) -> str:
    return translate(message, context=request)


class SealsView(BrowserView):
    """``@@seals``: every signer with their seal; issue, renew, revoke (with a reason), unlock."""

    error = ""
    message = ""
    #: (holder's name, one-time PIN) after an issue or renewal, shown once.
    issued_pin: tuple[str, str] | None = None

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                self.handle(self.request.form.get("action", ""))
            except SealAuthorityError as error:
                self.error = str(error)
        return self.index()

    def handle(self, action: str) -> None:
        form = self.request.form
        actor = api.user.get_current().getId()
        if action == "issue":
            userid = str(form.get("userid", ""))
            if api.user.get(userid=userid) is None:
                self.error = _t(_("error_seal_no_such_user", default="There is no such user."), self.request)
                return
            pin = store.new_pin()
            record = store.issue_seal(userid, pin, issuer=actor)
            self.issued_pin = (record.fullname, pin)
            self.message = _t(
                _("status_seal_issued", default="Seal ${serial} issued.", mapping={"serial": record.serial}),
                self.request,
            )
        elif action == "revoke":
            serial = str(form.get("serial", ""))
            if store.seal(serial) is None:
                self.error = _t(_("error_seal_no_such_seal", default="There is no such seal."), self.request)
                return
            record = store.revoke_seal(
                serial, str(form.get("code", "unspecified")), str(form.get("reason", "")).strip(), actor
            )
            self.message = _t(
                _(
                    "status_seal_revoked",
                    default="Seal ${serial} revoked; the revocation list is published.",
                    mapping={"serial": record.serial},
                ),
                self.request,
            )
        elif action == "unlock":
            opening.lockout().unlock(str(form.get("userid", "")))
            self.message = _t(_("status_seal_unlocked", default="The seal can be used again."), self.request)

    def authority(self) -> dict | None:
        certificate = store.authority_certificate()
        if certificate is None:
            return None
        from sanji.seals.authority import certificate_fingerprint
        from sanji.seals.authority import common_name

        return {
            "name": common_name(certificate),
            "fingerprint": certificate_fingerprint(certificate),
            "not_after": certificate.not_valid_after_utc.date().isoformat(),
        }

    def holders(self) -> list[dict]:
        """Every signer and every seal holder, by tier and name."""
        userids: set[str] = set()
        for group in SIGNING_GROUPS:
            userids.update(user.getId() for user in api.user.get_users(groupname=group))
        userids.update(record.userid for record in store.all_seals())
        counter = opening.lockout()
        rows = []
        for userid in userids:
            record = store.current_seal(userid)
            holder = store.describe_holder(userid) if record is None else None
            status = record.status() if record is not None else "none"
            rows.append(
                {
                    "userid": userid,
                    "fullname": record.fullname if record else holder.fullname,
                    "tier": record.tier if record else holder.tier,
                    "tier_title": TIER_TITLES.get(record.tier if record else holder.tier, ""),
                    "organisation": record.organisation if record else holder.organisation,
                    "serial": record.serial if record else "",
                    "status": status,
                    "status_title": STATUS_TITLES[status],
                    "not_after": record.not_after.date().isoformat() if record else "",
                    "locked": counter.locked_for(userid) > 0,
                }
            )
        order = {"village": 0, "township": 1, "county": 2}
        return sorted(rows, key=lambda row: (order.get(row["tier"], 3), row["organisation"], row["fullname"]))

    def reasons(self) -> list[tuple[str, str]]:
        return [(code, _t(title, self.request)) for code, title in store.REVOCATION_TITLES.items()]


class SealPinView(BrowserView):
    """``@@seal-pin``: the holder's own seal, and changing its PIN (the current PIN is needed)."""

    error = ""
    message = ""
    min_length = MIN_PIN_LENGTH

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to manage your seal.")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.change()
        return self.index()

    @property
    def userid(self) -> str:
        return api.user.get_current().getId()

    def seal(self):
        return store.current_seal(self.userid)

    def stamp_url(self) -> str:
        record = self.seal()
        return f"{api.portal.get().absolute_url()}/@@seal-stamp?serial={record.serial}" if record else ""

    def change(self) -> None:
        form = self.request.form
        old, new, again = (str(form.get(name, "")) for name in ("current_pin", "new_pin", "new_pin_again"))
        if new != again:
            self.error = _t(_("error_pin_mismatch", default="The two new PINs differ."), self.request)
            return
        try:
            opening.change_pin(self.userid, old, new)
        except ValueError:
            self.error = _t(
                _(
                    "error_pin_too_short",
                    default="The new PIN needs at least ${length} characters.",
                    mapping={"length": MIN_PIN_LENGTH},
                ),
                self.request,
            )
        except opening.SealRefused as refused:
            self.error = _t(refused.message, self.request)
        else:
            self.message = _t(_("status_pin_changed", default="Your seal PIN was changed."), self.request)


class DecisionView(BrowserView):
    """``@@decision.pdf``: the signed decision document; 404 before a decision."""

    def __call__(self):
        document = get_decision(self.context)
        if document is None:
            raise NotFound("no decision yet")
        number = self.context.receipt_number
        disposition = content_disposition(
            "attachment", decision_filename(self.context, document), f"decision-{number}.pdf"
        )
        return send_private(self.request.response, document.read(), "application/pdf", disposition)

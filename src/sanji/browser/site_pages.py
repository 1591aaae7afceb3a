"""The site's own pages: views of the site root (我的待办, 办件公开, 联系我们 …), named after their heading.

Plone knows content; a view of the site root looks to it like the home page. The path bar
(:mod:`.breadcrumbs`) and the canonical address (:mod:`.canonical`) ask here which of these pages is
being shown.
"""

from Acquisition import aq_inner

from sanji import _

#: View name → its heading, for the pages of the site root that menus and links lead to.
PAGES = {
    "worklist": _("heading_worklist", default="My worklist"),
    "supervision-dashboard": _("heading_supervision_dashboard", default="Electronic supervision"),
    "supervision-public": _("heading_supervision_public", default="Service statistics"),
    "assessment": _("heading_assessment", default="Staff assessment"),
    "seals": _("heading_seals", default="Electronic seals"),
    "seal-pin": _("heading_my_seal", default="My electronic seal"),
    "verify": _("heading_verify", default="Verify seals"),
    "audit-log": _("heading_audit_log", default="Audit log"),
    "sms-outbox": _("heading_sms_outbox", default="SMS outbox"),
    "track": _("heading_track", default="Follow your case"),
    "accessibility-info": _("heading_accessibility", default="Accessibility"),
    "contact-info": _("heading_contact", default="Contact us"),
}


def page_url(context, name: str) -> str:
    """The address of the site page ``name``, as the menu links it (without ``@@``)."""
    return f"{context.absolute_url()}/{name}"


def shown_page(context, request) -> str | None:
    """The name of the site page of :data:`PAGES` that ``request`` publishes on ``context``, if any."""
    published = request.get("PUBLISHED")
    name = getattr(published, "__name__", None)
    if name not in PAGES or aq_inner(getattr(published, "context", None)) is not aq_inner(context):
        return None
    return name

"""The path bar of the site's own pages: 首页 › 我的待办, not 首页 alone.

Plone's breadcrumbs follow content. The worklist, the supervision pages, the seals and the other pages
below are views of the site root, where Plone's root breadcrumbs are empty, so a clerk saw "首页" on
every one of them. Each page's crumb is the heading it shows (the same message).
"""

from Acquisition import aq_inner
from Products.CMFPlone.browser.navigation import RootPhysicalNavigationBreadcrumbs
from zope.i18n import translate

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
}


class SiteBreadcrumbs(RootPhysicalNavigationBreadcrumbs):
    """The site root's breadcrumbs: none, or the page of :data:`PAGES` being shown."""

    def breadcrumbs(self) -> tuple[dict, ...]:
        published = self.request.get("PUBLISHED")
        name = getattr(published, "__name__", None)
        if name not in PAGES or aq_inner(getattr(published, "context", None)) is not aq_inner(self.context):
            return ()
        return (
            {
                "absolute_url": f"{self.context.absolute_url()}/@@{name}",
                "Title": translate(PAGES[name], context=self.request),
            },
        )

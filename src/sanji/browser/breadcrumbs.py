"""The path bar of the site's own pages: 首页 › 我的待办, not 首页 alone.

Plone's breadcrumbs follow content. The worklist, the supervision pages, the seals and the other pages
of :mod:`.site_pages` are views of the site root, where Plone's root breadcrumbs are empty, so a clerk
saw "首页" on every one of them. Each page's crumb is the heading it shows (the same message).
"""

from Products.CMFPlone.browser.navigation import RootPhysicalNavigationBreadcrumbs
from zope.i18n import translate

from sanji.browser.site_pages import PAGES
from sanji.browser.site_pages import page_url
from sanji.browser.site_pages import shown_page


class SiteBreadcrumbs(RootPhysicalNavigationBreadcrumbs):
    """The site root's breadcrumbs: none, or the page of :data:`PAGES` being shown."""

    def breadcrumbs(self) -> tuple[dict, ...]:
        name = shown_page(self.context, self.request)
        if name is None:
            return ()
        return (
            {
                "absolute_url": page_url(self.context, name),
                "Title": translate(PAGES[name], context=self.request),
            },
        )

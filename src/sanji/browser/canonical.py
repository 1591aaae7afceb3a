"""The canonical address of the site's own pages is their own, not the home page's.

Plone names the context's address as canonical, and for a view of the site root that is the home
page: search engines were told that 办件公开 (the public statistics) is a copy of the home page, and
Plone's navigation marker, which compares the canonical address with the menu's links, lit the home
page's tab and 办件公开's (whose link it cut at ``@@``) on every page of the site root. A page of
:mod:`.site_pages` names itself, without ``@@``, as the menu links it.
"""

from html import escape

from plone.app.layout.links.viewlets import CanonicalURL

from sanji.browser.site_pages import page_url
from sanji.browser.site_pages import shown_page


class SiteCanonicalURL(CanonicalURL):
    def render(self):
        name = shown_page(self.context, self.request)
        if name is None:
            return super().render()
        return f'    <link rel="canonical" href="{escape(page_url(self.context, name))}" />'

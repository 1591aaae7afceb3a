"""Plone's search page, which also opens a case when a staff member types its receipt number.

Cases stay out of the full-text index: every receipt number would be a new word of the lexicon, a
write conflict between any two concurrent submissions (docs/benchmarks.md). A clerk still types the
number from a receipt into the search box, so a query that is a receipt number goes to that case
when the catalog shows it to the person asking (their View permission); otherwise Plone searches as
always.
"""

from pathlib import Path

import Products.CMFPlone.browser
from plone import api
from Products.CMFPlone.browser.search import Search
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from sanji.tracking.lookup import RECEIPT_RE
from sanji.tracking.lookup import clean_typed_digits

_PLONE_TEMPLATES = Path(Products.CMFPlone.browser.__file__).parent / "templates"


def receipt_number(text) -> str | None:
    """The 16-digit receipt number ``text`` is (as printed, in groups of four, or full-width), or None."""
    cleaned = clean_typed_digits(text if isinstance(text, str) else "")
    return cleaned if RECEIPT_RE.match(cleaned) else None


class SearchView(Search):
    """``@@search``: a receipt number opens its case; any other query is Plone's search, on Plone's page."""

    index = ViewPageTemplateFile("search.pt", _prefix=str(_PLONE_TEMPLATES))

    def __call__(self):
        number = receipt_number(self.request.form.get("SearchableText"))
        if number is not None:
            found = api.portal.get_tool("portal_catalog")(portal_type="Application", receipt_number=number)
            if len(found) == 1:
                return self.request.response.redirect(found[0].getURL())
        return self.index()

"""The service catalog (网上办事): every service item by department, filterable by tier and text.

Reads catalog brains and metadata only, so it costs the same with 59 items or 5,900.
"""

from functools import cached_property
from urllib.parse import urlencode

from plone import api
from plone.base.utils import munge_search_term
from Products.Five.browser import BrowserView

from sanji import _
from sanji.content.tiers import TIER_TITLES
from sanji.content.tiers import TIERS


class ServiceCatalogView(BrowserView):
    """Items grouped by department; ``?department=MZ``, ``?tier=village`` and ``?q=…`` filter."""

    @cached_property
    def departments(self) -> list:
        return api.content.find(portal_type="Department", sort_on="getObjPositionInParent")

    @cached_property
    def department_titles(self) -> dict[str, str]:
        return {brain.department: brain.Title for brain in self.departments}

    @cached_property
    def selected_department(self) -> str | None:
        code = self.request.form.get("department") or None
        return code if code in self.department_titles else None

    @cached_property
    def selected_tier(self) -> str | None:
        tier = self.request.form.get("tier") or None
        return tier if tier in TIERS else None

    @cached_property
    def search_text(self) -> str:
        text = self.request.form.get("q", "")
        return text.strip()[:100] if isinstance(text, str) else ""

    @cached_property
    def warnings(self) -> list:
        """What was asked for but cannot be shown, said plainly instead of silently ignored."""
        form = self.request.form
        found = []
        if form.get("department") and self.selected_department is None:
            found.append(_("warning_unknown_department", default="No such department; all departments are shown."))
        if form.get("tier") and self.selected_tier is None:
            found.append(_("warning_unknown_tier", default="No such tier; items of all tiers are shown."))
        return found

    def _query(self, **extra) -> dict:
        query = {"portal_type": "ServiceItem", "sort_on": "item_code"}
        if self.selected_department:
            query["department"] = self.selected_department
        if self.search_text:
            # Plone's own quoting: operators and brackets typed by a visitor are words, not syntax.
            query["SearchableText"] = munge_search_term(self.search_text)
        query.update(extra)
        return query

    @cached_property
    def items(self) -> list:
        extra = {"approve_tier": self.selected_tier} if self.selected_tier else {}
        return api.content.find(**self._query(**extra))

    def groups(self) -> list[dict]:
        """Items by department, in the departments' order; departments without a match are left out."""
        by_department: dict[str, list] = {}
        for brain in self.items:
            by_department.setdefault(brain.department, []).append(brain)
        return [
            {
                "code": dept.department,
                "title": dept.Title,
                "url": dept.getURL(),
                "entries": by_department[dept.department],
            }
            for dept in self.departments
            if dept.department in by_department
        ]

    def tier_tabs(self) -> list[dict]:
        """One tab per tier where an item is settled, with its count under the other filters."""
        tabs = [
            {"tier": None, "title": _("tab_all_tiers", default="All"), "count": len(api.content.find(**self._query()))}
        ]
        for tier in TIERS:
            count = len(api.content.find(**self._query(approve_tier=tier)))
            tabs.append({"tier": tier, "title": TIER_TITLES[tier], "count": count})
        return tabs

    def tier_title(self, tier: str | None):
        return TIER_TITLES.get(tier, "")

    def filter_url(self, **changes) -> str:
        params = {"department": self.selected_department, "tier": self.selected_tier, "q": self.search_text}
        params.update(changes)
        query = urlencode({key: value for key, value in params.items() if value})
        base = self.context.absolute_url()
        return f"{base}?{query}" if query else base

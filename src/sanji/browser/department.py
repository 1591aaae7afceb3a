"""A department's page: its contacts and the service items it owns."""

from plone import api
from Products.Five.browser import BrowserView

from sanji.content.tiers import TIER_TITLES


class DepartmentView(BrowserView):
    def items(self) -> list:
        return api.content.find(portal_type="ServiceItem", department=self.context.code, sort_on="item_code")

    def tier_title(self, tier: str | None):
        return TIER_TITLES.get(tier, "")

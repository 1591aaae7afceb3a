"""An area's page: its service station and the areas below it."""

from plone import api
from Products.Five.browser import BrowserView

from sanji.content.tiers import TIER_TITLES


class ServiceAreaView(BrowserView):
    def tier_title(self):
        return TIER_TITLES.get(self.context.tier, "")

    def subareas(self) -> list:
        return api.content.find(
            context=self.context, depth=1, portal_type="ServiceArea", sort_on="getObjPositionInParent"
        )

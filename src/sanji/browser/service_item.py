"""The guide page of a service item (办事指南), with its downloads and the online form."""

from functools import cached_property

from plone import api
from Products.Five.browser import BrowserView

from sanji.content.tiers import TIER_TITLES
from sanji.vocabularies.static import ITEM_TYPES
from sanji.vocabularies.static import MATERIAL_FORMS


class ServiceItemView(BrowserView):
    """Everything a villager needs before going to the station, on one page."""

    @cached_property
    def department(self) -> dict | None:
        brains = api.content.find(portal_type="Department", department=self.context.department)
        return {"title": brains[0].Title, "url": brains[0].getURL()} if brains else None

    def item_type_title(self):
        return ITEM_TYPES.get(self.context.item_type, self.context.item_type)

    def tier_title(self, tier: str | None):
        return TIER_TITLES.get(tier) if tier else None

    def materials(self) -> list[dict]:
        return [
            {**material, "form_title": MATERIAL_FORMS.get(material.get("form"), "")}
            for material in self.context.materials or ()
        ]

    def lines(self, text: str | None) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def downloads(self) -> list[dict]:
        """The blank forms in this item, with the download address of each file."""
        brains = api.content.find(context=self.context, depth=1, portal_type="File", sort_on="getObjPositionInParent")
        return [
            {
                "title": brain.Title,
                "url": f"{brain.getURL()}/@@download/file",
                "size": brain.getObjSize,
                "mime_type": brain.mime_type,
            }
            for brain in brains
        ]

    def online_forms(self) -> list:
        """The online forms this user may open (station staff; not the anonymous public)."""
        return api.content.find(context=self.context, depth=1, portal_type="EasyForm")

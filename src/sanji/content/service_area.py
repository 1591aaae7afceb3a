"""Service area (服务区域): the county, a township or a village, each with its service station.

Areas nest in the order of the tiers. Applications of a village are stored in its village area,
so local roles placed on an area reach exactly the applications of that village or township.
"""

from plone.dexterity.content import Container
from plone.folder.interfaces import IOrdering
from plone.supermodel import model
from Products.CMFCore.utils import getToolByName
from zope import schema
from zope.component import adapter
from zope.component import getAdapter
from zope.container.interfaces import IContainerModifiedEvent
from zope.interface import implementer
from zope.lifecycleevent.interfaces import IObjectModifiedEvent

from sanji import _
from sanji.content.validators import phone_constraint


class IServiceArea(model.Schema):
    """The county, a township (乡镇) or a village (村)."""

    tier = schema.Choice(
        title=_("label_tier", default="Tier"),
        vocabulary="sanji.vocabularies.tiers",
    )
    area_code = schema.ASCIILine(
        title=_("label_area_code", default="Administrative division code"),
        required=False,
    )

    model.fieldset(
        "station",
        label=_("fieldset_station", default="Service station"),
        fields=["station_name", "station_address", "station_agent", "station_phone"],
    )
    station_name = schema.TextLine(title=_("label_station_name", default="Station name"), required=False)
    station_address = schema.TextLine(title=_("label_station_address", default="Station address"), required=False)
    station_agent = schema.TextLine(title=_("label_station_agent", default="Agent on duty"), required=False)
    station_phone = schema.TextLine(
        title=_("label_station_phone", default="Station phone"),
        required=False,
        constraint=phone_constraint,
    )


@implementer(IServiceArea)
class ServiceArea(Container):
    """The county, a township or a village."""

    def getOrdering(self) -> IOrdering:
        """A village keeps no order of its applications; townships and the county keep their areas' order.

        The default ordering keeps one list of every child's id and rewrites it for each new child:
        every submission in a village would rewrite a list as long as its caseload, and two
        submissions at once (two threads, two instances over RelStorage) would always conflict on it.
        """
        if self.is_village:
            return getAdapter(self, IOrdering, name="unordered")
        return super().getOrdering()

    @property
    def is_village(self) -> bool:
        return getattr(self, "tier", None) == "village"

    def notifyModified(self) -> None:
        """A village keeps its modification date and creators when a case is added to it.

        Plone reindexes a folder whenever an item is added or removed, which dates it and adds the
        current user to its creators: in a village that is every submission, and two submissions at
        once would both rewrite the village, a write conflict and a retry after a random pause of
        up to two seconds. Edits of the village itself still date it (:func:`area_edited`).
        """
        if not self.is_village:
            super().notifyModified()

    def reindexObject(self, idxs=(), update_metadata=1, uid=None) -> None:
        """A village is reindexed without its path, which changes only when it moves.

        Plone reindexes a folder fully whenever an item is added to it, and the path index inserts
        the unchanged path again into the set of every segment (``plone``, ``areas``, the township),
        sets that every new case joins too: concurrent submissions then conflict on them. A move
        indexes the village anew, path included (Plone unindexes and indexes moved content).
        """
        if self.is_village and not idxs:
            catalog = getToolByName(self, "portal_catalog")
            idxs = [name for name in catalog.indexes() if name != "path"]
        super().reindexObject(idxs=list(idxs), update_metadata=update_metadata, uid=uid)


@adapter(IServiceArea, IObjectModifiedEvent)
def area_edited(area: ServiceArea, event) -> None:
    """An edit of a village (not a case added to it) dates it, as Plone dates any edited content."""
    if area.is_village and not IContainerModifiedEvent.providedBy(event):
        Container.notifyModified(area)

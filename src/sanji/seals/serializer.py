"""plone.restapi: GET of an application gives ``decision_url``, the signed decision PDF's address (or None)."""

from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from zope.component import adapter
from zope.interface import Interface
from zope.interface import implementer

from sanji.content.application import IApplication
from sanji.seals.decision import get_decision


@implementer(ISerializeToJson)
@adapter(IApplication, Interface)
class ApplicationSerializer(SerializeToJson):
    """The default Dexterity serialization, plus ``decision_url``."""

    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        has_decision = get_decision(self.context) is not None
        result["decision_url"] = f"{self.context.absolute_url()}/@@decision.pdf" if has_decision else None
        return result

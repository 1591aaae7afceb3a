"""How many wrong guesses ``@track`` allows, kept in plone.app.registry (records ``sanji.tracking.*``).

Per receipt the limit protects one citizen's case against a script trying the 10,000 phone endings;
per client address it is higher, because a village station or a mobile carrier puts many honest
people behind one address.
"""

from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import queryUtility
from zope.interface import Interface

from sanji import _

#: Prefix of the records in the registry (see profiles/default/registry/tracking.xml).
PREFIX = "sanji.tracking"


class ITrackingSettings(Interface):
    max_failures_per_receipt = schema.Int(
        title=_("label_max_failures_per_receipt", default="Wrong guesses allowed per receipt number"),
        default=5,
        min=1,
    )
    max_failures_per_address = schema.Int(
        title=_("label_max_failures_per_address", default="Wrong guesses allowed per client address"),
        default=20,
        min=1,
    )
    window_minutes = schema.Int(
        title=_("label_tracking_window", default="Minutes over which wrong guesses are counted"),
        default=15,
        min=1,
    )


def limit(name: str) -> int:
    """The record ``sanji.tracking.<name>``; its default without a registry or a sensible value."""
    registry = queryUtility(IRegistry)
    value = registry.get(f"{PREFIX}.{name}") if registry is not None else None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        value = ITrackingSettings[name].default
    return value

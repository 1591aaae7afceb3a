"""When a case earns a yellow card, kept in plone.app.registry (records ``sanji.supervision.*``).

A case is warned when its remaining working days fall to ``yellow_days`` or to ``yellow_share`` per
cent of its promised time limit, whichever comes first: a one-day item is warned on its last day,
a sixty-day one a fortnight before.
"""

from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import queryUtility
from zope.interface import Interface

from sanji import _

#: Prefix of the records in the registry (see profiles/default/registry/supervision.xml).
PREFIX = "sanji.supervision"


class ISupervisionSettings(Interface):
    """Thresholds of the yellow card (黄牌预警) and how long public figures are cached."""

    yellow_days = schema.Int(
        title=_("label_yellow_days", default="Yellow card at remaining working days"),
        description=_(
            "help_yellow_days",
            default="A case gets a yellow card when its remaining working days fall to this number or below.",
        ),
        default=1,
        min=0,
        max=60,
    )
    yellow_share = schema.Int(
        title=_("label_yellow_share", default="Yellow card at remaining share of the time limit (%)"),
        description=_(
            "help_yellow_share",
            default="…or when the remaining working days fall to this share of the promised time limit "
            "(rounded down). 0 turns this rule off.",
        ),
        default=20,
        min=0,
        max=100,
    )
    public_cache_seconds = schema.Int(
        title=_("label_public_cache_seconds", default="Seconds the public figures are cached"),
        default=60,
        min=0,
        max=3600,
    )


def setting(name: str) -> int:
    """The record ``sanji.supervision.<name>``; its default without a registry or a sensible value."""
    registry = queryUtility(IRegistry)
    value = registry.get(f"{PREFIX}.{name}") if registry is not None else None
    field = ISupervisionSettings[name]
    if not isinstance(value, int) or isinstance(value, bool) or not field.min <= value <= field.max:
        value = field.default
    return value

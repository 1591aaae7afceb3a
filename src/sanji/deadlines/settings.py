"""The administrator's corrections to the official holiday calendar, kept in plone.app.registry.

The State Council announces next year's holidays each winter; until a chinesecalendar release knows
them, or when the county closes its offices (a typhoon, a local festival), administrators add the dates here.
"""

from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant

from sanji import _

#: Prefix of the records in the registry (see profiles/default/registry/deadlines.xml).
PREFIX = "sanji.deadlines"


class IDeadlineSettings(Interface):
    """Extra holidays and extra working days, overriding chinesecalendar and the Monday–Friday week."""

    extra_holidays = schema.List(
        title=_("label_extra_holidays", default="Extra holidays"),
        description=_(
            "help_extra_holidays",
            default="Days on which the offices are closed although the official calendar says they work, "
            "e.g. next year's public holidays before the software knows them, or a local closure.",
        ),
        value_type=schema.Date(title=_("label_date", default="Date")),
        default=[],
        missing_value=[],
        required=False,
    )
    extra_workdays = schema.List(
        title=_("label_extra_workdays", default="Extra working days"),
        description=_(
            "help_extra_workdays",
            default="Days on which the offices work although the official calendar says they rest, "
            "e.g. the weekends adjusted to make up for next year's public holidays.",
        ),
        value_type=schema.Date(title=_("label_date", default="Date")),
        default=[],
        missing_value=[],
        required=False,
    )

    @invariant
    def no_day_in_both_lists(data):
        holidays = set(getattr(data, "extra_holidays", None) or ())
        both = holidays & set(getattr(data, "extra_workdays", None) or ())
        if both:
            raise Invalid(
                _(
                    "error_day_in_both_lists",
                    default="A day cannot be both an extra holiday and an extra working day: ${days}.",
                    mapping={"days": ", ".join(day.isoformat() for day in sorted(both))},
                )
            )

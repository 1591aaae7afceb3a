"""The weights of the automatic score and the split between automatic and manual parts (registry records).

Kept in plone.app.registry under ``sanji.assessment.*`` (profiles/default/registry/assessment.xml) and
edited in ``@@sanji-assessment-controlpanel``. Scoring always receives a :class:`~sanji.assessment.scoring.Weights`
from :func:`current_weights`, which falls back to the defaults when a record is missing or broken, so a
half-installed site still ranks its staff.
"""

from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant

from sanji import _
from sanji.assessment.scoring import Weights

#: Prefix of the records in the registry.
PREFIX = "sanji.assessment"

#: The indicator weights (percent of the automatic base score); they add up to 100.
INDICATOR_FIELDS = ("weight_handled", "weight_on_time", "weight_speed")
#: Points taken off the automatic score per occurrence.
DEDUCTION_FIELDS = ("points_yellow", "points_red", "points_return", "points_overturned", "points_complaint")
#: The two parts of the combined score (percent); they add up to 100.
SHARE_FIELDS = ("share_automatic", "share_manual")

_DEFAULTS = Weights()


def _weight(title, description, default) -> schema.Float:
    return schema.Float(title=title, description=description, default=float(default), required=True)


def _titles(names) -> str:
    request = getRequest()
    return "、".join(translate(IAssessmentSettings[name].title, context=request) for name in names)


class IAssessmentSettings(Interface):
    """How the program scores staff (人机考核); see docs/assessment.md for the formula."""

    weight_handled = _weight(
        _("label_weight_handled", default="Weight of the handled count (%)"),
        _("help_weight_handled", default="Steps taken, relative to the busiest person of the same tier."),
        _DEFAULTS.handled,
    )
    weight_on_time = _weight(
        _("label_weight_on_time", default="Weight of the on-time rate (%)"),
        _("help_weight_on_time", default="Share of one's steps finished within the step's time limit."),
        _DEFAULTS.on_time,
    )
    weight_speed = _weight(
        _("label_weight_speed", default="Weight of the speed (%)"),
        _(
            "help_weight_speed",
            default="Average working days per step, relative to the fastest person of the same tier.",
        ),
        _DEFAULTS.speed,
    )
    points_yellow = _weight(
        _("label_points_yellow", default="Points off per yellow card"),
        _("help_points_yellow", default="For each yellow card given while the case waited for this person's group."),
        _DEFAULTS.yellow,
    )
    points_red = _weight(
        _("label_points_red", default="Points off per red card"),
        _("help_points_red", default="For each red card given while the case waited for this person's group."),
        _DEFAULTS.red,
    )
    points_return = _weight(
        _("label_points_return", default="Points off per return caused"),
        _(
            "help_points_return",
            default="When a higher tier returns a case for correction, against whoever passed it to that tier.",
        ),
        _DEFAULTS.returns,
    )
    points_overturned = _weight(
        _("label_points_overturned", default="Points off per overturned rejection"),
        _("help_points_overturned", default="Rejections found wrong on review, as recorded by supervisors."),
        _DEFAULTS.overturned,
    )
    points_complaint = _weight(
        _("label_points_complaint", default="Points off per complaint"),
        _("help_points_complaint", default="Citizens' complaints recorded by supervisors or managers."),
        _DEFAULTS.complaints,
    )
    share_automatic = _weight(
        _("label_share_automatic", default="Share of the automatic score (%)"),
        _("help_share_automatic", default="The part of the combined score the program computes."),
        _DEFAULTS.automatic_share,
    )
    share_manual = _weight(
        _("label_share_manual", default="Share of the manual assessment (%)"),
        _("help_share_manual", default="The part of the combined score the managers' assessment gives."),
        _DEFAULTS.manual_share,
    )

    @invariant
    def nothing_negative(data):
        names = INDICATOR_FIELDS + DEDUCTION_FIELDS + SHARE_FIELDS
        negative = [name for name in names if (getattr(data, name, None) or 0) < 0]
        if negative:
            raise Invalid(
                _(
                    "error_assessment_negative",
                    default="Weights, points and shares cannot be negative: ${fields}.",
                    mapping={"fields": _titles(negative)},
                )
            )

    @invariant
    def indicators_add_up(data):
        total = sum(getattr(data, name, None) or 0 for name in INDICATOR_FIELDS)
        if abs(total - 100) > 1e-6:
            raise Invalid(
                _(
                    "error_assessment_indicators_sum",
                    default="The weights of handled count, on-time rate and speed must add up to 100%, not ${total}%.",
                    mapping={"total": f"{total:g}"},
                )
            )

    @invariant
    def shares_add_up(data):
        total = sum(getattr(data, name, None) or 0 for name in SHARE_FIELDS)
        if abs(total - 100) > 1e-6:
            raise Invalid(
                _(
                    "error_assessment_shares_sum",
                    default="The automatic and manual shares must add up to 100%, not ${total}%.",
                    mapping={"total": f"{total:g}"},
                )
            )


#: Registry record → Weights attribute.
_RECORDS = {
    "weight_handled": "handled",
    "weight_on_time": "on_time",
    "weight_speed": "speed",
    "points_yellow": "yellow",
    "points_red": "red",
    "points_return": "returns",
    "points_overturned": "overturned",
    "points_complaint": "complaints",
    "share_automatic": "automatic_share",
    "share_manual": "manual_share",
}


def current_weights() -> Weights:
    """The weights in the registry; the defaults when a record is missing or the set is inconsistent."""
    registry = queryUtility(IRegistry)
    if registry is None:
        return _DEFAULTS
    values = {}
    for record, attribute in _RECORDS.items():
        value = registry.get(f"{PREFIX}.{record}", None)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            return _DEFAULTS
        values[attribute] = float(value)
    weights = Weights(**values)
    return weights if weights.consistent() else _DEFAULTS

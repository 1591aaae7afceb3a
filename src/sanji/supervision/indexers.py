"""Index values the supervision aggregates, so the sweep and the figures read indexes, not cases.

Each is computed when the case is (re)indexed, at every step and when a card is given; a value that
does not apply yet raises AttributeError, which plone.indexer takes for "not indexed", so e.g.
``on_time`` holds completed cases only and a query on it never counts open ones.
"""

from plone import api
from plone.indexer import indexer

from sanji.api.clock import clock_state
from sanji.content.application import IApplication
from sanji.deadlines.calendar import get_calendar
from sanji.supervision.clockstates import RUNNING_STATES
from sanji.supervision.record import card_history
from sanji.supervision.record import current_card
from sanji.supervision.settings import setting
from sanji.supervision.thresholds import warn_date as compute_warn_date
from sanji.supervision.thresholds import yellow_threshold
from sanji.workflow.definition import history

DECISIONS = ("approve", "reject")


def _decision(application) -> dict | None:
    """The workflow history entry of the last approve or reject, or None before the decision."""
    entries = history(application)
    return next((entry for entry in reversed(entries) if entry.get("action") in DECISIONS), None)


@indexer(IApplication)
def warn_date(application):
    """The day the case is due for a yellow card, from its deadline and the current thresholds.

    Only cases whose clock runs are indexed: the sweep's candidates then come from a range of this
    index that holds the open cases alone, however many a county has completed.
    """
    if application.deadline is None or api.content.get_state(application, default=None) not in RUNNING_STATES:
        raise AttributeError("warn_date")
    threshold = yellow_threshold(application.promised_days or 0, setting("yellow_days"), setting("yellow_share"))
    return compute_warn_date(application.deadline, threshold, get_calendar())


@indexer(IApplication)
def cards(application) -> list[str]:
    """Every kind of card the case was given (yellow, red)."""
    return sorted({card.card for card in card_history(application)})


@indexer(IApplication)
def card(application) -> str:
    """The most severe card, for lists (metadata)."""
    found = current_card(application)
    if found is None:
        raise AttributeError("card")
    return found


@indexer(IApplication)
def settled_tier(application) -> str:
    """The tier that decided the case (village, township, county): 小事不出村、大事不出乡."""
    entry = _decision(application)
    if entry is None or not entry.get("tier"):
        raise AttributeError("settled_tier")
    return entry["tier"]


@indexer(IApplication)
def outcome(application) -> str:
    """``approved`` or ``rejected`` once decided (the state moves on to completed)."""
    entry = _decision(application)
    if entry is None:
        raise AttributeError("outcome")
    return "approved" if entry["action"] == "approve" else "rejected"


@indexer(IApplication)
def returned(application) -> bool:
    """Whether the case was ever returned for correction (退回补正); indexed once accepted."""
    if application.accepted_at is None:
        raise AttributeError("returned")
    return bool(getattr(application, "pauses", None))


@indexer(IApplication)
def on_time(application) -> bool:
    """Completed on or before its deadline (pauses for correction excluded); completed cases only."""
    if application.completed_at is None or application.deadline is None:
        raise AttributeError("on_time")
    return application.completed_at.date() <= application.deadline


@indexer(IApplication)
def days_to_complete(application) -> int:
    """Working days from acceptance to completion, pauses excluded: the percentiles' histogram."""
    if application.completed_at is None or application.accepted_at is None:
        raise AttributeError("days_to_complete")
    state = clock_state(application, application.completed_at.date())
    return max(state.used, 0)

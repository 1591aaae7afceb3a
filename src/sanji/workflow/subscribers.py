"""What happens around each step of a case: checks before, bookkeeping and events after."""

from persistent.list import PersistentList
from zope.event import notify

from sanji.api.clock import end_pause
from sanji.api.clock import refresh_clock
from sanji.api.clock import start_pause
from sanji.deadlines import calendar
from sanji.events import transition_event
from sanji.workflow.checks import check_transition
from sanji.workflow.routing import STATE_TIERS
from sanji.workflow.routing import TIER_STATES

#: What the suspension ledger says of a pause; the reason given stays, sealed, in the step's comment.
PAUSE_REASON = "补正材料"


def _comment(event) -> str:
    return (event.kwargs or {}).get("comment", "") or ""


def before_transition(application, event) -> None:
    if event.transition is not None:
        check_transition(application, event.transition.id, _comment(event))


def after_transition(application, event) -> None:
    if event.transition is None:  # the initial state on creation
        return
    transition = event.transition.id
    old, new = event.old_state.id, event.new_state.id
    now = calendar.now()
    actor = event.status.get("actor") if event.status else None
    tier = STATE_TIERS.get(old, "")
    if transition == "accept":
        application.accepted_at = now
    if transition == "return_for_correction":
        application.returned_from = tier
        start_pause(application, now, PAUSE_REASON, actor)
    if transition.startswith("resubmit_"):
        end_pause(application, now)
    if new in TIER_STATES.values() and not transition.startswith("resubmit_"):
        application.step_started = now.date()
    reached_tier = STATE_TIERS.get(new)
    if reached_tier and reached_tier not in (application.reached or ()):
        application.reached = (*(application.reached or ()), reached_tier)
    if transition == "complete":
        application.completed_at = now
    handled = getattr(application, "handled_by", None)
    if handled is None:
        handled = application.handled_by = PersistentList()
    if actor and actor not in handled:
        handled.append(actor)
    refresh_clock(application, today=now.date())
    application.reindexObject()
    notify(transition_event(application, transition, actor, tier, _comment(event)))

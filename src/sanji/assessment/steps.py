"""What one transition tells the assessment: who acted where, which timed step ended, who caused a return.

The workflow keeps one ``step_started`` on the case, overwritten as soon as the next step begins, so by the
time the lifecycle event arrives the start of the step just ended is gone. The case therefore carries a
small memo in an annotation (``sanji.assessment.step``): the tier of its current step, the day it began and
who passed it there. A step is timed from its start to the transition that leaves its tier for good
(forward, approve, reject); a return for correction and the resubmission do not end it, and the working
days the case then spent with the applicant are left out, as the case's own clock leaves them out.

Returns caused (退回): a return by the township or the county counts against whoever passed the case to
that tier (the agent who forwarded it, the reviewer who sent it up, or the agent who resubmitted it):
they vouched for materials that were not good enough. A village agent returning a case in her own step
causes nothing against anyone.
"""

from dataclasses import dataclass
from datetime import date

from plone import api
from zope.annotation.interfaces import IAnnotations

from sanji.deadlines.calendar import WorkingCalendar
from sanji.deadlines.ledger import paused_working_days
from sanji.deadlines.steps import step_limits
from sanji.workflow.definition import history
from sanji.workflow.routing import STATE_TIERS
from sanji.workflow.routing import TIER_STATES

MEMO = "sanji.assessment.step"
VILLAGE = "village"

#: Transitions that end the step of their tier for good.
CLOSING_TRANSITIONS = ("to_township", "to_county", "approve", "reject")


@dataclass(frozen=True)
class StepMemo:
    tier: str
    started: date
    entered_by: str
    entered_from: str = ""


@dataclass(frozen=True)
class EndedStep:
    """A timed step that ended: its tier, working days used (pauses excluded), limit, and whether it kept it."""

    tier: str
    days: int
    limit: int | None

    @property
    def on_time(self) -> bool:
        return self.limit is None or self.days <= self.limit


def read_memo(application) -> StepMemo | None:
    data = IAnnotations(application).get(MEMO)
    if not data:
        return None
    return StepMemo(
        data["tier"], date.fromisoformat(data["started"]), data.get("entered_by", ""), data.get("entered_from", "")
    )


def write_memo(application, memo: StepMemo) -> None:
    """Replace the memo (a plain dict, so nothing of ours is pickled into the case)."""
    IAnnotations(application)[MEMO] = {
        "tier": memo.tier,
        "started": memo.started.isoformat(),
        "entered_by": memo.entered_by,
        "entered_from": memo.entered_from,
    }


def step_working_days(started: date, ended: date, pauses, calendar: WorkingCalendar) -> int:
    """Working days of a step from ``started`` to ``ended``, less those it spent paused with the applicant."""
    used = calendar.working_days_between(started, ended)
    return max(0, used - paused_working_days(pauses, calendar, ended, since=started))


def step_limit(application, tier: str) -> int | None:
    """The working days ``tier`` has for its step of ``application`` (sanji.deadlines.steps); None if unknown."""
    try:
        return step_limits(application.promised_days, application.route()).get(tier)
    except (TypeError, ValueError):
        return None


def ended_step(application, memo: StepMemo | None, transition: str, today: date, calendar) -> EndedStep | None:
    """The timed step ``transition`` closed, or None (not a closing transition, or no memo of its start)."""
    if transition not in CLOSING_TRANSITIONS or memo is None:
        return None
    days = step_working_days(memo.started, today, getattr(application, "pauses", None) or (), calendar)
    return EndedStep(memo.tier, days, step_limit(application, memo.tier))


def next_memo(
    application, memo: StepMemo | None, transition: str, *, actor: str, acting_tier: str, today: date
) -> StepMemo | None:
    """The memo after ``transition``: a new step where the case entered a tier's state afresh.

    A resubmission keeps the step's start (the clock only paused) but names the resubmitting agent as the
    one who passed the case back.
    """
    state_tier = STATE_TIERS.get(_state_of(application))
    if transition.startswith("resubmit_") and memo is not None:
        return StepMemo(memo.tier, memo.started, actor, acting_tier)
    if state_tier and _state_of(application) == TIER_STATES.get(state_tier):
        started = getattr(application, "step_started", None) or today
        return StepMemo(state_tier, started, actor, acting_tier)
    return memo


def memo_from_history(application) -> StepMemo | None:
    """The memo of a case that was under way before the assessment was installed, rebuilt from its history.

    The step's start is the case's ``step_started``; who passed it there is the last workflow entry that
    brought it into its tier's state (``tier`` in that entry is where it came from). None outside a tier's
    step (a draft, a decided case) or without a start.
    """
    state = _state_of(application)
    if state == "returned":
        tier = getattr(application, "returned_from", None) or VILLAGE
    elif state in TIER_STATES.values():
        tier = STATE_TIERS[state]
    else:
        return None
    started = getattr(application, "step_started", None)
    if started is None:
        return None
    entries = history(application)
    entered = next((entry for entry in reversed(entries) if entry.get("review_state") == TIER_STATES[tier]), {})
    return StepMemo(tier, started, entered.get("actor") or "", entered.get("tier") or "")


def return_caused_by(memo: StepMemo | None, actor: str) -> tuple[str, str] | None:
    """(user id, tier) a return by the memo's tier counts against; None for the village's own returns."""
    if memo is None or memo.tier == VILLAGE or not memo.entered_by or memo.entered_by == actor:
        return None
    return memo.entered_by, memo.entered_from or VILLAGE


def _state_of(application) -> str | None:
    return api.content.get_state(application, default=None)

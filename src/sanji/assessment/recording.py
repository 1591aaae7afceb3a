"""Writing what happened into the ledger: steps, returns caused and cards (called by the subscribers).

Everything lands in the period of the moment it happened (``calendar.now()``). A closed period is frozen:
should a late event still belong to it (a clock set wrong), it is logged and left out, so the counters
always agree with the snapshot the managers signed off.
"""

import logging
from datetime import datetime

from plone import api

from sanji.assessment import steps
from sanji.assessment.ledger import Period
from sanji.assessment.ledger import get_period
from sanji.assessment.periods import period_of
from sanji.assessment.staff import place_of_group
from sanji.deadlines.calendar import get_calendar

logger = logging.getLogger("sanji.assessment")


def open_period(now: datetime) -> Period | None:
    """The ledger's period of ``now``, created if needed; None (and a log line) when it is closed."""
    period = get_period(period_of(now), create=True)
    if period.closed:
        logger.warning("Assessment period %s is closed; an event of %s is not counted", period.name, now)
        return None
    return period


def station_at(application, tier: str) -> str:
    """The station of ``application`` at ``tier``: its village, its township or its department."""
    return {
        "village": getattr(application, "village", "") or "",
        "township": getattr(application, "township", "") or "",
        "county": getattr(application, "department_id", "") or "",
    }.get(tier, "")


def record_transition(application, transition: str, actor: str | None, tier: str | None, now: datetime) -> None:
    """Count one step of ``actor``: handled, the timed step it closed, and a return it caused to someone."""
    memo = steps.read_memo(application)
    today = now.date()
    acting_tier = tier or (memo.tier if memo is not None else "")
    period = open_period(now) if actor and acting_tier else None
    if period is not None:
        station = station_at(application, acting_tier)
        increments = {"handled": 1}
        ended = steps.ended_step(application, memo, transition, today, get_calendar())
        if ended is not None and ended.tier == acting_tier:
            increments.update(timed=1, on_time=int(ended.on_time), step_days=ended.days)
        period.person(acting_tier, actor, station).add(**increments)
        period.station(acting_tier, station).add(**increments)
        if transition == "return_for_correction":
            _count_return(period, application, memo, actor)
    following = steps.next_memo(application, memo, transition, actor=actor or "", acting_tier=acting_tier, today=today)
    if following is not None and following != memo:
        steps.write_memo(application, following)


def _count_return(period: Period, application, memo: steps.StepMemo | None, actor: str) -> None:
    caused = steps.return_caused_by(memo, actor)
    if caused is None:
        return
    culprit, tier = caused
    station = station_at(application, tier)
    period.person(tier, culprit, station).add(returns=1)
    period.station(tier, station).add(returns=1)


def record_card(card: str, waiting_for, now: datetime) -> None:
    """A yellow or red card: one against each member of the groups whose turn it was, and their stations."""
    if card not in ("yellow", "red"):
        return
    period = open_period(now)
    if period is None:
        return
    for group_id in waiting_for or ():
        place = place_of_group(group_id)
        if place is None:
            continue
        period.station(place.tier, place.station).add(**{card: 1})
        group = api.group.get(groupname=group_id)
        for member in group.getGroupMembers() if group is not None else ():
            period.person(place.tier, member.getId(), place.station).add(**{card: 1})

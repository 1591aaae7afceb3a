"""The sweep task ``10-cards``: yellow cards (黄牌预警) near the deadline, red cards (红牌) past it.

Candidates come from the catalog alone: open cases whose ``warn_date`` has come (an index that holds
open cases only) and which lack the card their ``deadline`` calls for. Only they are woken; each is
checked against its own clock before the card is written (the index may lag a step), so the cost
grows with the cards and the open cases, not with the cases a county has completed. A case returned
for correction (the clock stands still) and a completed case get none; a decided case still runs
against its time limit until the result is issued (办结).

Per card and case: the card on the case (:mod:`sanji.supervision.record`), its reindexing, an audit
entry, and one :class:`sanji.events.ApplicationCarded`, all in the sweep's transaction, so the SMS
urging and the escalation that subscribe to the event happen once, or not at all if it aborts.
"""

import logging
from dataclasses import dataclass
from datetime import date
from datetime import datetime

import transaction
from BTrees.IIBTree import IISet
from BTrees.IIBTree import difference
from plone import api
from transaction.interfaces import TransientError
from zope.event import notify
from zope.interface import implementer

from sanji import audit
from sanji.api.clock import refresh_clock
from sanji.deadlines.calendar import local_zone
from sanji.events import ApplicationCarded
from sanji.interfaces import ISweepTask
from sanji.roles import supervisors_group
from sanji.supervision.clockstates import RUNNING_STATES
from sanji.supervision.indexsets import index
from sanji.supervision.indexsets import index_set
from sanji.supervision.indexsets import matching
from sanji.supervision.record import RED
from sanji.supervision.record import YELLOW
from sanji.supervision.record import Card
from sanji.supervision.record import has_card
from sanji.supervision.record import record_card
from sanji.supervision.settings import setting
from sanji.supervision.thresholds import yellow_threshold

logger = logging.getLogger("sanji.supervision")

#: Indexes the card changes, and those of the clock refreshed beside it (metadata follows).
CARD_INDEXES = ("cards", "card", "deadline", "step_deadline", "warn_date")
#: Who records the cards in the audit log.
SWEEP_ACTOR = "sanji-sweep"


@dataclass(frozen=True)
class Candidate:
    """A case the catalog says is due for ``card``."""

    rid: int
    path: str
    card: str


def candidates(catalog, today: date) -> list[Candidate]:
    """Open cases due for a card as of ``today``, from the indexes only; red before yellow, each case once.

    Red: deadline before today and no red card. Yellow: warn date reached and no card at all (a case
    past its deadline goes straight to red). Both lie among the open cases whose warn date has come
    (it is never after the deadline); their deadlines are read from the index, one look-up each.
    """
    base = {"portal_type": "Application", "review_state": list(RUNNING_STATES)}
    due = matching(catalog, {**base, "warn_date": {"query": today, "range": "max"}})
    deadlines = index(catalog, "deadline")._unindex
    red = IISet(
        rid
        for rid in difference(due, index_set(catalog, "cards", RED))
        if (deadline := deadlines.get(rid)) is not None and deadline < today
    )
    yellow = difference(difference(due, index_set(catalog, "cards", [YELLOW, RED])), red)
    return [Candidate(rid, catalog.getpath(rid), card) for card, rids in ((RED, red), (YELLOW, yellow)) for rid in rids]


def _waiting_for(catalog, rid: int) -> tuple[str, ...]:
    """The groups whose turn it is, read from the index (the case need not compute it again)."""
    return tuple(catalog._catalog.getIndex("waiting_for").getEntryForObject(rid, default=()) or ())


def escalation_groups(application) -> tuple[str, ...]:
    """电子监察 of the case's department and township: a red card goes to their members."""
    places = (application.department_id, application.township)
    return tuple(dict.fromkeys(supervisors_group(place) for place in places if place))


def card_due(application, state) -> str | None:
    """The card ``application`` has earned by its clock ``state`` and has not yet had, or None."""
    if state is None or state.paused:
        return None
    if state.overdue:
        return None if has_card(application, RED) else RED
    threshold = yellow_threshold(application.promised_days or 0, setting("yellow_days"), setting("yellow_share"))
    if state.remaining <= threshold and not has_card(application, YELLOW) and not has_card(application, RED):
        return YELLOW
    return None


def due_card(application, today: date) -> Card | None:
    """The card to give after checking the case's own clock, or None (the index lagged a step).

    Refreshes the stored deadlines as of ``today`` (they also feed the lists' metadata).
    """
    if api.content.get_state(application, default=None) not in RUNNING_STATES:
        return None
    state = refresh_clock(application, today)
    card = card_due(application, state)
    if card is None:
        return None
    return Card(card=card, given=today, deadline=state.deadline, remaining=state.remaining)


def give_card(application, card: Card, waiting_for: tuple[str, ...]) -> ApplicationCarded:
    """Record ``card`` on the case, reindex it, audit it and notify; return the event sent."""
    record_card(application, card)
    application.reindexObject(idxs=list(CARD_INDEXES))
    escalate_to = escalation_groups(application) if card.card == RED else ()
    audit.log(
        "card",
        application,
        actor=SWEEP_ACTOR,
        card=card.card,
        deadline=card.deadline.isoformat() if card.deadline else None,
        remaining=card.remaining,
        escalate_to=list(escalate_to),
    )
    event = ApplicationCarded(
        application,
        card.card,
        deadline=card.deadline,
        remaining=card.remaining,
        waiting_for=waiting_for,
        escalate_to=escalate_to,
    )
    notify(event)
    logger.info("%s card for %s (deadline %s)", card.card, application.receipt_number, card.deadline)
    return event


def _savepoint():
    """A savepoint to undo one case's card, or None when a data manager in the transaction cannot make one."""
    try:
        return transaction.savepoint()
    except TypeError:
        return None


def sweep_cards(site, today: date) -> dict:
    """Give every card due as of ``today``; return ``{"candidates", "yellow", "red"}`` counts (and ``failed``).

    A case that cannot be carded (broken data, a failing subscriber) is rolled back to its savepoint and
    logged, and the others still get their cards; a conflict is not caught: the whole task is retried.
    """
    catalog = api.portal.get_tool("portal_catalog")
    summary = {"candidates": 0, YELLOW: 0, RED: 0}
    for candidate in candidates(catalog, today):
        summary["candidates"] += 1
        savepoint = _savepoint()
        try:
            given = _card_candidate(site, catalog, candidate, today)
        except TransientError:
            raise
        except Exception:
            if savepoint is None:
                raise
            savepoint.rollback()
            logger.exception("No card for %s", candidate.path)
            summary["failed"] = summary.get("failed", 0) + 1
            continue
        if given is not None:
            summary[given] += 1
    return summary


def _card_candidate(site, catalog, candidate: Candidate, today: date) -> str | None:
    """Card one candidate if its own clock agrees; return the card given, or None."""
    application = site.unrestrictedTraverse(candidate.path, None)
    if application is None:
        return None
    card = due_card(application, today)
    if card is None:
        application.reindexObject(idxs=list(CARD_INDEXES))  # the index lagged: bring it up to date
        return None
    give_card(application, card, _waiting_for(catalog, candidate.rid))
    return card.card


@implementer(ISweepTask)
class CardsTask:
    """Named utility ``10-cards``: the first task of every sweep."""

    def __call__(self, site, now: datetime) -> dict:
        return sweep_cards(site, now.astimezone(local_zone()).date())

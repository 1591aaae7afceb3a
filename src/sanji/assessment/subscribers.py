"""Subscribers to :mod:`sanji.events`: every step and every card goes into the assessment ledger."""

from sanji.assessment.recording import record_card
from sanji.assessment.recording import record_transition
from sanji.deadlines import calendar


def transitioned(event) -> None:
    record_transition(event.object, event.transition, event.actor, event.tier, calendar.now())


def carded(event) -> None:
    record_card(event.card, event.waiting_for, calendar.now())

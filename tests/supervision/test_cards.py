"""The cards task with frozen time: yellow near the deadline, red past it, once each, never while paused."""

from datetime import date

from plone import api

from sanji import audit
from sanji.supervision.cards import candidates
from sanji.supervision.cards import sweep_cards
from sanji.supervision.record import card_history
from tests.cases import step
from tests.supervision.conftest import accepted_case
from tests.supervision.conftest import at
from tests.supervision.conftest import decide


def sweep(portal, day: str) -> dict:
    return sweep_cards(portal, date.fromisoformat(day))


def test_yellow_then_red_once_each(portal, carded):
    case = accepted_case(portal, "2025-03-03")  # a Monday; 4 working days: due Friday 7 March
    assert case.deadline == date(2025, 3, 7)
    assert sweep(portal, "2025-03-05") == {"candidates": 0, "yellow": 0, "red": 0}

    assert sweep(portal, "2025-03-06")["yellow"] == 1  # one working day left
    assert [event.card for event in carded] == ["yellow"]
    yellow = carded[0]
    assert yellow.object.receipt_number == case.receipt_number
    assert (yellow.deadline, yellow.remaining, yellow.escalate_to) == (date(2025, 3, 7), 1, ())
    assert yellow.waiting_for == ("agents-houfeng",)
    assert case.card == "yellow"
    assert case.card_date == date(2025, 3, 6)

    assert sweep(portal, "2025-03-06")["candidates"] == 0  # the index knows the card
    assert sweep(portal, "2025-03-07") == {"candidates": 0, "yellow": 0, "red": 0}  # due today: not overdue

    assert sweep(portal, "2025-03-08")["red"] == 1  # Saturday: the deadline has passed, no working day lost yet
    red = carded[-1]
    assert red.card == "red"
    assert red.remaining == 0
    assert sweep(portal, "2025-03-10")["candidates"] == 0
    assert red.escalate_to == (f"supervisors-{case.department_id}", "supervisors-liangcun")
    assert sweep(portal, "2025-03-11") == {"candidates": 0, "yellow": 0, "red": 0}
    assert [event.card for event in carded] == ["yellow", "red"]
    assert [card.card for card in card_history(case)] == ["yellow", "red"]
    assert case.card == "red"

    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(cards="red", receipt_number=case.receipt_number)
    assert brain.card == "red"
    entries = [entry for entry in audit.recent(0, 10) if entry["action"] == "card"]
    assert [entry["details"]["card"] for entry in entries] == ["red", "yellow"]
    assert entries[0]["actor"] == "sanji-sweep"
    assert entries[0]["object"]["receipt"] == case.receipt_number


def test_straight_to_red_when_the_sweep_ran_late(portal, carded):
    case = accepted_case(portal, "2025-03-03")
    assert sweep(portal, "2025-03-12") == {"candidates": 1, "yellow": 0, "red": 1}
    assert [event.card for event in carded] == ["red"]
    assert sweep(portal, "2025-03-13")["candidates"] == 0
    assert case.card == "red"


def test_returned_case_gets_no_card_while_paused(portal, carded):
    case = accepted_case(portal, "2025-03-03")
    with at("2025-03-04"):
        step(case, "to_township", "agent-houfeng")
    with at("2025-03-05"):
        step(case, "return_for_correction", "reviewer-liangcun", "补充户口簿")
    assert sweep(portal, "2025-03-20") == {"candidates": 0, "yellow": 0, "red": 0}
    assert carded == []
    with at("2025-03-20"):  # back with the township: two working days were left when it was returned
        step(case, "resubmit_township", "agent-houfeng")
    assert sweep(portal, "2025-03-20") == {"candidates": 0, "yellow": 0, "red": 0}
    assert sweep(portal, "2025-03-21")["yellow"] == 1


def test_completed_case_gets_no_card(portal, carded):
    case = accepted_case(portal, "2025-03-03")
    decide(case, "2025-03-04")
    assert sweep(portal, "2025-04-30") == {"candidates": 0, "yellow": 0, "red": 0}
    assert carded == []
    assert getattr(case, "card", None) is None


def test_decided_case_not_yet_issued_is_carded(portal, carded):
    """The promised time runs until the result is issued (办结)."""
    case = accepted_case(portal, "2025-03-03")
    decide(case, "2025-03-04", complete=False)
    assert sweep(portal, "2025-03-10")["red"] == 1


def test_only_candidates_are_woken(portal, carded):
    """Thirty cases far from their deadline stay ghosts; only the two due are loaded."""
    import transaction

    quiet = [accepted_case(portal, "2025-03-17", address=f"后丰村{n}号") for n in range(30)]
    due = [accepted_case(portal, "2025-03-03", address=f"后丰村{n}号") for n in range(100, 102)]
    transaction.savepoint()
    for case in quiet + due:
        case._p_deactivate()
    assert all(case._p_changed is None for case in quiet)

    catalog = api.portal.get_tool("portal_catalog")
    found = candidates(catalog, date(2025, 3, 10))
    assert sorted(candidate.path for candidate in found) == sorted("/".join(c.getPhysicalPath()) for c in due)
    assert all(case._p_changed is None for case in quiet), "finding the candidates wakes no case"

    assert sweep(portal, "2025-03-10") == {"candidates": 2, "yellow": 0, "red": 2}
    assert all(case._p_changed is None for case in quiet), "the sweep woke a case that was not due"
    assert len(carded) == 2


def test_changed_thresholds_move_the_warn_dates(portal, carded):
    import transaction

    from sanji.supervision.recompute import _before_commit

    case = accepted_case(portal, "2025-03-03")
    assert sweep(portal, "2025-03-04")["yellow"] == 0
    api.portal.set_registry_record("sanji.supervision.yellow_days", 3)
    api.portal.set_registry_record("sanji.supervision.yellow_share", 50)
    hooks = [hook for hook, _args, _kws in transaction.get().getBeforeCommitHooks() if hook is _before_commit]
    assert len(hooks) == 1, "one recomputation per transaction, whatever the number of records changed"
    hooks[0]()  # what the commit would run
    assert sweep(portal, "2025-03-04")["yellow"] == 1  # three working days left
    assert case.card == "yellow"


def test_other_records_schedule_nothing(portal):
    import transaction

    from sanji.supervision.recompute import _before_commit

    api.portal.set_registry_record("sanji.supervision.public_cache_seconds", 5)
    assert not [hook for hook, _a, _k in transaction.get().getBeforeCommitHooks() if hook is _before_commit]


def test_a_case_that_fails_stops_no_other_card(portal, carded):
    """A subscriber failing for one case rolls back that case only; the others get their cards."""
    from zope.component import getGlobalSiteManager

    from sanji.events import IApplicationCarded

    first = accepted_case(portal, "2025-03-03")
    second = accepted_case(portal, "2025-03-03", address="后丰村20号")

    def refuse_the_first(event):
        if event.object.receipt_number == first.receipt_number:
            raise RuntimeError("gateway refused")

    manager = getGlobalSiteManager()
    manager.registerHandler(refuse_the_first, (IApplicationCarded,))
    try:
        summary = sweep(portal, "2025-03-10")
    finally:
        manager.unregisterHandler(refuse_the_first, (IApplicationCarded,))
    assert summary == {"candidates": 2, "yellow": 0, "red": 1, "failed": 1}
    assert card_history(first) == []
    assert [card.card for card in card_history(second)] == ["red"]
    assert sweep(portal, "2025-03-11") == {"candidates": 1, "yellow": 0, "red": 1}  # tried again next time


def test_the_warn_date_index_holds_open_cases_only(portal, carded):
    """So a quiet sweep reads the open cases, not every case a county has completed."""
    catalog = api.portal.get_tool("portal_catalog")
    open_case = accepted_case(portal, "2025-03-03")
    closed = accepted_case(portal, "2025-03-03", address="后丰村9号")
    decide(closed, "2025-03-04")
    warn_dates = catalog._catalog.getIndex("warn_date")
    indexed = {catalog.getpath(rid) for rid in warn_dates._unindex}
    assert "/".join(open_case.getPhysicalPath()) in indexed
    assert "/".join(closed.getPhysicalPath()) not in indexed
    assert sweep(portal, "2025-04-30") == {"candidates": 1, "yellow": 0, "red": 1}

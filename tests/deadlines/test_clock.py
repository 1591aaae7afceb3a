"""The clock of a case: deadlines moved by pauses, used and remaining working days, overdue."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone

from persistent.list import PersistentList

from sanji.deadlines.clock import compute_clock
from sanji.deadlines.ledger import end_pause
from sanji.deadlines.ledger import start_pause

BEIJING = timezone(timedelta(hours=8))
ACCEPTED = date(2025, 3, 3)  # a Monday; March 2025 has no public holiday


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=BEIJING)


def clock(calendar, today, *, pauses=(), promised_days=5, step_started=None, step_days=None, accepted=ACCEPTED):
    return compute_clock(
        accepted=accepted,
        promised_days=promised_days,
        step_started=step_started,
        step_days=step_days,
        pauses=pauses,
        calendar=calendar,
        today=today,
    )


def test_without_pauses(calendar):
    state = clock(calendar, date(2025, 3, 5))
    assert state.deadline == date(2025, 3, 10)
    assert (state.used, state.remaining, state.overdue, state.paused, state.official) == (2, 3, False, False, True)
    assert state.step_deadline is None


def test_due_today_is_not_overdue(calendar):
    state = clock(calendar, date(2025, 3, 10))
    assert (state.used, state.remaining, state.overdue) == (5, 0, False)


def test_overdue(calendar):
    state = clock(calendar, date(2025, 3, 12))
    assert (state.used, state.remaining, state.overdue) == (7, -2, True)


def test_a_rest_day_after_the_deadline_is_overdue_by_zero_working_days(calendar):
    state = clock(calendar, date(2025, 3, 8), promised_days=4)  # deadline Friday 7 March, today Saturday
    assert state.deadline == date(2025, 3, 7)
    assert (state.remaining, state.overdue) == (0, True)


def test_resubmitted_after_correction_is_not_overdue(calendar):
    """Returned on day 3 of 5, with the applicant for 10 working days, resubmitted: 2 days are left."""
    pauses = PersistentList()
    returned = calendar.add_working_days(ACCEPTED, 3)
    resubmitted = calendar.add_working_days(returned, 10)
    assert (returned, resubmitted) == (date(2025, 3, 6), date(2025, 3, 20))
    start_pause(pauses, at(returned.day), "补正材料", "zhang.san")
    end_pause(pauses, at(resubmitted.day, 15))

    state = clock(calendar, resubmitted, pauses=pauses)
    assert state.deadline == date(2025, 3, 24)
    assert (state.used, state.remaining, state.overdue, state.paused) == (3, 2, False, False)
    # Without the ledger the case would look 8 working days late.
    assert clock(calendar, resubmitted).remaining == -8

    assert clock(calendar, date(2025, 3, 25), pauses=pauses).overdue


def test_an_open_pause_stops_the_clock(calendar):
    pauses = PersistentList()
    start_pause(pauses, at(6), "补正材料", "zhang.san")
    for today in (date(2025, 3, 6), date(2025, 3, 12), date(2025, 3, 28)):
        state = clock(calendar, today, pauses=pauses)
        assert state.paused
        assert state.deadline == date(2025, 3, 10)  # moves once the materials come back
        assert (state.used, state.remaining, state.overdue) == (3, 2, False)


def test_a_pause_in_an_overdue_case_keeps_it_overdue(calendar):
    pauses = PersistentList()
    start_pause(pauses, at(12), "补正材料", "zhang.san")  # two working days late
    end_pause(pauses, at(19))
    state = clock(calendar, date(2025, 3, 19), pauses=pauses)
    assert (state.remaining, state.overdue) == (-2, True)


def test_step_deadline_moves_only_by_the_pauses_of_the_step(calendar):
    pauses = PersistentList()
    start_pause(pauses, at(4), "补正材料", "village.agent")  # in the village step
    end_pause(pauses, at(5))  # 1 working day
    start_pause(pauses, at(7), "补正材料", "township.clerk")  # in the township step, begun 6 March
    end_pause(pauses, at(11))  # 2 working days
    state = clock(calendar, date(2025, 3, 11), pauses=pauses, step_started=date(2025, 3, 6), step_days=2)
    assert state.step_deadline == date(2025, 3, 12)  # 6 March + 2 + 2 paused
    assert state.deadline == date(2025, 3, 13)  # 3 March + 5 + 3 paused


def test_unknown_years_are_reported(calendar):
    state = clock(calendar, date(2026, 12, 28), accepted=date(2026, 12, 21), promised_days=10)
    assert state.deadline.year == 2027
    assert not state.official
    assert clock(calendar, date(2026, 12, 22), accepted=date(2026, 12, 21), promised_days=3).official

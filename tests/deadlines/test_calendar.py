"""The working-day calendar: official holidays, adjusted weekends, unknown years, administrators' days."""

from datetime import date
from datetime import timedelta

import chinese_calendar
import pytest

from sanji.deadlines.calendar import WorkingCalendar

SPRING_FESTIVAL_2025 = [date(2025, 1, 28) + timedelta(days=n) for n in range(8)]  # 28 Jan – 4 Feb
NATIONAL_DAY_2024 = [date(2024, 10, 1) + timedelta(days=n) for n in range(7)]  # 1 – 7 Oct
ADJUSTED_WEEKENDS = [date(2024, 2, 4), date(2024, 9, 29), date(2024, 10, 12), date(2025, 1, 26), date(2025, 2, 8)]


@pytest.mark.parametrize(
    ("days", "festival"), [(SPRING_FESTIVAL_2025, "Spring Festival"), (NATIONAL_DAY_2024, "National Day")]
)
def test_public_holidays_are_not_working_days(calendar, days, festival):
    for day in days:
        assert chinese_calendar.get_holiday_detail(day) == (True, festival)
        assert not calendar.is_workday(day)
        assert calendar.is_official(day)


@pytest.mark.parametrize("day", ADJUSTED_WEEKENDS, ids=str)
def test_adjusted_weekends_are_working_days(calendar, day):
    assert day.weekday() >= 5
    assert chinese_calendar.is_workday(day)
    assert calendar.is_workday(day)


def test_agrees_with_chinese_calendar_on_every_known_day(calendar):
    day = date(2024, 1, 1)
    while day < date(2026, 1, 1):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_deadline_across_the_year_boundary(calendar):
    # 31 Dec counts, 1 Jan is New Year's Day, then 2, 3, 6 and 7 Jan.
    assert calendar.add_working_days(date(2024, 12, 30), 5) == date(2025, 1, 7)
    assert calendar.working_days_between(date(2024, 12, 30), date(2025, 1, 7)) == 5


def test_deadline_across_spring_festival_counts_the_adjusted_sunday(calendar):
    # Sunday 26 Jan and Monday 27 Jan work, 28 Jan – 4 Feb rest, Wednesday 5 Feb is the third day.
    assert calendar.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_deadline_across_national_day(calendar):
    # Sunday 29 Sep and Monday 30 Sep work, 1 – 7 Oct rest.
    assert calendar.add_working_days(date(2024, 9, 27), 3) == date(2024, 10, 8)
    assert calendar.working_days_between(date(2024, 9, 30), date(2024, 10, 7)) == 0


def test_start_day_does_not_count_and_zero_days_is_the_start(calendar):
    saturday = date(2025, 3, 8)
    assert calendar.add_working_days(saturday, 0) == saturday
    assert calendar.add_working_days(saturday, 1) == date(2025, 3, 10)
    assert calendar.add_working_days(date(2025, 3, 10), 1) == date(2025, 3, 11)


def test_negative_days_are_refused(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2025, 3, 10), -1)


def test_working_days_between_is_half_open_and_never_negative(calendar):
    monday, friday = date(2025, 3, 10), date(2025, 3, 14)
    assert calendar.working_days_between(monday, friday) == 4
    assert calendar.working_days_between(monday, monday) == 0
    assert calendar.working_days_between(friday, monday) == 0


@pytest.mark.parametrize(
    "start", [date(2024, 9, 26), date(2024, 12, 28), date(2025, 1, 25), date(2039, 12, 20)], ids=str
)
def test_add_and_between_are_inverse(calendar, start):
    for days in range(0, 400, 7):
        deadline = calendar.add_working_days(start, days)
        assert calendar.working_days_between(start, deadline) == days
        if days:
            # The deadline is a working day, and the day before it is not yet enough.
            assert calendar.is_workday(deadline)
            assert calendar.working_days_between(start, deadline - timedelta(days=1)) == days - 1


def test_unknown_year_falls_back_to_monday_to_friday(calendar):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2040, 1, 2))
    assert not calendar.is_official(date(2040, 1, 2))
    assert not calendar.is_official_year(2040)
    week = [date(2040, 1, 2) + timedelta(days=n) for n in range(7)]  # Monday to Sunday
    assert [calendar.is_workday(day) for day in week] == [True] * 5 + [False] * 2
    assert calendar.add_working_days(date(2039, 12, 30), 2) == date(2040, 1, 3)  # Fri 30 Dec 2039 … Tue 3 Jan
    assert calendar.unknown_years([2025, 2040, 2040, 1990]) == [1990, 2040]


def test_extra_days_override_a_known_year():
    holiday, workday = date(2025, 3, 12), date(2025, 2, 3)  # an ordinary Wednesday; a Spring Festival Monday
    calendar = WorkingCalendar(extra_holidays={holiday}, extra_workdays={workday})
    assert chinese_calendar.is_workday(holiday) and not calendar.is_workday(holiday)
    assert not chinese_calendar.is_workday(workday) and calendar.is_workday(workday)
    assert calendar.add_working_days(date(2025, 3, 11), 1) == date(2025, 3, 13)
    assert calendar.is_official(holiday)


def test_extra_days_override_an_unknown_year():
    # The Spring Festival of 2040, before a chinesecalendar release knows it.
    holidays = {date(2040, 2, 13) + timedelta(days=n) for n in range(5)}  # Mon 13 – Fri 17 Feb
    workday = date(2040, 2, 18)  # Saturday
    calendar = WorkingCalendar(extra_holidays=holidays, extra_workdays={workday})
    assert not any(calendar.is_workday(day) for day in holidays)
    assert calendar.is_workday(workday)
    assert calendar.add_working_days(date(2040, 2, 10), 2) == date(2040, 2, 20)  # Sat 18, Mon 20


def test_holiday_wins_when_a_day_is_in_both_lists():
    day = date(2025, 3, 12)
    assert not WorkingCalendar(extra_holidays=[day], extra_workdays=[day]).is_workday(day)


def test_a_sweep_over_thousands_of_cases_is_quick(calendar):
    import time

    started = time.perf_counter()
    for n in range(5000):
        accepted = date(2024, 1, 1) + timedelta(days=n % 700)
        deadline = calendar.add_working_days(accepted, 20)
        calendar.working_days_between(accepted, date(2026, 11, 28))
        calendar.working_days_between(deadline, date(2026, 11, 28))
    assert time.perf_counter() - started < 2

"""Templates, placeholders and quiet hours: pure functions."""

from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone

import pytest

from sanji.sms.quiet import quiet_until
from sanji.sms.templates import TEMPLATES
from sanji.sms.templates import ordered_params
from sanji.sms.templates import render
from sanji.sms.templates import unknown_placeholders

CST = timezone(timedelta(hours=8))


def test_every_default_uses_only_its_placeholders():
    for template_id, template in TEMPLATES.items():
        assert unknown_placeholders(template_id, template.default) == [], template_id


def test_unknown_placeholders_are_named():
    assert unknown_placeholders("citizen_completed", "${receipt} ${name} ${ 身份证 }") == ["name", " 身份证 "]


def test_render_and_order():
    text = "${item}（${receipt}）${item}"
    params = {"receipt": "1", "item": "高龄津贴", "unused": "x"}
    assert render(text, params) == "高龄津贴（1）高龄津贴"
    assert list(ordered_params(text, params)) == ["item", "receipt"]
    assert render("${missing}", {}) == "${missing}"


@pytest.mark.parametrize(
    ("clock", "until"),
    [
        ((20, 59), None),
        ((21, 0), datetime(2026, 11, 30, 8, 0, tzinfo=CST) + timedelta(days=1)),
        ((23, 30), datetime(2026, 12, 1, 8, 0, tzinfo=CST)),
        ((3, 0), datetime(2026, 11, 30, 8, 0, tzinfo=CST)),
        ((8, 0), None),
        ((12, 0), None),
    ],
)
def test_quiet_hours_across_midnight(clock, until):
    now = datetime(2026, 11, 30, *clock, tzinfo=CST)
    assert quiet_until(now, time(21, 0), time(8, 0)) == until


def test_quiet_hours_within_a_day_and_none():
    noon = datetime(2026, 11, 30, 12, 30, tzinfo=CST)
    assert quiet_until(noon, time(12, 0), time(14, 0)) == datetime(2026, 11, 30, 14, 0, tzinfo=CST)
    assert quiet_until(noon, time(8, 0), time(8, 0)) is None

"""notify(): one message per key, the number encrypted and masked, texts from the registry, quiet hours."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
import transaction
from plone import api

from sanji.deadlines import calendar
from sanji.sms.api import notify
from sanji.sms.phones import open_phone
from sanji.sms.queue import get_queue
from tests.cases import new_case

CST = timezone(timedelta(hours=8))
PARAMS = {"receipt": "2026112804837291", "item": "高龄津贴申领", "deadline": "2026年12月5日", "step": "乡镇审核中"}


@pytest.fixture
def queue(portal):
    return lambda: get_queue(portal)


def at(monkeypatch, hour: int, minute: int = 0) -> datetime:
    moment = datetime(2026, 11, 30, hour, minute, tzinfo=CST)
    monkeypatch.setattr(calendar, "now", lambda: moment)
    return moment


def test_same_key_twice_queues_once(portal, queue):
    assert notify("step:x:3:reviewer-liangcun", "13900001111", "handler_step", PARAMS) is True
    assert notify("step:x:3:reviewer-liangcun", "13900001111", "handler_step", PARAMS) is False
    assert len(queue()) == 1
    assert list(queue().pending) == ["step:x:3:reviewer-liangcun"]


def test_number_is_encrypted_and_masked(portal, queue):
    notify("k", "139 0000 1111", "handler_step", PARAMS)
    message = queue().messages["k"]
    assert message.phone_masked == "139****1111"
    assert b"13900001111" not in message.phone_sealed
    assert "13900001111" not in repr(message.__getstate__())
    assert open_phone(message.id, message.phone_sealed) == "13900001111"
    # A ciphertext moved to another message does not open.
    with pytest.raises(Exception, match="authentication"):
        open_phone("another-message", message.phone_sealed)


def test_number_of_a_case_is_sealed_with_its_key(portal, queue, as_manager):
    case = new_case(portal)
    notify("c", "13800001234", "citizen_accepted", PARAMS, audience="citizen", application=case)
    message = queue().messages["c"]
    assert open_phone(message.id, message.phone_sealed, case) == "13800001234"
    with pytest.raises(Exception, match="case"):
        open_phone(message.id, message.phone_sealed)


def test_text_from_the_registry(portal, queue):
    api.portal.set_registry_record("sanji.sms.template_handler_step", "待办${receipt}，${deadline}前办理")
    notify("k", "13900001111", "handler_step", PARAMS)
    message = queue().messages["k"]
    assert message.text == "待办2026112804837291，2026年12月5日前办理"
    assert list(message.params.items()) == [("receipt", "2026112804837291"), ("deadline", "2026年12月5日")]


def test_long_values_are_clipped(portal, queue):
    notify("k", "13800001234", "citizen_returned", {**PARAMS, "reason": "缺" * 80}, audience="citizen")
    assert len(queue().messages["k"].params["reason"]) == 35


def test_no_valid_number_queues_nothing(portal, queue, caplog):
    assert notify("k", "", "handler_step", PARAMS) is False
    assert notify("k", "0317-5123456", "handler_step", PARAMS) is False
    assert queue() is None or len(queue()) == 0
    assert "0317" not in caplog.text


def test_unknown_template_or_audience_is_a_programming_error(portal):
    with pytest.raises(ValueError):
        notify("k", "13800001234", "no_such_template", {})
    with pytest.raises(ValueError):
        notify("k", "13800001234", "handler_step", {}, audience="everyone")


def test_citizens_wait_for_the_morning(portal, queue, monkeypatch):
    at(monkeypatch, 22, 30)
    notify("citizen", "13800001234", "citizen_completed", PARAMS, audience="citizen")
    notify("staff", "13900001111", "handler_step", PARAMS)
    notify("reply", "13800001234", "query_unknown", {}, audience="reply")
    messages = queue().messages
    assert messages["citizen"].next_attempt == datetime(2026, 12, 1, 8, 0, tzinfo=CST)
    assert messages["staff"].next_attempt == messages["reply"].next_attempt == calendar.now()


def test_nothing_queued_survives_an_abort(portal, queue):
    notify("k", "13900001111", "handler_step", PARAMS)
    transaction.abort()
    assert queue() is None or "k" not in queue().messages

"""Sending after commit, retries with backoff, failures kept visible, quiet hours, two deliverers at once.

Functional layer: these tests commit, and the messages leave only then, through the stand-in provider.
"""

import threading
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
import transaction
from plone import api

from sanji.deadlines import calendar
from sanji.sms.api import deliver_due
from sanji.sms.api import notify
from sanji.sms.api import requeue
from sanji.sms.delivery import LEASE
from sanji.sms.delivery import SmsSweepTask
from sanji.sms.delivery import backoff
from sanji.sms.queue import get_queue
from sanji.sms.sender import SENDER
from tests.sms.conftest import commit_and_send
from tests.sms.conftest import use_gateway

CST = timezone(timedelta(hours=8))
PARAMS = {"receipt": "2026112804837291", "item": "高龄津贴申领", "deadline": "2026年12月5日", "step": "乡镇审核中"}


@pytest.fixture
def clock(monkeypatch):
    """A settable clock: ``clock.now`` is what calendar.now() returns (an afternoon by default)."""

    class Clock:
        now = datetime(2026, 11, 30, 15, 0, tzinfo=CST)

    monkeypatch.setattr(calendar, "now", lambda: Clock.now)
    return Clock


def message(portal, key):
    transaction.begin()  # see what the deliverers committed
    return get_queue(portal).messages[key]


def queue_one(key="k", audience="staff", template="handler_step", phone="13900001111"):
    with api.env.adopt_roles(["Manager"]):
        queued = notify(key, phone, template, PARAMS, audience=audience)
    commit_and_send()
    # An implicit next transaction does not sync the connection: see what the deliverer committed.
    transaction.begin()
    return queued


def test_sent_after_commit(functional_portal, via_aliyun, clock):
    queue_one()
    [request] = via_aliyun.accepted
    assert request["params"]["PhoneNumbers"] == "13900001111"
    assert request["params"]["TemplateCode"] == "SMS_100000"
    sent = message(functional_portal, "k")
    assert (sent.status, sent.attempts, sent.gateway) == ("sent", 1, "aliyun")
    assert sent.provider_message_id == "10061974^0"
    assert sent.phone_sealed is None  # the number is not kept once the provider has it
    assert get_queue(functional_portal).waiting() == []


def test_aborted_transaction_sends_nothing(functional_portal, via_aliyun, clock):
    with api.env.adopt_roles(["Manager"]):
        notify("k", "13900001111", "handler_step", PARAMS)
    transaction.abort()
    assert via_aliyun.received == []
    assert deliver_due().sent == 0
    assert via_aliyun.received == []


def test_same_key_sends_once(functional_portal, via_aliyun, clock):
    assert queue_one() is True
    assert queue_one() is False
    deliver_due()
    assert len(via_aliyun.received) == 1


def test_provider_down_keeps_the_message_queued_then_retries_with_backoff(functional_portal, via_aliyun, clock):
    via_aliyun.mode = "http500"
    queue_one()
    first = message(functional_portal, "k")
    assert (first.status, first.attempts) == ("queued", 1)
    assert "InternalError" in first.last_error
    assert first.next_attempt == clock.now + timedelta(minutes=1)
    assert "k" in get_queue(functional_portal).pending

    assert deliver_due().skipped + deliver_due().sent == 0  # not due yet: nothing is even tried
    assert len(via_aliyun.received) == 1

    clock.now += timedelta(minutes=1)
    assert deliver_due().retrying == 1
    assert message(functional_portal, "k").next_attempt == clock.now + timedelta(minutes=2)

    via_aliyun.mode = "ok"
    clock.now += timedelta(minutes=2)
    assert deliver_due().sent == 1
    sent = message(functional_portal, "k")
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 3, "")
    assert [status for _when, status, _note in sent.log] == ["queued", *["sending", "queued"] * 2, "sending", "sent"]


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 7, 8, 20)] == [1, 2, 4, 8, 60, 60, 60]


def test_timeout_is_retried(functional_portal, via_aliyun, clock):
    via_aliyun.mode = "timeout"
    queue_one()
    assert "timeout" in message(functional_portal, "k").last_error
    assert message(functional_portal, "k").status == "queued"


def test_gives_up_after_the_attempts_allowed_and_can_be_queued_again(functional_portal, via_aliyun, clock):
    api.portal.set_registry_record("sanji.sms.max_attempts", 2)
    via_aliyun.mode = "error"
    queue_one()
    clock.now += timedelta(minutes=1)
    assert deliver_due().failed == 1
    failed = message(functional_portal, "k")
    assert (failed.status, failed.attempts) == ("failed", 2)
    assert "BUSINESS_LIMIT_CONTROL" in failed.last_error
    assert failed.phone_sealed  # kept, so that it can be sent again

    via_aliyun.mode = "ok"
    with api.env.adopt_roles(["Manager"]):
        assert requeue(failed.id) is True
    commit_and_send()
    assert message(functional_portal, "k").status == "sent"
    assert requeue(failed.id) is False


def test_invalid_number_is_given_up_at_once(functional_portal, via_aliyun, clock):
    via_aliyun.mode = "permanent"
    queue_one()
    assert message(functional_portal, "k").status == "failed"
    assert "MOBILE_NUMBER_ILLEGAL" in message(functional_portal, "k").last_error


def test_missing_credentials_keep_it_queued(functional_portal, via_aliyun, clock, monkeypatch):
    monkeypatch.delenv("SANJI_SMS_ACCESS_KEY_SECRET")
    queue_one()
    held = message(functional_portal, "k")
    assert held.status == "queued" and "SANJI_SMS_ACCESS_KEY_SECRET" in held.last_error
    assert via_aliyun.received == []


def test_citizens_message_waits_for_the_morning(functional_portal, via_aliyun, clock):
    clock.now = datetime(2026, 11, 30, 22, 0, tzinfo=CST)
    queue_one("citizen", audience="citizen", template="citizen_completed", phone="13800001234")
    queue_one("staff")
    assert [r["params"]["PhoneNumbers"] for r in via_aliyun.accepted] == ["13900001111"]
    assert message(functional_portal, "citizen").status == "queued"

    clock.now = datetime(2026, 12, 1, 7, 59, tzinfo=CST)
    assert deliver_due().sent == 0
    clock.now = datetime(2026, 12, 1, 8, 0, tzinfo=CST)
    assert SmsSweepTask()(functional_portal, clock.now)["sent"] == 1
    assert [r["params"]["PhoneNumbers"] for r in via_aliyun.accepted] == ["13900001111", "13800001234"]


def test_retry_falling_in_quiet_hours_is_held(functional_portal, via_aliyun, clock):
    clock.now = datetime(2026, 11, 30, 20, 59, tzinfo=CST)
    via_aliyun.mode = "error"
    queue_one("citizen", audience="citizen", template="citizen_completed", phone="13800001234")
    via_aliyun.mode = "ok"
    clock.now = datetime(2026, 11, 30, 21, 0, tzinfo=CST)
    assert deliver_due().held == 1
    assert message(functional_portal, "citizen").next_attempt == datetime(2026, 12, 1, 8, 0, tzinfo=CST)
    assert len(via_aliyun.received) == 1


def test_interrupted_claim_is_taken_over_after_the_lease(functional_portal, via_aliyun, clock):
    queue_one()
    interrupted = message(functional_portal, "k")
    interrupted.status, interrupted.phone_sealed = "sending", b""  # as if the deliverer died mid-send
    interrupted.claimed_at = clock.now
    get_queue(functional_portal).pending.add("k")
    commit_and_send()
    assert deliver_due().skipped == 0
    clock.now += LEASE
    assert deliver_due().failed == 1  # its number was gone: given up, visibly
    assert "cannot be opened" in message(functional_portal, "k").last_error


def test_two_deliverers_at_once_send_each_message_once(functional_portal, via_aliyun, clock):
    via_aliyun.mode = "http500"
    for number in range(8):
        queue_one(f"k{number}", phone=f"1390000{number:04d}")
    assert len(via_aliyun.received) == 8
    via_aliyun.received.clear()
    via_aliyun.mode = "ok"
    clock.now += timedelta(minutes=5)
    barrier = threading.Barrier(2)
    reports = []

    def sweep():
        barrier.wait()
        reports.append(deliver_due(clock.now, site=functional_portal))

    threads = [threading.Thread(target=sweep) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(report.sent for report in reports) == 8
    numbers = [r["params"]["PhoneNumbers"] for r in via_aliyun.accepted]
    assert sorted(numbers) == sorted(set(numbers)) and len(numbers) == 8


def test_outbox_gateway_by_default(functional_portal, clock, caplog):
    with caplog.at_level("INFO", logger="sanji.sms"):
        queue_one()
    sent = message(functional_portal, "k")
    assert (sent.status, sent.gateway) == ("sent", "outbox")
    assert "139****1111" in caplog.text


def test_unknown_gateway_keeps_it_queued(functional_portal, clock):
    use_gateway("outbox")
    functional_portal.portal_registry.records._values["sanji.sms.gateway"] = "gone"  # a gateway uninstalled since
    commit_and_send()
    queue_one()
    assert "no SMS gateway named 'gone'" in message(functional_portal, "k").last_error


def test_a_provider_down_is_tried_once_per_commit(functional_portal, via_aliyun, clock):
    """A step notifying three people waits for one failed attempt, not three; the sweep does the rest."""
    via_aliyun.mode = "timeout"
    with api.env.adopt_roles(["Manager"]):
        for number in range(3):
            notify(f"k{number}", f"1390000000{number}", "handler_step", PARAMS)
    commit_and_send()
    assert len(via_aliyun.received) == 1
    via_aliyun.mode = "ok"
    assert deliver_due().sent == 2  # the two not yet tried are due at once


def test_old_finished_messages_are_forgotten(functional_portal, clock):
    queue_one("old")
    clock.now += timedelta(days=100)
    queue_one("new")
    clock.now += timedelta(days=81)
    transaction.begin()
    summary = SmsSweepTask()(functional_portal, clock.now)
    commit_and_send()
    assert summary["purged"] == 1
    queue = get_queue(functional_portal)
    assert list(queue.messages) == ["new"]
    assert len(queue.timeline) == len(queue.by_id) == 1


def test_through_tencent(functional_portal, tencent, clock):
    use_gateway("tencent")
    commit_and_send()
    queue_one(template="citizen_completed", audience="citizen", phone="13800001234")
    [request] = tencent.accepted
    assert request["document"]["TemplateId"] == "100003"
    assert request["document"]["TemplateParamSet"] == ["高龄津贴申领", "2026112804837291"]
    sent = message(functional_portal, "k")
    assert sent.status == "sent" and sent.provider_message_id.startswith("5000:")


def test_provider_errors_never_store_the_number(functional_portal, clock, monkeypatch):
    from sanji.sms.gateways.outbox import OutboxGateway
    from sanji.sms.interfaces import SendResult

    monkeypatch.setattr(OutboxGateway, "send", lambda self, message: SendResult(False, error=f"bad +86{message.phone}"))
    queue_one()
    assert message(functional_portal, "k").last_error == "bad +86139****1111"


def test_sending_never_conflicts_with_a_step_queueing_another(functional_portal, via_aliyun, clock):
    """The last waiting message is sent while a step queues a new one: both commits succeed.

    Removing the sent key from ``pending`` would empty its bucket, which BTrees refuse to merge with
    the step's insert; deliverers therefore leave ``pending`` alone and the sweep prunes it.
    """
    hold = threading.Event()
    SENDER.submit(hold.wait)  # the sender sends "first" only once this step's transaction has begun
    with api.env.adopt_roles(["Manager"]):
        notify("first", "13900001111", "handler_step", PARAMS)
    transaction.commit()
    with api.env.adopt_roles(["Manager"]):
        notify("second", "13900002222", "handler_step", PARAMS)
    hold.set()
    assert SENDER.flush(timeout=60)  # "first" is sent and recorded, after this transaction began
    commit_and_send()  # a ConflictError here if the deliverer had emptied the pending bucket
    queue = get_queue(functional_portal)
    assert {key: message.status for key, message in queue.messages.items()} == {"first": "sent", "second": "sent"}
    assert queue.waiting() == []
    assert SmsSweepTask()(functional_portal, clock.now)["pruned"] == 2
    commit_and_send()
    assert list(get_queue(functional_portal).pending) == []

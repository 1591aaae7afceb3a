"""A step needs the actor's seal PIN: refused with a clear message otherwise, and nothing changes."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

from sanji.seals import opening
from sanji.seals import store
from sanji.seals.chain import chain
from sanji.seals.lockout import InMemoryLockout
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step


@pytest.fixture
def ready(portal):
    """A draft with all its materials: ``accept`` may be taken as soon as the seal opens."""
    case = new_case(portal)
    complete_materials(case)
    return case


def refused(case, pin, user="agent-houfeng", transition="accept") -> str:
    """The refusal's message, having checked that neither the state nor the chain changed."""
    state, sealed = api.content.get_state(case), len(chain(case))
    with pytest.raises(WorkflowException) as raised:
        step(case, transition, user, pin=pin)
    assert api.content.get_state(case) == state
    assert len(chain(case)) == sealed
    return str(raised.value)


def test_right_pin_seals_the_step(ready):
    assert step(ready, "accept", "agent-houfeng", pin="123456") == "accepted"
    [entry] = chain(ready)
    assert entry["transition"] == "accept"
    assert entry["serial"] == store.current_seal("agent-houfeng").serial


def test_missing_pin_is_refused_and_nothing_changes(ready):
    assert "请输入签章密码" in refused(ready, "")  # the site speaks Chinese first
    assert api.content.get_state(ready) == "draft"
    assert chain(ready) == []
    assert ready.accepted_at is None
    history = api.portal.get_tool("portal_workflow").getHistoryOf("sanji_application_workflow", ready)
    assert len(history) == 1


def test_wrong_pin_is_refused_and_counts(ready, fresh_lockout):
    message = refused(ready, "000000")
    assert "签章密码错误" in message
    assert "4" in message  # four more tries before the lock
    assert api.content.get_state(ready) == "draft"
    assert chain(ready) == []
    assert step(ready, "accept", "agent-houfeng") == "accepted"  # the right PIN still works


def test_five_wrong_pins_lock_the_seal_for_a_while(ready, fresh_lockout):
    clock = [1000.0]
    lockout = fresh_lockout
    original = lockout._clock
    lockout._clock = lambda: clock[0]
    try:
        for _attempt in range(4):
            refused(ready, "999999")
        message = refused(ready, "999999")
        assert "锁定" in message
        assert "15" in message  # locked for fifteen minutes
        # Locked: even the right PIN is refused now, with the lock's message.
        clock[0] += 60
        assert "14" in refused(ready, "123456")
        assert chain(ready) == []
        clock[0] += 15 * 60 + 1
        assert step(ready, "accept", "agent-houfeng") == "accepted"
    finally:
        lockout._clock = original


def test_a_right_pin_forgets_earlier_wrong_ones():
    lockout = InMemoryLockout(clock=lambda: 0.0)
    for _attempt in range(4):
        lockout.failure("someone")
    lockout.success("someone")
    assert lockout.failure("someone") == 4
    assert lockout.locked_for("someone") == 0


def test_no_seal_is_refused(ready):
    record = store.current_seal("agent-houfeng")
    del store.registry().current["agent-houfeng"]
    try:
        assert "没有电子签章" in refused(ready, "123456")
    finally:
        store.registry().current["agent-houfeng"] = record.serial


def test_revoked_seal_is_refused_until_a_new_one_is_issued(ready):
    record = store.current_seal("agent-houfeng")
    store.revoke_seal(record.serial, "affiliation_changed", "调岗", "admin")
    assert "吊销" in refused(ready, "123456")
    assert chain(ready) == []
    store.issue_seal("agent-houfeng", "246810")
    refused(ready, "123456")  # the new seal has its own PIN
    assert step(ready, "accept", "agent-houfeng", pin="246810") == "accepted"


def test_expired_seal_is_refused(ready):
    record = store.current_seal("agent-houfeng")
    kept = record.not_after
    record.not_after = datetime.now(UTC) - timedelta(days=1)
    try:
        assert "过期" in refused(ready, "123456")
    finally:
        record.not_after = kept


def test_pin_in_a_posted_form_field_is_used(ready, web_request):
    """A form that posts ``seal_pin`` without our transition view (e.g. Plone's own) is sealed too."""
    web_request.method = "POST"
    web_request.form["seal_pin"] = "123456"
    try:
        with api.env.adopt_user(username="agent-houfeng"):
            api.portal.get_tool("portal_workflow").doActionFor(ready, "accept")
    finally:
        web_request.method = "GET"
    assert api.content.get_state(ready) == "accepted"
    assert web_request.form["seal_pin"] == ""  # blanked once read
    assert len(chain(ready)) == 1


def test_holder_changes_their_pin(ready):
    opening.change_pin("agent-houfeng", "123456", "13572468")
    refused(ready, "123456")
    assert step(ready, "accept", "agent-houfeng", pin="13572468") == "accepted"
    with pytest.raises(opening.SealRefused):
        opening.change_pin("agent-houfeng", "123456", "11112222")
    with pytest.raises(ValueError):
        opening.change_pin("agent-houfeng", "13572468", "123")


def test_pin_page_changes_the_pin(portal, web_request):
    from plone.protect.authenticator import createToken

    with api.env.adopt_user(username="reviewer-liangcun"):
        web_request.method = "POST"
        web_request.form.update(
            {
                "current_pin": "123456",
                "new_pin": "97531864",
                "new_pin_again": "97531864",
                "_authenticator": createToken(),
            }
        )
        try:
            view = portal.restrictedTraverse("@@seal-pin")
            html = view()
        finally:
            web_request.method = "GET"
    assert "sanji-pin-message" in html
    assert opening.unlock_seal("reviewer-liangcun", "97531864")

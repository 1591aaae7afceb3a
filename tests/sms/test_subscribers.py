"""Who gets what along a real case: handlers at each hand-over, the applicant three times, cards.

Integration layer: nothing commits, so the messages stay queued; each is read back with its number.
"""

from datetime import date

import pytest
from plone import api
from plone.uuid.interfaces import IUUID
from zope.event import notify

from sanji.events import ApplicationCarded
from sanji.sms.phones import open_phone
from sanji.sms.queue import get_queue
from tests.cases import complete_materials
from tests.cases import new_case
from tests.cases import step

APPLICANT_PHONE = "13800001234"
AGENT_PHONE = "13800001201"  # agent-houfeng
REVIEWER_PHONE = "13800002002"  # reviewer-liangcun


def sent(portal, case) -> list[tuple[str, str, str]]:
    """(template, number, text) of every message queued, oldest first."""
    queue = get_queue(portal)
    if queue is None:
        return []
    messages = sorted(queue.messages.values(), key=lambda message: (message.created, message.key))
    return [(m.template_id, open_phone(m.id, m.phone_sealed, case), m.text) for m in messages]


@pytest.fixture
def case(as_manager):
    application = new_case(as_manager)
    complete_materials(application)
    return application


def test_who_gets_what_along_a_case(portal, case):
    step(case, "accept", "agent-houfeng")
    [(template, phone, text)] = sent(portal, case)
    assert (template, phone) == ("citizen_accepted", APPLICANT_PHONE)
    assert case.receipt_number in text and "“高龄津贴申领”已受理" in text
    assert f"{case.deadline.month}月{case.deadline.day}日" in text

    step(case, "to_township", "agent-houfeng")
    template, phone, text = sent(portal, case)[-1]
    assert (template, phone) == ("handler_step", REVIEWER_PHONE)
    assert case.receipt_number in text and "乡镇审核" in text

    step(case, "return_for_correction", "reviewer-liangcun", comment="缺户口本复印件。")
    latest = sent(portal, case)[-2:]
    assert {(template, phone) for template, phone, _text in latest} == {
        ("citizen_returned", APPLICANT_PHONE),
        ("handler_step", AGENT_PHONE),
    }
    assert any("需要补正：缺户口本复印件。请到" in text for _template, _phone, text in latest)

    step(case, "resubmit_township", "agent-houfeng")
    assert sent(portal, case)[-1][:2] == ("handler_step", REVIEWER_PHONE)  # a second hand-over, a second SMS

    step(case, "to_county", "reviewer-liangcun")
    assert sent(portal, case)[-1][0] == "handler_step"
    approvers = api.user.get_users(groupname="approvers-minzheng")
    assert sent(portal, case)[-1][1] in {user.getProperty("mobile") for user in approvers}

    step(case, "approve", "approver-minzheng")
    step(case, "complete", "approver-minzheng")
    assert sent(portal, case)[-1][:2] == ("citizen_completed", APPLICANT_PHONE)

    templates = [template for template, _phone, _text in sent(portal, case)]
    assert templates.count("citizen_accepted") == templates.count("citizen_completed") == 1
    assert len(templates) == 7


def test_the_actor_gets_no_sms_about_her_own_step(portal, case):
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert AGENT_PHONE not in [phone for _template, phone, _text in sent(portal, case)]


def test_no_mobile_no_sms(portal, case):
    api.user.get(userid="reviewer-liangcun").setMemberProperties({"mobile": ""})
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    assert [template for template, _phone, _text in sent(portal, case)] == ["citizen_accepted"]


def supervisor(as_manager, place="testplace"):
    api.group.create(groupname=f"supervisors-{place}", title="测试督查")
    api.user.create(email="s@example.invalid", username="supervisor-test", properties={"mobile": "13700007777"})
    api.group.add_user(groupname=f"supervisors-{place}", username="supervisor-test")
    return f"supervisors-{place}"


def card(case, color, escalate_to=()):
    notify(
        ApplicationCarded(
            case,
            color,
            deadline=date(2026, 12, 5),
            remaining=-2 if color == "red" else 1,
            waiting_for=("reviewers-liangcun",),
            escalate_to=escalate_to,
        )
    )


def test_yellow_card_urges_the_handlers_once(portal, case):
    card(case, "yellow")
    card(case, "yellow")
    [(template, phone, text)] = sent(portal, case)
    assert (template, phone) == ("card_yellow", REVIEWER_PHONE)
    assert "黄牌" in text and "2026年12月5日" in text and "剩余1个工作日" in text


def test_red_card_urges_and_escalates(portal, case, as_manager):
    group = supervisor(as_manager)
    card(case, "red", escalate_to=(group,))
    card(case, "red", escalate_to=(group,))
    messages = sent(portal, case)
    assert sorted((template, phone) for template, phone, _text in messages) == [
        ("card_red", REVIEWER_PHONE),
        ("card_red_escalation", "13700007777"),
    ]
    escalation = next(text for template, _phone, text in messages if template == "card_red_escalation")
    assert case.receipt_number in escalation and "红牌" in escalation


def test_keys_carry_no_personal_data(portal, case):
    step(case, "accept", "agent-houfeng")
    step(case, "to_township", "agent-houfeng")
    keys = list(get_queue(portal).messages)
    assert f"accepted:{IUUID(case)}:applicant" in keys
    for key in keys:
        assert APPLICANT_PHONE not in key and REVIEWER_PHONE not in key

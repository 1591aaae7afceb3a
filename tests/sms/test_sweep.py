"""The sweep task ``50-sms`` with the real sweep: a red card urges and escalates once, however often it runs."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import transaction
from plone import api
from zope.component import getUtility

from sanji.interfaces import ISweepTask
from sanji.sms.delivery import SmsSweepTask
from sanji.supervision.sweep import run_sweep
from sanji.supervision.sweep import sweep_tasks
from tests.sms.conftest import wait_for_sender
from tests.supervision.conftest import accepted_case

BEIJING = timezone(timedelta(hours=8))
MONDAY_AFTER = datetime(2025, 3, 10, 9, 0, tzinfo=BEIJING)


def test_registered_after_the_cards():
    assert isinstance(getUtility(ISweepTask, name="50-sms"), SmsSweepTask)
    names = [name for name, _task in sweep_tasks()]
    assert names.index("10-cards") < names.index("50-sms")


def test_red_card_sms_once_across_sweeps(functional_portal, via_aliyun):
    # The applicant's SMS must not wait for the morning when the suite runs at night in Beijing.
    api.portal.set_registry_record("sanji.sms.quiet_start", "00:00")
    api.portal.set_registry_record("sanji.sms.quiet_end", "00:00")
    with api.env.adopt_roles(["Manager"]):
        case = accepted_case(functional_portal, "2025-03-03")
    transaction.commit()
    wait_for_sender()
    [accepted] = via_aliyun.accepted  # the applicant heard of the acceptance
    assert accepted["params"]["TemplateCode"] == "SMS_100001"

    first = run_sweep(functional_portal, MONDAY_AFTER)
    second = run_sweep(functional_portal, MONDAY_AFTER + timedelta(minutes=10))
    assert first.ok and second.ok, (str(first), str(second))
    wait_for_sender()

    sent = [(r["params"]["TemplateCode"], r["params"]["PhoneNumbers"]) for r in via_aliyun.accepted[1:]]
    assert len(sent) == len(set(sent)), "one message per card and person"
    red = [r for r in via_aliyun.accepted if r["params"]["TemplateCode"] == "SMS_100005"]
    assert {r["params"]["PhoneNumbers"] for r in red} == {"13800001201"}  # agent-houfeng, whose turn it is
    assert all(case.receipt_number in r["params"]["TemplateParam"] for r in red)
    escalated = [r for r in via_aliyun.accepted if r["params"]["TemplateCode"] == "SMS_100006"]
    # Escalated to the supervisors of the township and of the department.
    supervisors = [
        user
        for group in ("supervisors-liangcun", f"supervisors-{case.department_id}")
        for user in api.user.get_users(groupname=group)
    ]
    assert len(supervisors) >= 2
    assert {r["params"]["PhoneNumbers"] for r in escalated} == {user.getProperty("mobile") for user in supervisors}
    sms = {result.name: result.summary for result in second.results}["50-sms"]
    assert sms["sent"] == sms["failed"] == 0

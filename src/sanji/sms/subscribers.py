"""Who gets what: the case's lifecycle events become queued SMS.

* the handlers whose turn it now is (the group the case waits for), when a case is passed on, returned
  or resubmitted, with the receipt number and the step's deadline;
* the applicant at acceptance, at return for correction (with the reason) and at completion;
* on a yellow card the handlers; on a red card the handlers and, as escalation, the supervisors.

Every message has an idempotency key naming the event, the case, the step and the recipient, so an
event notified twice (a retried request, two sweeps) queues one message.
"""

from plone.uuid.interfaces import IUUID

from sanji.indexers.application import group_of_tier
from sanji.sms.api import notify
from sanji.sms.queue import CITIZEN
from sanji.sms.recipients import applicant_phone
from sanji.sms.recipients import chinese_date
from sanji.sms.recipients import group_members
from sanji.sms.recipients import group_title
from sanji.sms.recipients import state_title
from sanji.sms.recipients import step_count

APPLICANT = "applicant"


def _basics(application) -> dict[str, str]:
    return {"receipt": application.receipt_number, "item": application.item_title}


def _to_groups(key_prefix: str, application, groups, template_id: str, params: dict, *, exclude=None) -> None:
    for userid, phone in group_members(groups, exclude=exclude).items():
        notify(f"{key_prefix}:{userid}", phone, template_id, params, application=application)


def _to_applicant(key: str, application, template_id: str, params: dict) -> None:
    notify(key, applicant_phone(application), template_id, params, audience=CITIZEN, application=application)


def next_handlers(application, event) -> None:
    """Forwarded, returned, resubmitted: the group whose turn it now is learns of it (not the actor)."""
    group = group_of_tier(application, application.current_tier())
    if group is None:
        return
    params = {
        **_basics(application),
        "deadline": chinese_date(application.step_deadline or application.deadline),
        "step": state_title(application),
    }
    key = f"step:{IUUID(application)}:{step_count(application)}"
    _to_groups(key, application, [group], "handler_step", params, exclude=event.actor)


def accepted(application, event) -> None:
    params = {**_basics(application), "deadline": chinese_date(application.deadline)}
    _to_applicant(f"accepted:{IUUID(application)}:{APPLICANT}", application, "citizen_accepted", params)


def returned(application, event) -> None:
    # The template ends the reason's sentence itself: "…复印件。。" reads as a typo.
    params = {**_basics(application), "reason": (event.comment or "").strip().rstrip("。.！!；;，,")}
    key = f"returned:{IUUID(application)}:{step_count(application)}:{APPLICANT}"
    _to_applicant(key, application, "citizen_returned", params)


def completed(application, event) -> None:
    _to_applicant(f"completed:{IUUID(application)}:{APPLICANT}", application, "citizen_completed", _basics(application))


def carded(application, event) -> None:
    """Yellow: urge the handlers. Red: urge the handlers and escalate to the supervisors."""
    deadline = event.deadline or application.deadline
    params = {**_basics(application), "deadline": chinese_date(deadline), "days": str(event.remaining or 0)}
    key = f"card:{IUUID(application)}:{event.card}:{deadline.isoformat() if deadline else ''}"
    if event.card == "yellow":
        _to_groups(key, application, event.waiting_for, "card_yellow", params)
    elif event.card == "red":
        _to_groups(key, application, event.waiting_for, "card_red", params)
        place = "、".join(group_title(group) for group in event.waiting_for)
        escalation = {**params, "place": place}
        _to_groups(f"{key}:escalation", application, event.escalate_to, "card_red_escalation", escalation)

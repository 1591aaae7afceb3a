"""Whose phone a message goes to: members of the groups handling a case, or its applicant."""

import logging
from datetime import date

import transaction
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message

from sanji.api.personal_data import get_personal_data
from sanji.crypto.errors import CryptoError
from sanji.workflow.definition import history
from sanji.workflow.definition import state_title as workflow_state_title

logger = logging.getLogger("sanji.sms")
#: SMS texts are Chinese whatever language the acting person reads the site in.
SMS_LANGUAGE = "zh_CN"


def _members_of(group_id: str) -> tuple[tuple[str, str], ...]:
    """``(user id, mobile)`` of the members of ``group_id``, looked up once per transaction.

    A sweep gives all its cards in one transaction, and red cards of one township and department
    escalate to the same groups: the members are read once, not once a card.
    """
    current = transaction.get()
    try:
        cache = current.data(_members_of)
    except KeyError:
        cache = {}
        current.set_data(_members_of, cache)
    if group_id not in cache:
        group = api.group.get(groupname=group_id)
        if group is None:
            logger.warning("SMS: no group %s", group_id)
            cache[group_id] = ()
        else:
            users = api.user.get_users(group=group)
            cache[group_id] = tuple((user.getId(), str(user.getProperty("mobile", "") or "")) for user in users)
    return cache[group_id]


def group_members(group_ids, exclude: str | None = None) -> dict[str, str]:
    """User id → work mobile (member property ``mobile``, may be empty) of the members of ``group_ids``.

    ``exclude`` is the person who just acted: they know already.
    """
    members: dict[str, str] = {}
    for group_id in group_ids or ():
        for userid, mobile in _members_of(group_id):
            if userid != exclude and userid not in members:
                members[userid] = mobile
    return members


def group_title(group_id: str) -> str:
    group = api.group.get(groupname=group_id)
    return (group.getProperty("title", "") or group_id) if group is not None else group_id


def applicant_phone(application) -> str:
    """The applicant's mobile from the encrypted personal data; "" when it cannot be read."""
    try:
        return str(get_personal_data(application).get("phone") or "")
    except CryptoError:
        logger.exception("SMS: the personal data of %s cannot be opened", application.receipt_number)
        return ""


def step_count(application) -> int:
    """How many steps the case has taken: makes each step's key unique (a case may be returned twice)."""
    return len(history(application))


def state_title(application) -> str:
    """The case's current state in Chinese, e.g. 乡镇审核中."""
    state = api.content.get_state(application, default=None)
    title = workflow_state_title(state) if state else ""
    return translate(Message(title, domain="sanji"), target_language=SMS_LANGUAGE)


def chinese_date(day: date | None) -> str:
    """2026年12月5日; "" for no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""

"""Whose phones a message goes to: group members looked up once per transaction (a sweep's many cards)."""

import transaction
from plone import api

from sanji.sms import recipients


def test_group_members_with_their_mobiles_without_the_actor(portal):
    members = recipients.group_members(["reviewers-liangcun", "agents-houfeng"], exclude="agent-houfeng")
    assert members["reviewer-liangcun"] == "13800002002"
    assert "agent-houfeng" not in members
    assert recipients.group_members(["no-such-group"]) == {}


def test_members_are_read_once_per_transaction(portal, monkeypatch):
    calls = []
    real = api.user.get_users

    def counting(**kwargs):
        calls.append(kwargs["group"].getId())
        return real(**kwargs)

    monkeypatch.setattr(recipients.api.user, "get_users", counting)
    for _card in range(3):  # three red cards of one township in one sweep
        recipients.group_members(["supervisors-liangcun", "supervisors-minzheng"])
    assert calls == ["supervisors-liangcun", "supervisors-minzheng"]
    transaction.abort()  # a new transaction sees membership changes
    recipients.group_members(["supervisors-liangcun"])
    assert calls[-1] == "supervisors-liangcun" and len(calls) == 3

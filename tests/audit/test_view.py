"""``@@audit-log``: supervisors and managers read it, with the chain's verification on top."""

import pytest
from plone import api
from zExceptions import Unauthorized
from zope.interface import alsoProvides

from sanji import audit
from sanji.audit.chain import audit_log
from sanji.audit.chain import flush
from sanji.interfaces import ISanjiLayer
from tests.cases import new_case


def render(portal, user: str, **form) -> str:
    request = portal.REQUEST
    alsoProvides(request, ISanjiLayer)
    request.form.clear()
    request.form.update(form)
    with api.env.adopt_user(username=user):
        return portal.restrictedTraverse("@@audit-log")()


def test_supervisor_sees_entries_and_an_intact_chain(portal):
    case = new_case(portal)
    audit.log("reveal", case, actor="agent-houfeng", field="phone")
    html = render(portal, "supervisor")
    assert "sanji-audit-intact" in html
    assert "agent-houfeng" in html
    assert "field=phone" in html
    assert case.receipt_number in html
    assert audit.tail()[1] in html


def test_a_broken_chain_is_reported_on_top(portal):
    case = new_case(portal)
    audit.log("reveal", case, actor="agent-houfeng", field="phone")
    log_ = audit_log(portal)
    flush(log_)
    seq = log_.tail_seq
    log_.entries[seq] = {**log_.entries[seq], "actor": "nobody"}
    html = render(portal, "supervisor")
    assert "sanji-audit-broken" in html
    assert f">{seq}</strong>" in html


def test_batches_of_fifty(portal):
    for number in range(60):
        audit.log("download", actor="agent-houfeng", page=str(number))
    first = render(portal, "supervisor")
    assert "page=59" in first
    assert "page=9<" not in first
    assert "b_start=50" in first
    second = render(portal, "supervisor", b_start="50")
    assert "page=9<" in second
    assert "page=59" not in second


@pytest.mark.parametrize("user", ["agent-houfeng", "reviewer-liangcun", "approver-minzheng", "manager"])
def test_staff_without_the_permission_may_not_read_it(portal, user):
    with pytest.raises(Unauthorized):
        render(portal, user)


def test_site_managers_may_read_it(portal):
    with api.env.adopt_roles(["Manager"]):
        alsoProvides(portal.REQUEST, ISanjiLayer)
        assert "sanji-audit-intact" in portal.restrictedTraverse("@@audit-log")()

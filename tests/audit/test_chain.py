"""The audit log's hash chain: any altered or removed entry is found, at the first broken link."""

import hashlib
import json

import pytest
from zope.annotation.interfaces import IAnnotations

from sanji import audit
from sanji.audit.chain import ANNOTATION
from sanji.audit.chain import GENESIS
from sanji.audit.chain import audit_log
from sanji.audit.chain import canonical
from sanji.audit.chain import entry_hash
from sanji.audit.chain import flush


@pytest.fixture
def entries(portal):
    """Five entries on a case, after whatever the site logged before."""
    from tests.cases import new_case

    case = new_case(portal)
    start = audit.count()
    for number in range(5):
        audit.log("reveal", case, actor="agent-houfeng", field=f"field{number}")
    log_ = audit_log(portal)
    flush(log_)  # the tests below alter the BTree, where entries end up
    return log_, start


@pytest.fixture
def empty_log(portal):
    """A site whose log is still empty (the layer's site has the seal authority's entries)."""
    IAnnotations(portal).pop(ANNOTATION, None)
    return portal


def test_entries_are_chained_from_the_genesis_hash(empty_log):
    portal = empty_log
    first = audit.log("key_rotation", actor="cli:root", current="k1")
    second = audit.log("reveal", portal, actor="agent-houfeng", field="phone")
    assert first["seq"] == 1
    assert first["prev_hash"] == GENESIS
    assert second["prev_hash"] == first["hash"]
    assert first["hash"] == hashlib.sha256(canonical(first)).hexdigest()
    assert json.loads(canonical(second)) == {key: value for key, value in second.items() if key != "hash"}
    assert second["object"]["path"] == "/plone"
    assert audit.verify() == (True, None)
    assert audit.tail() == (2, second["hash"])


def test_an_empty_log_verifies(empty_log):
    assert audit.verify() == (True, None)
    assert audit.tail() == (0, GENESIS)


def test_altered_details_break_the_chain_at_that_entry(entries):
    log_, start = entries
    seq = start + 3
    altered = dict(log_.entries[seq])
    altered["details"] = {"field": "nothing"}
    log_.entries[seq] = altered
    assert audit.verify() == (False, seq)


def test_altered_entry_with_a_recomputed_hash_breaks_the_next_link(entries):
    log_, start = entries
    seq = start + 2
    altered = {**log_.entries[seq], "actor": "someone-else"}
    altered["hash"] = entry_hash(altered)
    log_.entries[seq] = altered
    assert audit.verify() == (False, seq + 1)


def test_a_removed_entry_breaks_the_chain_where_it_was(entries):
    log_, start = entries
    del log_.entries[start + 2]
    assert audit.verify() == (False, start + 2)


def test_removed_entries_at_the_end_are_found(entries):
    log_, start = entries
    del log_.entries[start + 5]
    del log_.entries[start + 4]
    assert audit.verify() == (False, start + 4)


def test_renumbered_entries_are_found(entries):
    log_, start = entries
    moved = log_.entries[start + 5]
    del log_.entries[start + 5]
    log_.entries[start + 6] = moved
    assert audit.verify() == (False, start + 5)


def test_personal_data_in_details_is_masked(portal):
    entry = audit.log("sms", actor="system", to="13800001234", text="身份证 11010519491231002X 已受理", count=2)
    assert entry["details"] == {"to": "138****1234", "text": "身份证 1101**********002X 已受理", "count": 2}
    receipt = audit.log("transition", actor="system", receipt="2026112800000001")
    assert receipt["details"]["receipt"] == "2026112800000001"


def test_recent_entries_newest_first_in_batches(entries):
    _log, start = entries
    assert [entry["seq"] for entry in audit.recent(0, 2)] == [start + 5, start + 4]
    assert [entry["seq"] for entry in audit.recent(2, 2)] == [start + 3, start + 2]
    assert [entry["seq"] for entry in audit.recent(start + 4, 10)][-1] == 1
    assert list(audit.recent(start + 5, 10)) == []


def test_entries_returned_are_copies(entries):
    log_, start = entries
    (entry,) = audit.recent(0, 1)
    entry["actor"] = "changed"
    assert log_.entries[start + 5]["actor"] == "agent-houfeng"
    assert audit.verify() == (True, None)

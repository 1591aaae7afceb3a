"""Requests that finish while another writes the catalog have their entries written together, once."""

import threading
import time

from sanji.catalog import group_commit
from sanji.catalog.group_commit import GroupWriter

SITE = ("", "plone")


def recording_batches(monkeypatch, started: threading.Event, ok: bool = True) -> list:
    """``write_batch`` replaced: records each batch, and the first one lingers while others queue."""
    batches = []

    def write_batch(_writer, batch):
        batches.append(sorted(batch.paths))
        started.set()
        if len(batches) == 1:
            time.sleep(0.3)
        return ok

    monkeypatch.setattr(group_commit, "write_batch", write_batch)
    return batches


def write_at_once(writer: GroupWriter, started: threading.Event) -> dict:
    """Request ``a`` takes the turn; ``b`` and ``c`` finish while it writes."""
    results = {}

    def request(name):
        results[name] = writer.write(None, None, SITE, [(*SITE, name)], [])

    first = threading.Thread(target=request, args=("a",))
    first.start()
    started.wait(5)
    others = [threading.Thread(target=request, args=(name,)) for name in ("b", "c")]
    for thread in others:
        thread.start()
    time.sleep(0.1)  # both queued behind the turn
    for thread in [first, *others]:
        thread.join(5)
    return results


def test_entries_queued_meanwhile_share_one_transaction(monkeypatch):
    started = threading.Event()
    batches = recording_batches(monkeypatch, started)
    results = write_at_once(GroupWriter(), started)
    assert batches == [[(*SITE, "a")], [(*SITE, "b"), (*SITE, "c")]]
    assert results == {"a": True, "b": True, "c": True}


def test_a_failed_batch_tells_each_of_its_requests(monkeypatch):
    started = threading.Event()
    recording_batches(monkeypatch, started, ok=False)
    assert write_at_once(GroupWriter(), started) == {"a": False, "b": False, "c": False}


def test_sites_are_written_apart(monkeypatch):
    batches = recording_batches(monkeypatch, threading.Event())
    writer = GroupWriter()
    assert writer.write(None, None, SITE, [(*SITE, "a")], [])
    assert writer.write(None, None, ("", "other"), [("", "other", "b")], [])
    assert batches == [[(*SITE, "a")], [("", "other", "b")]]

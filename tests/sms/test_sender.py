"""The sender thread: jobs run in order off the request's thread, flush waits for them, errors are contained."""

import logging
import threading

from sanji.sms.sender import SenderThread


def test_jobs_run_in_order_on_another_thread():
    sender = SenderThread("test-sender")
    ran = []
    for number in range(5):
        sender.submit(lambda number=number: ran.append((number, threading.current_thread().name)))
    assert sender.flush(timeout=10)
    assert [number for number, _thread in ran] == [0, 1, 2, 3, 4]
    assert {thread for _number, thread in ran} == {"test-sender"}


def test_a_failing_job_is_logged_and_the_next_still_runs(caplog):
    sender = SenderThread("test-sender")
    ran = []
    with caplog.at_level(logging.ERROR, logger="sanji.sms"):
        sender.submit(lambda: 1 / 0)
        sender.submit(lambda: ran.append("after"))
        assert sender.flush(timeout=10)
    assert ran == ["after"]
    assert "stay queued for the sweep" in caplog.text


def test_flush_gives_up_after_its_timeout():
    """A provider that hangs must not hang whoever waits for the sender (an exiting process)."""
    sender = SenderThread("test-sender")
    release = threading.Event()
    sender.submit(release.wait)
    assert sender.flush(timeout=0.2) is False
    release.set()
    assert sender.flush(timeout=10)

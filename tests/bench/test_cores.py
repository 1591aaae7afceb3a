"""The intake benchmark's confinement gives a configuration its cores, and every core back afterwards."""

import os
import subprocess
import sys

import pytest

from bench.cores import confined
from bench.cores import pin
from bench.cores import threads

EVERY = os.sched_getaffinity(0)
needs_two_cores = pytest.mark.skipif(len(EVERY) < 2, reason="confining needs a machine of two cores or more")


@pytest.fixture
def instance():
    """A process standing in for a Zope instance."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def test_threads_are_listed():
    assert os.getpid() in threads(os.getpid())  # the main thread's id is the process's
    assert threads(2**22 + 12345) == []  # no such process


@needs_two_cores
def test_pin_sets_every_thread(instance):
    assert pin([instance], {min(EVERY)}) == 0
    assert os.sched_getaffinity(instance) == {min(EVERY)}
    pin([instance], EVERY)
    assert os.sched_getaffinity(instance) == EVERY


@needs_two_cores
def test_confined_for_the_block_only(instance):
    with confined([instance], 1):
        assert os.sched_getaffinity(instance) == {min(EVERY)}
        assert os.sched_getaffinity(0) == {min(EVERY)}  # the client too
    assert os.sched_getaffinity(instance) == EVERY
    assert os.sched_getaffinity(0) == EVERY


@needs_two_cores
def test_confined_restores_after_an_error(instance):
    with pytest.raises(RuntimeError), confined([instance], 1):
        raise RuntimeError("the round failed")
    assert os.sched_getaffinity(instance) == EVERY


def test_no_cores_leave_the_machine_alone(instance):
    before = os.sched_getaffinity(instance)
    with confined([instance], None):
        assert os.sched_getaffinity(instance) == before

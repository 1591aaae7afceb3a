"""Give a benchmark configuration as many cores as it has instances (Linux CPU affinity).

Scaling out means adding an instance together with the hardware it runs on: on Kubernetes every Zope
pod has CPUs of its own. On one machine, one instance runs its Python on one core (the GIL) while
PostgreSQL and the load client take the other core for free; two instances must share both cores with
them. :func:`confined` pins the instances, every PostgreSQL process and this client to the first
``cores`` CPUs, so that one instance gets one core for everything and two get two: the ratio of the
two then measures how the portal scales, not how many idle cores one instance leaves to the others.
"""

import os
import sys
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_pids() -> list[int]:
    """Every PostgreSQL process of this machine (the postmaster forks new backends with its affinity)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if "(postgres)" in stat.read_text():
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def threads(pid: int) -> list[int]:
    """The thread ids of a process (affinity is per thread on Linux)."""
    try:
        return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return []


def pin(pids: Iterable[int], cpus: set[int]) -> int:
    """Run every thread of ``pids`` on ``cpus`` only; threads and processes they start inherit it.

    :returns: how many threads could not be pinned (another user's, without root).
    """
    refused = 0
    for pid in pids:
        for tid in threads(pid):
            try:
                os.sched_setaffinity(tid, cpus)
            except ProcessLookupError:
                continue  # ended meanwhile
            except PermissionError:
                refused += 1
    return refused


@contextmanager
def confined(instance_pids: Iterable[int], cores: int | None) -> Iterator[None]:
    """Instances, PostgreSQL and this client on the first ``cores`` CPUs; all of them again afterwards.

    ``cores=None`` leaves the machine as it is.
    """
    if cores is None:
        yield
        return
    every = os.sched_getaffinity(0)  # the CPUs this process may use
    processes = [*instance_pids, *postgres_pids(), os.getpid()]
    if pin(processes, set(sorted(every)[:cores])):
        print("bench.cores: some processes (PostgreSQL's?) could not be confined: run as root", file=sys.stderr)
    try:
        yield
    finally:
        pin([*processes, *postgres_pids()], every)

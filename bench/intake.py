"""Intake throughput: applications submitted per second through plone.restapi, one instance against two.

::

    .venv/bin/python -m bench.intake [--requests 120] [--rounds 3] [--clients 8] [--threads 4] [--preload 300]

Starts two real instances over one fresh RelStorage database on the local PostgreSQL
(:mod:`sanji.testing_cluster`, dropped afterwards) and makes ``--preload`` submissions untimed, so
that the catalog's trees are not those of an empty site (where every insert rewrites their roots).
Each round posts ``--requests`` complete
submissions (``@applications``, every material one page) from ``--clients`` concurrent clients in
this process, the village agents of the sample county taking turns, first to one instance, then
spread over both (the order alternates between rounds). Both figures of a round come from the same
minute of a shared machine, so their ratio is what is reported: the median over the rounds, with
the spread. Target: two instances reach at least 1.6 times one. It also prints what the machine
allows at most (:func:`print_ceiling`): one instance runs its Python on one core at a time, and two
share the machine's cores with PostgreSQL and the client. Every answer must be 2xx (a 503
from a conflict that outlived its retries is counted and reported, never hidden).
``--profile out.svg`` records the first instance with py-spy during a round of one.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import requests

from sanji.testing_cluster import ADMIN
from sanji.testing_cluster import DEMO_PASSWORD
from sanji.testing_cluster import LOCAL_POSTGRES
from sanji.testing_cluster import REPO
from sanji.testing_cluster import Cluster
from sanji.testing_cluster import clean
from sanji.testing_cluster import create_database
from sanji.testing_cluster import dsn
from sanji.testing_cluster import running_cluster
from sanji.testing_cluster import submission_body

TARGET_RATIO = 1.6
ITEM = "gaoling-jintie"
STAFF = REPO / "profiles" / "suning" / "staff.json"


def village_agents() -> list[tuple[str, str]]:
    """``(agent id, area path)`` of every village agent of the sample county."""
    staff = json.loads(STAFF.read_text(encoding="utf-8"))
    return [(person["id"], person["area"]) for person in staff if person.get("role") == "agent"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process of this machine (other users' work included)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if "(postgres)" in stat.read_text():
                total += cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return total


def machine_busy_seconds() -> float:
    """CPU time every process of the machine has spent so far, all cores together (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    """One timed batch: how many were posted where, how long it took, what came back."""

    instances: int
    submitted: int
    seconds: float
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    #: CPU seconds spent during the round: "instances", "postgres", "client", and "machine" (every
    #: process of the machine, these included).
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.statuses_ok / self.seconds

    @property
    def statuses_ok(self) -> int:
        return self.statuses[200] + self.statuses[201]


class Intake:
    """Posts submissions to the sites given, from a pool of client threads (one session each)."""

    def __init__(self, cluster: Cluster, clients: int):
        self.cluster = cluster
        self.clients = clients
        self.agents = village_agents()
        self.item = requests.get(
            f"{cluster.site_urls[0]}/services/{ITEM}", auth=ADMIN, headers={"Accept": "application/json"}, timeout=60
        ).json()
        self.variant = 0
        self.lock = threading.Lock()
        self.local = threading.local()

    def next_variant(self) -> int:
        with self.lock:
            self.variant += 1
            return self.variant

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.headers["Accept"] = "application/json"
        return self.local.session

    def post(self, site_url: str, number: int) -> tuple[int, float]:
        agent, area = self.agents[number % len(self.agents)]
        body = submission_body(self.item, variant=self.next_variant())
        started = time.perf_counter()
        response = self.session().post(
            f"{site_url}/areas/{area}/@applications", json=body, auth=(agent, DEMO_PASSWORD), timeout=300
        )
        return response.status_code, time.perf_counter() - started

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far of the instances, of PostgreSQL and of this client."""
        client = os.times()
        return {
            "instances": sum(cpu_seconds(instance.process.pid) for instance in self.cluster.instances),
            "postgres": postgres_cpu_seconds(),
            "client": client.user + client.system,
            "machine": machine_busy_seconds(),
        }

    def round(self, instances: int, count: int) -> Round:
        """``count`` submissions spread over the first ``instances`` instances, ``clients`` at a time."""
        sites = self.cluster.site_urls[:instances]
        before = self.cpu()
        started = time.perf_counter()
        with ThreadPoolExecutor(self.clients) as pool:
            results = list(pool.map(lambda number: self.post(sites[number % len(sites)], number), range(count)))
        result = Round(instances, count, time.perf_counter() - started)
        result.cpu = {name: value - before[name] for name, value in self.cpu().items()}
        result.statuses.update(status for status, _seconds in results)
        result.latencies = [seconds for _status, seconds in results]
        return result


def import_dataset(dataset: Path, server: dict, root: Path) -> tuple[str, dict[str, str]]:
    """A new database holding a copy of a ``bench.generate`` dataset (``zodbconvert``), and its key files."""
    source = root / "dataset"
    (source / "filestorage").mkdir(parents=True)
    for name in ("Data.fs", "Data.fs.index"):
        shutil.copy2(dataset / "filestorage" / name, source / "filestorage" / name)
    name = create_database(server, "sanji_intake")
    config = root / "zodbconvert.conf"
    config.write_text(
        "%import relstorage\n"
        f"<filestorage source>\n  path {source}/filestorage/Data.fs\n  blob-dir {dataset}/blobstorage\n"
        "  read-only true\n</filestorage>\n"
        f"<relstorage destination>\n  keep-history false\n  blob-dir {root}/convert-blobs\n"
        f"  shared-blob-dir false\n  <postgresql>\n    dsn {dsn(server, name)}\n  </postgresql>\n</relstorage>\n",
        encoding="utf-8",
    )
    subprocess.run([str(Path(sys.executable).parent / "zodbconvert"), str(config)], check=True, capture_output=True)
    secrets = dataset / "secrets"
    keys = {
        "SANJI_MASTER_KEY_FILE": str(secrets / "master-keys.json"),
        "SANJI_SEAL_AUTHORITY_KEY_FILE": str(secrets / "seal-authority.pem"),
    }
    return name, keys


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def machine() -> str:
    """What the figures were measured on: cores, memory, Python, load when the run started."""
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout.splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores (nproc), {total} GB RAM (free -g), Python {platform.python_version()}, "
        f"load average {load} at the start"
    )


def profile(cluster: Cluster, output: Path, seconds: int) -> subprocess.Popen:
    """py-spy on the first instance for ``seconds``, an SVG flame graph in ``output``."""
    py_spy = Path(sys.executable).parent / "py-spy"
    pid = str(cluster.instances[0].process.pid)
    command = [str(py_spy), "record", "-p", pid, "-d", str(seconds), "-o", str(output), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def per_submission(rounds: list[Round], name: str) -> float:
    return statistics.median(r.cpu[name] / r.statuses_ok for r in rounds)


def print_ceiling(one: list[Round], two: list[Round]) -> None:
    """What this machine allows at most, from the CPU each submission costs.

    One instance runs its Python on one core at a time (the GIL), so it takes at most
    1 / (its CPU per submission); two take at most cores / (instance + PostgreSQL + client CPU per
    submission) when the database and the client share the cores. Their quotient bounds the ratio.
    """
    instance = per_submission(two, "instances")
    everything = instance + per_submission(two, "postgres") + per_submission(two, "client")
    cores = os.cpu_count()
    one_at_most = 1 / per_submission(one, "instances")
    two_at_most = cores / everything
    measured = statistics.median(r.per_second for r in two)
    print(
        f"ceiling of this machine: one instance {one_at_most:.1f}/s (one core), two {two_at_most:.1f}/s "
        f"({cores} cores shared with PostgreSQL and the client); ratio at most {two_at_most / one_at_most:.2f}"
    )
    print(f"two instances reached {measured / two_at_most:.0%} of their ceiling")


def report(rounds: list[Round], args) -> int:
    one = [r for r in rounds if r.instances == 1]
    two = [r for r in rounds if r.instances == 2]
    ratios = [b.per_second / a.per_second for a, b in zip(one, two, strict=True)]
    ratio = statistics.median(ratios)
    failed = sum(r.submitted - r.statuses_ok for r in rounds)
    print()
    print(f"Intake throughput ({args.requests} submissions per round, {args.clients} clients, {args.rounds} rounds,")
    print(f"{args.threads} threads per instance, RelStorage on PostgreSQL over loopback)")
    print(f"machine: {machine()}")
    print(f"one instance:  {spread([r.per_second for r in one])} submissions/s, median (min–max)")
    print(f"two instances: {spread([r.per_second for r in two])} submissions/s")
    latency_one = [value for r in one for value in r.latencies]
    latency_two = [value for r in two for value in r.latencies]
    print(f"latency one: median {statistics.median(latency_one):.2f}s; two: {statistics.median(latency_two):.2f}s")
    for label, group in (("one", one), ("two", two)):
        per = {name: statistics.median(r.cpu[name] / r.statuses_ok for r in group) for name in group[0].cpu}
        print(
            f"CPU seconds per submission, {label}: " + ", ".join(f"{name} {value:.3f}" for name, value in per.items())
        )
    print(f"ratio two/one per round: {', '.join(f'{value:.2f}' for value in ratios)}")
    verdict = "reached" if ratio >= TARGET_RATIO else "MISSED"
    print(f"ratio two/one (median): {ratio:.2f}; target {TARGET_RATIO}: {verdict}")
    print(f"answers: {dict(sum((r.statuses for r in rounds), Counter()))}")
    for label, group in (("one", one), ("two", two)):
        ours = statistics.median(sum(v for k, v in r.cpu.items() if k != "machine") / r.seconds for r in group)
        machine_busy = statistics.median(r.cpu["machine"] / r.seconds for r in group)
        print(
            f"cores kept busy ({label}): instances, PostgreSQL and this client {ours:.2f}, "
            f"every process {machine_busy:.2f}, of {os.cpu_count()}"
        )
    print_ceiling(one, two)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.intake", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=120, help="submissions per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads per instance (SANJI_THREADS)")
    parser.add_argument("--postgres", default="127.0.0.1:5432", help="host:port of a trust-authenticated server")
    parser.add_argument(
        "--preload", type=int, default=300, help="submissions made first, untimed: catalog trees of some depth"
    )
    parser.add_argument(
        "--dataset", type=Path, help="start from a copy of this bench.generate dataset (e.g. var/bench/n10k)"
    )
    parser.add_argument("--profile", type=Path, help="py-spy flame graph (SVG) of one instance in round 1")
    args = parser.parse_args(argv)
    host, port = args.postgres.rsplit(":", 1)
    server = {**LOCAL_POSTGRES, "host": host, "port": int(port)}

    root = Path(tempfile.mkdtemp(prefix="sanji-bench-intake-"))
    print(f"starting two instances over RelStorage in {root} …", flush=True)
    with ExitStack() as stack:
        stack.callback(clean, root)  # after the instances stopped
        database, keys = None, None
        if args.dataset:
            print(f"copying {args.dataset} into PostgreSQL (zodbconvert) …", flush=True)
            database, keys = import_dataset(args.dataset.resolve(), server, root)
        cluster = stack.enter_context(
            running_cluster(root, 2, postgres=server, threads=args.threads, database=database, keys=keys)
        )
        intake = Intake(cluster, args.clients)
        for instances in (1, 2):  # warm up both: caches, Chameleon, the first BTree buckets
            intake.round(instances, max(args.clients, 10))
        if args.preload:
            print(f"preloading {args.preload} submissions …", flush=True)
            intake.round(2, args.preload)
        rounds = []
        for number in range(args.rounds):
            for instances in (1, 2) if number % 2 == 0 else (2, 1):
                spy = profile(cluster, args.profile, 20) if args.profile and number == 0 and instances == 1 else None
                result = intake.round(instances, args.requests)
                if spy is not None:
                    spy.wait()
                rounds.append(result)
                print(
                    f"round {number + 1}, {instances} instance(s): {result.per_second:.2f}/s "
                    f"in {result.seconds:.1f}s {dict(result.statuses)}",
                    flush=True,
                )
    return report(rounds, args)


if __name__ == "__main__":
    sys.exit(main())

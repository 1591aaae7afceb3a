"""Intake throughput: applications submitted per second through plone.restapi, one instance against two.

::

    .venv/bin/python -m bench.intake [--requests 120] [--rounds 3] [--clients 8] [--threads 4] [--preload 300]

Starts two real instances over one fresh RelStorage database on the local PostgreSQL
(:mod:`sanji.testing_cluster`, dropped afterwards) and makes ``--preload`` submissions untimed, so
that the catalog's trees are not those of an empty site (where every insert rewrites their roots).
Each round posts ``--requests`` complete submissions (``@applications``, every material one page)
from ``--clients`` concurrent clients in this process, the village agents of the sample county
taking turns, in three configurations (:func:`configurations`; the order alternates between rounds):

- one instance on one core and two instances on two cores (:mod:`bench.cores` confines the
  instances, PostgreSQL and the client to them): **scale-out**, adding an instance with the core it
  runs on, as a Kubernetes pod brings its CPUs. Target: two instances reach at least 1.6 times one;
- one instance on the whole machine: against two instances on the same cores, what one more
  instance brings to a machine whose cores PostgreSQL and the client share (one instance runs its
  Python on one core, the GIL, and leaves the others to them).

The figures of a round come from the same minutes of a shared machine, so their ratios are what is
reported: the median over the rounds, with the spread, and what the cores allowed at most
(:func:`ceiling`, from the CPU each submission cost). Every answer must be 2xx (a 503 from a
conflict that outlived its retries is counted and reported, never hidden). ``--profile out.svg``
records the first instance with py-spy during the first round of one instance on one core.
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

from bench.cores import confined
from bench.cores import postgres_pids
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
    for pid in postgres_pids():
        try:
            total += cpu_seconds(pid)
        except (OSError, ValueError):
            continue  # ended meanwhile
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
    #: CPUs the round had: the instances, PostgreSQL and the client were confined to them.
    cores: int
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

    def round(self, instances: int, count: int, cores: int | None = None) -> Round:
        """``count`` submissions spread over the first ``instances`` instances, ``clients`` at a time.

        The instances, PostgreSQL and this client run on ``cores`` CPUs (all of them by default).
        """
        every = os.cpu_count()
        cores = cores or every
        sites = self.cluster.site_urls[:instances]
        pids = [instance.process.pid for instance in self.cluster.instances]
        with confined(pids, cores if cores < every else None):
            before = self.cpu()
            started = time.perf_counter()
            with ThreadPoolExecutor(self.clients) as pool:
                results = list(pool.map(lambda number: self.post(sites[number % len(sites)], number), range(count)))
            result = Round(instances, cores, count, time.perf_counter() - started)
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


def configurations() -> list[tuple[int, int]]:
    """(instances, cores) of each round: one core per instance, then one instance on the whole machine.

    On a machine of two cores, two instances on two cores are also two instances on the whole machine.
    """
    every = os.cpu_count()
    configs = [(1, 1), (2, min(2, every)), (1, every)]
    if every > 2:
        configs.append((2, every))
    return configs


def ceiling(rounds: list[Round]) -> float:
    """Submissions per second the cores of these rounds allow at most, from the CPU each one cost.

    One instance runs its Python on one core at a time (the GIL), so it cannot go faster than
    1 / (its CPU per submission) either.
    """
    everything = sum(per_submission(rounds, name) for name in ("instances", "postgres", "client"))
    cores_allow = rounds[0].cores / everything
    if rounds[0].instances == 1:
        return min(cores_allow, 1 / per_submission(rounds, "instances"))
    return cores_allow


def compare(label: str, one: list[Round], two: list[Round], target: float | None) -> float:
    """Print the ratio two/one of each round, its median, what the cores allowed; return the median."""
    ratios = [b.per_second / a.per_second for a, b in zip(one, two, strict=True)]
    ratio = statistics.median(ratios)
    verdict = f"; target {target}: {'reached' if ratio >= target else 'MISSED'}" if target else ""
    print(f"{label}: {', '.join(f'{value:.2f}' for value in ratios)} per round, median {ratio:.2f}{verdict}")
    at_most = ceiling(two) / ceiling(one)
    reached = statistics.median(r.per_second for r in two) / ceiling(two)
    print(f"  these cores allow at most {at_most:.2f}; two instances reached {reached:.0%} of what their cores allow")
    return ratio


def report(rounds: list[Round], args) -> int:
    every = os.cpu_count()
    grouped = {config: [r for r in rounds if (r.instances, r.cores) == config] for config in configurations()}
    failed = sum(r.submitted - r.statuses_ok for r in rounds)
    print()
    print(f"Intake throughput ({args.requests} submissions per round, {args.clients} clients, {args.rounds} rounds,")
    print(f"{args.threads} threads per instance, RelStorage on PostgreSQL over loopback)")
    print(f"machine: {machine()}")
    for (instances, cores), group in grouped.items():
        name = f"{'one instance' if instances == 1 else 'two instances'}, {cores} core{'s' if cores > 1 else ''}"
        per = {key: per_submission(group, key) for key in group[0].cpu}
        busy = statistics.median(sum(v for k, v in r.cpu.items() if k != "machine") / r.seconds for r in group)
        latency = statistics.median(value for r in group for value in r.latencies)
        print(f"{name}: {spread([r.per_second for r in group])} submissions/s, median (min–max)")
        print(
            "  CPU seconds per submission: "
            + ", ".join(f"{key} {value:.3f}" for key, value in per.items())
            + f"; cores busy {busy:.2f}; latency {latency:.2f}s"
        )
    scale_out = "scale-out, two instances on 2 cores / one on 1 core"
    compare(scale_out, grouped[(1, 1)], grouped[(2, min(2, every))], TARGET_RATIO)
    same_machine = f"same machine, two instances / one, both on all {every} cores"
    compare(same_machine, grouped[(1, every)], grouped[(2, every)], None)
    print(f"answers: {dict(sum((r.statuses for r in rounds), Counter()))}")
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
            order = configurations() if number % 2 == 0 else configurations()[::-1]
            for instances, cores in order:
                first = args.profile and number == 0 and (instances, cores) == (1, 1)
                spy = profile(cluster, args.profile, 20) if first else None
                result = intake.round(instances, args.requests, cores)
                if spy is not None:
                    spy.wait()
                rounds.append(result)
                print(
                    f"round {number + 1}, {instances} instance(s) on {cores} core(s): {result.per_second:.2f}/s "
                    f"in {result.seconds:.1f}s {dict(result.statuses)}",
                    flush=True,
                )
    return report(rounds, args)


if __name__ == "__main__":
    sys.exit(main())

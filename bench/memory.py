"""Memory: the peak resident memory (VmHWM) of one instance serving the supervision dashboard at N = 100,000.

The instance (4 threads, ZODB cache of 30,000 objects per connection, the defaults of ``sanji-instance``)
starts on a throwaway copy of the dataset; its VmHWM is read from ``/proc/<pid>/status`` after start-up,
then after the dashboard, the public statistics and the REST figures were requested ``--requests`` times
each. Command::

    .venv/bin/python -m bench.memory                       # dataset n100k
"""

import argparse
import json
import sys
from datetime import UTC
from datetime import datetime

from bench.client import measure
from bench.growth import TARGETS
from bench.server import DATASETS
from bench.server import base_url
from bench.server import commit_id
from bench.server import pid_status
from bench.server import serving
from bench.server import snapshot

SERVED = ("supervision dashboard", "public statistics page", "REST @supervision")


def _mib(status: dict[str, str], field: str) -> float:
    return int(status[field].split()[0]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="n100k")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--revision", default="HEAD", help="commit to measure; 'worktree' for the working tree")
    args = parser.parse_args(argv)
    code = None if args.revision == "worktree" else snapshot(args.revision)
    revision = args.revision if code is None else commit_id(args.revision)
    figures = {"revision": revision, "dataset": args.dataset, "pages": {}}
    with serving(args.dataset, code=code) as instance:
        pid = instance.process.pid
        started = pid_status(pid)
        figures["after_start_mib"] = _mib(started, "VmHWM")
        base = base_url(instance)
        for target in (target for target in TARGETS if target.name in SERVED):
            timing = measure(base, target, warmup=1, count=args.requests, budget=120)
            figures["pages"][target.name] = timing.summary()
            print(f"  {target.name:28} {timing.summary()}", flush=True)
        status = pid_status(pid)
        figures["peak_mib"] = _mib(status, "VmHWM")
        figures["resident_mib"] = _mib(status, "VmRSS")
    print(
        f"{args.dataset}: VmHWM {figures['after_start_mib']:.0f} MiB after start-up, "
        f"{figures['peak_mib']:.0f} MiB peak after serving (VmRSS {figures['resident_mib']:.0f} MiB); code {revision}"
    )
    path = DATASETS / "results" / f"memory-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

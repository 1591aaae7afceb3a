"""Growth: the pages staff and the public use most, timed at N = 1,000, 10,000 and 100,000 applications.

Target: from 1,000 to 100,000 cases each grows by less than 3 times (they read indexes, not objects), and
the supervision sweep's time follows the number of cards it gives, not N: shown with two datasets of the
same N, one spread over two years (few cases open) and one over six weeks (many open, many due).

Each dataset is served in turn by one instance (a throwaway copy, see :mod:`bench.server`) and timed from
this process over loopback; the ratios are printed at the end of the same run. Command::

    .venv/bin/python -m bench.growth                      # n1000 n10k n100k and n10k-recent
    .venv/bin/python -m bench.growth --datasets n1000 n10k --count 10

A target that does not exist yet (404) is reported as missing: adding a page to :data:`TARGETS` is all
it takes to measure it.
"""

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from pathlib import Path

from bench.client import Target
from bench.client import Timing
from bench.client import measure
from bench.client import session_for
from bench.server import DATASETS
from bench.server import base_url
from bench.server import commit_id
from bench.server import peak_memory_mb
from bench.server import serving
from bench.server import snapshot

#: What staff and the public open, by who opens it. ``{receipt}`` is replaced by a receipt number of the dataset.
TARGETS = [
    Target("worklist: township reviewer, waiting", "@@worklist", user="reviewer-liangcun"),
    Target("worklist: township reviewer, done", "@@worklist?tab=done", user="reviewer-liangcun"),
    Target("worklist: county approver, waiting", "@@worklist", user="approver-minzheng"),
    Target("worklist: village agent, waiting", "@@worklist", user="agent-houfeng"),
    Target("supervision dashboard", "@@supervision-dashboard", user="supervisor"),
    Target("public statistics page", "@@supervision-public"),
    Target("REST @supervision", "@supervision", user="supervisor", json=True),
    Target("service catalog search (public)", "services/@@service-catalog?q=%E6%B4%A5%E8%B4%B4"),
    Target("service catalog page (public)", "services"),
    Target(
        "application by receipt number (@applications)",
        "areas/suning/@applications?receipt_number={receipt}",
        user="supervisor",
        json=True,
    ),
    Target(
        "application by receipt number (Plone's @search)",
        "@search?portal_type=Application&receipt_number={receipt}&metadata_fields=review_state",
        user="supervisor",
        json=True,
    ),
    Target("@applications GET, first batch", "areas/suning/@applications", user="supervisor", json=True),
]
#: The sweep (POST as Manager): the first run gives the cards due, the second sends their SMS (queued by
#: the cards), the third finds nothing to do.
SWEEP = Target("sweep (@@sanji-sweep)", "@@sanji-sweep", user="admin", method="POST", repeat=False)

GROWTH_LIMIT = 3.0
#: Untimed requests per target first: two for each of the instance's 4 threads, whose ZODB connections each
#: keep their own cache (a long-running instance has them all warm).
WARMUP = 8
RESULTS = DATASETS / "results"


def a_receipt(base: str) -> str:
    """The receipt number of some case of the dataset (the oldest), for the look-up target."""
    with session_for("admin") as session:
        response = session.get(
            f"{base}/@search",
            params={
                "portal_type": "Application",
                "sort_on": "created",
                "b_size": 1,
                "metadata_fields": "receipt_number",
            },
            headers={"Accept": "application/json"},
            timeout=120,
        )
    items = response.json().get("items", []) if response.ok else []
    return items[0]["receipt_number"] if items else "0"


def count_applications(base: str) -> int:
    with session_for("admin") as session:
        response = session.get(
            f"{base}/@search",
            params={"portal_type": "Application", "b_size": 1},
            headers={"Accept": "application/json"},
            timeout=120,
        )
    return response.json().get("items_total", 0) if response.ok else 0


def measure_dataset(name: str, *, count: int, budget: float, sweeps: int, code: Path | None) -> dict:
    """Every target on dataset ``name``, then the sweep; with the instance's peak memory."""
    result = {"dataset": name, "timings": {}, "sweeps": []}
    with serving(name, code=code) as instance:
        base = base_url(instance)
        result["applications"] = count_applications(base)
        receipt = a_receipt(base)
        print(f"\n== {name}: {result['applications']} applications (instance pid {instance.process.pid})", flush=True)
        for listed in TARGETS:
            target = replace(listed, path=listed.path.format(receipt=receipt))
            timing = measure(base, target, warmup=WARMUP, count=count, budget=budget)
            print(f"  {target.name:45} {timing.summary()}", flush=True)
            result["timings"][target.name] = _record(timing)
        for number in range(sweeps):
            timing = measure(base, SWEEP, count=1)
            print(f"  {SWEEP.name} #{number + 1:<29} {timing.summary()}  {_sweep_summary(timing)}", flush=True)
            result["sweeps"].append({**_record(timing), "summary": _sweep_summary(timing)})
        result["peak_memory_mb"] = peak_memory_mb(instance.process.pid)
        print(f"  peak resident memory (VmHWM): {result['peak_memory_mb']:.0f} MiB", flush=True)
    return result


def _record(timing: Timing) -> dict:
    q1, q3 = timing.quartiles if timing.samples else (None, None)
    return {
        "ok": timing.ok,
        "error": timing.error,
        "median": timing.median if timing.samples else None,
        "q1": q1,
        "q3": q3,
        "min": min(timing.samples, default=None),
        "max": max(timing.samples, default=None),
        "n": len(timing.samples),
        "bytes": timing.size,
    }


def _sweep_summary(timing: Timing) -> str:
    """What each sweep task said it did (``10-cards``: cards given; ``50-sms``: messages sent), shortened."""
    text = timing.body.strip()
    try:
        tasks = json.loads(text).get("tasks", [])
    except (ValueError, AttributeError):
        return " ".join(text.split())[:200]
    parts = []
    for task in tasks:
        summary = task.get("summary") or {}
        if task.get("task") == "10-cards":
            given = (summary.get(key, 0) for key in ("candidates", "yellow", "red"))
            said = "{} candidates, {} yellow, {} red".format(*given)
        elif task.get("task") == "50-sms":
            said = f"{summary.get('sent', 0)} SMS sent"
        else:
            said = ", ".join(f"{key} {value}" for key, value in summary.items())[:80]
        parts.append(f"{task.get('task')}: {said} ({task.get('seconds', 0):.2f} s)")
    return "; ".join(parts)


def report(results: list[dict]) -> list[str]:
    """The table of medians and the growth ratios of the largest to the smallest dataset."""
    first, last = results[0], results[-1]
    lines = [
        "| target | " + " | ".join(f"{r['dataset']} ({r['applications']:,})" for r in results) + " | ratio | < 3x |",
        "| --- | " + " | ".join("---" for _ in results) + " | --- | --- |",
    ]
    for target in TARGETS:
        cells, medians = [], []
        for result in results:
            timing = result["timings"].get(target.name, {})
            medians.append(timing.get("median"))
            cells.append(f"{timing['median'] * 1000:.0f} ms" if timing.get("median") else timing.get("error") or "–")
        low, high = medians[0], medians[-1]
        ratio = high / low if low and high else None
        verdict = ("yes" if ratio < GROWTH_LIMIT else "**no**") if ratio else "not measured"
        ratio_text = f"{ratio:.2f}" if ratio else "–"
        lines.append(f"| {target.name} | " + " | ".join(cells) + f" | {ratio_text} | {verdict} |")
    lines.append("")
    lines.append(f"ratio: {last['dataset']} / {first['dataset']} medians")
    return lines


def sweep_report(results: list[dict]) -> list[str]:
    """Each dataset's sweeps in order: the first gives the cards, the next sends their SMS, the last is quiet."""
    count = max((len(result["sweeps"]) for result in results), default=0)
    lines = [
        "| dataset | applications | " + " | ".join(f"sweep #{n + 1}" for n in range(count)) + " | what they did |",
        "| --- | --- | " + " | ".join("---" for _ in range(count)) + " | --- |",
    ]
    for result in results:
        sweeps = result["sweeps"]
        cells = [f"{s['median'] * 1000:.0f} ms" if s.get("median") else s.get("error") or "–" for s in sweeps]
        said = " / ".join(f"#{n + 1} {s['summary']}" for n, s in enumerate(sweeps))
        lines.append(f"| {result['dataset']} | {result['applications']:,} | " + " | ".join(cells) + f" | {said} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="+", default=["n1000", "n10k", "n100k"], help="in growing order")
    parser.add_argument("--sweep-datasets", nargs="*", default=["n10k-recent"], help="same N, more cards")
    parser.add_argument("--count", type=int, default=15, help="timed requests per target")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of timed requests per target")
    parser.add_argument("--sweeps", type=int, default=3, help="cards, then their SMS, then a quiet sweep")
    parser.add_argument("--revision", default="HEAD", help="commit to measure; 'worktree' for the working tree")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    code = None if args.revision == "worktree" else snapshot(args.revision)
    revision = args.revision if code is None else commit_id(args.revision)
    print(f"measuring {revision}", flush=True)
    options = {"count": args.count, "budget": args.budget, "sweeps": args.sweeps, "code": code}
    results = [measure_dataset(name, **options) for name in args.datasets]
    extra = [measure_dataset(name, **options) for name in args.sweep_datasets]
    lines = ["", f"Growth (medians), code {revision}", *report(results), "", "Sweep", *sweep_report(results + extra)]
    lines.append("")
    lines.append("peak resident memory: " + ", ".join(f"{r['dataset']} {r['peak_memory_mb']:.0f} MiB" for r in results))
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"growth-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    document = {"revision": revision, "results": results + extra, "table": lines}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1))
    print(f"\n{time.perf_counter() - started:.0f} s; raw figures in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

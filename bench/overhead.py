"""Overhead against plain Plone, and the cost of sealing and encryption in a step of a case.

1. On one instance (a throwaway copy of a dataset), the public service item page and the service catalog
   listing are timed in turns with a plain Plone Document of the same text and a plain Folder listing of
   as many published Documents as there are service items, all anonymous and themed, in the same request
   loop. Target: at most 1.5 times plain Plone.
2. In a Zope process on another copy, :mod:`bench.transitions` walks cases through their steps and times
   the sealing and encryption in each. Target: under 10% of the step.

Command::

    .venv/bin/python -m bench.overhead                  # dataset n1000, 30 rounds, 8 cases
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC
from datetime import datetime

from bench.client import Target
from bench.client import interleaved
from bench.client import session_for
from bench.server import DATASETS
from bench.server import ROOT
from bench.server import base_url
from bench.server import commit_id
from bench.server import dataset
from bench.server import serving
from bench.server import snapshot
from bench.server import throwaway_copy

PAGE_LIMIT = 1.5
SHARE_LIMIT = 0.10
ITEM = "gaoling-jintie"
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def _html(item: dict) -> str:
    """The guide's text as plain HTML: what a Document holding the same guide would show."""
    paragraphs = [item.get("description", ""), item.get("legal_basis", ""), item.get("conditions", "")]
    paragraphs += item.get("procedure", [])
    paragraphs += [material["name"] for material in item.get("materials", [])]
    return "".join(f"<p>{text}</p>" for block in paragraphs for text in block.splitlines() if text)


def _create(session, container_url: str, data: dict) -> str:
    response = session.post(container_url, json=data, headers=JSON, timeout=120)
    response.raise_for_status()
    url = response.json()["@id"]
    session.post(f"{url}/@workflow/publish", json={}, headers=JSON, timeout=120)
    return url


def plain_plone(base: str) -> tuple[str, str]:
    """A published Document with the guide's text and a published Folder of as many Documents as items."""
    items = json.loads((ROOT / "profiles" / "suning" / "items.json").read_text(encoding="utf-8"))
    guide = next(item for item in items if item["id"] == ITEM)
    with session_for("admin") as session:
        document = _create(
            session,
            base,
            {
                "@type": "Document",
                "id": "bench-document",
                "title": guide["title"],
                "description": guide["description"],
                "text": {"data": _html(guide), "content-type": "text/html", "encoding": "utf-8"},
            },
        )
        folder = _create(session, base, {"@type": "Folder", "id": "bench-folder", "title": "网上办事 (plain Plone)"})
        for item in items:
            _create(
                session,
                folder,
                {"@type": "Document", "id": item["id"], "title": item["title"], "description": item["description"]},
            )
    return document.removeprefix(base + "/"), folder.removeprefix(base + "/")


def pages(name: str, rounds: int, code) -> dict:
    """The two comparisons, timed in turns."""
    with serving(name, code=code) as instance:
        base = base_url(instance)
        document, folder = plain_plone(base)
        targets = [
            Target("service item page", f"services/{ITEM}"),
            Target("plain Document view", document),
            Target("service catalog listing", "services"),
            Target("plain Folder listing", folder),
        ]
        timings = interleaved(base, targets, rounds=rounds)
    for timing in timings:
        print(f"  {timing.target.name:28} {timing.summary()}  {timing.size:,} bytes", flush=True)
    by_name = {timing.target.name: timing for timing in timings}
    comparisons = {}
    for ours, plain in (
        ("service item page", "plain Document view"),
        ("service catalog listing", "plain Folder listing"),
    ):
        ratio = by_name[ours].median / by_name[plain].median
        comparisons[ours] = {
            "ours_ms": by_name[ours].median * 1000,
            "plain": plain,
            "plain_ms": by_name[plain].median * 1000,
            "ratio": ratio,
            "met": ratio <= PAGE_LIMIT,
        }
    return comparisons


def transitions(name: str, cases: int, code) -> dict:
    """Run :mod:`bench.transitions` in a Zope process on a copy of ``name``."""
    from sanji.testing_cluster import Instance
    from sanji.testing_cluster import free_port
    from sanji.testing_cluster import instance_environment

    source = dataset(name)
    var = throwaway_copy(source, DATASETS / f"steps-{source.name}")
    env = instance_environment(var, free_port(), 1, {"PYTHONPATH": str(code)} if code else {})
    instance = Instance(source.name, var, 0, env)
    instance.render()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.transitions", str(instance.zope_conf), "--cases", str(cases)],
            cwd=ROOT,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"bench.transitions failed:\n{done.stderr[-5000:]}")
        output = done.stdout
    finally:
        subprocess.run(["rm", "-rf", str(var)], check=False)
    return json.loads(output.strip().splitlines()[-1])


def transition_table(result: dict) -> list[str]:
    """Per step: the probes' times, the share of encryption and signing, and of all sealing work.

    "Encryption and signing" are the AES-GCM sealing and opening, the chain entry's signature (with the
    digest of the case it covers) and the decision PDF's PAdES signature and countersignature; "all
    sealing" adds opening the seal with the PIN (scrypt, slow on purpose: the signer's authentication,
    as a PIN login to a smart card precedes its signatures) and rendering the decision PDF.
    """
    categories = ["pin", "chain", "pdf", "pdf_signature", "encryption"]
    signing = ["chain", "pdf_signature", "encryption"]
    lines = [
        "| step | step time | " + " | ".join(categories) + " | encryption + signing | < 10% | all sealing | < 10% |",
        "| --- | --- | " + " | ".join("---" for _ in categories) + " | --- | --- | --- | --- |",
    ]
    for step, values in result.items():
        proper = sum(values.get(category, 0.0) for category in signing)
        everything = sum(values.get(category, 0.0) for category in categories)
        shares = [spent / values["step"] if values["step"] else 0.0 for spent in (proper, everything)]
        cells = " | ".join(f"{values.get(category, 0.0) * 1000:.1f} ms" for category in categories)
        verdicts = ["yes" if share < SHARE_LIMIT else "**no**" for share in shares]
        lines.append(
            f"| {step} | {values['step'] * 1000:.1f} ms | {cells} | {shares[0]:.1%} | {verdicts[0]} | "
            f"{shares[1]:.1%} | {verdicts[1]} |"
        )
    lines.append("")
    lines.append("medians per step over the cases; 'all steps' sums every step of every case")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="n1000")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--cases", type=int, default=8)
    parser.add_argument("--revision", default="HEAD", help="commit to measure; 'worktree' for the working tree")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    code = None if args.revision == "worktree" else snapshot(args.revision)
    revision = args.revision if code is None else commit_id(args.revision)
    print(f"measuring {revision} on {args.dataset}", flush=True)
    comparisons = pages(args.dataset, args.rounds, code)
    lines = ["", "Pages against plain Plone (medians, anonymous, themed)"]
    lines += ["| page | ms | plain Plone | ms | ratio | ≤ 1.5x |", "| --- | --- | --- | --- | --- | --- |"]
    for ours, c in comparisons.items():
        verdict = "yes" if c["met"] else "**no**"
        lines.append(
            f"| {ours} | {c['ours_ms']:.1f} | {c['plain']} | {c['plain_ms']:.1f} | {c['ratio']:.2f} | {verdict} |"
        )
    steps = transitions(args.dataset, args.cases, code)
    lines += ["", "Sealing and encryption per step (in-process)", *transition_table(steps)]
    print("\n".join(lines))
    path = DATASETS / "results" / f"overhead-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"revision": revision, "pages": comparisons, "steps": steps, "table": lines}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1))
    print(f"\n{time.perf_counter() - started:.0f} s; raw figures in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

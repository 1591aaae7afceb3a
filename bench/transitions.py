"""What sealing and encryption cost in one step of a case, as a share of the step (in-process).

A case of 高龄津贴申领 (village → township → county) is submitted and walked through accept, to_township,
to_county, approve and complete, each step as its real actor with the demo seal PIN and committed, like a
request. The functions that seal and encrypt are timed by wrapping them for the run (a timing probe, as a
profiler would; the product code is not changed):

- ``pin``: opening the actor's seal with the PIN (``unlock_seal``: scrypt, deliberately slow against guessing);
- ``chain``: signing the step's entry (``append_entry``: digest of the case's data, which decrypts the
  personal data, and the signature);
- ``pdf``: rendering the decision PDF (reportlab) on approve and reject;
- ``pdf_signature``: its PAdES signature (pyHanko, with the seal's stamp as the visible appearance) on
  approve and reject, and the countersignature on complete;
- ``encryption``: AES-GCM sealing and opening of personal data, pages and the step's comment outside the above.

Only the outermost probe on the stack counts, so nothing is counted twice. Run through
``python -m bench.overhead`` (which copies a dataset and boots Zope on it); directly::

    python -m bench.transitions var/bench/run-n1000/instance/etc/zope.conf --cases 8
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

#: Category → the functions (module, attribute) it covers, looked up where the callers find them.
PROBES = {
    "pin": [("sanji.seals.chain", "unlock_seal")],
    "chain": [("sanji.seals.chain", "append_entry")],
    "pdf": [("sanji.seals.decision", "render_decision")],
    "pdf_signature": [("sanji.seals.decision", "sign_pdf")],
    "encryption": [
        ("sanji.api.personal_data", "seal"),
        ("sanji.api.personal_data", "unseal"),
        ("sanji.capture.pages", "seal"),
        ("sanji.capture.pages", "unseal"),
        ("sanji.workflow.comments", "sealed_entry"),
    ],
}
ROUTE = [
    ("accept", "agent-houfeng", ""),
    ("to_township", "agent-houfeng", ""),
    ("to_county", "reviewer-liangcun", "材料齐全，情况属实。"),
    ("approve", "approver-minzheng", "符合高龄津贴发放条件，准予批准。"),
    ("complete", "approver-minzheng", "已办结，津贴按月发放。"),
]


class Probe:
    """Time spent in the probed functions, by category, outermost calls only."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.depth = 0

    def wrap(self, category: str, function):
        def timed(*args, **kwargs):
            if self.depth:
                return function(*args, **kwargs)
            self.depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[category] += time.perf_counter() - started
                self.depth -= 1

        return timed

    def take(self) -> dict[str, float]:
        spent, self.spent = dict(self.spent), defaultdict(float)
        return spent


@contextmanager
def probed(probe: Probe) -> Iterator[Probe]:
    """The probes in place for the block, the original functions back afterwards."""
    originals = []
    for category, places in PROBES.items():
        for module_name, attribute in places:
            module = import_module(module_name)
            original = getattr(module, attribute)
            originals.append((module, attribute, original))
            setattr(module, attribute, probe.wrap(category, original))
    try:
        yield probe
    finally:
        for module, attribute, original in originals:
            setattr(module, attribute, original)


def new_case(site, number: int):
    """A draft of 高龄津贴申领 at 后丰村 with every material captured and ticked."""
    import random

    from plone import api

    from bench.generate import _answer_factory
    from bench.generate import page_images
    from sanji.api.applications import Submission
    from sanji.api.applications import item_schema_fields
    from sanji.api.applications import submit
    from sanji.capture.pages import add_page

    item = site.services["gaoling-jintie"]
    rng = random.Random(number)
    answers = {name: _answer_factory(field)(rng) for name, field in item_schema_fields(item).items()}
    applicant = {
        "applicant_name": "董金山",
        "id_number": "11010519491231002X",
        "phone": f"1380000{number:04d}",
        # Another applicant each run too: a case of an earlier run on the same copy is no double submission.
        "address": f"梁村镇后丰村{number}号 ({time.time_ns()})",
    }
    with api.env.adopt_user(username="agent-houfeng"):
        case = submit(site.areas.suning.liangcun.houfeng, Submission(item, applicant, answers), require_materials=False)
        case.checklist = {material["name"]: True for material in item.materials}
        data, content_type = page_images()[0]
        for material in item.materials:
            add_page(case, material["name"], data, content_type, "page.png", "agent-houfeng")
    return case


def step(
    workflow, case, transition: str, user: str, *, comment: str, pin: str, probe: Probe, attempts: int = 3
) -> float:
    """Take ``transition`` as ``user`` and commit; the seconds of the attempt that went through.

    Like the publisher, a step that meets a conflict (an after-commit worker, e.g. the SMS delivery, wrote
    the same object) is aborted and tried again; the probes count the last attempt only.
    """
    import transaction
    from plone import api
    from ZODB.POSException import ConflictError

    for attempt in range(attempts):
        probe.take()
        started = time.perf_counter()
        try:
            with api.env.adopt_user(username=user):
                workflow.doActionFor(case, transition, comment=comment, seal_pin=pin)
            transaction.commit()
        except ConflictError:
            transaction.abort()
            if attempt + 1 == attempts:
                raise
            continue
        return time.perf_counter() - started
    raise AssertionError("unreachable")


def walk(site, cases: int, first: int = 0) -> dict[str, dict]:
    """Per transition: the step's times (seconds) and each category's, over ``cases`` cases.

    Cases are numbered from ``first``: each has another applicant, so none is taken for a double submission.
    """
    import transaction
    from plone import api

    from sanji.setuphandlers.seals import demo_seal_pin

    workflow = api.portal.get_tool("portal_workflow")
    samples: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name, _user, _comment in ROUTE}
    probe = Probe()
    with probed(probe):
        for number in range(first, first + cases):
            case = new_case(site, number)
            transaction.commit()
            for transition, user, comment in ROUTE:
                seconds = step(workflow, case, transition, user, comment=comment, pin=demo_seal_pin(), probe=probe)
                samples[transition]["step"].append(seconds)
                spent = probe.take()
                for category in PROBES:
                    samples[transition][category].append(spent.get(category, 0.0))
    return {transition: dict(values) for transition, values in samples.items()}


def summary(samples: dict[str, dict]) -> dict[str, dict]:
    """Medians per transition, the share of each category, and the whole walk."""
    result = {}
    totals = defaultdict(float)
    for transition, values in samples.items():
        medians = {key: statistics.median(series) for key, series in values.items()}
        for key, series in values.items():
            totals[key] += sum(series)
        result[transition] = medians
    result["all steps"] = dict(totals)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zope_conf")
    parser.add_argument("--cases", type=int, default=8)
    args = parser.parse_args(argv)
    from sanji.cli.boot import zope_site

    with zope_site(args.zope_conf) as (_app, site):
        walk(site, 1)  # warm up: templates, fonts, the PDF machinery
        print(json.dumps(summary(walk(site, args.cases, first=1))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate N historical applications into a site, fast, for the benchmarks.

Each case is simulated from its submission on a working day of the last two years through the steps its
item's route takes (accept, forward, return for correction and resubmit, approve or reject, complete), each
step a few working days after the last, until the simulation reaches today: old cases are mostly completed,
recent ones wait at some tier, a few are overdue (a step took too long), paused (returned to an applicant who
has not come back) or abandoned as drafts. The items, villages and dates are drawn with realistic skews
(some items are far more frequent than others; villages differ in size).

Every case gets what a real one gets: the fields :func:`sanji.api.applications.submit` sets, the workflow
history, ``reached``, ``handled_by``, the pause ledger, the clock (:func:`sanji.api.clock.refresh_clock`),
the permission settings of its state, personal data encrypted by :func:`sanji.api.personal_data.set_personal_data`,
one or two small captured pages (:func:`sanji.capture.pages.add_page`, encrypted blobs) and its catalog entry.

What a historical import skips, and says so: no lifecycle events are fired (no audit log entries, no SMS, no
cards: the supervision sweep gives the cards when it runs), and no seal chains or decision PDFs are made. The
objects are built with the Dexterity class and ``_setOb`` (stored in the folder's BTree and ordering, no
events), not over HTTP.

Command (once per dataset; reuse the result)::

    .venv/bin/python -m bench.generate --var var/bench/n1000 --count 1000

A new dataset folder starts as a copy of ``var/bench/base`` (a fresh site made by ``sanji-create-site``,
created on first use); ``--count`` more cases are then added to whatever the folder holds.
"""

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "秀英桂兰玉珍凤华建国立新志强海明红梅淑芬金山永福德胜春花丽娜文静玉环国庆小平建军宝林树"
REASONS = ("材料不全，请补正", "照片不清晰，请重新采集", "户籍信息与身份证不一致", "缺少委托书")
#: States in which a case waits at a tier, its clock running.
OPEN_STATES = ("accepted", "township_review", "county_approval")
REJECTIONS = ("不符合申请条件", "年龄未达到规定标准", "已在其他地区享受同类待遇")


@dataclass(frozen=True)
class Step:
    """One entry of a case's workflow history."""

    transition: str | None
    state: str
    when: datetime
    actor: str
    tier: str
    comment: str = ""


@dataclass(frozen=True)
class ItemInfo:
    """What a case copies of its service item, read once per run."""

    uid: str
    code: str
    title: str
    department: str
    department_id: str | None
    review_tier: str | None
    approve_tier: str
    promised_days: int
    route: tuple[str, ...]
    materials: tuple[str, ...]
    personal_fields: frozenset[str]
    answers: dict[str, Callable[[random.Random], object]]


@dataclass(frozen=True)
class Village:
    area: object
    village: str
    township: str
    title: str
    weight: float


@dataclass
class Report:
    """What a run made, and how fast."""

    created: int = 0
    seconds: float = 0.0
    states: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    paused: int = 0
    pages: int = 0

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def id_number(rng: random.Random, today: date) -> str:
    """A valid 18-digit resident ID (GB 11643 check character) of someone born 18 to 95 years ago."""
    from sanji.validation.id_card import check_character

    born = today - timedelta(days=rng.randint(18 * 365, 95 * 365))
    first17 = f"130926{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + check_character(first17)


def applicant(rng: random.Random, village: Village, today: date) -> dict[str, str]:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return {
        "applicant_name": rng.choice(SURNAMES) + given,
        "id_number": id_number(rng, today),
        "phone": f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}",
        "address": f"{village.title}{rng.randint(1, 300)}号",
    }


def _answer_factory(schema_field) -> Callable[[random.Random], object]:
    """Draws a valid answer of the field's type (numbers, dates, choices, text)."""
    kind = type(schema_field).__name__
    if kind == "Int":
        return lambda rng: rng.randint(1, 5)
    if kind == "Date":
        return lambda rng: date(rng.randint(1930, 1990), rng.randint(1, 12), rng.randint(1, 28))
    if kind == "Choice":
        values = [term.value for term in schema_field.vocabulary]
        return lambda rng: rng.choice(values)
    if kind == "Bool":
        return lambda rng: rng.random() < 0.5
    return lambda rng: rng.choice(("是", "无", "按月发放", "农业银行肃宁支行"))


def page_images() -> list[tuple[bytes, str]]:
    """A few small PNG and JPEG pages (a real capture is larger; size does not change the costs measured)."""
    from PIL import Image

    pages = []
    for number, (fmt, content_type) in enumerate((("PNG", "image/png"), ("JPEG", "image/jpeg")) * 2):
        buffer = io.BytesIO()
        Image.new("RGB", (48, 32), (40 * number, 200 - 30 * number, 90)).save(buffer, fmt)
        pages.append((buffer.getvalue(), content_type))
    return pages


class Simulator:
    """The life of one case, step by step on working days, up to ``now``."""

    def __init__(self, rng: random.Random, calendar, now: datetime):
        self.rng = rng
        self.calendar = calendar
        self.now = now

    def at(self, day: date, after: datetime | None = None) -> datetime:
        """A time during office hours on ``day``, later than ``after``."""
        moment = datetime(day.year, day.month, day.day, 8, 30, tzinfo=self.now.tzinfo) + timedelta(
            minutes=self.rng.randint(0, 540)
        )
        if after is not None and moment <= after:
            moment = after + timedelta(minutes=self.rng.randint(5, 90))
        return moment

    def later(self, when: datetime, working_days: int) -> datetime:
        return self.at(self.calendar.add_working_days(when.date(), working_days), after=when)

    def submitted_on(self, days_back: int) -> datetime:
        day = self.now.date() - timedelta(days=days_back)
        while not self.calendar.is_workday(day):
            day -= timedelta(days=1)
        return self.at(day)

    def step_days(self, limit: int) -> int:
        """Working days a tier takes: mostly within its limit, sometimes late, rarely stuck for months."""
        roll = self.rng.random()
        if roll < 0.004:
            return self.rng.randint(40, 400)
        if roll < 0.06:
            return limit + self.rng.randint(1, 4)
        return self.rng.randint(0, max(limit - 1, 0))

    def run(self, item: ItemInfo, village: Village, created: datetime) -> list[Step]:
        """The workflow history of the case as it stands now (the first entry is the draft)."""
        from sanji.deadlines.steps import step_limits
        from sanji.workflow.routing import TIER_STATES

        rng = self.rng
        actors = {
            "village": f"agent-{village.village}",
            "township": f"reviewer-{village.township}",
            "county": f"approver-{item.department_id}",
        }
        steps = [Step(None, "draft", created, actors["village"], "")]
        if rng.random() < 0.01:
            return steps  # abandoned at the station
        limits = step_limits(item.promised_days, item.route)
        when = self.later(created, 0 if rng.random() < 0.7 else 1)
        if when > self.now:
            return steps
        steps.append(Step("accept", "accepted", when, actors["village"], "village"))
        for position, tier in enumerate(item.route):
            state = TIER_STATES[tier]
            if rng.random() < 0.07:  # returned for correction
                when = self.later(when, rng.randint(0, 1))
                if when > self.now:
                    return steps
                steps.append(Step("return_for_correction", "returned", when, actors[tier], tier, rng.choice(REASONS)))
                back = self.later(when, rng.randint(1, 8) if rng.random() > 0.02 else 10_000)
                if back > self.now:
                    return steps
                when = back
                steps.append(Step(f"resubmit_{tier}", state, when, actors["village"], "village"))
            when = self.later(when, self.step_days(limits[tier]))
            if when > self.now:
                return steps
            if position + 1 < len(item.route):
                following = item.route[position + 1]
                steps.append(Step(f"to_{following}", TIER_STATES[following], when, actors[tier], tier))
                continue
            if rng.random() < 0.08:
                steps.append(Step("reject", "rejected", when, actors[tier], tier, rng.choice(REJECTIONS)))
            else:
                steps.append(Step("approve", "approved", when, actors[tier], tier))
            when = self.later(when, rng.randint(0, 2) if rng.random() > 0.01 else 60)
            # A refusal is not always collected: some rejected cases stay open for the village to hand over.
            if when <= self.now and (steps[-1].state == "approved" or rng.random() < 0.7):
                hands_over = actors["village"] if rng.random() < 0.5 else actors[tier]
                steps.append(Step("complete", "completed", when, hands_over, ""))
        return steps


def _past(day: date | None, now: datetime) -> bool:
    return day is not None and day < now.date()


def _weights(rng: random.Random, count: int) -> list[float]:
    """Zipf-like popularity over ``count`` things in random order: a few are very common."""
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(count)]
    rng.shuffle(weights)
    return weights


class Generator:
    """Adds historical cases to ``site``; read the county once, then :meth:`add` in batches."""

    def __init__(self, site, *, seed: int = 7, now: datetime | None = None, days: int = 730, max_pages: int = 2):
        from plone import api

        from sanji.deadlines import calendar
        from sanji.workflow.definition import definition

        self.site = site
        self.rng = random.Random(seed)
        self.now = now or calendar.now()
        self.days = days
        self.max_pages = max_pages
        self.calendar = calendar.get_calendar()
        self.simulator = Simulator(self.rng, self.calendar, self.now)
        self.catalog = api.portal.get_tool("portal_catalog")
        self.workflow = definition()
        self.items = self._items()
        self.item_weights = _weights(self.rng, len(self.items))
        self.villages = self._villages()
        self.receipts = set(self.catalog.uniqueValuesFor("receipt_number"))
        self.pages = page_images()

    def _items(self) -> list[ItemInfo]:
        from plone import api

        from sanji.api.applications import item_schema_fields
        from sanji.workflow.routing import route

        departments = {brain.department: brain.getId for brain in api.content.find(portal_type="Department")}
        items = []
        for brain in api.content.find(portal_type="ServiceItem", sort_on="item_code"):
            item = brain.getObject()
            answers = {name: _answer_factory(schema_field) for name, schema_field in item_schema_fields(item).items()}
            items.append(
                ItemInfo(
                    uid=item.UID(),
                    code=item.item_code,
                    title=item.title,
                    department=item.department,
                    department_id=departments.get(item.department),
                    review_tier=item.review_tier,
                    approve_tier=item.approve_tier,
                    promised_days=item.promised_days,
                    route=route(item.review_tier or None, item.approve_tier),
                    materials=tuple(material["name"] for material in item.materials or ()),
                    personal_fields=frozenset(getattr(item, "personal_fields", None) or ()),
                    answers=answers,
                )
            )
        return items

    def _villages(self) -> list[Village]:
        from plone import api

        villages = []
        for brain in api.content.find(portal_type="ServiceArea", area_tier="village", sort_on="path"):
            area = brain.getObject()
            weight = self.rng.uniform(0.4, 2.0)
            villages.append(Village(area, area.getId(), area.aq_parent.getId(), area.title, weight))
        return villages

    def receipt(self, created: datetime) -> str:
        while True:
            number = f"{created:%Y%m%d}{self.rng.randrange(10**8):08d}"
            if number not in self.receipts:
                self.receipts.add(number)
                return number

    def add(self, count: int, report: Report) -> None:
        """Create ``count`` cases (the caller commits)."""
        for _ in range(count):
            item = self.rng.choices(self.items, self.item_weights)[0]
            village = self.rng.choices(self.villages, [v.weight for v in self.villages])[0]
            # Caseloads grow over the years: more recent days are somewhat more likely.
            created = self.simulator.submitted_on(int(self.days * self.rng.random() ** 1.15))
            steps = self.simulator.run(item, village, created)
            application = self.create(item, village, steps)
            state = steps[-1].state
            report.created += 1
            report.states[state] = report.states.get(state, 0) + 1
            report.overdue += state in OPEN_STATES and _past(
                application.step_deadline or application.deadline, self.now
            )
            report.paused += state == "returned"

    def create(self, item: ItemInfo, village: Village, steps: list[Step]):
        """The case with ``steps`` as its history, stored, encrypted and indexed."""
        from DateTime import DateTime
        from persistent.list import PersistentList
        from persistent.mapping import PersistentMapping
        from plone.uuid.interfaces import IMutableUUID

        from sanji.api.clock import end_pause
        from sanji.api.clock import refresh_clock
        from sanji.api.clock import start_pause
        from sanji.api.personal_data import set_personal_data
        from sanji.capture.pages import add_page
        from sanji.capture.pages import page_filename
        from sanji.content.application import Application

        rng = self.rng
        created, last = steps[0], steps[-1]
        receipt = self.receipt(created.when)
        case = Application(receipt)
        case.portal_type = "Application"
        IMutableUUID(case).set(f"{rng.getrandbits(128):032x}")
        case.title = f"{item.title} {receipt}"
        case.receipt_number = receipt
        case.item_uid, case.item_code, case.item_title = item.uid, item.code, item.title
        case.department, case.department_id = item.department, item.department_id
        case.review_tier, case.approve_tier, case.promised_days = (
            item.review_tier,
            item.approve_tier,
            item.promised_days,
        )
        case.village, case.township = village.village, village.township
        case.exclude_from_nav = True
        case.creators = (created.actor,)
        case.creation_date = DateTime(created.when.isoformat())
        case.modification_date = DateTime(last.when.isoformat())
        case.__ac_local_roles__ = {created.actor: ["Owner"]}
        answers = {name: draw(rng) for name, draw in item.answers.items()}
        case.form_data = PersistentMapping({k: v for k, v in answers.items() if k not in item.personal_fields})
        village.area._setOb(receipt, case)  # stored and ordered; no events (see the module docstring)
        case = village.area._getOb(receipt)

        case.workflow_history = self._workflow_history(case, steps)
        self._apply_steps(case, steps, start_pause, end_pause)
        refresh_clock(case, today=last.when.date())
        personal = {**applicant(rng, village, self.now.date())}
        personal.update({k: str(v) for k, v in answers.items() if k in item.personal_fields})
        set_personal_data(case, personal)
        if len(steps) > 1 or rng.random() < 0.5:
            case.checklist = dict.fromkeys(item.materials, True)
            for number in range(1, rng.randint(1, self.max_pages) + 1):
                data, content_type = rng.choice(self.pages)
                material = item.materials[(number - 1) % len(item.materials)] if item.materials else "材料"
                add_page(
                    case, material, data, content_type, page_filename(material, number, content_type), created.actor
                )
        else:
            case.checklist = {}
        case.handled_by = PersistentList(dict.fromkeys(step.actor for step in steps[1:]))
        self.workflow.updateRoleMappingsFor(case)
        case.indexObject()
        return case

    @staticmethod
    def _workflow_history(case, steps: list[Step]):
        """The history the workflow would have written for ``steps``, comments sealed as after each step."""
        from DateTime import DateTime
        from persistent.mapping import PersistentMapping

        from sanji.workflow.comments import sealed_entry
        from sanji.workflow.definition import WORKFLOW_ID

        return PersistentMapping(
            {
                WORKFLOW_ID: tuple(
                    sealed_entry(
                        case,
                        {
                            "action": step.transition,
                            "actor": step.actor,
                            "comments": step.comment,
                            "review_state": step.state,
                            "time": DateTime(step.when.isoformat()),
                            "tier": step.tier,
                        },
                    )
                    for step in steps
                )
            }
        )

    @staticmethod
    def _apply_steps(case, steps: list[Step], start_pause, end_pause) -> None:
        """The dates and bookkeeping :mod:`sanji.workflow.subscribers` keeps at each step."""
        from sanji.workflow.routing import STATE_TIERS
        from sanji.workflow.routing import TIER_STATES
        from sanji.workflow.subscribers import PAUSE_REASON

        reached = ["village"]
        for step in steps[1:]:
            if step.transition == "accept":
                case.accepted_at = step.when
            elif step.transition == "return_for_correction":
                case.returned_from = step.tier
                start_pause(case, step.when, PAUSE_REASON, step.actor)
            elif step.transition.startswith("resubmit_"):
                end_pause(case, step.when)
            elif step.transition == "complete":
                case.completed_at = step.when
            if step.state in TIER_STATES.values() and not step.transition.startswith("resubmit_"):
                case.step_started = step.when.date()
            tier = STATE_TIERS.get(step.state)
            if tier and tier not in reached:
                reached.append(tier)
        case.reached = tuple(reached)


def generate(site, count: int, *, batch: int = 1000, seed: int = 7, progress=None, **options) -> Report:
    """Add ``count`` cases to ``site`` in batches of ``batch``, committing after each."""
    import transaction

    generator = Generator(site, seed=seed, **options)
    report = Report()
    started = time.perf_counter()
    while report.created < count:
        generator.add(min(batch, count - report.created), report)
        transaction.commit()
        site._p_jar.cacheGC()
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)
    return report


def bring_up_to_date(site, *, batch: int = 2000, reindex: tuple[str, ...] = ()) -> list[str]:
    """Re-import the add-on's profile into a dataset made by older code; fill what it adds to the catalog.

    A dataset outlives the code that made it: when a later commit adds catalog indexes or metadata (the
    upgrade to the site's current profile version has then already run), the cases get them here, in
    batches; so do the indexes named in ``reindex`` (whose indexers changed). Returns the names filled.
    """
    import transaction
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    before = set(catalog.indexes()) | set(catalog.schema())
    site.portal_setup.runAllImportStepsFromProfile("profile-sanji:default")
    county = os.environ.get("SANJI_COUNTY") or "suning"
    site.portal_setup.runAllImportStepsFromProfile(f"profile-sanji.counties:{county}", ignore_dependencies=True)
    new = sorted(((set(catalog.indexes()) | set(catalog.schema())) - before) | set(reindex))
    transaction.commit()
    indexes = [name for name in new if name in catalog.indexes()] or ["portal_type"]
    if new:
        for number, brain in enumerate(catalog.unrestrictedSearchResults(portal_type="Application"), start=1):
            brain._unrestrictedGetObject().reindexObject(idxs=indexes)  # metadata too
            if number % batch == 0:
                transaction.commit()
                site._p_jar.cacheGC()
        transaction.commit()
    return new


def _environment(var: Path) -> dict[str, str]:
    return {**os.environ, "SANJI_VAR": str(var), "SANJI_MASTER_KEY_FILE": "", "SANJI_SEAL_AUTHORITY_KEY_FILE": ""}


def prepare(var: Path, base: Path) -> Path:
    """The dataset folder ``var`` with its rendered zope.conf; made from a copy of ``base`` if new."""
    bin_dir = Path(sys.executable).parent
    if not (var / "filestorage" / "Data.fs").exists():
        if not (base / "filestorage" / "Data.fs").exists():
            subprocess.run([bin_dir / "sanji-instance"], check=True, cwd=ROOT, env=_environment(base))
            subprocess.run(
                [bin_dir / "sanji-create-site", base / "instance/etc/zope.conf"],
                check=True,
                cwd=ROOT,
                env=_environment(base),
            )
        var.mkdir(parents=True, exist_ok=True)
        for name in ("filestorage", "blobstorage", "secrets"):
            shutil.copytree(base / name, var / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    subprocess.run([bin_dir / "sanji-instance"], check=True, cwd=ROOT, env=_environment(var), stdout=subprocess.DEVNULL)
    return var / "instance" / "etc" / "zope.conf"


def _print_progress(report: Report) -> None:
    print(f"{report.created:>8} cases  {report.seconds:8.1f} s  {report.per_second:7.1f}/s", flush=True)


def _boot(zope_conf: Path) -> Iterator:
    from sanji.cli.boot import zope_site

    return zope_site(str(zope_conf))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var", type=Path, required=True, help="dataset folder (FileStorage, blobs, keys)")
    parser.add_argument("--count", type=int, required=True, help="how many cases to add")
    parser.add_argument("--base", type=Path, default=ROOT / "var/bench/base", help="fresh site copied into --var")
    parser.add_argument("--batch", type=int, default=1000, help="cases per transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=730, help="the cases are spread over this many past days")
    parser.add_argument("--max-pages", type=int, default=2, help="captured pages per case, at most")
    parser.add_argument("--reindex", nargs="*", default=[], help="indexes to fill again (their indexers changed)")
    parser.add_argument("--no-pack", action="store_true", help="keep the FileStorage's old revisions")
    parser.add_argument(
        "--revision", default="HEAD", help="commit whose code builds the cases; 'worktree' for this tree"
    )
    args = parser.parse_args(argv)
    if args.revision != "worktree" and "BENCH_CODE" not in os.environ:
        # Run the committed code, not the working tree (see bench.server.snapshot): start again on it.
        from bench.server import snapshot

        code = str(snapshot(args.revision))
        env = {**os.environ, "BENCH_CODE": code, "PYTHONPATH": code}
        return subprocess.run([sys.executable, "-m", "bench.generate", *sys.argv[1:]], env=env, check=False).returncode
    var, base = args.var.resolve(), args.base.resolve()
    zope_conf = prepare(var, base)
    os.environ.update(_environment(var))
    with _boot(zope_conf) as (_app, site):
        started = time.perf_counter()
        new = bring_up_to_date(site, reindex=tuple(args.reindex))
        if new:
            print(f"brought up to date in {time.perf_counter() - started:.0f} s: {', '.join(new)}", flush=True)
        report = generate(
            site,
            args.count,
            batch=args.batch,
            seed=args.seed,
            days=args.days,
            max_pages=args.max_pages,
            progress=_print_progress,
        )
        if report.created and not args.no_pack:
            started = time.perf_counter()
            site._p_jar.db().pack()  # the batches rewrote the catalog's buckets: drop the old revisions
            (var / "filestorage" / "Data.fs.old").unlink(missing_ok=True)  # the dataset is disposable anyway
            print(f"packed in {time.perf_counter() - started:.1f} s")
    total = sum(report.states.values()) or 1
    print(f"created {report.created} applications in {report.seconds:.1f} s: {report.per_second:.1f} per second")
    print("states: " + ", ".join(f"{state} {n} ({n / total:.1%})" for state, n in sorted(report.states.items())))
    print(f"overdue (open, deadline passed): {report.overdue}; paused (returned): {report.paused}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

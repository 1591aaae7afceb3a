"""Two real instances over one PostgreSQL database, written to at the same time: nothing lost, nothing half-done.

Both instances (``sanji.testing_cluster``: ``sanji-instance``, ``sanji-create-site``, ``runwsgi``)
take, all at once from several client threads: distinct submissions through plone.restapi's
``@applications`` in two villages; identical double submissions posted to both instances at the
same instant; the same step (accept) on the same case from both instances at the same instant (it
must be taken and sealed once: plone.restapi answers 200 to a step already taken);
and steps on different cases. Every answer must be 2xx, a clean refusal (4xx for a step that is no
longer possible) or 503 with Retry-After (our ConflictError view): never a 500.

Meanwhile both instances run the supervision sweep (``@@sanji-sweep``) at the same time, over and
over, while each step's SMS is sent right after its commit: through the "outbox" gateway, every
message must go out exactly once (one outbox log line in one of the two instances' logs).

Afterwards, read from the other instance and from a third process: every acknowledged receipt is
listed, nothing unacknowledged was created, a double submission made one case, each case's state
and number of sealed steps match the steps acknowledged, its personal data decrypts, its chain of
seals verifies (deep, and through ``@verify``), and the audit log's hash chain is intact.
"""

import json
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from sanji.testing_cluster import ADMIN
from sanji.testing_cluster import DEMO_PASSWORD
from sanji.testing_cluster import DEMO_SEAL_PIN
from sanji.testing_cluster import running_cluster
from sanji.testing_cluster import submission_body
from tests.scale.sites import CHECK_SITE

pytestmark = pytest.mark.postgres

VILLAGES = {"houfeng": "liangcun/houfeng", "qianfeng": "liangcun/qianfeng"}
DISTINCT = 32
DOUBLES = 6
SAME_STEP_CASES = 6
STEPPED_CASES = 6
CLIENTS = 8
ORIGINAL_FORMS = ("original", "original_and_copy")

SMS_SETTINGS = "sanji.sms"
OUTBOX_LINE = "SMS outbox to "

#: Every SMS of the queue once nothing is waiting any more (the senders run after their commit).
SMS_MESSAGES = """
import json, sys, time, transaction
from sanji.cli.boot import zope_site
from sanji.sms.queue import get_queue
with zope_site(sys.argv[1]) as (app, site):
    for _attempt in range(90):
        transaction.abort()
        queue = get_queue(site)
        messages = list(queue.messages.values()) if queue is not None else []
        if not any(message.status in ("queued", "sending") for message in messages):
            break
        time.sleep(1)
    print(json.dumps([
        {"key": m.key, "status": m.status, "gateway": m.gateway, "attempts": m.attempts, "text": m.text}
        for m in messages
    ], ensure_ascii=False))
"""

AUDIT_INTACT = """
import json, sys
from sanji import audit
from sanji.cli.boot import zope_site
with zope_site(sys.argv[1]) as (app, site):
    print(json.dumps({"verify": audit.verify(site), "count": audit.count(site)}))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres_server):
    with running_cluster(tmp_path_factory.mktemp("two-instances"), 2, postgres=postgres_server, threads=4) as running:
        yield running


def session(userid: str, password: str = DEMO_PASSWORD) -> requests.Session:
    client = requests.Session()
    client.auth = (userid, password)
    client.headers["Accept"] = "application/json"
    return client


@pytest.fixture(scope="module")
def item(cluster) -> dict:
    return session(*ADMIN).get(f"{cluster.site_urls[0]}/services/gaoling-jintie").json()


class Answers:
    """Every HTTP answer of the concurrent phase, checked as it comes: never a 500."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.unclean = []

    def record(self, label: str, response: requests.Response) -> requests.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
            clean = response.status_code < 300 or 400 <= response.status_code < 500
            if response.status_code == 503:
                clean = response.headers.get("Retry-After") is not None and "ConflictError" in response.text
            if not clean:
                self.unclean.append((label, response.status_code, response.text[:2000]))
        return response


def post_json(client: requests.Session, url: str, body: dict, answers: Answers, label: str) -> requests.Response:
    return answers.record(label, client.post(url, json=body, timeout=120))


def listing(site_url: str) -> dict[str, str]:
    """``{receipt: review_state}`` of every case, from the catalog of the instance at ``site_url``."""
    found, url = {}, f"{site_url}/areas/suning/@applications?b_size=500"
    while url:
        page = session(*ADMIN).get(url, timeout=60).json()
        found.update({entry["receipt_number"]: entry["review_state"] for entry in page["items"]})
        url = (page.get("batching") or {}).get("next")
    return found


def authenticator(client: requests.Session, case_url: str) -> str:
    """plone.protect's token from the capture page (the same on every instance: the keyring is in the ZODB)."""
    page = client.get(f"{case_url}/@@capture", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(1)


def submit_all(cluster, item: dict, answers: Answers) -> tuple[dict, list[set]]:
    """Distinct and double submissions at once; ``({receipt: village}, [receipts of each double])``."""
    agents = {village: session(f"agent-{village}") for village in VILLAGES}
    urls = [
        {village: f"{site}/areas/suning/{path}/@applications" for village, path in VILLAGES.items()}
        for site in cluster.site_urls
    ]
    created, doubles = {}, [set() for _ in range(DOUBLES)]

    def distinct(number: int) -> None:
        village = list(VILLAGES)[number % 2]
        body = submission_body(item, variant=1000 + number)
        response = post_json(agents[village], urls[number % 2][village], body, answers, f"submit {number}")
        if response.status_code in (200, 201):
            created[response.json()["receipt_number"]] = village

    def double(number: int, instance: int, barrier: threading.Barrier) -> None:
        body = submission_body(item, variant=2000 + number)
        barrier.wait(30)
        response = post_json(agents["houfeng"], urls[instance]["houfeng"], body, answers, f"double {number}")
        if response.status_code in (200, 201):
            doubles[number].add(response.json()["receipt_number"])

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = []
        for number in range(DISTINCT):
            futures.append(pool.submit(distinct, number))
            if number % 5 == 0 and number // 5 < DOUBLES:
                barrier = threading.Barrier(2)
                futures += [pool.submit(double, number // 5, instance, barrier) for instance in (0, 1)]
        for future in futures:
            future.result()
    return created, doubles


def sms_through_outbox_at_any_hour(cluster) -> None:
    """The "outbox" gateway, and no quiet hours (the same time twice): every SMS is due at once."""
    settings = {f"{SMS_SETTINGS}.gateway": "outbox", f"{SMS_SETTINGS}.quiet_start": "00:00"}
    settings[f"{SMS_SETTINGS}.quiet_end"] = "00:00"
    response = session(*ADMIN).patch(f"{cluster.site_urls[0]}/@registry", json=settings, timeout=60)
    assert response.status_code == 204, response.text[:500]


class Sweeps:
    """``@@sanji-sweep`` on both instances at the same instant, again and again until stopped."""

    def __init__(self, cluster, answers: Answers):
        self.cluster, self.answers = cluster, answers
        self.admin = session(*ADMIN)
        self.stopped = threading.Event()
        self.runs = 0

    def both_at_once(self) -> None:
        barrier = threading.Barrier(2)

        def sweep(site_url: str) -> None:
            barrier.wait(30)
            self.answers.record("sweep", self.admin.post(f"{site_url}/@@sanji-sweep", timeout=300))

        threads = [threading.Thread(target=sweep, args=(site,)) for site in self.cluster.site_urls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.runs += 1

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            self.both_at_once()


def outbox_lines(cluster) -> list[str]:
    """The outbox gateway's log lines ("SMS outbox to <masked phone>: <text>") of both instances."""
    lines = []
    for instance in cluster.instances:
        log = instance.var / "log" / "event.log"
        lines += [
            line.split(OUTBOX_LINE, 1)[1]
            for line in log.read_text(errors="replace").splitlines()
            if OUTBOX_LINE in line
        ]
    return lines


def take_steps(cluster, item: dict, cases: list[str], answers: Answers) -> dict[str, list[str]]:
    """Accept the first cases from both instances at once, walk the others up to the county at once.

    Returns the acknowledged steps of each case, in order (a repeated one counted once: it is idempotent).
    """
    agent = session("agent-houfeng")
    reviewer = session("reviewer-liangcun")
    sites = cluster.site_urls
    case_path = "areas/suning/liangcun/houfeng"
    originals = [m["name"] for m in item["materials"] if m.get("form", "original_and_copy") in ORIGINAL_FORMS]
    token = authenticator(agent, f"{sites[0]}/{case_path}/{cases[0]}")
    for number, receipt in enumerate(cases):  # the originals are seen (a form post, not what is measured)
        ticked = agent.post(
            f"{sites[number % 2]}/{case_path}/{receipt}/@@capture-checklist",
            data={"seen:list": originals, "_authenticator": token},
            timeout=60,
        )
        assert ticked.status_code == 200, ticked.text[:500]
    acknowledged = {receipt: [] for receipt in cases}
    lock = threading.Lock()

    def step(client, instance: int, receipt: str, transition: str) -> int:
        url = f"{sites[instance]}/{case_path}/{receipt}/@workflow/{transition}"
        body = {"comment": "并发测试", "seal_pin": DEMO_SEAL_PIN}
        response = post_json(client, url, body, answers, f"{transition} {receipt} on {instance}")
        with lock:  # plone.restapi answers 200 for a step to the state the case is in already: once
            if response.status_code == 200 and acknowledged[receipt][-1:] != [transition]:
                acknowledged[receipt].append(transition)
        return response.status_code

    def same_step(receipt: str, instance: int, barrier: threading.Barrier) -> None:
        barrier.wait(30)
        step(agent, instance, receipt, "accept")

    def walk(number: int, receipt: str) -> None:
        for offset, (client, transition) in enumerate(
            ((agent, "accept"), (agent, "to_township"), (reviewer, "to_county"))
        ):
            if step(client, (number + offset) % 2, receipt, transition) != 200:
                return

    same, stepped = cases[:SAME_STEP_CASES], cases[SAME_STEP_CASES:]
    sweeps = Sweeps(cluster, answers)
    sweeping = threading.Thread(target=sweeps.run)
    sweeping.start()
    try:
        _step_all(pool_size=CLIENTS, same=same, stepped=stepped, walk=walk, same_step=same_step)
    finally:
        sweeps.stopped.set()
        sweeping.join()
    sweeps.both_at_once()  # and once more when every step is done
    assert sweeps.runs >= 2
    return acknowledged


def _step_all(*, pool_size: int, same: list[str], stepped: list[str], walk, same_step) -> None:
    """The walks of the stepped cases, and each same-step pair from both instances at one instant."""
    with ThreadPoolExecutor(pool_size) as pool:
        futures = []
        for number, receipt in enumerate(stepped):
            futures.append(pool.submit(walk, number, receipt))
            if number < len(same):
                barrier = threading.Barrier(2)
                futures += [pool.submit(same_step, same[number], instance, barrier) for instance in (0, 1)]
        for future in futures:
            future.result()


def sms_messages(cluster) -> dict[str, dict]:
    """``{key: message}`` of the SMS queue, once no message waits any more."""
    messages = json.loads(cluster.instances[1].run_python(SMS_MESSAGES).strip().splitlines()[-1])
    return {message["key"]: message for message in messages}


def test_concurrent_work_on_two_instances(cluster, item):
    before = listing(cluster.site_urls[1])
    sms_before = sms_messages(cluster)  # the sample cases' messages, sent by sanji-create-site
    answers = Answers()

    created, doubles = submit_all(cluster, item, answers)
    houfeng = [receipt for receipt, village in created.items() if village == "houfeng"]
    assert len(houfeng) >= SAME_STEP_CASES + STEPPED_CASES, answers.statuses
    sms_through_outbox_at_any_hour(cluster)
    steps = take_steps(cluster, item, houfeng[: SAME_STEP_CASES + STEPPED_CASES], answers)

    print(f"answers: {dict(answers.statuses)}; steps: {dict(Counter(map(len, steps.values())))}")
    assert not answers.unclean, answers.unclean
    for number, receipts in enumerate(doubles):
        assert len(receipts) <= 1, f"double submission {number} made {len(receipts)} cases: {receipts}"
    acknowledged = set(created) | set().union(*doubles)
    assert len(acknowledged) >= DISTINCT * 3 // 4, f"most submissions get through: {answers.statuses}"

    after = listing(cluster.site_urls[1])  # read from the other instance too
    assert set(after) - set(before) == acknowledged, "every acknowledged case is there, nothing else"
    assert listing(cluster.site_urls[0]) == after

    same = houfeng[:SAME_STEP_CASES]
    assert any(steps[receipt] == ["accept"] for receipt in same), f"the same step at once is taken: {steps}"
    expected_state = {(): "draft", ("accept",): "accepted", ("accept", "to_township"): "township_review"}
    expected_state[("accept", "to_township", "to_county")] = "county_approval"
    id_number = submission_body(item)["applicant"]["id_number"]
    stored = json.loads(cluster.instances[0].run_python(CHECK_SITE).strip().splitlines()[-1])
    for receipt in acknowledged:
        case = stored[receipt]
        assert case["intact"], (receipt, case)
        assert case["id_number"] == id_number, "the personal data decrypts"
        taken = tuple(steps.get(receipt, ()))
        assert case["state"] == expected_state[taken] == after[receipt], (receipt, taken, case)
        assert case["steps"] == len(taken), (receipt, taken, case)

    verifier = session(*ADMIN)
    for receipt in list(steps)[:4]:
        report = verifier.get(f"{cluster.site_urls[1]}/@verify", params={"receipt": receipt}, timeout=60).json()
        assert report["chain"]["intact"], report
        assert len(report["chain"]["steps"]) == len(steps[receipt])

    audit = json.loads(cluster.instances[1].run_python(AUDIT_INTACT).strip().splitlines()[-1])
    assert audit["verify"] == [True, None], audit

    messages = [message for key, message in sms_messages(cluster).items() if key not in sms_before]
    assert messages, "the steps send SMS"
    assert {(m["status"], m["gateway"]) for m in messages} <= {("sent", "outbox"), ("delivered", "outbox")}, messages
    sent = outbox_lines(cluster)
    assert len(sent) == len(messages), f"{len(sent)} outbox lines for {len(messages)} messages"
    for message in messages:
        assert sum(line.endswith(message["text"]) for line in sent) == 1, message

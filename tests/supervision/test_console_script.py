"""``sanji-sweep`` on a real FileStorage site, in subprocesses, as the CronJob runs it."""

import json
import sys

from tests.crypto.test_raw_storage import BIN
from tests.crypto.test_raw_storage import build_site
from tests.crypto.test_raw_storage import environment
from tests.crypto.test_raw_storage import run

#: Makes the sample case with the township overdue: accepted sixty days ago.
AGE_AN_OPEN_CASE = """
import sys
from datetime import timedelta
import transaction
from sanji.api.clock import refresh_clock
from sanji.cli.boot import zope_site
from sanji.deadlines import calendar
with zope_site(sys.argv[1]) as (app, site):
    (brain,) = site.portal_catalog.unrestrictedSearchResults(portal_type="Application", review_state="township_review")
    case = brain._unrestrictedGetObject()
    case.accepted_at = calendar.now() - timedelta(days=60)
    case.step_started = case.accepted_at.date()
    refresh_clock(case, calendar.today())
    case.reindexObject()
    transaction.commit()
    print(case.receipt_number)
"""

READ_CARDS = """
import sys
from sanji.cli.boot import zope_site
from sanji.supervision.record import card_history
with zope_site(sys.argv[1]) as (app, site):
    for brain in site.portal_catalog.unrestrictedSearchResults(portal_type="Application", cards="red"):
        print(brain.receipt_number, [card.card for card in card_history(brain._unrestrictedGetObject())])
"""


def sweep(zope_conf, env, check: bool = True):
    return run([str(BIN / "sanji-sweep"), str(zope_conf), "--json"], env, check=check)


def cards_summary(result) -> dict:
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True, report
    return next(task for task in report["tasks"] if task["task"] == "10-cards")["summary"]


def test_sanji_sweep_cards_a_real_site_once(tmp_path):
    var = tmp_path / "var"
    env = environment(var)
    zope_conf = build_site(var, env)
    assert cards_summary(sweep(zope_conf, env))["red"] == 0  # the sample cases were accepted today

    receipt = run([sys.executable, "-c", AGE_AN_OPEN_CASE, str(zope_conf)], env).stdout.strip()
    assert cards_summary(sweep(zope_conf, env)) == {"candidates": 1, "yellow": 0, "red": 1}
    assert cards_summary(sweep(zope_conf, env)) == {"candidates": 0, "yellow": 0, "red": 0}
    carded = run([sys.executable, "-c", READ_CARDS, str(zope_conf)], env).stdout.strip()
    assert carded == f"{receipt} ['red']"

    text = run([str(BIN / "sanji-sweep"), str(zope_conf)], env).stdout
    assert "10-cards: candidates=0, red=0, yellow=0" in text


def test_sanji_sweep_refuses_a_missing_configuration(tmp_path):
    result = sweep(tmp_path / "absent.conf", environment(tmp_path / "var"), check=False)
    assert result.returncode == 2
    assert "sanji-sweep:" in result.stderr

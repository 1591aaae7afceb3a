"""Building and checking real sites in subprocesses, as an operator does (shared by the scale tests)."""

import json
import shutil
import sys
from pathlib import Path

from tests.crypto.test_raw_storage import BIN
from tests.crypto.test_raw_storage import CASES
from tests.crypto.test_raw_storage import REPO
from tests.crypto.test_raw_storage import build_site
from tests.crypto.test_raw_storage import environment
from tests.crypto.test_raw_storage import run

__all__ = [
    "BIN",
    "CASES",
    "REPO",
    "build_site",
    "check_site",
    "environment",
    "keep_keys",
    "render_instance",
    "run",
    "sample_id_numbers",
]

#: Opens the site, and for every application: its personal data decrypts, its seals verify (deep).
CHECK_SITE = """
import json, sys
from sanji.cli.boot import zope_site
from sanji.api.personal_data import get_personal_data
from sanji.seals.verify import verify_chain
found = {}
with zope_site(sys.argv[1]) as (app, site):
    for brain in site.portal_catalog.unrestrictedSearchResults(portal_type="Application"):
        case = brain._unrestrictedGetObject()
        report = verify_chain(case, deep=True)
        found[case.receipt_number] = {
            "state": report.state,
            "intact": report.intact,
            "problem": str(report.problem),
            "steps": len(report.steps),
            "id_number": get_personal_data(case)["id_number"],
        }
print(json.dumps(found, sort_keys=True))
"""


def check_site(zope_conf: Path, env: dict) -> dict:
    """``{receipt_number: {state, intact, problem, steps, id_number}}`` of every application."""
    result = run([sys.executable, "-c", CHECK_SITE, str(zope_conf)], env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def render_instance(env: dict) -> Path:
    """``sanji-instance`` only (no site creation): the zope.conf of an existing store."""
    run([str(BIN / "sanji-instance"), "--templates", str(REPO / "instance")], env)
    return Path(env["SANJI_VAR"]) / "instance" / "etc" / "zope.conf"


def keep_keys(var: Path, keys: Path) -> dict:
    """Copy the generated key files out of ``var`` (as an operator backs them up); return their env."""
    keys.mkdir(parents=True, exist_ok=True)
    ring = shutil.copy2(var / "secrets" / "master-keys.json", keys / "master-keys.json")
    authority = shutil.copy2(var / "secrets" / "seal-authority.pem", keys / "seal-authority.pem")
    return {"SANJI_MASTER_KEY_FILE": str(ring), "SANJI_SEAL_AUTHORITY_KEY_FILE": str(authority)}


def sample_id_numbers() -> set[str]:
    return {case["applicant"]["id_number"] for case in CASES}

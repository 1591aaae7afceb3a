"""Demo seals of a county's demo staff, issued at county import (after the staff exist).

Everyone who takes steps (village agents, township reviewers, county approvers) gets a seal whose
PIN is SANJI_DEMO_SEAL_PIN, ``123456`` on a laptop: a local default only, like the demo passwords.
A person who already has a valid seal keeps it, so importing the county again changes nothing.
"""

import json
import os

from sanji.seals.store import county_title
from sanji.seals.store import current_seal
from sanji.seals.store import ensure_authority
from sanji.seals.store import issue_seal

DEMO_PIN_VARIABLE = "SANJI_DEMO_SEAL_PIN"
SIGNING_ROLES = ("agent", "reviewer", "approver")


def demo_seal_pin() -> str:
    return os.environ.get(DEMO_PIN_VARIABLE) or "123456"


def issue_demo_seals(context, county: dict) -> int:
    """Create the seal authority if the site has none, then a seal for every demo signer without one.

    :returns: how many seals were issued.
    """
    raw = context.readDataFile("staff.json")
    if raw is None:
        return 0
    sample = " (示例)" if county.get("sample_data") else ""
    ensure_authority(f"{county_title()}电子签章中心{sample}")
    pin, issued = demo_seal_pin(), 0
    for person in json.loads(raw):
        if person["role"] not in SIGNING_ROLES:
            continue
        record = current_seal(person["id"])
        if record is None or record.status() != "valid":
            issue_seal(person["id"], pin, issuer="sanji-county")
            issued += 1
    return issued

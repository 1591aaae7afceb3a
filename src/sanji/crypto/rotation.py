"""Key rotation: rewrap every data key under the ring's current master key, without downtime.

The procedure (docs/operations): add a new key to the ring file and make it current, keeping the
old one (``sanji-rotate-keys --new-key`` prints such a file); restart the instances, which now wrap new
data keys under the new id and still unwrap old ones; run ``sanji-rotate-keys``, which rewraps the
others in batches, one transaction each, so the site keeps working meanwhile; when it reports that
the old id wraps no data key any more, remove it from the file and restart again.

The command is idempotent: data keys already under the current id are skipped, and an interrupted
run is simply started again. Only the small data key records are written; personal data and pages
stay as they are (their data keys do not change). Personal data and pages stored before
encryption existed are encrypted on the way.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

import transaction
from plone import api
from ZODB.POSException import ConflictError

from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import set_personal_data
from sanji.audit.chain import log
from sanji.capture.pages import stored_pages
from sanji.crypto.envelope import data_key_record
from sanji.crypto.envelope import rewrap
from sanji.crypto.keys import KeyRing
from sanji.crypto.keys import data_key_counts
from sanji.crypto.keys import get_ring

logger = logging.getLogger("sanji.crypto")

BATCH_SIZE = 200
RETRIES = 5


@dataclass
class RotationReport:
    """What a run did, application by application."""

    current: str = ""
    rewrapped: int = 0
    already_current: int = 0
    shredded: int = 0
    without_key: int = 0
    encrypted_plaintext: int = 0
    #: Data keys wrapped under each key id afterwards; ids with 0 may leave the ring.
    remaining: dict[str, int] = field(default_factory=dict)


def encrypt_plaintext(application) -> bool:
    """Encrypt personal data and pages written before encryption existed; False if nothing was plain."""
    changed = False
    stored = getattr(application, "_sanji_personal", None)
    if stored and not isinstance(stored, bytes):
        set_personal_data(application, get_personal_data(application))
        changed = True
    for page in stored_pages(application):
        if not page.encrypted:
            with page.blob.open("r") as handle:
                plain = handle.read()
            page.store(application, plain)
            changed = True
    return changed


def rotate_one(application, ring: KeyRing, report: RotationReport) -> None:
    if encrypt_plaintext(application):
        report.encrypted_plaintext += 1
    record = data_key_record(application)
    if record is None:
        report.without_key += 1
    elif record.shredded is not None:
        report.shredded += 1
    elif rewrap(application, ring):
        report.rewrapped += 1
    else:
        report.already_current += 1


def _batches(paths: list[str], size: int):
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def rotate(
    site,
    *,
    batch_size: int = BATCH_SIZE,
    commit: Callable[[], None] = transaction.commit,
    actor: str | None = None,
) -> RotationReport:
    """Rewrap every application's data key under the current key id, committing each batch.

    A batch that conflicts with the running site is retried from fresh state (it is idempotent).
    """
    ring = get_ring()
    catalog = api.portal.get_tool("portal_catalog")
    paths = [brain.getPath() for brain in catalog.unrestrictedSearchResults(portal_type="Application")]
    total = RotationReport(current=ring.current)
    for batch in _batches(paths, batch_size):
        for attempt in range(RETRIES):
            report = RotationReport()
            try:
                for path in batch:
                    application = site.unrestrictedTraverse(path, None)
                    if application is not None:
                        rotate_one(application, ring, report)
                commit()
                break
            except ConflictError:
                transaction.abort()
                logger.info("Batch conflicted with the running site, retrying (%d)", attempt + 1)
        else:
            raise ConflictError(f"A batch of {len(batch)} applications kept conflicting; run the command again.")
        for name in ("rewrapped", "already_current", "shredded", "without_key", "encrypted_plaintext"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        logger.info("Rewrapped %d data keys so far", total.rewrapped)
    total.remaining = data_key_counts(site)
    log(
        "key_rotation",
        actor=actor,
        site=site,
        current=ring.current,
        rewrapped=total.rewrapped,
        already_current=total.already_current,
        encrypted_plaintext=total.encrypted_plaintext,
        remaining=total.remaining,
    )
    commit()
    return total

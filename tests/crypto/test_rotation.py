"""Key rotation: old data stays readable throughout, and afterwards needs only the new key."""

import pytest
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

from sanji.api.personal_data import get_personal_data
from sanji.audit.chain import recent
from sanji.capture.pages import Page
from sanji.capture.pages import add_page
from sanji.capture.pages import read_page
from sanji.capture.pages import stored_pages
from sanji.crypto.envelope import data_key_record
from sanji.crypto.errors import WrongMasterKey
from sanji.crypto.keys import data_key_counts
from sanji.crypto.keys import verify_site
from sanji.crypto.keys import with_new_key
from sanji.crypto.rotation import rotate
from tests.cases import APPLICANT
from tests.cases import new_case
from tests.cases import png_bytes


def no_commit():
    """Integration tests never commit; the batches still run as they would."""


def only(document: dict, key_id: str) -> dict:
    return {**document, "keys": {key_id: document["keys"][key_id]}}


@pytest.fixture
def cases(portal):
    made = [new_case(portal), new_case(portal, applicant_name="王秀兰", id_number="130926194008220017")]
    add_page(made[0], "居民户口簿", png_bytes(), "image/png", "scan.png", "agent-houfeng")
    return made


def test_rotation_rewraps_every_data_key_and_retires_the_old_key(portal, cases, use_ring, layer_ring_document):
    old = layer_ring_document["current"]
    rotated = with_new_key(layer_ring_document)
    ring = use_ring(rotated)
    # Both keys in the ring: old data still reads, new data keys use the new key.
    assert get_personal_data(cases[0])["phone"] == APPLICANT["phone"]
    newer = new_case(portal, applicant_name="李建国", id_number="130926197911030029")
    assert data_key_record(newer).key_id == ring.current

    report = rotate(portal, batch_size=1, commit=no_commit, actor="cli:test")
    assert (report.rewrapped, report.already_current) == (2, 1)
    assert report.remaining[old] == 0
    assert all(data_key_record(case).key_id == ring.current for case in cases)
    assert data_key_counts(portal)[ring.current] == 3

    use_ring(only(rotated, rotated["current"]))
    assert get_personal_data(cases[0])["phone"] == APPLICANT["phone"]
    assert get_personal_data(cases[1])["applicant_name"] == "王秀兰"
    page = stored_pages(cases[0])[0]
    assert read_page(cases[0], page.id)[1] == png_bytes()
    verify_site(portal, use_ring(only(rotated, rotated["current"])))


def test_rotation_is_idempotent(portal, cases, use_ring, layer_ring_document):
    use_ring(with_new_key(layer_ring_document))
    assert rotate(portal, commit=no_commit).rewrapped == 2
    again = rotate(portal, commit=no_commit)
    assert (again.rewrapped, again.already_current) == (0, 2)


def test_removing_the_old_key_before_rotating_is_refused(portal, cases, use_ring, layer_ring_document):
    rotated = with_new_key(layer_ring_document)
    ring = use_ring(only(rotated, rotated["current"]))
    with pytest.raises(WrongMasterKey, match="has no key"):
        get_personal_data(cases[0])
    with pytest.raises(WrongMasterKey, match="wraps 2 data keys"):
        verify_site(portal, ring)


def test_rotation_is_audited(portal, cases, use_ring, layer_ring_document):
    ring = use_ring(with_new_key(layer_ring_document))
    rotate(portal, commit=no_commit, actor="cli:root")
    (entry,) = list(recent(0, 1))
    assert entry["action"] == "key_rotation"
    assert entry["actor"] == "cli:root"
    assert entry["details"]["current"] == ring.current
    assert entry["details"]["rewrapped"] == 2


def test_plain_data_from_before_encryption_is_encrypted_on_the_way(portal, use_ring, layer_ring_document):
    case = new_case(portal)
    case._sanji_personal = PersistentMapping({"applicant_name": "董金山", "phone": "13800001234"})
    legacy = Page("居民户口簿", b"plain page", "image/png", "old.png", "agent-houfeng")
    with legacy.blob.open("w") as handle:
        handle.write(b"plain page")
    assert stored_pages(case) == []
    case._sanji_pages = PersistentList([legacy])
    report = rotate(portal, commit=no_commit)
    assert report.encrypted_plaintext == 1
    assert isinstance(case._sanji_personal, bytes)
    assert b"13800001234" not in case._sanji_personal
    assert get_personal_data(case) == {"applicant_name": "董金山", "phone": "13800001234"}
    assert legacy.encrypted
    with legacy.blob.open("r") as handle:
        assert b"plain page" not in handle.read()
    assert read_page(case, legacy.id)[1] == b"plain page"

"""Envelope encryption: only ciphertext is stored, and a wrong key or altered bytes fail loudly."""

import hashlib
from datetime import date

import pytest
from persistent.mapping import PersistentMapping

from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import set_personal_data
from sanji.capture.pages import add_page
from sanji.capture.pages import read_page
from sanji.capture.pages import stored_pages
from sanji.crypto.envelope import data_key_record
from sanji.crypto.errors import DecryptionFailed
from sanji.crypto.errors import WrongMasterKey
from sanji.crypto.keys import data_key_counts
from sanji.crypto.keys import key_state
from sanji.crypto.keys import new_ring_document
from sanji.crypto.keys import verify_site
from tests.cases import APPLICANT
from tests.cases import VALID_ID
from tests.cases import new_case
from tests.cases import png_bytes

MARKER = png_bytes((0x5A, 0xA5, 0x3C))


def blob_bytes(page) -> bytes:
    with page.blob.open("r") as handle:
        return handle.read()


def test_personal_data_is_stored_as_ciphertext_only(case):
    stored = case._sanji_personal
    assert isinstance(stored, bytes)
    for value in APPLICANT.values():
        assert value.encode("utf-8") not in stored
    data = get_personal_data(case)
    assert {name: data[name] for name in APPLICANT} == APPLICANT
    assert data["id_number"] == VALID_ID


def test_values_keep_their_types(case):
    set_personal_data(case, {"applicant_name": "董金山", "birth_date": date(1938, 3, 15), "children": 3})
    assert get_personal_data(case) == {"applicant_name": "董金山", "birth_date": date(1938, 3, 15), "children": 3}


def test_each_write_uses_a_fresh_nonce(case):
    data = get_personal_data(case)
    first = case._sanji_personal
    set_personal_data(case, data)
    assert case._sanji_personal != first
    assert get_personal_data(case) == data


def test_one_data_key_per_application_wrapped_under_the_current_key(portal, case):
    from sanji.crypto.keys import get_ring

    record = data_key_record(case)
    assert record.key_id == get_ring().current
    assert len(record.wrapped) == 12 + 32 + 16
    other = new_case(portal, applicant_name="王秀兰")
    assert data_key_record(other).wrapped != record.wrapped
    assert data_key_counts(portal)[get_ring().current] >= 2
    assert get_ring().current in key_state(portal).checks


def test_altered_ciphertext_fails_authentication(case):
    stored = bytearray(case._sanji_personal)
    stored[-5] ^= 0x01
    case._sanji_personal = bytes(stored)
    with pytest.raises(DecryptionFailed, match="fails authentication"):
        get_personal_data(case)


def test_ciphertext_moved_to_another_case_does_not_open(portal, case):
    other = new_case(portal, applicant_name="王秀兰", id_number="130926193803150025")
    other._sanji_personal = case._sanji_personal
    with pytest.raises(DecryptionFailed):
        get_personal_data(other)


def test_data_key_moved_to_another_case_does_not_open(portal, case):
    other = new_case(portal, applicant_name="王秀兰", id_number="130926193803150025")
    other._sanji_personal = case._sanji_personal
    other._sanji_data_key = case._sanji_data_key
    with pytest.raises(WrongMasterKey):
        get_personal_data(other)


def test_not_a_ciphertext_is_refused(case):
    case._sanji_personal = b"\x02" + bytes(40)
    with pytest.raises(DecryptionFailed, match="not in a known format"):
        get_personal_data(case)


def test_plain_data_from_before_encryption_is_still_read(case):
    case._sanji_personal = PersistentMapping({"applicant_name": "董金山"})
    assert get_personal_data(case) == {"applicant_name": "董金山"}


def test_pages_are_stored_encrypted_and_read_back(case):
    info = add_page(case, "居民户口簿", MARKER, "image/png", "scan.png", "agent-houfeng")
    (page,) = stored_pages(case)
    stored = blob_bytes(page)
    assert MARKER not in stored
    assert MARKER[16:64] not in stored
    assert info.sha256 == hashlib.sha256(MARKER).hexdigest()
    assert info.size == len(MARKER)
    assert read_page(case, info.id)[1] == MARKER


def test_altered_page_fails_authentication(case):
    info = add_page(case, "居民户口簿", MARKER, "image/png", "scan.png", "agent-houfeng")
    (page,) = stored_pages(case)
    stored = bytearray(blob_bytes(page))
    stored[40] ^= 0xFF
    with page.blob.open("w") as handle:
        handle.write(bytes(stored))
    with pytest.raises(DecryptionFailed):
        read_page(case, info.id)


def test_page_swapped_with_another_page_does_not_open(case):
    first = add_page(case, "居民户口簿", MARKER, "image/png", "a.png", "agent-houfeng")
    add_page(case, "居民户口簿", png_bytes(), "image/png", "b.png", "agent-houfeng")
    one, two = stored_pages(case)
    one.blob, two.blob = two.blob, one.blob
    with pytest.raises(DecryptionFailed):
        read_page(case, first.id)


def test_wrong_key_under_the_same_id_reads_nothing_and_writes_nothing(portal, case, use_ring, layer_ring_document):
    impostor = new_ring_document()
    current = layer_ring_document["current"]
    check = key_state(portal).checks[current]
    ring = use_ring({**impostor, "current": current, "keys": {current: impostor["keys"][impostor["current"]]}})
    with pytest.raises(WrongMasterKey, match="does not open the data key"):
        get_personal_data(case)
    with pytest.raises(WrongMasterKey, match="not the key this site"):
        verify_site(portal, ring)
    with pytest.raises(WrongMasterKey, match="Nothing was written"):
        set_personal_data(new_case_without_data(portal), {"applicant_name": "王秀兰"})
    assert key_state(portal).checks[current] == check


def new_case_without_data(portal):
    """An application that has no data key yet (as in the middle of a submission)."""
    from plone import api

    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=portal.areas.suning.liangcun.houfeng, type="Application", id="no-key-yet", title="x"
        )


def test_ring_without_a_key_still_in_use_is_refused(portal, case, use_ring):
    ring = use_ring(new_ring_document())
    with pytest.raises(WrongMasterKey, match="has no key"):
        get_personal_data(case)
    with pytest.raises(WrongMasterKey, match="missing from"):
        verify_site(portal, ring)


def test_the_right_ring_fits_the_site(portal, case):
    from sanji.crypto.keys import get_ring

    verify_site(portal, get_ring())

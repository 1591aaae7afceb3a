"""The catalog holds no plaintext personal data; ID numbers are found through a keyed hash."""

import hashlib
import hmac

import pytest

from sanji.api.personal_data import find_by_id_number
from sanji.api.personal_data import id_number_hash
from sanji.crypto.keys import get_ring
from tests.cases import APPLICANT
from tests.cases import VALID_ID
from tests.cases import new_case

OTHER_ID = "130926193803150025"


def test_find_by_id_number(portal):
    first = new_case(portal)
    second = new_case(portal, applicant_name="王秀兰", id_number=OTHER_ID)
    assert [brain.getPath() for brain in find_by_id_number(VALID_ID)] == ["/".join(first.getPhysicalPath())]
    assert [brain.UID for brain in find_by_id_number(OTHER_ID)] == [second.UID()]
    assert find_by_id_number("110105194912310029") == []
    assert find_by_id_number("") == []


def test_the_number_is_normalised_before_hashing(portal):
    case = new_case(portal)
    typed = "１１０１０５ 19491231002x"
    assert [brain.UID for brain in find_by_id_number(typed)] == [case.UID()]


def test_the_hash_is_keyed_with_the_index_key():
    expected = hmac.new(get_ring().index_key, b"id_number|" + VALID_ID.encode(), hashlib.sha256).hexdigest()
    assert id_number_hash(VALID_ID) == expected
    assert id_number_hash(VALID_ID) != hashlib.sha256(VALID_ID.encode()).hexdigest()


def test_no_index_or_metadata_holds_personal_data(portal):
    new_case(portal)
    catalog = portal.portal_catalog._catalog
    secrets = list(APPLICANT.values())
    found = []
    for name, index in catalog.indexes.items():
        try:
            values = list(index.uniqueValues())
        except (NotImplementedError, AttributeError):  # text indexes: their words are in the lexicon
            continue
        found += [(name, value) for value in values if any(secret in str(value) for secret in secrets)]
    lexicon_words = " ".join(portal.portal_catalog.plone_lexicon.words())
    found += [("lexicon", secret) for secret in secrets if secret in lexicon_words]
    for record in catalog.data.values():
        found += [("metadata", secret) for secret in secrets if secret in repr(record)]
    assert found == []


def test_without_the_index_the_lookup_refuses_rather_than_returning_every_case(portal):
    new_case(portal)
    portal.portal_catalog.delIndex("id_number_hash")
    with pytest.raises(LookupError, match="id_number_hash"):
        find_by_id_number(VALID_ID)

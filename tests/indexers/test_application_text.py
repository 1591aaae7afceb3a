"""A case is found by its own indexes, not by full text: its receipt number is no word of the lexicon."""

from plone import api

from sanji.indexers.upgrades import TEXT_INDEXES
from sanji.indexers.upgrades import drop_application_text
from tests.cases import new_case


def test_found_by_item_words_and_by_receipt_index_not_by_receipt_word(portal):
    case = new_case(portal)
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults
    assert [b._unrestrictedGetObject() for b in found(receipt_number=case.receipt_number)] == [case]
    assert not found(SearchableText=case.receipt_number, portal_type="Application")
    assert not found(Title=case.receipt_number, portal_type="Application")
    assert not found(SearchableText=case.item_code, portal_type="Application")
    assert case in [b._unrestrictedGetObject() for b in found(item_code=case.item_code, portal_type="Application")]
    assert found(receipt_number=case.receipt_number)[0].item_title == case.item_title
    assert case.receipt_number in case.Title()


def test_the_upgrade_removes_cases_indexed_before(portal):
    case = new_case(portal)
    catalog = api.portal.get_tool("portal_catalog")
    rid = catalog.unrestrictedSearchResults(receipt_number=case.receipt_number)[0].getRID()
    for name in TEXT_INDEXES:  # as an older version indexed it
        catalog._catalog.getIndex(name).index.index_doc(rid, f"{case.receipt_number} {case.item_title}")
    assert catalog.unrestrictedSearchResults(SearchableText=case.receipt_number)

    drop_application_text(portal.portal_setup)

    assert not catalog.unrestrictedSearchResults(SearchableText=case.receipt_number)
    assert not catalog.unrestrictedSearchResults(Title=case.receipt_number)
    assert catalog.unrestrictedSearchResults(receipt_number=case.receipt_number)

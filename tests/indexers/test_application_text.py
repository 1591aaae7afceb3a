"""A case is found by its own indexes, not by full text: its receipt number is no word of the lexicon."""

from plone import api

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

"""The one index of personal data: a keyed hash of the ID number, never the number itself."""

from plone.indexer import indexer

from sanji.api.personal_data import get_personal_data
from sanji.api.personal_data import id_number_hash as keyed_hash
from sanji.content.application import IApplication


@indexer(IApplication)
def id_number_hash(application) -> str:
    """HMAC-SHA256 of the normalised ID number; none once the personal data is shredded."""
    number = get_personal_data(application).get("id_number")
    if not number:
        raise AttributeError("id_number_hash")
    return keyed_hash(number)

"""Where an application's personal data lives: the applicant and the answers marked personal.

Everything that reads or writes personal data goes through these functions. The data is stored
only as one AES-GCM ciphertext of its JSON under the application's data key (二次加密, see
:mod:`sanji.crypto.envelope`): nothing readable reaches the ZODB. Never index or log what they return;
the catalog gets a keyed hash of the ID number only (:func:`id_number_hash`).
"""

import hashlib
import hmac
import json
from datetime import date
from datetime import datetime

from plone import api

from sanji.crypto.envelope import seal
from sanji.crypto.envelope import shredded_at
from sanji.crypto.envelope import unseal
from sanji.crypto.errors import DataShredded
from sanji.crypto.keys import get_ring
from sanji.validation.id_card import normalize_id_number

_ATTRIBUTE = "_sanji_personal"
PURPOSE = "personal"


def _encode(value):
    """Dates and times keep their type through JSON; anything else unusual becomes text."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return str(value)


def _decode(value: dict):
    if set(value) == {"$datetime"}:
        return datetime.fromisoformat(value["$datetime"])
    if set(value) == {"$date"}:
        return date.fromisoformat(value["$date"])
    return value


def set_personal_data(application, data: dict) -> None:
    """Replace the personal data of ``application`` with ``data`` (text, numbers, dates)."""
    plaintext = json.dumps(dict(data), ensure_ascii=False, sort_keys=True, default=_encode).encode("utf-8")
    setattr(application, _ATTRIBUTE, seal(application, PURPOSE, plaintext))


def get_personal_data(application) -> dict:
    """The personal data of ``application`` (a copy; empty if none was stored or it was shredded).

    :raises sanji.crypto.errors.DecryptionFailed: the stored data was altered.
    :raises sanji.crypto.errors.WrongMasterKey: the master key ring cannot open it.
    """
    stored = getattr(application, _ATTRIBUTE, None)
    if not stored:
        return {}
    if not isinstance(stored, bytes):  # written before encryption; sanji-rotate-keys encrypts it
        return dict(stored)
    try:
        plaintext = unseal(application, PURPOSE, stored)
    except DataShredded:
        return {}
    return json.loads(plaintext.decode("utf-8"), object_hook=_decode)


def personal_data_shredded(application) -> datetime | None:
    """When the personal data was destroyed at the end of its retention period, or None."""
    return shredded_at(application)


def id_number_hash(number: str) -> str:
    """The keyed hash (HMAC-SHA256 with the ring's index key) of a normalised ID number.

    What the catalog indexes instead of the number: it finds a person's cases without letting
    anyone with a copy of the database test guesses of ID numbers.
    """
    normalised = normalize_id_number(str(number or ""))
    return hmac.new(get_ring().index_key, b"id_number|" + normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def find_by_id_number(number: str) -> list:
    """Catalog brains of every application of the person with ID ``number``, newest first.

    Unrestricted: the caller decides who may ask, and checks each case's permissions itself.

    :raises LookupError: the catalog has no ``id_number_hash`` index (the profile is not upgraded);
        the catalog would otherwise ignore the criterion and return every case.
    """
    if not normalize_id_number(str(number or "")):
        return []
    catalog = api.portal.get_tool("portal_catalog")
    if "id_number_hash" not in catalog.indexes():
        raise LookupError("The catalog has no id_number_hash index: upgrade the sanji:default profile.")
    return list(
        catalog.unrestrictedSearchResults(
            portal_type="Application", id_number_hash=id_number_hash(number), sort_on="created", sort_order="reverse"
        )
    )

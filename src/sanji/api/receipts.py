"""Receipt numbers (受理编号): what the citizen is given, prints, types in an SMS and on the portal.

Date plus eight random digits, e.g. ``2026112804837291``: short enough to read aloud, not
guessable from the previous one (tracking also asks for the phone's last digits), and unique
without a shared counter, so instances over one database never serialise on it.
"""

import secrets
from datetime import datetime

from plone import api

ATTEMPTS = 20


def _taken(number: str) -> bool:
    catalog = api.portal.get_tool("portal_catalog")
    return bool(catalog.unrestrictedSearchResults(portal_type="Application", receipt_number=number))


def new_receipt_number(now: datetime) -> str:
    """A receipt number that no application has yet.

    :raises RuntimeError: only if ATTEMPTS random draws all collided (practically never).
    """
    for _attempt in range(ATTEMPTS):
        number = f"{now:%Y%m%d}{secrets.randbelow(10**8):08d}"
        if not _taken(number):
            return number
    raise RuntimeError("No free receipt number found")


def find_application(number: str):
    """The application with this receipt number, whoever asks (callers check permissions), or None."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Application", receipt_number=str(number).strip())
    return brains[0]._unrestrictedGetObject() if brains else None


def format_receipt_number(number: str) -> str:
    """Groups of four for reading aloud: 2026 1128 0483 7291."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))

"""Where an application's personal data lives: the applicant and the answers marked personal.

Everything that reads or writes personal data goes through these two functions, so that the
second layer of encryption (二次加密) replaces their storage without touching any caller.
Never index or log what they return.
"""

from persistent.mapping import PersistentMapping

_ATTRIBUTE = "_sanji_personal"


def set_personal_data(application, data: dict) -> None:
    """Replace the personal data of ``application`` with ``data`` (plain str values)."""
    setattr(application, _ATTRIBUTE, PersistentMapping(data))


def get_personal_data(application) -> dict:
    """The personal data of ``application`` (a copy; empty if none was stored)."""
    return dict(getattr(application, _ATTRIBUTE, None) or {})

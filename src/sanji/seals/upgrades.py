"""Bringing an existing site to sealed steps (the handler of the upgrade step that adds seals).

Mind the order on a live site: once seals are active every step needs one, so issue the staff's
seals at ``@@seals`` (or run the county import for demo staff) before people work again.
Cases already under way keep their unsealed first steps; verification reports them as such.
"""

from sanji.seals.store import ensure_authority


def install_seals(context) -> None:
    """Grant "sanji: Manage seals" (rolemap) and create or import the seal authority."""
    context.runImportStepFromProfile("profile-sanji:default", "rolemap")
    ensure_authority()

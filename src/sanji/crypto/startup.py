"""The start-up check: Zope refuses to start with a missing, malformed or wrong master key ring.

Subscribed to ``IDatabaseOpenedWithRoot``, which Zope notifies once per process after loading the
ZCML and before serving anything (``runwsgi``, ``sanji-create-site`` and the other commands alike).
It reads the ring (generating the local default on a single machine's first start) and checks it
against every Plone site in the database (:func:`sanji.crypto.keys.verify_site`); on failure it logs
the reason and raises, so the process stops before it reads or writes anything. The same checks run
again at first use (:func:`sanji.crypto.keys.ensure_current_key` before every new data key), so a key
file changed under a running process cannot corrupt data either.
"""

import logging

from sanji.crypto.errors import KeyRingError
from sanji.crypto.keys import get_ring
from sanji.crypto.keys import verify_site

logger = logging.getLogger("sanji.crypto")


def plone_sites(app) -> list:
    from Products.CMFCore.interfaces import ISiteRoot

    return [obj for obj in app.objectValues() if ISiteRoot.providedBy(obj)]


def check_database(database) -> int:
    """Check the ring against every site in ``database``; return how many sites were checked.

    :raises KeyRingError: (or its subclass WrongMasterKey) with the reason.
    """
    ring = get_ring()
    connection = database.open()
    try:
        app = connection.root().get("Application")
        sites = plone_sites(app) if app is not None else []
        for site in sites:
            verify_site(site, ring)
    finally:
        connection.close()
    logger.info("Master key ring %s (current key %s) fits %d site(s)", ring.path, ring.current, len(sites))
    return len(sites)


def database_opened(event) -> None:
    try:
        check_database(event.database)
    except KeyRingError as error:
        logger.critical("Sanji refuses to start: %s", error)
        raise

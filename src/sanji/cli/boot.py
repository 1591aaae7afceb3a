"""Boot Zope from the rendered zope.conf for a maintenance command, as ``sanji-create-site`` does.

Booting runs the start-up check of the master key ring (:mod:`sanji.crypto.startup`): a command
never runs with a missing or wrong key. The command acts as Zope's system user; its audit entries
name the operating-system account that ran it.
"""

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

import transaction

from sanji.cli.instance import ConfigurationError


def operator() -> str:
    """``cli:<account>``: who ran a command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return f"cli:uid-{os.getuid()}"


@contextmanager
def zope_site(zope_conf: str, site_id: str | None = None) -> Iterator[tuple[object, object]]:
    """``(app, site)`` with the site set as the component site; aborts what was not committed.

    :raises ConfigurationError: there is no such site.
    :raises sanji.crypto.errors.KeyRingError: the master key ring is missing, malformed or wrong.
    """
    from Zope2.Startup.run import make_wsgi_app

    # A command exits when done: it never starts the instance's local sweep clock (sanji.supervision.clock).
    os.environ["SANJI_SWEEP_INTERVAL"] = "0"
    make_wsgi_app({}, zope_conf)
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import noSecurityManager
    from AccessControl.SpecialUsers import system
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    app = makerequest(Zope2.app())
    site_id = site_id or os.environ.get("SANJI_SITE_ID") or "Plone"
    try:
        site = app.get(site_id)
        if site is None:
            raise ConfigurationError(f"There is no site {site_id!r} (set SANJI_SITE_ID).")
        setSite(site)
        setRequest(app.REQUEST)
        newSecurityManager(None, system)
        yield app, site
    finally:
        transaction.abort()
        noSecurityManager()
        setSite(None)
        setRequest(None)
        app._p_jar.close()

"""The local clock: an instance that runs alone sweeps by itself every ten minutes, no cron needed.

On one machine (``make start``, FileStorage) nothing else would run the sweep: a second process cannot
open the Data.fs, and a county's clerk should not have to set up cron. At start-up the instance
starts a daemon thread that sweeps its site every ``SANJI_SWEEP_INTERVAL`` seconds (default 600) on a
connection of its own, as Zope's system user. ``0`` turns it off: the Helm chart does, since its
CronJob sweeps, and maintenance commands (:mod:`sanji.cli.boot`) do, since they exit at once. Two
clocks over one shared storage would be harmless: the sweep gives each card once.
"""

import logging
import os
import threading

import transaction

logger = logging.getLogger("sanji.sweep")

INTERVAL_VARIABLE = "SANJI_SWEEP_INTERVAL"
DEFAULT_INTERVAL = 600.0


def interval(environ=os.environ) -> float:
    """Seconds between sweeps; 0 when the clock is off.

    :raises ValueError: the variable is not a number of seconds, 0 or more.
    """
    raw = environ.get(INTERVAL_VARIABLE, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_INTERVAL
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise ValueError(f"{INTERVAL_VARIABLE} must be 0 (off) or a number of seconds, not {raw!r}")
    return seconds


def sweep_site(db, site_id: str) -> None:
    """One sweep of ``site_id`` on a connection of its own, as the system user; nothing if there is no site."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import noSecurityManager
    from AccessControl.SpecialUsers import system
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    from sanji.supervision.sweep import run_sweep

    # The thread's own transaction manager: the sweep commits through it, task by task.
    transaction.manager.begin()
    connection = db.open()
    try:
        app = makerequest(connection.root()["Application"])
        site = app.get(site_id)
        if site is None or "portal_catalog" not in site.objectIds():
            return
        setSite(site)
        setRequest(app.REQUEST)
        newSecurityManager(None, system)
        run_sweep(site)
    finally:
        transaction.manager.abort()
        noSecurityManager()
        setSite(None)
        setRequest(None)
        connection.close()


class LocalClock(threading.Thread):
    """Sweeps ``site_id`` every ``seconds`` until :meth:`stop`; a failed sweep is logged and the clock goes on."""

    def __init__(self, db, site_id: str, seconds: float):
        super().__init__(name="sanji-sweep-clock", daemon=True)
        self.db = db
        self.site_id = site_id
        self.seconds = seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.seconds):
            try:
                sweep_site(self.db, self.site_id)
            except Exception:
                logger.exception("The local sweep of %s failed; the clock tries again later", self.site_id)

    def stop(self) -> None:
        self.stopped.set()


def start_clock(event=None) -> LocalClock | None:
    """Subscriber of Zope's ProcessStarting: start the clock unless it is turned off."""
    import Zope2

    seconds = interval()
    if not seconds or Zope2.DB is None:
        return None
    clock = LocalClock(Zope2.DB, os.environ.get("SANJI_SITE_ID") or "Plone", seconds)
    clock.start()
    logger.info("Local sweep clock: every %.0f s (%s=0 turns it off)", seconds, INTERVAL_VARIABLE)
    return clock

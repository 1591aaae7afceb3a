"""Marker interfaces shared across the add-on."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class ISanjiLayer(IDefaultBrowserLayer):
    """Browser layer: views and resources of Sanji apply only where it is installed."""


class ISweepTask(Interface):
    """One periodic task of the supervision sweep (`sanji-sweep`, `@@sanji-sweep`), a named utility.

    The sweep runs every registered task in the order of their names, each in its own transaction (retried
    on a conflict), so features plug in without the sweep knowing them: the cards of electronic
    supervision, the SMS queue's delivery, and whatever comes later. Two sweeps may run at once on two
    instances; a task must then do its work once (ZODB conflicts, idempotent keys).
    """

    def __call__(site, now):
        """Do the work due at ``now`` (an aware datetime); return a short summary dict for the log."""

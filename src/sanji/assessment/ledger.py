"""The assessment ledger: per-period counters per person and per station, kept in a site annotation.

::

    AssessmentLedger.periods   OOBTree  "2026-11" → Period
    Period.people              OOBTree  (tier, user id) → Counters
    Period.stations            OOBTree  (tier, station id) → Counters
    Period.manual              OOBTree  user id → {attitude, guidance, complaints, comment, by, at}
    Period.incidents           PersistentList of {kind, person, receipt, note, by, at}
    Period.history             PersistentList of the audit entries of manual scores, incidents, closing
    Period.snapshot            None while open; the frozen rows once closed

Keys put the tier first, so one tier's people are one range of the tree: ranking a tier reads its own
staff only. :class:`Counters` resolves concurrent increments itself (two steps by the same person in two
transactions add up instead of conflicting), so counting never makes the publisher retry a step.
"""

from datetime import datetime

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from plone import api
from zope.annotation.interfaces import IAnnotations

from sanji.assessment.scoring import COUNTER_NAMES
from sanji.assessment.scoring import Counts

ANNOTATION = "sanji.assessment"

#: Upper bound for range searches over string keys.
_HIGHEST = "\U0010ffff"


class Counters(Persistent):
    """The counters of one person or station in one period; ``tier`` and ``station`` say where they act."""

    def __init__(self, tier: str = "", station: str = ""):
        self.tier = tier
        self.station = station
        for name in COUNTER_NAMES:
            setattr(self, name, 0)

    def add(self, **increments: int) -> None:
        for name, value in increments.items():
            if name not in COUNTER_NAMES:
                raise KeyError(name)
            setattr(self, name, getattr(self, name, 0) + int(value))

    def counts(self) -> Counts:
        return Counts(**{name: getattr(self, name, 0) for name in COUNTER_NAMES})

    def _p_resolveConflict(self, old: dict, committed: dict, new: dict) -> dict:
        """Two transactions incremented the same counters: keep both increments.

        Only the counters may differ; a change of anything else (tier, station) is a real conflict.
        """
        resolved = dict(committed)
        for name in set(old) | set(committed) | set(new):
            if name in COUNTER_NAMES:
                base = old.get(name, 0)
                resolved[name] = committed.get(name, 0) + new.get(name, 0) - base
            elif committed.get(name) != new.get(name) and old.get(name) != new.get(name):
                from ZODB.POSException import ConflictError

                raise ConflictError
            elif old.get(name) != new.get(name):
                resolved[name] = new.get(name)
        return resolved


class Period(Persistent):
    """One month of the ledger."""

    def __init__(self, name: str):
        self.name = name
        self.people = OOBTree()
        self.stations = OOBTree()
        self.manual = OOBTree()
        self.incidents = PersistentList()
        self.history = PersistentList()
        self.snapshot = None
        self.closed_at: datetime | None = None
        self.closed_by: str | None = None

    @property
    def closed(self) -> bool:
        return self.snapshot is not None

    def person(self, tier: str, userid: str, station: str) -> Counters:
        """The counters of ``userid`` acting at ``tier`` (created on first use; ``station`` updated)."""
        key = (tier, userid)
        counters = self.people.get(key)
        if counters is None:
            counters = self.people[key] = Counters(tier, station)
        elif station and counters.station != station:
            counters.station = station
        return counters

    def station(self, tier: str, station: str) -> Counters:
        key = (tier, station)
        counters = self.stations.get(key)
        if counters is None:
            counters = self.stations[key] = Counters(tier, station)
        return counters

    def people_of(self, tier: str):
        """(user id, Counters) of one tier, from one range of the tree."""
        for (_tier, userid), counters in self.people.items((tier, ""), (tier, _HIGHEST)):
            yield userid, counters

    def stations_of(self, tier: str):
        for (_tier, station), counters in self.stations.items((tier, ""), (tier, _HIGHEST)):
            yield station, counters


class AssessmentLedger(Persistent):
    def __init__(self):
        self.periods = OOBTree()

    def period(self, name: str, create: bool = False) -> Period | None:
        period = self.periods.get(name)
        if period is None and create:
            period = self.periods[name] = Period(name)
        return period


def get_ledger(site=None, create: bool = False) -> AssessmentLedger | None:
    """The site's ledger; None before anything was recorded unless ``create``."""
    annotations = IAnnotations(site if site is not None else api.portal.get())
    ledger = annotations.get(ANNOTATION)
    if ledger is None and create:
        ledger = annotations[ANNOTATION] = AssessmentLedger()
    return ledger


def get_period(name: str, create: bool = False, site=None) -> Period | None:
    """The ledger's period ``name`` (``YYYY-MM``); None when nothing was recorded for it unless ``create``."""
    ledger = get_ledger(site, create=create)
    return ledger.period(name, create=create) if ledger is not None else None


def known_periods(site=None) -> list[str]:
    """Periods with anything recorded, newest first."""
    ledger = get_ledger(site)
    return list(reversed(list(ledger.periods.keys()))) if ledger is not None else []

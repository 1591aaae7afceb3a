"""The supervision's figures, from catalog indexes alone: the one module the dashboard, its exports,
the public page and ``@supervision`` share, so they never disagree.

The cases counted are those accepted in the period (a cohort), narrowed by department, township and
item. Every measure is a set of record ids read from an index (``review_state``, ``cards``,
``on_time``, ``returned``, ``outcome``, ``settled_tier``) and intersected with the cohort in C; the
totals' median and 90th percentile of working days come from the histogram of ``days_to_complete``
(one intersection per distinct value). Rows of a grouping read each record's group from the index's
reverse map. No case is woken; the result is cached until the catalog changes.

Percentiles are nearest-rank: the P-th percentile of n values is the ⌈P·n/100⌉-th smallest, so the
median of 1, 2, 3, 4 is 2 and every figure is a number of days some case actually took.
"""

import math
from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta

from BTrees.IIBTree import IISet
from BTrees.IIBTree import difference
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from plone import api
from plone.memoize import ram
from plone.memoize.volatile import DontCache
from Products.CMFCore.indexing import processQueue

from sanji.content.tiers import TIERS
from sanji.supervision.filters import Filters
from sanji.supervision.indexsets import index as _index
from sanji.supervision.indexsets import index_set
from sanji.supervision.indexsets import matching
from sanji.supervision.record import RED

#: Counted per row, in the order the tables show them.
MEASURES = ("accepted", "in_progress", "completed", "on_time", "yellow", "red", "returned", "rejected")
#: States of a case still being worked on (accepted, not yet completed), for the public progress.
OPEN_STATES = ("accepted", "township_review", "county_approval", "returned", "approved", "rejected")

#: Which index holds the group of a record, per grouping.
GROUP_INDEXES = {
    "department": "department",
    "item": "item_code",
    "township": "township",
    "village": "village",
    "staff": "handled_by",
    "month": "accepted_date",
}


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """Nearest-rank percentile (``share`` in (0, 1]) of the values counted in ``histogram``; None if empty."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Row:
    """The figures of one group (or of everything: the total)."""

    key: str
    label: str
    counts: dict[str, int]
    #: Decided cases (approved or rejected) and where they were settled, by tier.
    decided: int = 0
    settled: dict[str, int] = field(default_factory=dict)
    #: Working days from acceptance to completion: value → number of cases.
    days: dict[int, int] = field(default_factory=dict)

    @property
    def median_days(self) -> int | None:
        return percentile(self.days, 0.5)

    @property
    def p90_days(self) -> int | None:
        return percentile(self.days, 0.9)

    def rates(self) -> dict[str, float | None]:
        """On time of completed; cards and returns of accepted; rejections and settling tiers of decided."""
        counts = self.counts
        village = self.settled.get("village", 0)
        return {
            "on_time": _rate(counts["on_time"], counts["completed"]),
            "yellow": _rate(counts["yellow"], counts["accepted"]),
            "red": _rate(counts["red"], counts["accepted"]),
            "returned": _rate(counts["returned"], counts["accepted"]),
            "rejected": _rate(counts["rejected"], self.decided),
            "settled_in_village": _rate(village, self.decided),
            "settled_in_township": _rate(village + self.settled.get("township", 0), self.decided),
        }

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            **self.counts,
            "decided": self.decided,
            "settled": {tier: self.settled.get(tier, 0) for tier in TIERS},
            "median_days": self.median_days,
            "p90_days": self.p90_days,
            "rates": self.rates(),
        }


@dataclass(frozen=True)
class Figures:
    """The total and one row per group, for ``filters``."""

    filters: Filters
    total: Row
    rows: tuple[Row, ...]

    def as_dict(self) -> dict:
        return {
            "start": self.filters.start.isoformat(),
            "end": self.filters.end.isoformat(),
            "group_by": self.filters.group_by,
            "total": self.total.as_dict(),
            "rows": [row.as_dict() for row in self.rows],
        }


def _cohort(catalog, filters: Filters) -> IISet:
    """Applications accepted in the period, narrowed by department, township and item."""
    criteria = {
        "portal_type": "Application",
        "accepted_date": {"query": (filters.start, filters.end), "range": "min:max"},
    }
    for name, index_name in (("department", "department"), ("township", "township"), ("item", "item_code")):
        value = getattr(filters, name)
        if value:
            criteria[index_name] = value
    return matching(catalog, criteria)


def _measures(catalog, cohort) -> dict[str, IISet]:
    """Each measure, tier and the decided cases as a set of record ids within ``cohort``."""
    completed = intersection(cohort, index_set(catalog, "review_state", "completed"))
    sets = {
        "accepted": cohort,
        "in_progress": difference(cohort, completed),
        "completed": completed,
        "on_time": intersection(cohort, index_set(catalog, "on_time", True)),
        "yellow": intersection(cohort, index_set(catalog, "cards", "yellow")),
        "red": intersection(cohort, index_set(catalog, "cards", RED)),
        "returned": intersection(cohort, index_set(catalog, "returned", True)),
        "rejected": intersection(cohort, index_set(catalog, "outcome", "rejected")),
        "decided": intersection(cohort, index_set(catalog, "outcome", ["approved", "rejected"])),
    }
    for tier in TIERS:
        sets[f"settled:{tier}"] = intersection(cohort, index_set(catalog, "settled_tier", tier))
    return sets


def _histogram(catalog, completed) -> dict[int, int]:
    """Days to complete of ``completed``: one C intersection per distinct number of days."""
    histogram = {}
    for days, rids in _index(catalog, "days_to_complete")._index.items():
        found = len(intersection(completed, rids if not isinstance(rids, int) else IISet([rids])))
        if found:
            histogram[days] = found
    return histogram


def _row(key: str, label: str, counts: dict, settled: dict, days: dict) -> Row:
    return Row(
        key=key,
        label=label,
        counts={name: counts.get(name, 0) for name in MEASURES},
        decided=counts.get("decided", 0),
        settled={tier: settled.get(tier, 0) for tier in TIERS},
        days=dict(days),
    )


def _group_keys(catalog, group_by: str, cohort) -> dict[int, tuple[str, ...]]:
    """The group(s) of each record of ``cohort``, from the index's reverse map (a case has several staff)."""
    reverse = _index(catalog, GROUP_INDEXES[group_by])._unindex
    keys = {}
    for rid in cohort:
        value = reverse.get(rid)
        if value is None:
            keys[rid] = ("",)
        elif group_by == "month":
            keys[rid] = (f"{value.year}-{value.month:02d}",)
        elif isinstance(value, str):
            keys[rid] = (value,)
        else:
            keys[rid] = tuple(value) or ("",)
    return keys


#: Up to this many groups, each group's figures are C intersections of its record ids with every measure;
#: beyond it (items, villages, staff), one Python pass over the cohort costs less.
FEW_GROUPS = 40


def _months(start: date, end: date) -> list[tuple[str, date, date]]:
    found, year, month = [], start.year, start.month
    while date(year, month, 1) <= end:
        first = max(date(year, month, 1), start)
        following = date(year + (month == 12), month % 12 + 1, 1)
        found.append((f"{year}-{month:02d}", first, min(following - timedelta(days=1), end)))
        year, month = following.year, following.month
    return found


def _group_sets(catalog, filters: Filters) -> dict[str, IISet] | None:
    """The record ids of every group, when there are few groups; None otherwise."""
    group_by = filters.group_by
    if group_by == "month":
        months = _months(filters.start, filters.end)
        if len(months) > FEW_GROUPS:
            return None
        return {
            key: index_set(catalog, "accepted_date", {"query": (first, last), "range": "min:max"})
            for key, first, last in months
        }
    group_index = _index(catalog, GROUP_INDEXES[group_by])
    if group_by == "staff" or group_index.indexSize() > FEW_GROUPS:
        return None
    return {key: IISet([rids]) if isinstance(rids, int) else rids for key, rids in group_index._index.items()}


def _grouped_few(catalog, groups: dict[str, IISet], sets: dict[str, IISet]) -> dict[str, tuple[dict, dict, dict]]:
    """Per group: (counts, settled by tier, days histogram), all by C intersections."""
    found = {}
    for key, members in groups.items():
        accepted = intersection(sets["accepted"], members)
        if not accepted:
            continue
        counts, settled = {}, {}
        for name, rids in sets.items():
            count = len(intersection(rids, accepted))
            if name.startswith("settled:"):
                settled[name.split(":", 1)[1]] = count
            else:
                counts[name] = count
        completed = intersection(sets["completed"], accepted)
        found[key] = (counts, settled, _histogram(catalog, completed) if completed else {})
    return found


def _grouped(catalog, filters: Filters, sets: dict[str, IISet]) -> dict[str, tuple[dict, dict, dict]]:
    """Per group: (counts, settled by tier, days histogram)."""
    groups = _group_sets(catalog, filters)
    if groups is not None:
        return _grouped_few(catalog, groups, sets)
    group_by = filters.group_by
    keys = _group_keys(catalog, group_by, sets["accepted"])
    found: dict[str, tuple[Counter, Counter, Counter]] = defaultdict(lambda: (Counter(), Counter(), Counter()))
    for name, rids in sets.items():
        for rid in rids:
            for key in keys[rid]:
                if name.startswith("settled:"):
                    found[key][1][name.split(":", 1)[1]] += 1
                else:
                    found[key][0][name] += 1
    days = _index(catalog, "days_to_complete")._unindex
    for rid in sets["completed"]:
        value = days.get(rid)
        if value is not None:
            for key in keys[rid]:
                found[key][2][value] += 1
    return found


def labels(catalog, group_by: str, keys) -> dict[str, str]:
    """Readable names of the groups: department, item and area titles, staff full names, months as they are."""
    keys = [key for key in keys if key]
    query = {
        "department": {"portal_type": "Department"},
        "item": {"portal_type": "ServiceItem"},
        "township": {"portal_type": "ServiceArea", "area_tier": "township"},
        "village": {"portal_type": "ServiceArea", "area_tier": "village"},
    }.get(group_by)
    if query is not None:
        attribute = {"department": "department", "item": "item_code"}.get(group_by, "getId")
        found = {}
        for brain in catalog.unrestrictedSearchResults(**query):
            found[getattr(brain, attribute)] = brain.Title
        return {key: found.get(key, key) for key in keys}
    if group_by == "staff":
        names = {}
        for key in keys:
            user = api.user.get(userid=key)
            names[key] = (user.getProperty("fullname", "") if user is not None else "") or key
        return names
    return {key: key for key in keys}


def _compute(catalog, filters: Filters) -> Figures:
    processQueue()  # reindexing queued in this transaction must be in the indexes read below
    sets = _measures(catalog, _cohort(catalog, filters))
    total_counts = {name: len(rids) for name, rids in sets.items()}
    total = _row(
        "",
        "",
        total_counts,
        {tier: total_counts[f"settled:{tier}"] for tier in TIERS},
        _histogram(catalog, sets["completed"]),
    )
    grouped = _grouped(catalog, filters, sets)
    names = labels(catalog, filters.group_by, grouped)
    rows = [_row(key, names.get(key, key), *grouped[key]) for key in grouped]
    if filters.group_by == "month":
        rows.sort(key=lambda row: row.key)
    else:
        rows.sort(key=lambda row: (-row.counts["accepted"], row.label))
    return Figures(filters=filters, total=total, rows=tuple(rows))


def _cache_key(_function, catalog, filters: Filters):
    """The committed state of the catalog and the filters; no caching inside a transaction that changed it.

    The counter's value alone could repeat: a transaction that changed the catalog and aborted leaves
    the same value to the next one with other changes. Its serial (the transaction that last committed
    it) with its value names one committed state.
    """
    value = catalog.getCounter()
    counter = getattr(catalog, "_counter", None)
    if counter is None or counter._p_changed:
        raise DontCache
    return ("/".join(catalog.getPhysicalPath()), counter._p_serial, value, repr(filters))


@ram.cache(_cache_key)
def _cached(catalog, filters: Filters) -> Figures:
    return _compute(catalog, filters)


def figures(filters: Filters, catalog=None) -> Figures:
    """The figures for ``filters``, computed from the indexes or taken from the cache until the catalog changes."""
    catalog = catalog if catalog is not None else api.portal.get_tool("portal_catalog")
    processQueue()
    return _cached(catalog, filters)


def red_cases(filters: Filters, limit: int = 50, catalog=None) -> tuple[list, int]:
    """Open cases with a red card, narrowed by the place and item filters (any period), most overdue first.

    The first ``limit`` catalog brains (metadata only) and how many there are in all; the caller's
    view permission applies.
    """
    catalog = catalog if catalog is not None else api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": "Application",
        "cards": RED,
        "review_state": [state for state in OPEN_STATES if state != "returned"],
        "sort_on": "deadline",
        "sort_limit": limit,
    }
    for name, index in (("department", "department"), ("township", "township"), ("item", "item_code")):
        if getattr(filters, name):
            query[index] = getattr(filters, name)
    results = catalog.searchResults(**query)
    return list(results[:limit]), results.actual_result_count


def tier_counts(catalog, states: tuple[str, ...]) -> int:
    """How many applications are in ``states`` right now (index lookups; other types' states do not count)."""
    processQueue()
    in_states = multiunion([index_set(catalog, "review_state", state) for state in states])
    return len(intersection(in_states, index_set(catalog, "portal_type", "Application")))

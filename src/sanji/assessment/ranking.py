"""Rankings of a period: computed from the live counters while it is open, read from its snapshot once closed.

Every function returns plain dicts (:meth:`sanji.assessment.scoring.Score.as_dict`), the same whether live
or frozen, so the pages, ``@assessment`` and the export never need to know which.
"""

import copy
from dataclasses import asdict

from sanji.assessment.ledger import Period
from sanji.assessment.ledger import get_period
from sanji.assessment.scoring import Counts
from sanji.assessment.scoring import Weights
from sanji.assessment.scoring import score_group
from sanji.assessment.settings import current_weights
from sanji.assessment.staff import ASSESSED_TIERS
from sanji.assessment.staff import staff_of_tier

PEOPLE = "people"
STATIONS = "stations"


def _people(period: Period | None, tier: str) -> dict[str, tuple[str, str, Counts]]:
    """Everyone of the tier: its staff (with nothing done, zero counts) and whoever acted there."""
    found = {userid: (tier, station, Counts()) for userid, station in staff_of_tier(tier).items()}
    if period is not None:
        for userid, counters in period.people_of(tier):
            station = counters.station or found.get(userid, (tier, "", None))[1]
            found[userid] = (tier, station, counters.counts())
    return found


def _stations(period: Period | None, tier: str, people: dict) -> dict[str, tuple[str, str, Counts]]:
    """Every station with staff or activity in the tier."""
    found = {station: (tier, station, Counts()) for _tier, station, _counts in people.values() if station}
    if period is not None:
        for station, counters in period.stations_of(tier):
            found[station] = (tier, station, counters.counts())
    return found


def compute(period_name: str, weights: Weights | None = None) -> dict:
    """Scores of every tier's people and stations as they stand now (what closing freezes)."""
    weights = weights or current_weights()
    period = get_period(period_name)
    manual = dict(period.manual.items()) if period is not None else {}
    result = {"period": period_name, "weights": asdict(weights), PEOPLE: {}, STATIONS: {}}
    for tier in ASSESSED_TIERS:
        people = _people(period, tier)
        result[PEOPLE][tier] = [row.as_dict() for row in score_group(people, weights, manual)]
        result[STATIONS][tier] = [row.as_dict() for row in score_group(_stations(period, tier, people), weights)]
    return result


def scores(period_name: str) -> dict:
    """The period's scores: a copy of its snapshot when closed (``closed`` True), else :func:`compute` now.

    Callers that show several parts of a period (a page, a service) call this once and pass the result on.
    """
    period = get_period(period_name)
    if period is not None and period.closed:
        return {**copy.deepcopy(period.snapshot), "closed": True}
    return {**compute(period_name), "closed": False}


def ranking(period_name: str, tier: str, kind: str = PEOPLE, data: dict | None = None) -> list[dict]:
    """The ranked rows of one tier's people (or stations, ``kind=STATIONS``); ``data`` from :func:`scores`."""
    data = data if data is not None else scores(period_name)
    return list(data[kind].get(tier, ()))


def rows_of(period_name: str, userid: str, data: dict | None = None) -> list[dict]:
    """``userid``'s rows of the period, one per tier where they are assessed (usually one)."""
    data = data if data is not None else scores(period_name)
    return [row for tier in ASSESSED_TIERS for row in data[PEOPLE].get(tier, ()) if row["key"] == userid]

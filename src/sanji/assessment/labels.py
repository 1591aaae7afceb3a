"""Rows made readable: names of people and stations, looked up when shown (the ledger keeps ids only)."""

from functools import cache

from sanji.assessment.ranking import STATIONS
from sanji.assessment.staff import display_name
from sanji.assessment.staff import station_title


def labelled(rows: list[dict], kind: str) -> list[dict]:
    """Copies of ``rows`` with ``name`` (the person's full name, or the station's title) and ``station_title``."""
    title = cache(station_title)
    result = []
    for row in rows:
        station = title(row["tier"], row["station"])
        name = station if kind == STATIONS else display_name(row["key"])
        result.append({**row, "name": name, "station_title": station})
    return result

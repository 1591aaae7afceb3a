"""Rows made readable: names of people and stations, looked up when shown (the ledger keeps ids only)."""

from sanji.assessment.ranking import STATIONS
from sanji.assessment.staff import display_name
from sanji.assessment.staff import station_titles


def labelled(rows: list[dict], kind: str) -> list[dict]:
    """Copies of ``rows`` with ``name`` (the person's full name, or the station's title) and ``station_title``.

    Station titles come from one catalog query per tier shown, whatever the number of rows.
    """
    titles: dict[str, dict[str, str]] = {}
    result = []
    for row in rows:
        tier_titles = titles.get(row["tier"])
        if tier_titles is None:
            tier_titles = titles[row["tier"]] = station_titles(row["tier"])
        station = tier_titles.get(row["station"], row["station"])
        name = station if kind == STATIONS else display_name(row["key"])
        result.append({**row, "name": name, "station_title": station})
    return result

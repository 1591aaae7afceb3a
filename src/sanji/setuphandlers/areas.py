"""The county's service areas: county, townships and villages, each with its station."""

from sanji.setuphandlers.structure import ensure


def _build(container, data: dict, path: str, result: dict) -> None:
    station = data.get("station") or {}
    area = ensure(
        container,
        "ServiceArea",
        data["id"],
        title=data["title"],
        tier=data["tier"],
        area_code=data.get("code"),
        station_name=station.get("name"),
        station_address=station.get("address"),
        station_agent=station.get("agent"),
        station_phone=station.get("phone"),
    )
    result[path] = area
    for child in data.get("children", ()):
        _build(area, child, f"{path}/{child['id']}", result)


def build_areas(folder, county: dict) -> dict:
    """Create or update the area tree below ``folder``; return areas by path (``suning/liangcun``)."""
    result = {}
    _build(folder, county, county["id"], result)
    return result

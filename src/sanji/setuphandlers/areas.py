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
    ids = [area.getId() for area in result.values()]
    duplicates = sorted({area_id for area_id in ids if ids.count(area_id) > 1})
    if duplicates:
        # Groups are named after area ids (agents-<village>), so they must be unique in a county.
        raise ValueError(f"Area ids used twice in the county: {duplicates}")
    return result

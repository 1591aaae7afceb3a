"""Who is assessed, where they work, and what they are called: read from groups and member properties.

Stations come from the place groups of :mod:`sanji.roles` (``agents-<village>``, ``reviewers-<township>``,
``approvers-<department>``); the people of a tier from the role groups the county profile fills
(``sanji-agents``, ``sanji-reviewers``, ``sanji-approvers``). Names stay in the member properties and are
looked up for display only; the ledger and its snapshots keep user ids.
"""

from dataclasses import dataclass

from plone import api

from sanji.content.tiers import COUNTY
from sanji.content.tiers import TOWNSHIP
from sanji.content.tiers import VILLAGE

#: The tier each kind of place group belongs to, by prefix.
PLACE_PREFIXES = {"agents-": VILLAGE, "reviewers-": TOWNSHIP, "approvers-": COUNTY}

#: The role group of each tier's staff.
TIER_GROUPS = {VILLAGE: "sanji-agents", TOWNSHIP: "sanji-reviewers", COUNTY: "sanji-approvers"}

#: The tiers in the order pages list them.
ASSESSED_TIERS = (VILLAGE, TOWNSHIP, COUNTY)


@dataclass(frozen=True)
class Place:
    tier: str
    station: str


def place_of_group(group_id: str) -> Place | None:
    """The tier and station of a place group (``agents-houfeng`` → village houfeng); None for other groups."""
    for prefix, tier in PLACE_PREFIXES.items():
        if group_id.startswith(prefix) and len(group_id) > len(prefix):
            return Place(tier, group_id[len(prefix) :])
    return None


def places_of(userid: str) -> list[Place]:
    """Every station ``userid`` belongs to, by tier order."""
    groups = api.portal.get_tool("portal_groups").getGroupsForPrincipal(api.user.get(userid=userid)) or ()
    places = [place for place in (place_of_group(group) for group in groups) if place is not None]
    return sorted(places, key=lambda place: (ASSESSED_TIERS.index(place.tier), place.station))


def station_of(userid: str, tier: str) -> str:
    """The station where ``userid`` works at ``tier`` ("" when no place group says)."""
    return next((place.station for place in places_of(userid) if place.tier == tier), "")


def staff_of_tier(tier: str) -> dict[str, str]:
    """User id → station of the members of the tier's role group (those without actions count too)."""
    group = api.group.get(groupname=TIER_GROUPS[tier])
    if group is None:
        return {}
    return {member.getId(): station_of(member.getId(), tier) for member in group.getGroupMembers()}


def is_staff(userid: str) -> bool:
    """Whether ``userid`` works at some station (a place group) or in a tier's role group."""
    if api.user.get(userid=userid) is None:
        return False
    if places_of(userid):
        return True
    groups = set(api.portal.get_tool("portal_groups").getGroupsForPrincipal(api.user.get(userid=userid)) or ())
    return bool(groups & set(TIER_GROUPS.values()))


def display_name(userid: str) -> str:
    """The member's full name, else the user id."""
    user = api.user.get(userid=userid)
    name = user.getProperty("fullname", "") if user is not None else ""
    return name or userid


def station_titles(tier: str) -> dict[str, str]:
    """Station id → title for a whole tier, in one catalog query: areas' titles for villages and townships,
    departments' for the county."""
    catalog = api.portal.get_tool("portal_catalog")
    if tier == COUNTY:
        brains = catalog.unrestrictedSearchResults(portal_type="Department")
    else:
        brains = catalog.unrestrictedSearchResults(portal_type="ServiceArea", area_tier=tier)
    return {brain.getId: brain.Title for brain in brains}

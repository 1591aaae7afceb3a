"""Which tiers a case passes, and where it goes next.

Every case is taken in at the village station (受理). Then it climbs to the tier that approves it,
passing the township when the township reviews or approves it. The item decides:

=====================  ===================  =========================
review tier            approve tier         route
=====================  ===================  =========================
(none)                 village              village
(none) or township     township             village → township
township               county               village → township → county
(none) or county       county               village → county
=====================  ===================  =========================
"""

from sanji.content.tiers import COUNTY
from sanji.content.tiers import TIERS
from sanji.content.tiers import TOWNSHIP
from sanji.content.tiers import VILLAGE

#: The tier that handles a case in each workflow state; states not listed belong to no tier.
STATE_TIERS = {
    "draft": VILLAGE,
    "accepted": VILLAGE,
    "returned": VILLAGE,
    "township_review": TOWNSHIP,
    "county_approval": COUNTY,
}

#: The state in which each tier handles a case.
TIER_STATES = {VILLAGE: "accepted", TOWNSHIP: "township_review", COUNTY: "county_approval"}


def route(review_tier: str | None, approve_tier: str) -> tuple[str, ...]:
    """The tiers a case passes, from the village to the approving tier.

    :raises ValueError: for an unknown tier or an approval below the review.
    """
    if approve_tier not in TIERS or (review_tier and review_tier not in TIERS):
        raise ValueError(f"Unknown tier in route {review_tier!r} → {approve_tier!r}")
    tiers = [VILLAGE]
    for tier in (review_tier, approve_tier):
        if tier and tier not in tiers:
            tiers.append(tier)
    if list(tiers) != sorted(tiers, key=TIERS.index):
        raise ValueError(f"Approval at {approve_tier} cannot come before review at {review_tier}")
    return tuple(tiers)


def next_tier(case_route: tuple[str, ...], current: str | None) -> str | None:
    """The tier after ``current`` on the route, or None where ``current`` decides."""
    if current not in case_route:
        return None
    position = case_route.index(current)
    return case_route[position + 1] if position + 1 < len(case_route) else None

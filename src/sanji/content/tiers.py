"""The three tiers of the platform and their order.

A case always moves upwards: village (村) → township (乡镇) → county (县).
"""

from sanji import _

VILLAGE = "village"
TOWNSHIP = "township"
COUNTY = "county"

#: Tiers from the lowest to the highest.
TIERS = (VILLAGE, TOWNSHIP, COUNTY)

TIER_TITLES = {
    VILLAGE: _("tier_village", default="Village"),
    TOWNSHIP: _("tier_township", default="Township"),
    COUNTY: _("tier_county", default="County"),
}


def tier_rank(tier: str) -> int:
    """Position of ``tier`` from the bottom (village is 0).

    :raises ValueError: for an unknown tier.
    """
    return TIERS.index(tier)

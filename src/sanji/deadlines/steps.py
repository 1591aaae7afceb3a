"""How a case's promised time limit is shared among the tiers it passes (环节时限).

The supervision watches each step, not only the whole case, so a township that sits on a case is seen
before the county is blamed for the overall delay.
"""

from sanji.content.tiers import COUNTY
from sanji.content.tiers import TIERS
from sanji.content.tiers import TOWNSHIP
from sanji.content.tiers import VILLAGE


def step_limits(promised_days: int, tiers: tuple[str, ...]) -> dict[str, int]:
    """Working days each tier has for its step of a case promised in ``promised_days`` working days.

    ``tiers`` are the tiers the case passes, in order, among village, township and county, e.g.
    ``("village",)``, ``("village", "township")``, ``("village", "township", "county")``, ``("village", "county")``.

    The rule:

    - the village step gets 1 working day (the agent checks the materials and sends the case up);
    - when both township and county follow, the township gets ``max(1, (promised_days - 1) // 2)`` and the
      county the rest;
    - when only one tier follows, it gets the rest;
    - a tier that is the only one (``("village",)``, a village-approved item) gets the whole time limit;
    - without a village step (a case accepted at the township or the county), the same split applies
      to the whole time limit;
    - every step gets at least 1 day, even if the sum then exceeds ``promised_days``: the overall deadline
      still is ``promised_days``, and the step deadlines only say who is late.

    For example 5 days over village, township and county give 1, 2 and 2; 2 days give 1, 1 and 1.

    :raises ValueError: when ``promised_days`` is below 1, or the tiers are empty, unknown, repeated or
        not upwards.
    """
    if promised_days < 1:
        raise ValueError(f"promised_days must be at least 1, got {promised_days}")
    if not tiers or any(tier not in TIERS for tier in tiers):
        raise ValueError(f"tiers must be among {TIERS}, got {tiers!r}")
    ranks = [TIERS.index(tier) for tier in tiers]
    if ranks != sorted(set(ranks)):
        raise ValueError(f"tiers must go upwards without repetition, got {tiers!r}")

    limits: dict[str, int] = {}
    rest = promised_days
    following = list(tiers)
    if following[0] == VILLAGE and len(following) > 1:
        limits[VILLAGE] = 1
        rest -= 1
        following.pop(0)
    if following == [TOWNSHIP, COUNTY]:
        limits[TOWNSHIP] = max(1, rest // 2)
        limits[COUNTY] = max(1, rest - limits[TOWNSHIP])
    else:
        (only,) = following
        limits[only] = max(1, rest)
    return limits

"""The score of a person or a station for one period: pure functions of counters, manual scores and weights.

The automatic score (0–100) is a weighted mean of three indicator scores, minus points per incident:

- handled: ``100 × handled / most handled in the same tier``;
- on time: ``100 × steps within their limit / timed steps`` (0 without timed steps: nothing to credit);
- speed: ``100 × (fastest average + 1) / (own average + 1)``, averages in working days per timed step among
  the tier's people with timed steps (the ``+ 1`` keeps a same-day step from dividing by zero);
- minus ``points × count`` for yellow cards, red cards, returns caused, rejections overturned, complaints;
- clamped to 0–100.

The manual score is the mean of the three marks a manager gives (attitude, guidance, complaints found
justified). The combined score is ``automatic × share_automatic + manual × share_manual``; without a manual
assessment yet it is the automatic score alone, marked as provisional. Scores are rounded to two decimals
only at the end, and ranks are competition ranks (1, 1, 3) on the combined score.
"""

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace

#: What the ledger counts, per person and per station and period.
COUNTER_NAMES = ("handled", "timed", "on_time", "step_days", "yellow", "red", "returns", "overturned", "complaints")

#: The three marks of a manual assessment.
MANUAL_MARKS = ("attitude", "guidance", "complaints")


@dataclass(frozen=True)
class Weights:
    """Indicator weights (percent, adding up to 100), points off per occurrence, and the two shares."""

    handled: float = 30.0
    on_time: float = 50.0
    speed: float = 20.0
    yellow: float = 2.0
    red: float = 5.0
    returns: float = 3.0
    overturned: float = 5.0
    complaints: float = 5.0
    automatic_share: float = 70.0
    manual_share: float = 30.0

    def consistent(self) -> bool:
        """Nothing negative, indicators and shares each adding up to 100."""
        values = asdict(self).values()
        return (
            all(value >= 0 for value in values)
            and abs(self.handled + self.on_time + self.speed - 100) < 1e-6
            and abs(self.automatic_share + self.manual_share - 100) < 1e-6
        )


@dataclass(frozen=True)
class Counts:
    """One person's or station's counters for a period (see :mod:`sanji.assessment.ledger`)."""

    handled: int = 0
    timed: int = 0
    on_time: int = 0
    step_days: int = 0
    yellow: int = 0
    red: int = 0
    returns: int = 0
    overturned: int = 0
    complaints: int = 0

    @classmethod
    def from_mapping(cls, data: Mapping) -> "Counts":
        return cls(**{name: int(data.get(name, 0) or 0) for name in COUNTER_NAMES})

    @property
    def average_days(self) -> float | None:
        """Working days per timed step; None without timed steps."""
        return self.step_days / self.timed if self.timed else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.timed if self.timed else None


@dataclass(frozen=True)
class Score:
    """One row of a ranking: who, the counters, each part of the score, and the rank."""

    key: str
    tier: str
    station: str
    counts: Counts
    handled_score: float
    on_time_score: float
    speed_score: float
    deductions: float
    automatic: float
    manual: float | None
    combined: float
    provisional: bool
    rank: int = 0
    marks: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Plain data (for the snapshot of a closed period, the JSON of ``@assessment`` and the export)."""
        data = asdict(self)
        data["counts"] = asdict(self.counts)
        data["average_days"] = None if self.counts.average_days is None else round(self.counts.average_days, 2)
        rate = self.counts.on_time_rate
        data["on_time_rate"] = None if rate is None else round(rate, 4)
        return data


def manual_score(marks: Mapping | None) -> float | None:
    """The mean of the manual marks, or None without an assessment."""
    if not marks:
        return None
    return sum(float(marks[name]) for name in MANUAL_MARKS) / len(MANUAL_MARKS)


def _clamp(value: float) -> float:
    return min(100.0, max(0.0, value))


def score_group(
    counters: Mapping[str, tuple[str, str, Counts]],
    weights: Weights,
    manual: Mapping[str, Mapping] | None = None,
) -> list[Score]:
    """Score and rank everyone of one group compared with each other (one tier's people, or its stations).

    :param counters: key (user id or station id) → (tier, station, counts).
    :param manual: key → manual marks (``attitude``, ``guidance``, ``complaints``), for people only.
    :returns: the rows, best first, ranked.
    """
    manual = manual or {}
    most_handled = max((counts.handled for _tier, _station, counts in counters.values()), default=0)
    averages = [counts.average_days for _tier, _station, counts in counters.values() if counts.timed]
    fastest = min(averages, default=None)
    rows = []
    for key, (tier, station, counts) in counters.items():
        handled_score = 100.0 * counts.handled / most_handled if most_handled else 0.0
        on_time_score = 100.0 * counts.on_time / counts.timed if counts.timed else 0.0
        speed_score = 100.0 * (fastest + 1) / (counts.average_days + 1) if counts.timed else 0.0
        deductions = (
            counts.yellow * weights.yellow
            + counts.red * weights.red
            + counts.returns * weights.returns
            + counts.overturned * weights.overturned
            + counts.complaints * weights.complaints
        )
        base = (handled_score * weights.handled + on_time_score * weights.on_time + speed_score * weights.speed) / 100.0
        automatic = _clamp(base - deductions)
        marks = dict(manual.get(key) or {})
        by_hand = manual_score(marks)
        if by_hand is None:
            combined = automatic
        else:
            combined = (automatic * weights.automatic_share + by_hand * weights.manual_share) / 100.0
        rows.append(
            Score(
                key=key,
                tier=tier,
                station=station,
                counts=counts,
                handled_score=round(handled_score, 2),
                on_time_score=round(on_time_score, 2),
                speed_score=round(speed_score, 2),
                deductions=round(deductions, 2),
                automatic=round(automatic, 2),
                manual=None if by_hand is None else round(by_hand, 2),
                combined=round(combined, 2),
                provisional=by_hand is None,
                marks={name: marks[name] for name in MANUAL_MARKS if name in marks},
            )
        )
    return rank(rows)


def rank(rows: Iterable[Score]) -> list[Score]:
    """Best combined score first (then automatic, then key, so the order is stable); ties share a rank."""
    ordered = sorted(rows, key=lambda row: (-row.combined, -row.automatic, row.key))
    ranked: list[Score] = []
    for position, row in enumerate(ordered, start=1):
        number = ranked[-1].rank if ranked and ranked[-1].combined == row.combined else position
        ranked.append(replace(row, rank=number))
    return ranked

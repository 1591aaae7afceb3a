"""The suspension ledger (暂停计时): time a case spends back with the applicant for correction does not count.

The Application keeps its pauses as a ``persistent.list.PersistentList`` of plain dicts::

    {"start": "2025-03-05T10:20:00+08:00", "end": None, "reason": "补正材料", "actor": "zhang.san"}

Times are ISO 8601 strings (timezone-aware datetimes as the caller passes them), so the list serialises to
JSON for plone.restapi as it is and never pickles a class of ours. The dicts are replaced, never mutated:
a PersistentList sees ``pauses[i] = ...`` and ``append``, not a change inside one of its dicts.

Counting is by date: a pause from day S to day E covers the working days in (S, E], so the day a case is
returned still counts for the office and the day it comes back starts afresh, like the day of acceptance.
"""

from collections.abc import MutableSequence
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from sanji import _
from sanji.deadlines.calendar import WorkingCalendar


@dataclass(frozen=True)
class Pause:
    """One suspension of the clock; ``end`` is None while the case is still with the applicant."""

    start: datetime
    end: datetime | None
    reason: str
    actor: str

    @classmethod
    def from_dict(cls, data: dict) -> "Pause":
        end = data.get("end")
        return cls(
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(end) if end else None,
            reason=data.get("reason", ""),
            actor=data.get("actor", ""),
        )

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "reason": self.reason,
            "actor": self.actor,
        }


def pauses_of(pauses: Sequence[dict]) -> list[Pause]:
    """The stored dicts as Pause objects, in their order."""
    return [Pause.from_dict(data) for data in pauses]


def open_pause(pauses: Sequence[dict]) -> Pause | None:
    """The pause still running, if any (only the last one can be)."""
    if pauses and not pauses[-1].get("end"):
        return Pause.from_dict(pauses[-1])
    return None


def start_pause(pauses: MutableSequence[dict], when: datetime, reason: str, actor: str) -> Pause:
    """Stop the clock at ``when`` and record why and by whom.

    The refusals carry a message id (``exc.args[0]``) that a view translates for the staff.

    :raises ValueError: when a pause is already open, or ``when`` lies before the end of the last pause.
    """
    if open_pause(pauses) is not None:
        raise ValueError(_("error_clock_already_paused", default="The clock of this case is already paused."))
    if pauses:
        last = Pause.from_dict(pauses[-1])
        if last.end is not None and when < last.end:
            raise ValueError(
                _(
                    "error_pause_before_last_end",
                    default="A pause cannot start at ${when}, before the last one ended.",
                    mapping={"when": when.isoformat()},
                )
            )
    pause = Pause(start=when, end=None, reason=reason, actor=actor)
    pauses.append(pause.to_dict())
    return pause


def end_pause(pauses: MutableSequence[dict], when: datetime) -> Pause:
    """Restart the clock at ``when`` (the corrected materials came back); returns the closed pause.

    :raises ValueError: when no pause is open, or ``when`` lies before its start.
    """
    current = open_pause(pauses)
    if current is None:
        raise ValueError(_("error_clock_not_paused", default="The clock of this case is not paused."))
    if when < current.start:
        raise ValueError(
            _(
                "error_pause_end_before_start",
                default="A pause cannot end at ${when}, before it started.",
                mapping={"when": when.isoformat()},
            )
        )
    closed = Pause(start=current.start, end=when, reason=current.reason, actor=current.actor)
    pauses[-1] = closed.to_dict()
    return closed


def paused_working_days(
    pauses: Sequence[dict], calendar: WorkingCalendar, until: date, *, since: date | None = None
) -> int:
    """Working days the pauses cover up to ``until``: for each, those in (start, end or ``until``].

    An open pause counts up to ``until``; a pause that ends after ``until`` is cut there. With ``since``,
    only the pauses that began on or after that date count (those of the current step).
    """
    total = 0
    for pause in pauses_of(pauses):
        start = pause.start.date()
        if since is not None and start < since:
            continue
        end = min(pause.end.date(), until) if pause.end else until
        total += calendar.working_days_between(start, end)
    return total

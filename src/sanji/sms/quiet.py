"""Quiet hours: citizens get no SMS at night; their messages wait in the queue until morning."""

from datetime import datetime
from datetime import time
from datetime import timedelta


def quiet_until(now: datetime, start: time, end: time) -> datetime | None:
    """The end of the quiet hours ``now`` falls in (same timezone as ``now``), or None outside them.

    The window may cross midnight (21:00–08:00) or not (12:00–14:00); ``start == end`` means none.
    """
    if start == end:
        return None
    clock = now.time().replace(tzinfo=None)
    crosses_midnight = start > end
    inside = (clock >= start or clock < end) if crosses_midnight else (start <= clock < end)
    if not inside:
        return None
    end_today = now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return end_today if end_today > now else end_today + timedelta(days=1)

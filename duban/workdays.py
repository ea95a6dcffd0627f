"""Working days with Chinese public holidays and adjusted workdays (chinese-calendar)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

try:
    import chinese_calendar
except ImportError:  # pragma: no cover - declared dependency
    chinese_calendar = None


@lru_cache(maxsize=8192)
def is_workday(d: dt.date) -> bool:
    """Official working day; outside the years chinese-calendar knows, Monday to Friday."""
    if chinese_calendar is not None:
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:
            pass
    return d.weekday() < 5


def workdays_left(deadline: dt.date, today: dt.date | None = None) -> int:
    """Working days from tomorrow up to the deadline (inclusive); negative when overdue.

    Due today gives 0; due next working day gives 1; one working day late gives -1.
    """
    today = today or dt.date.today()
    if deadline == today:
        return 0
    step = 1 if deadline > today else -1
    count = 0
    d = today
    while d != deadline:
        d += dt.timedelta(days=step)
        if is_workday(d if step > 0 else d + dt.timedelta(days=1)):
            count += step
    return count


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (n >= 1); `start` itself when n is 0 and it is a working day,
    else the next working day."""
    d = start
    if n <= 0:
        while not is_workday(d):
            d += dt.timedelta(days=1)
        return d
    while n:
        d += dt.timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d

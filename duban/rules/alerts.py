"""The warning colour of an item: red when overdue, yellow when due soon."""

from __future__ import annotations

import datetime as dt

from duban.workdays import Calendar, workdays_left

RED, YELLOW, GREEN = "红", "黄", "绿"


def alert_colour(deadline: dt.date | None, done: bool, today: dt.date | None = None,
                 soon_workdays: int = 3, calendar: Calendar | None = None) -> str:
    """红: open and past its deadline; 黄: open and due within `soon_workdays` working days; else 绿."""
    if done or deadline is None:
        return GREEN
    today = today or dt.date.today()
    if deadline < today:
        return RED
    if workdays_left(deadline, today, calendar, cap=soon_workdays) <= soon_workdays:
        return YELLOW
    return GREEN

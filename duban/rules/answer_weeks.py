"""Weekly-answer discipline (一周一答卷, issue 20 item 3): per unit and month, the weeks in which
the unit answered late (迟报) or not at all (漏报).

Week k runs from a meeting day (参数 例会星期) to the day before the next one. A unit owes an
answer in a week when it leads an item assigned on or before the week's meeting day and not
completed before it. Any answer (a 反馈日期) of such an item in the week counts; one by the
week's 答卷截止 day is on time, one only after it is 迟报, none is 漏报.

The ledger keeps only the latest 反馈日期 of an item; the earlier ones come from 变更记录 (old
and new values that `duban collect` wrote) and from `_答卷记录` (the values each split sent and
the last applied answer). Weeks before the first answer collect recorded have no such history
and are not judged (a 提示 says from which week on they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban import schema
from duban.dates import month_bounds, parse_date
from duban.findings import INFO, Finding
from duban.model import Ledger
from duban.read.answer_record import TITLE as ANSWER_RECORD
from duban.read.answer_record import Record, cell_text
from duban.read.book import locate_table
from duban.read.headers import normalise_header

FEEDBACK = next(c for c in schema.ITEMS.columns if c.name == "feedback_date")
FEEDBACK_HEADERS = frozenset(normalise_header(h) for h in (FEEDBACK.header, *FEEDBACK.aliases))
WEEK = dt.timedelta(days=7)


@dataclass
class Discipline:
    """What was found: (unit, month) -> weeks missed / answered late; months with no judged week
    are absent (their 月考评 cells stay empty)."""

    missed: dict[tuple[str, str], int] = field(default_factory=dict)
    late: dict[tuple[str, str], int] = field(default_factory=dict)
    months: frozenset[str] = frozenset()          # months with at least one judged week
    findings: list[Finding] = field(default_factory=list)

    def weeks(self, unit: str, month: str) -> tuple[int | None, int | None]:
        if month not in self.months:
            return None, None
        return self.missed.get((unit, month), 0), self.late.get((unit, month), 0)


def meeting_day(d: dt.date, weekday: int) -> dt.date:
    """The meeting day that starts the week holding `d`."""
    return d - dt.timedelta(days=(d.weekday() - weekday) % 7)


def answer_history(ledger: Ledger) -> tuple[dict[str, set[dt.date]], dt.date | None]:
    """编号 -> every 反馈日期 recorded for the item (变更记录 old and new values, `_答卷记录`), and the
    first answer date collect recorded (the earliest new 反馈日期 in 变更记录), None without any."""
    dates: dict[str, set[dt.date]] = {}
    first: dt.date | None = None

    def add(item_id: object, value: object) -> dt.date | None:
        d = parse_date(value, ledger.year).value
        key = cell_text(item_id).strip()
        if d is not None and key:
            dates.setdefault(key, set()).add(d)
        return d

    grid = ledger.kept.get(schema.CHANGE_LOG.title)
    t = locate_table(grid, schema.CHANGE_LOG, strict=False) if grid else None
    if grid and t is not None:
        col = t.columns
        for row in grid[t.header_row + 1:]:
            row = list(row) + [None] * len(schema.CHANGE_LOG.columns)
            if normalise_header(cell_text(row[col["field"]])) not in FEEDBACK_HEADERS:
                continue
            add(row[col["id"]], row[col["old"]])
            new = add(row[col["id"]], row[col["new"]])
            if new is not None and (first is None or new < first):
                first = new
    record = Record.from_grid(ledger.kept.get(ANSWER_RECORD))
    for e in (*record.sent.values(), *record.applied.values()):
        add(e.item_id, e.values.get("feedback_date"))
    return dates, first


def count_weeks(ledger: Ledger, months: list[str], excluded: set[tuple[str, int]], today: dt.date) -> Discipline:
    """漏报/迟报 weeks per (lead unit, month) over `months`, for weeks that ended before `today`."""
    s = ledger.settings
    history, first = answer_history(ledger)
    out = Discipline()
    if first is None:
        out.findings.append(Finding(
            "answer-log-missing", INFO, schema.CHANGE_LOG.title, None, None, "反馈日期",
            "答卷纪律考核已开启，但“变更记录”中没有“反馈日期”的改动记录，"
            "无法知道以往各周是否答卷，漏报、迟报周数未统计",
            "用 duban split 下发答卷、duban collect 汇总后，从汇总的那一周起统计"))
        return out
    start = meeting_day(first, s.meeting_weekday)
    out.findings.append(Finding(
        "answer-weeks-start", INFO, schema.CHANGE_LOG.title, None, None, "反馈日期",
        f"答卷纪律从 {start.isoformat()} 开始的一周起统计"
        f"（“变更记录”中最早汇总的答卷为 {first.isoformat()}）；"
        "此前各周没有完整的答卷记录，不计漏报、迟报", ""))
    done = s.done_status
    owing: dict[str, list[Owed]] = {}  # lead unit -> its items: (assigned, answer dates, finished)
    for it in ledger.items:
        if (it.sheet, it.row) in excluded or not it.lead_unit or it.assigned is None:
            continue
        dates = set(history.get(it.id, ())) if it.id else set()
        if it.feedback is not None:
            dates.add(it.feedback)
        finished = it.completed if it.status in done else None
        owing.setdefault(it.lead_unit, []).append((it.assigned, dates, finished))
    judged = set()
    deadline_offset = dt.timedelta(days=(s.answer_deadline_weekday - s.meeting_weekday) % 7)
    for month in months:
        m_start, m_end = month_bounds(month)
        day = meeting_day(m_start, s.meeting_weekday)
        if day < m_start:
            day += WEEK
        while day <= m_end:
            week_end = day + dt.timedelta(days=6)
            if day >= start and week_end < today:
                judged.add(month)
                for unit, items in owing.items():
                    verdict = _week(items, day, week_end, day + deadline_offset)
                    target = out.missed if verdict == "missed" else out.late if verdict == "late" else None
                    if target is not None:
                        target[(unit, month)] = target.get((unit, month), 0) + 1
            day += WEEK
    out.months = frozenset(judged)
    return out


Owed = tuple[dt.date, set[dt.date], dt.date | None]  # an item: assigned, its answer dates, finished


def _week(items: list[Owed], day: dt.date, week_end: dt.date, deadline: dt.date) -> str:
    """'' (answered on time or nothing owed), 'late' or 'missed' for one unit and week."""
    owed = [dates for assigned, dates, finished in items
            if assigned <= day and (finished is None or finished >= day)]
    if not owed:
        return ""          # no open item this week: nothing owed
    answered = [d for dates in owed for d in dates if day <= d <= week_end]
    if not answered:
        return "missed"
    return "" if min(answered) <= deadline else "late"


__all__ = ["Discipline", "count_weeks", "answer_history", "meeting_day"]

"""Meetings (期次) as the ledger records them, and the items each assigned.

An item belongs to meeting N when its 期次 is N (a sheet without a 期次 column gets the
week of 交办日期 from the ledger reader); an item whose 期次 cell is blank belongs to the
meeting held on its 交办日期, when there is one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from duban.model import Item, Ledger


@dataclass
class Meeting:
    number: int
    date: dt.date | None
    items: list[Item] = field(default_factory=list)


def meetings(ledger: Ledger) -> dict[int, Meeting]:
    """期次 -> Meeting, in order; the date is the most common 交办日期 of its items."""
    found: dict[int, Meeting] = {}
    for it in ledger.items:
        if it.period is not None and it.period > 0:
            found.setdefault(it.period, Meeting(it.period, None)).items.append(it)
    for m in found.values():
        dates = Counter(it.assigned for it in m.items if it.assigned)
        m.date = dates.most_common(1)[0][0] if dates else None
    by_date = {m.date: m for m in found.values() if m.date}
    for it in ledger.items:
        if it.period is None and it.assigned in by_date:
            by_date[it.assigned].items.append(it)
    return dict(sorted(found.items()))


def describe(found: dict[int, Meeting]) -> str:
    """‘第1期至第47期（最近一期：第47期，2026-11-23）’ for messages."""
    if not found:
        return "台账中没有填写期次或交办日期的事项"
    numbers = list(found)
    last = found[numbers[-1]]
    span = f"第{numbers[0]}期至第{numbers[-1]}期" if len(numbers) > 1 else f"第{numbers[0]}期"
    when = f"，{last.date.isoformat()}" if last.date else ""
    return f"台账中有{span}（共{len(numbers)}期；最近一期：第{last.number}期{when}）"

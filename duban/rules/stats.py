"""Statistics (统计): meetings, items, completion per period, category, leader and unit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from duban.dates import month_bounds
from duban.model import Ledger
from duban.rules.closure import awaiting_closure, item_done, reopened, review_resolved, revisits
from duban.rules.closure import happened_by as _by
from duban.rules.scoring import round_half_up


def percent(done: int, total: int) -> float | None:
    """Rate as a percentage with one decimal (3,714 / 3,913 -> 94.9)."""
    return round_half_up(100.0 * done / total, 1) if total else None


@dataclass
class Tally:
    total: int = 0
    done: int = 0

    @property
    def rate(self) -> float | None:
        return percent(self.done, self.total)


@dataclass
class Stats:
    meetings: int
    items: Tally
    reviews: Tally
    per_period: list[tuple[int, dt.date | None, Tally]] = field(default_factory=list)  # (期次, date, tally)
    per_category: dict[str, Tally] = field(default_factory=dict)
    per_leader: dict[str, Tally] = field(default_factory=dict)
    per_unit: dict[str, Tally] = field(default_factory=dict)
    per_review_category: dict[str, Tally] = field(default_factory=dict)
    as_of: dt.date | None = None   # figures count what had happened by this day (None: everything)
    long_term: int = 0             # items without a deadline (长期/持续推进), among items.total
    awaiting_closure: int | None = None   # 待销号 (done, not yet 销号); None: the ledger keeps no 销号 column
    revisits: int | None = None           # problems with a 回头看; None: 周研判 keeps no 回头看 column
    reopened: int = 0                     # of those, reopened by the 回头看 (反弹 …)

    @property
    def as_of_text(self) -> str:
        """'截至2026年10月31日' (empty when the figures are not cut at a day)."""
        d = self.as_of
        return f"截至{d.year}年{d.month}月{d.day}日" if d else ""


def month_end(month: str, today: dt.date | None = None) -> dt.date:
    """The evaluated month's last day ('2026-10' -> 2026-10-31), or today while the month runs."""
    last = month_bounds(month)[1]
    return min(last, today) if today is not None else last


def compute_stats(ledger: Ledger, as_of: dt.date | None = None) -> Stats:
    """Every item row counts (a typo does not un-assign an item); done = a done status.

    With `as_of` (the evaluated month's end) only items assigned by that day count, and an item is
    done when its 完成日期 is on or before it (a done item without 完成日期 counts as done); the same
    for 周研判 (研判日期, 化解日期)."""
    items = [it for it in ledger.items if _by(it.assigned, as_of)]
    done = [item_done(ledger, it, as_of) for it in items]
    dimensions: dict[str, list[Any]] = {
        "period": [it.period for it in items],
        "category": [it.category or "未分类" for it in items],
        "leader": [it.leader.strip() or "未填写" for it in items],
        "unit": [it.lead_unit or it.lead_raw.strip() or "未填写" for it in items],
    }
    periods = _tallies(dimensions["period"], done)
    periods.pop(None, None)
    period_dates: dict[int, Counter[dt.date]] = {}
    for it in items:
        if it.period is not None and it.assigned:
            period_dates.setdefault(it.period, Counter())[it.assigned] += 1
    units_in_order = [u.name for u in sorted(ledger.units, key=lambda u: (u.group, u.order))]
    reviews = [rv for rv in ledger.reviews if _by(rv.date, as_of)]
    r_done = [review_resolved(ledger, rv, as_of) for rv in reviews]
    revisited = revisits(ledger, as_of)
    per_period = [(p, period_dates[p].most_common(1)[0][0] if p in period_dates else None, t)
                  for p, t in sorted(periods.items())]
    return Stats(
        len(periods), Tally(len(items), sum(done)), Tally(len(r_done), sum(r_done)), per_period,
        _tallies(dimensions["category"], done, ledger.settings.item_categories),
        _tallies(dimensions["leader"], done),
        _tallies(dimensions["unit"], done, units_in_order),
        _tallies([rv.category or "未分类" for rv in reviews], r_done, ledger.settings.review_categories),
        as_of,
        sum(1 for it in items if it.long_term),
        len(awaiting_closure(ledger, as_of)) if ledger.keeps_closure else None,
        len(revisited) if ledger.keeps_revisits else None,
        sum(reopened(ledger, rv, as_of) for rv in revisited),
    )


def _tallies(keys: list[Any], done: list[bool], first: list[Any] | None = None) -> dict[Any, Tally]:
    """key -> Tally(total, done); the keys of `first` come first (and appear even when zero)."""
    total = Counter(keys)
    finished = Counter(k for k, d in zip(keys, done) if d)
    order = list(first or []) + [k for k in total if k not in set(first or [])]
    return {k: Tally(total[k], finished[k]) for k in order}

"""Statistics (统计): meetings, items, completion per period, category, leader and unit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .ledger import Ledger
from .scoring import round_half_up


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
    per_period: list[tuple[int, object, Tally]] = field(default_factory=list)  # (期次, date, tally)
    per_category: dict[str, Tally] = field(default_factory=dict)
    per_leader: dict[str, Tally] = field(default_factory=dict)
    per_unit: dict[str, Tally] = field(default_factory=dict)
    per_review_category: dict[str, Tally] = field(default_factory=dict)


def compute_stats(ledger: Ledger) -> Stats:
    """Every item row counts (a typo does not un-assign an item); done = a done status."""
    done_status = ledger.settings.done_status
    resolved = ledger.settings.resolved_status
    items = ledger.items
    done = [it.status in done_status for it in items]
    dimensions = {
        "period": [it.period for it in items],
        "category": [it.category or "未分类" for it in items],
        "leader": [it.leader.strip() or "未填写" for it in items],
        "unit": [it.lead_unit or it.lead_raw.strip() or "未填写" for it in items],
    }
    periods = _tallies(dimensions["period"], done)
    periods.pop(None, None)
    period_dates: dict[int, Counter] = {}
    for it in items:
        if it.period is not None and it.assigned:
            period_dates.setdefault(it.period, Counter())[it.assigned] += 1
    units_in_order = [u.name for u in sorted(ledger.units, key=lambda u: (u.group, u.order))]
    r_done = [rv.status in resolved for rv in ledger.reviews]
    per_period = [(p, period_dates[p].most_common(1)[0][0] if p in period_dates else None, t)
                  for p, t in sorted(periods.items())]
    return Stats(
        len(periods), Tally(len(items), sum(done)), Tally(len(r_done), sum(r_done)), per_period,
        _tallies(dimensions["category"], done, ledger.settings.item_categories),
        _tallies(dimensions["leader"], done),
        _tallies(dimensions["unit"], done, units_in_order),
        _tallies([rv.category or "未分类" for rv in ledger.reviews], r_done, ledger.settings.review_categories),
    )


def _tallies(keys: list, done: list[bool], first: list | None = None) -> dict:
    """key -> Tally(total, done); the keys of `first` come first (and appear even when zero)."""
    total = Counter(keys)
    finished = Counter(k for k, d in zip(keys, done) if d)
    order = list(first or []) + [k for k in total if k not in set(first or [])]
    return {k: Tally(total[k], finished[k]) for k in order}

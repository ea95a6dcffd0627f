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
    items, reviews = Tally(), Tally()
    periods: dict[int, Tally] = {}
    period_dates: dict[int, Counter] = {}
    cats: dict[str, Tally] = {c: Tally() for c in ledger.settings.item_categories}
    leaders: dict[str, Tally] = {}
    units: dict[str, Tally] = {u.name: Tally() for u in sorted(ledger.units, key=lambda u: (u.group, u.order))}
    for it in ledger.items:
        d = it.status in done_status
        tallies = [items]
        if it.period is not None:
            tallies.append(periods.setdefault(it.period, Tally()))
            if it.assigned:
                period_dates.setdefault(it.period, Counter())[it.assigned] += 1
        tallies.append(cats.setdefault(it.category or "未分类", Tally()))
        tallies.append(leaders.setdefault(it.leader or "未填写", Tally()))
        tallies.append(units.setdefault(it.lead_unit or it.lead_raw or "未填写", Tally()))
        for t in tallies:
            t.total += 1
            t.done += d
    rcats: dict[str, Tally] = {c: Tally() for c in ledger.settings.review_categories}
    for rv in ledger.reviews:
        d = rv.status in resolved
        for t in (reviews, rcats.setdefault(rv.category or "未分类", Tally())):
            t.total += 1
            t.done += d
    per_period = [(p, period_dates[p].most_common(1)[0][0] if p in period_dates else None, t)
                  for p, t in sorted(periods.items())]
    return Stats(len(periods), items, reviews, per_period, cats, leaders, units, rcats)

"""Monthly score of a unit (SPEC §3): components, weighted base, adjustments."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, overload

DONE_RATE, ON_TIME_RATE, QUALITY = "办结率", "按时率", "点评质量"
DEFAULT_WEIGHTS = {DONE_RATE: 40.0, ON_TIME_RATE: 30.0, QUALITY: 30.0}
DEFAULT_DONE = frozenset({"已完成"})


@overload
def round_half_up(x: float, digits: int = 2) -> float: ...
@overload
def round_half_up(x: float | None, digits: int = 2) -> float | None: ...
def round_half_up(x: float | None, digits: int = 2) -> float | None:
    """Round half away from zero, as Excel's ROUND does. None stays None (and so would a NaN, which
    the rules never produce: the float overload does not say so)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def completion_rate(statuses: Iterable[object], done: set[str] | frozenset[str] | None = None) -> float | None:
    """Percent of non-empty statuses that mean done; None when there is none."""
    done = DEFAULT_DONE if done is None else done
    values = [str(s).strip() for s in statuses if s is not None and str(s).strip()]
    if not values:
        return None
    return 100.0 * sum(v in done for v in values) / len(values)


def base_score(components: dict[str, float | None], weights: dict[str, float] | None = None) -> float | None:
    """Weighted mean over the components that exist (SPEC §3 Base)."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    total = weight = 0.0
    for name, value in components.items():
        w = weights.get(name, 0.0)
        if value is None or w <= 0:
            continue
        total += w * value
        weight += w
    if weight == 0:
        return None
    return total / weight


def clip(x: float, cap: float) -> float:
    return max(-cap, min(cap, x))


@dataclass
class UnitMonth:
    """One row of 月考评 before ranking."""

    month: str
    unit: str
    group: str
    due: float               # whole numbers unless cooperating units are credited
    done: float
    on_time: float
    overdue: float
    done_rate: float | None
    on_time_rate: float | None
    quality: float | None
    adjustment: float
    score: float | None
    evaluated: bool          # takes part in this month's ranking
    note: str = ""
    unit_evaluated: bool = True  # 参与考评 = 是
    missed_weeks: int | None = None  # 漏报周数 (答卷纪律考核 on and the month judged), else None
    late_weeks: int | None = None    # 迟报周数


class ScoreItem(NamedTuple):
    """One item as the monthly counts read it (a row of evaluate.score_items)."""

    unit: str                    # lead unit
    deadline: dt.date            # effective deadline (调整后时限, else 完成时限)
    done: bool                   # 办理状态 means done
    completed: dt.date | None    # 完成日期
    grade_score: float | None    # points of its 点评等次; None without a grade or with a faulty one
    weight: float = 1            # 1 for the lead unit; 参数 配合单位权重 for a cooperating unit
    closed: dt.date | None = None  # the day it counts as done from when that is not 完成日期 (销号日期)


class MonthCounts(NamedTuple):
    due: float                   # whole numbers unless cooperating units are credited (weights < 1)
    done: float
    on_time: float
    overdue: float
    quality: float | None        # mean grade of the items done in the month; None without any


def month_counts(items: Iterable[ScoreItem], start: dt.date, end: dt.date) -> dict[str, MonthCounts]:
    """Per lead unit counts for one month; only units with an item due appear.

    An item is due when its deadline falls in the month, or fell before it and the item was not
    done before the month began. It is done when its status means done and it was completed by
    the month's end; on time when completed by its deadline. Quality is the mean grade of the
    done items that have one (summed with math.fsum: exact, independent of order). Each item counts
    with its weight (1 for the lead unit), and grades are weighted alike. With `closed` (办结以销号为准)
    the item is done from that day on; on time still compares 完成日期 with the deadline.
    """
    acc: dict[str, list[Any]] = {}
    for unit, deadline, done, completed, grade, weight, closed in items:
        done_on = None  # the day it counts as done; None while it is not done
        if done and completed is not None:
            done_on = max(completed, closed) if closed is not None else completed
        if deadline > end or (deadline < start and done_on is not None and done_on < start):
            continue
        a = acc.get(unit)
        if a is None:
            a = acc[unit] = [0, 0, 0, [], []]
        a[0] += weight
        if done_on is not None and done_on <= end:
            a[1] += weight
            if completed is not None and completed <= deadline:  # always set when done_on is
                a[2] += weight
            if grade is not None:
                a[3].append(grade * weight)
                a[4].append(weight)
    return {unit: MonthCounts(due, done, on_time, due - done,
                              math.fsum(grades) / math.fsum(weights) if grades else None)
            for unit, (due, done, on_time, grades, weights) in acc.items()}

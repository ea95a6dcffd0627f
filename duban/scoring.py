"""Monthly score of a unit (SPEC §3): components, weighted base, adjustments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

import numpy as np
import pandas as pd

DONE_RATE, ON_TIME_RATE, QUALITY = "办结率", "按时率", "点评质量"
DEFAULT_WEIGHTS = {DONE_RATE: 40.0, ON_TIME_RATE: 30.0, QUALITY: 30.0}
DEFAULT_DONE = frozenset({"已完成"})


def round_half_up(x: float | None, digits: int = 2) -> float | None:
    """Round half away from zero, as Excel's ROUND does."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
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
    due: int
    done: int
    on_time: int
    overdue: int
    done_rate: float | None
    on_time_rate: float | None
    quality: float | None
    adjustment: float
    score: float | None
    evaluated: bool          # takes part in this month's ranking
    note: str = ""
    unit_evaluated: bool = True  # 参与考评 = 是


def month_frame(items: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per lead unit counts for one month.

    `items` columns: unit, deadline (effective), done (bool), completed (date or NaT),
    grade_score (float or NaN). Returns columns due, done, on_time, overdue, quality.
    """
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    dl = items["deadline"]
    comp = items["completed"]
    done_any = items["done"] & comp.notna()
    done_before = done_any & (comp < start_ts)
    due = ((dl >= start_ts) & (dl <= end_ts)) | ((dl < start_ts) & ~done_before)
    sub = items[due]
    c = done_any[due] & (sub["completed"] <= end_ts)
    t = c & (sub["completed"] <= sub["deadline"])
    graded = c & sub["grade_score"].notna()
    frame = pd.DataFrame({
        "unit": sub["unit"],
        "due": 1,
        "done": c.astype(int),
        "on_time": t.astype(int),
        "grade_sum": sub["grade_score"].where(graded, 0.0),
        "graded": graded.astype(int),
    })
    out = frame.groupby("unit", sort=False).sum()
    out["overdue"] = out["due"] - out["done"]
    out["quality"] = np.where(out["graded"] > 0, out["grade_sum"] / out["graded"].where(out["graded"] > 0, 1), np.nan)
    return out[["due", "done", "on_time", "overdue", "quality"]]

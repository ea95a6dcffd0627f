"""The monthly counts per lead unit (scoring.month_counts): worked by hand, and equal to the pandas
implementation they replaced (kept here as the oracle) on any items hypothesis can think of."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.rules.scoring import MonthCounts, ScoreItem, month_counts

D = dt.date
OCT = (D(2026, 10, 1), D(2026, 10, 31))


def test_counts_worked_by_hand():
    items = [
        ScoreItem("A", D(2026, 10, 15), True, D(2026, 10, 10), 100.0),  # due, done, on time, graded
        ScoreItem("A", D(2026, 10, 20), True, D(2026, 10, 25), 80.0),   # due, done late, graded
        ScoreItem("A", D(2026, 9, 20), False, None, None),              # overdue from September: due
        ScoreItem("A", D(2026, 9, 10), True, D(2026, 9, 5), 60.0),      # done before October: not due
        ScoreItem("A", D(2026, 11, 5), False, None, None),              # due next month
        ScoreItem("A", D(2026, 10, 31), True, D(2026, 11, 2), 90.0),    # due, done only in November
        ScoreItem("A", D(2026, 9, 30), True, D(2026, 10, 3), None),     # due, done late, no grade
        ScoreItem("A", D(2026, 10, 5), True, None, 100.0),              # 已完成 without a date: not done
        ScoreItem("A", D(2026, 10, 6), False, D(2026, 10, 6), 100.0),   # a date but not done: not done
        ScoreItem("B", D(2026, 12, 1), False, None, None),              # nothing due: B not listed
        ScoreItem("C", D(2026, 10, 1), True, D(2026, 10, 1), 85.5),     # the first day, inclusive
    ]
    got = month_counts(items, *OCT)
    # A: due = items 1, 2, 3, 6, 7, 8, 9 = 7; done = 1, 2, 7 = 3; on time = 1; overdue = 4;
    #    quality = mean of the graded done items (100, 80) = 90
    assert got == {"A": MonthCounts(7, 3, 1, 4, 90.0), "C": MonthCounts(1, 1, 1, 0, 85.5)}


def test_quality_is_none_without_graded_done_items():
    items = [ScoreItem("A", D(2026, 10, 9), True, D(2026, 10, 8), None)]
    assert month_counts(items, *OCT) == {"A": MonthCounts(1, 1, 1, 0, None)}


# ---- the pandas implementation this replaced (duban/scoring.py before issue 11), as the oracle ----

def pandas_month_counts(items, start, end):
    import numpy as np
    import pandas as pd

    df = pd.DataFrame([tuple(i)[:5] for i in items], columns=["unit", "deadline", "done", "completed", "grade_score"])
    df["deadline"] = pd.to_datetime(df["deadline"])
    df["completed"] = pd.to_datetime(df["completed"])
    df["done"] = df["done"].astype(bool)
    df["grade_score"] = df["grade_score"].astype(float)
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    dl, comp = df["deadline"], df["completed"]
    done_any = df["done"] & comp.notna()
    done_before = done_any & (comp < start_ts)
    due = ((dl >= start_ts) & (dl <= end_ts)) | ((dl < start_ts) & ~done_before)
    sub = df[due]
    c = done_any[due] & (sub["completed"] <= end_ts)
    t = c & (sub["completed"] <= sub["deadline"])
    graded = c & sub["grade_score"].notna()
    frame = pd.DataFrame({"unit": sub["unit"], "due": 1, "done": c.astype(int), "on_time": t.astype(int),
                          "grade_sum": sub["grade_score"].where(graded, 0.0), "graded": graded.astype(int)})
    out = frame.groupby("unit", sort=False).sum()
    out["overdue"] = out["due"] - out["done"]
    out["quality"] = np.where(out["graded"] > 0, out["grade_sum"] / out["graded"].where(out["graded"] > 0, 1), np.nan)
    return {u: MonthCounts(int(r.due), int(r.done), int(r.on_time), int(r.overdue),
                           None if math.isnan(r.quality) else float(r.quality))
            for u, r in out.iterrows()}


days = st.dates(D(2026, 7, 1), D(2027, 1, 31))
grades = st.one_of(st.none(), st.sampled_from([100.0, 95.0, 90.0, 85.5, 80.0, 70.0, 60.0, 0.0]))
score_items = st.builds(ScoreItem, st.sampled_from(["甲", "乙", "丙"]), days, st.booleans(),
                        st.one_of(st.none(), days), grades, st.just(1),  # lead units: the oracle knows no weights
                        closed=st.none())                                # nor 销号 (办结以销号为准 off)


@settings(max_examples=150, deadline=None)
@given(st.lists(score_items, max_size=40), days)
def test_equal_to_the_pandas_implementation(items, first):
    import pytest

    pytest.importorskip("pandas")
    start = first.replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    assert month_counts(items, start, end) == pandas_month_counts(items, start, end)

"""Worksheet functions (udfs): Excel-shaped inputs in, core results or Chinese text out."""

from __future__ import annotations

import datetime as dt

import pytest

import udfs
from duban import workdays
from udfs import convert

D = dt.date
SERIAL_2026_01_05 = 46027.0  # Excel serial of 2026-01-05


def test_flat_and_conversions():
    assert convert.flat([[1, 2], [None, "a"]]) == [1, 2, None, "a"]
    assert convert.flat("x") == ["x"] and convert.flat(["a", "b"]) == ["a", "b"]
    assert convert.date(dt.datetime(2026, 1, 5, 0, 0)) == (D(2026, 1, 5), "")
    assert convert.date(SERIAL_2026_01_05) == (D(2026, 1, 5), "")
    assert convert.date("2026.1.5") == (D(2026, 1, 5), "")
    assert convert.date(None) == (None, "") and convert.date("  ") == (None, "")
    assert convert.date("下周") == (None, convert.UNREADABLE_DATE)
    assert convert.number("85") == 85.0 and convert.number(True) is None and convert.number("—") is None
    assert convert.text(3.0) == "3"


def test_completion_rate():
    assert udfs.DB_COMPLETION_RATE([["已完成"], ["推进中"], [None], ["已完成"]]) == pytest.approx(200 / 3)
    assert udfs.DB_COMPLETION_RATE([[None], [""]]) == ""
    assert udfs.DB_COMPLETION_RATE(["办结", "推进中"], [["办结"], ["已完成"]]) == 50.0
    assert udfs.DB_COMPLETION_RATE("已完成") == 100.0


def test_score():
    assert udfs.DB_SCORE(100, 50, 85) == pytest.approx((40 * 100 + 30 * 50 + 30 * 85) / 100)
    assert udfs.DB_SCORE(None, None, 70) == 70  # a missing component does not count
    assert udfs.DB_SCORE("", "", "") == ""
    assert udfs.DB_SCORE(100, 0, None, [50, 50, 0]) == 50
    table = [["办结率", 1.0], ["按时率", 1.0], ["点评质量", 2.0]]
    assert udfs.DB_SCORE(100, 100, 40, table) == 70


def test_rank_is_1224():
    scores = [[90.0], [95.5], [90.0], [80.0]]
    assert [udfs.DB_RANK(v[0], scores) for v in scores] == [2, 1, 2, 4]
    assert udfs.DB_RANK(None, scores) == ""
    assert udfs.DB_RANK(70, scores) == udfs.NOT_IN_LIST
    assert udfs.DB_RANK("abc", scores) == udfs.BAD_NUMBER
    assert udfs.DB_RANK(1, [[1], ["x"], [None]]) == 1


def test_period():
    assert udfs.DB_PERIOD(D(2026, 1, 5)) == 1
    assert udfs.DB_PERIOD(SERIAL_2026_01_05 + 7) == 2
    assert udfs.DB_PERIOD("2026-01-14", "星期三") == 2
    assert udfs.DB_PERIOD("2026-01-14", 3) == 2  # 1 = Monday ... 7 = Sunday
    assert udfs.DB_PERIOD("2026-01-14", "每周") == "例会星期无法识别"
    assert udfs.DB_PERIOD("无") == convert.UNREADABLE_DATE
    assert udfs.DB_PERIOD(None) == ""


def test_workdays_left():
    today = D(2026, 1, 5)
    assert udfs.DB_WORKDAYS_LEFT(D(2026, 1, 8), today) == workdays.workdays_left(D(2026, 1, 8), today) == 3
    assert udfs.DB_WORKDAYS_LEFT(dt.datetime(2026, 1, 5), "2026-01-05") == 0
    assert udfs.DB_WORKDAYS_LEFT("x", today) == convert.UNREADABLE_DATE
    assert udfs.DB_WORKDAYS_LEFT(None) == ""


def test_alert():
    today = D(2026, 1, 5)
    assert udfs.DB_ALERT(D(2026, 1, 2), "推进中", None, None, today) == "红"
    assert udfs.DB_ALERT(D(2026, 1, 2), "已完成", None, None, today) == "绿"
    assert udfs.DB_ALERT(D(2026, 1, 7), "推进中", None, None, today) == "黄"
    assert udfs.DB_ALERT(D(2026, 1, 2), "推进中", D(2026, 3, 1), None, today) == "绿"  # 调整后时限 wins
    assert udfs.DB_ALERT(D(2026, 1, 9), "推进中", None, 1, today) == "绿"
    assert udfs.DB_ALERT(None, "推进中") == "绿"
    assert udfs.DB_ALERT("明天", "推进中") == convert.UNREADABLE_DATE
    assert udfs.DB_ALERT(D(2000, 1, 3), "推进中") == "红"  # today defaults to the system date


def test_unit_name():
    assert udfs.DB_UNIT_NAME(" 区住建局　") == "区住建局"
    assert udfs.DB_UNIT_NAME("ＡＢＣ局") == "ABC局"
    assert udfs.DB_UNIT_NAME(None) == ""


def test_functions_never_raise(monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("坏了")

    monkeypatch.setattr(udfs.ranking, "competition_ranks", boom)
    assert udfs.DB_RANK(1, [1, 2]) == "计算出错：坏了"


def test_signatures_have_no_annotations():
    import inspect

    for name in (n for n in dir(udfs) if n.startswith("DB_")):
        sig = inspect.signature(getattr(udfs, name))
        assert all(p.annotation is inspect.Parameter.empty for p in sig.parameters.values()), name
        assert sig.return_annotation is inspect.Signature.empty, name

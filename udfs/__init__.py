"""Worksheet functions for Excel (xlwings UDFs), thin wrappers over duban's core.

Names are ASCII (VBA wrappers cannot have Chinese names) and start with DB_.
Results are numbers or Chinese text; a function never raises into Excel: bad
input gives a short Chinese message, blank input an empty string.

The VBA wrappers in workbook/vba/xlwings_udfs.bas are generated from this module
(`python -m workbook.udfgen`); regenerate them after changing a signature.
Parameters carry no type annotations (xlwings would take them as converters)
and avoid VBA keywords (Date, Name...), since they become VBA parameter names.
"""

from __future__ import annotations

import datetime as dt
import functools

import xlwings as xw

from duban import dates, names, workdays
from duban.read import params
from duban.rules import alerts, ranking, scoring
from udfs import convert as cv

CATEGORY = "duban"
NOT_IN_LIST = "不在排名范围内"
BAD_NUMBER = "不是数字"


def _safe(f):
    """Return a Chinese message instead of raising into Excel."""
    @functools.wraps(f)
    def wrapper(*args):
        try:
            return f(*args)
        except Exception as e:  # noqa: BLE001 - shown in the cell, never raised
            return f"计算出错：{e}"[:255]
    return wrapper


def _blank_if_none(x):
    return "" if x is None else x


def _done_set(done_statuses):
    done = {cv.text(v) for v in cv.flat(done_statuses) if not cv.is_blank(v)}
    return done or set(scoring.DEFAULT_DONE)


@xw.func(category=CATEGORY)
@_safe
def DB_COMPLETION_RATE(statuses, done_statuses=None):
    """完成率(%)：办理状态中表示办结的所占百分比（默认“已完成”）；没有状态时为空。"""
    values = [cv.text(v) for v in cv.flat(statuses)]
    return _blank_if_none(scoring.completion_rate(values, _done_set(done_statuses)))


@xw.func(category=CATEGORY)
@_safe
def DB_SCORE(done_rate, on_time_rate, quality, weights=None):
    """基础得分：办结率、按时率、点评质量的加权平均（默认权重 40/30/30，空项不计）。"""
    keys = (scoring.DONE_RATE, scoring.ON_TIME_RATE, scoring.QUALITY)
    components = dict(zip(keys, (cv.number(done_rate), cv.number(on_time_rate), cv.number(quality))))
    w = cv.table_or_list(weights, keys)
    w = None if w is None else {k: v for k, v in w.items() if v is not None}
    return _blank_if_none(scoring.base_score(components, w))


@xw.func(category=CATEGORY)
@_safe
def DB_RANK(score, scores):
    """名次：score 在 scores 中从高到低的名次，并列同名次、其后名次顺延（1、2、2、4）。"""
    x = cv.number(score)
    if x is None:
        return "" if cv.is_blank(score) else BAD_NUMBER
    nums = [n for n in (cv.number(v) for v in cv.flat(scores)) if n is not None]
    if x not in nums:
        return NOT_IN_LIST
    return ranking.competition_ranks(nums)[nums.index(x)]


def _weekday(value) -> int | None:
    """例会星期: Chinese text (星期一) or 1-7 with 1 = Monday; None when unreadable."""
    if cv.is_blank(value):
        return 0
    if cv.text(value) in params.WEEKDAYS:
        return params.WEEKDAYS[cv.text(value)]
    n = cv.number(value)
    return int(n) - 1 if n is not None and n.is_integer() and 1 <= n <= 7 else None


@xw.func(category=CATEGORY)
@_safe
def DB_PERIOD(assign_date, meeting_weekday=None):
    """期次：交办日期是当年第几次例会周（例会星期默认星期一，可填“星期三”或 1-7）。"""
    d, err = cv.date(assign_date)
    if d is None:
        return err
    wd = _weekday(meeting_weekday)
    if wd is None:
        return "例会星期无法识别"
    return dates.period_of(d, wd)


def _calendar(holidays) -> tuple[workdays.Calendar | None, str]:
    """The calendar of a 节假日安排 range (日期, 类型[, 名称]); the built-in one when blank."""
    if holidays is None or cv.is_blank(holidays):
        return workdays.DEFAULT, ""
    if not isinstance(holidays, (list, tuple)):
        rows = [[holidays]]
    elif all(isinstance(r, (list, tuple)) for r in holidays):
        rows = [list(r) for r in holidays]
    else:
        rows = [list(holidays)]   # a range of one row arrives as a flat list
    calendar, findings = params.holiday_calendar(rows)
    return (None, f"节假日安排有误：{findings[0].message}") if findings else (calendar, "")


@xw.func(category=CATEGORY, volatile=True)
@_safe
def DB_WORKDAYS_LEFT(deadline, today=None, holidays=None):
    """距完成时限的工作日数（按法定节假日和调休；holidays 可选“参数”表的节假日安排，如 节假日安排）；今天到期为 0，逾期为负数。"""
    d, err = cv.date(deadline)
    if d is None:
        return err
    t, err = cv.date(today)
    if err:
        return err
    calendar, err = _calendar(holidays)
    if calendar is None:
        return err
    return calendar.workdays_left(d, t or dt.date.today())


@xw.func(category=CATEGORY, volatile=True)
@_safe
def DB_ALERT(deadline, status, adjusted_deadline=None, soon_workdays=None, today=None, holidays=None):
    """提醒颜色：未办结且已逾期为“红”，临近时限（默认 3 个工作日内，holidays 同 DB_WORKDAYS_LEFT）为“黄”，其余为“绿”。"""
    adjusted, err = cv.date(adjusted_deadline)
    if err:
        return err
    d, err = cv.date(deadline)
    if err and adjusted is None:
        return err
    t, err = cv.date(today)
    if err:
        return err
    soon = cv.number(soon_workdays)
    calendar, err = _calendar(holidays)
    if calendar is None:
        return err
    done = cv.text(status) in scoring.DEFAULT_DONE
    return alerts.alert_colour(adjusted or d, done, t or dt.date.today(), 3 if soon is None else int(soon), calendar)


@xw.func(category=CATEGORY)
@_safe
def DB_UNIT_NAME(unit_name):
    """规范后的单位名称：全角转半角、去掉所有空格。"""
    return names.normalise_name(unit_name if isinstance(unit_name, str) else cv.text(unit_name))

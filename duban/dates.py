"""Reading dates and months the way office staff type them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

EXCEL_EPOCH = dt.date(1899, 12, 30)

_FULL = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*日?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?\s*$")
_MONTH_ONLY = re.compile(r"^\s*(\d{1,2})\s*月(?:份)?\s*$")


@dataclass(frozen=True)
class Parsed:
    """A value read from a date cell: the date, or why it could not be read."""

    value: dt.date | None
    typed_as_text: bool = False   # read from text such as '2022.9.5' (warn)
    error: str = ""               # non-empty when the cell has something unreadable


def from_serial(n: float) -> dt.date | None:
    """Excel serial number (1900 system) -> date, for plausible values only."""
    if 1 <= n < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(n))
    return None


def _number_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value: object, year: int | None = None) -> Parsed:
    """Read a cell meant to hold a date. Empty gives Parsed(None)."""
    if value is None or value == "":
        return Parsed(None)
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    if isinstance(value, bool):
        return Parsed(None, error=f"“{value}”不是日期")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 19000101 <= value <= 21001231:  # 20260309 typed as a number
            d = _make(int(value) // 10000, int(value) // 100 % 100, int(value) % 100)
            if d is not None:
                return Parsed(d, typed_as_text=True)
        d = from_serial(float(value))
        if d is None:
            return Parsed(None, error=f"“{_number_text(value)}”不是日期")
        return Parsed(d, typed_as_text=True)
    text = str(value).strip()
    if not text:
        return Parsed(None)
    for pattern in (_FULL, _COMPACT):
        m = pattern.match(text)
        if m:
            d = _make(int(m[1]), int(m[2]), int(m[3]))
            if d is None:
                return Parsed(None, error=f"“{text}”不是有效日期")
            return Parsed(d, typed_as_text=True)
    m = _MONTH_DAY.match(text)
    if m:
        if year is None:
            return Parsed(None, error=f"“{text}”没有年份，且参数表未填考评年度")
        d = _make(year, int(m[1]), int(m[2]))
        if d is None:
            return Parsed(None, error=f"“{text}”不是有效日期")
        return Parsed(d, typed_as_text=True)
    return Parsed(None, error=f"“{text}”无法识别为日期")


def parse_month(value: object, year: int | None = None) -> tuple[str | None, str]:
    """Read a month cell ('2022-09', '2022年9月', a date in the month) -> ('YYYY-MM', error)."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}", ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        d = from_serial(float(value))
        if d is not None:
            return f"{d.year:04d}-{d.month:02d}", ""
        return None, f"“{_number_text(value)}”不是月份"
    text = str(value).strip()
    m = _YEAR_MONTH.match(text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}", ""
    m = _MONTH_ONLY.match(text)
    if m and year and 1 <= int(m[1]) <= 12:
        return f"{year:04d}-{int(m[1]):02d}", ""
    p = parse_date(text, year)
    if p.value:
        return f"{p.value.year:04d}-{p.value.month:02d}", ""
    return None, f"“{text}”无法识别为月份"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-03' -> (2026-03-01, 2026-03-31)."""
    y, m = (int(p) for p in month.split("-"))
    start = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def month_of(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(month: str, n: int) -> str:
    y, m = (int(p) for p in month.split("-"))
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def last_complete_month(today: dt.date) -> str:
    """The evaluated month by default: the month before today's."""
    return add_months(month_of(today), -1)


def valid_month_text(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text or ""))


def period_of(d: dt.date, weekday: int = 0) -> int:
    """期次 of a date: the week of its year, counted from the year's first meeting day."""
    jan1 = dt.date(d.year, 1, 1)
    first = jan1 + dt.timedelta(days=(weekday - jan1.weekday()) % 7)
    if d < first:
        return 0
    return (d - first).days // 7 + 1


def to_excel_date(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days

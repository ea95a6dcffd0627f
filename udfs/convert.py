"""Reading worksheet-function arguments as Excel passes them through xlwings.

A single cell arrives as a scalar, a range as a list (one row or column) or a
list of lists; empty cells are None; dates are datetimes when the cell is
formatted as a date, else serial numbers, or text people typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.dates import parse_date

UNREADABLE_DATE = "日期无法识别"


def flat(value: Any) -> list[Any]:
    """Every cell of a scalar, a row/column or a 2-D range, row by row."""
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in flat(item)]
    return [value]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """Cell text: integral floats without '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def number(value: Any) -> float | None:
    """A number, or None for blanks, booleans and text that is not a number."""
    if isinstance(value, bool) or is_blank(value):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def date(value: Any) -> tuple[dt.date | None, str]:
    """(date, '') when readable, (None, '') when blank, (None, message) otherwise."""
    if is_blank(value):
        return None, ""
    parsed = parse_date(value)
    if parsed.value is None:
        return None, UNREADABLE_DATE
    return parsed.value, ""


def table_or_list(value: Any, keys: tuple[str, ...]) -> dict[str, float | None] | None:
    """Weights given as a two-column table (name, value) or as values in `keys` order."""
    if is_blank(value):
        return None
    rows = value if isinstance(value, (list, tuple)) and all(isinstance(r, (list, tuple)) for r in value) else None
    if rows and all(len(r) >= 2 for r in rows) and any(text(r[0]) in keys for r in rows):
        return {text(r[0]): number(r[1]) for r in rows if text(r[0])}
    values = [number(v) for v in flat(value)]
    return dict(zip(keys, values))

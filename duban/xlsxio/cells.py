"""Cell references, Excel serial dates and error values, role styles and cell XML rendering."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Collection
from dataclasses import dataclass

from duban.xlsxio.model import Cell
from duban.xlsxio.xmltext import clean_text, escape_cell_text

MAX_CELL_CHARS = 32767
MAX_ROWS = 1_048_576
MAX_COLS = 16_384
REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")

# Excel's error values, as they are stored (t="e") and shown; Excel also stores #GETTING_DATA
# for a cube/linked-data formula still loading, and LibreOffice shows Err:nnn for its own.
ERROR_TEXTS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                         "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                         "#BUSY!", "#UNKNOWN!", "#PYTHON!"})


def col_letters(c0: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    s, n = "", c0 + 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_ref(r0: int, c0: int) -> str:
    return f"{col_letters(c0)}{r0 + 1}"


def parse_ref(ref: str) -> tuple[int, int]:
    """'B3' -> (2, 1)."""
    m = REF_RE.match(ref.strip())
    if not m:
        raise ValueError(f"bad cell reference {ref!r}")
    return int(m.group(2)) - 1, col_index(m.group(1))


def check_pos(r0: int, c0: int) -> None:
    if not (0 <= r0 < MAX_ROWS and 0 <= c0 < MAX_COLS):
        raise ValueError(f"cell position out of range: {(r0, c0)}")


def excel_serial(value: dt.date, date1904: bool = False) -> float | int | None:
    """Excel serial number of a date/datetime; None if the date system cannot hold it."""
    if isinstance(value, dt.datetime):
        day = value.date()
        frac = (value.hour * 3600 + value.minute * 60 + value.second
                + value.microsecond / 1e6) / 86400
    else:
        day, frac = value, 0
    if date1904:
        days = (day - dt.date(1904, 1, 1)).days
        if days < 0:
            return None
    else:
        days = (day - dt.date(1899, 12, 31)).days
        if days < 1:
            return None
        if days >= 60:  # Excel counts the non-existent 1900-02-29
            days += 1
    return days + frac if isinstance(value, dt.datetime) else days


def error_text(text: str) -> str | None:
    """The error value a stored text is (#N/A, Err:502), as Excel shows it; None if it is none."""
    t = text.strip()
    if t.upper() in ERROR_TEXTS:
        return t.upper()
    if t.startswith("Err:") and t[4:].isdigit():  # LibreOffice's own error codes
        return t
    return None


def role_of(value: object) -> str:
    """Default style role for a plain value (callers' role sets include these five)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Number):
        return "number"
    return "text"


def as_cell(value: object, roles: Collection[str] | None = None) -> Cell:
    """``value`` as a Cell (a plain value gets ``role_of``); a Cell naming a role outside ``roles``
    (when given) is a ValueError."""
    if isinstance(value, Cell):
        if roles is not None and value.role not in roles:
            raise ValueError(f"unknown style role {value.role!r}")
        return value
    return Cell(value, role_of(value))


@dataclass
class Styles:
    """Style index (``s=``) for each role; None means no ``s`` attribute."""

    index: dict[str, int | None]

    def of(self, role: str) -> int | None:
        return self.index.get(role)

    @classmethod
    def default(cls, roles: Collection[str]) -> Styles:
        return cls({r: None for r in roles})


def value_xml(value: object, date1904: bool, pfx: str = "") -> tuple[str | None, str]:
    """(t attribute, inner XML) for a value; inner '' means an empty cell."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return "b", f"<{pfx}v>{int(value)}</{pfx}v>"
    if isinstance(value, numbers.Integral):
        return None, f"<{pfx}v>{int(value)}</{pfx}v>"
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        num: float | int | None
        if isinstance(value, dt.time):
            num = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
        elif isinstance(value, dt.timedelta):
            num = value.total_seconds() / 86400
        else:
            num = excel_serial(value, date1904)
            if num is None:  # before the date system starts: keep it readable as text
                return value_xml(value.isoformat(sep=" ") if isinstance(value, dt.datetime)
                                 else value.isoformat(), date1904, pfx)
        return None, f"<{pfx}v>{num!r}</{pfx}v>"
    if isinstance(value, numbers.Number):
        try:
            f = float(value)  # type: ignore[arg-type]  # a Number without __float__ falls back to text
        except (TypeError, ValueError):
            return value_xml(str(value), date1904, pfx)
        if math.isnan(f) or math.isinf(f):
            return None, ""
        return None, f"<{pfx}v>{f!r}</{pfx}v>"
    raw = clean_text(str(value))[:MAX_CELL_CHARS]
    text = escape_cell_text(raw)
    space = ' xml:space="preserve"' if raw != raw.strip() else ""
    return "inlineStr", f"<{pfx}is><{pfx}t{space}>{text}</{pfx}t></{pfx}is>"


def cell_xml(ref: str, value: object, s: int | str | None, date1904: bool, pfx: str = "") -> str:
    """A complete ``<c>`` element (inline strings, never formulas)."""
    t, inner = value_xml(value, date1904, pfx)
    head = f'<{pfx}c r="{ref}"'
    if s is not None and str(s) != "0":
        head += f' s="{s}"'
    if t:
        head += f' t="{t}"'
    return f"{head}>{inner}</{pfx}c>" if inner else f"{head}/>"

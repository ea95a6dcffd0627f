"""Typing one cell of OLD for NEW: dates and deadline phrases, 期次, names, with every change
noted in the report (the original text goes to 备注 by the caller)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from duban.adopt.report import Report
from duban.dates import parse_date, parse_deadline
from duban.model import text
from duban.xlsxio.cells import cell_ref


@dataclass
class Where:
    """A cell of OLD, for the report."""

    sheet: str
    row: int
    col: int | None

    @property
    def cell(self) -> str:
        return cell_ref(self.row, self.col) if self.col is not None else f"第{self.row + 1}行"


def shown(v: Any) -> str:
    """A cell as quoted in the report (a date cell as yyyy-mm-dd)."""
    return text(v)


class Typer:
    """Types cells of OLD against the ledger's year; collects dates rewritten and cells unreadable."""

    def __init__(self, year: int, report: Report):
        self.year = year
        self.report = report

    def date(self, raw: Any, header: str, where: Where, *, deadline: bool = False,
             assigned: dt.date | None = None) -> tuple[Any, str]:
        """(value for NEW, note for 备注). A date cell stays; text is read; unreadable text stays as typed."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, ""
        if type(raw) is dt.datetime:
            return raw.date(), ""
        if type(raw) is dt.date:
            return raw, ""
        p = parse_deadline(raw, self.year, assigned) if deadline else parse_date(raw, self.year)
        original = shown(raw)
        if p.long_term:
            return original, ""
        if p.value is not None:
            self.report.dates.add(where.sheet, where.cell, header, original, p.value.isoformat())
            return p.value, f"{header}原为“{original}”"
        problem = p.error or "无法识别为日期"
        if p.suggestion:
            problem += f"，{p.suggestion}"
        self.report.cells.add(where.sheet, where.cell, header, original, problem)
        return original, ""

    def period(self, raw: Any, header: str, where: Where) -> int | str | None:
        """期次 as a whole number (第39期, 39.0 -> 39); None when empty; the text when unreadable."""
        if raw is None or text(raw) == "":
            return None
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
            return int(raw)
        m = re.fullmatch(r"第?\s*(\d+)\s*期?", text(raw))
        if m:
            return int(m[1])
        self.report.cells.add(where.sheet, where.cell, header, text(raw), "期次不是整数")
        return text(raw)

    def number(self, raw: Any, header: str, where: Where) -> Any:
        if raw is None or isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return raw
        t = text(raw).replace("＋", "+").replace("－", "-").replace("分", "")
        try:
            return float(t) if t else None
        except ValueError:
            self.report.cells.add(where.sheet, where.cell, header, text(raw), "不是数字")
            return text(raw)


# A date in running text: 2026年10月12日, 10月12日, 10月12号, 2026-10-12, 2026.10.12
_TEXT_DATE = re.compile(r"(?:(\d{4})\s*[年.\-/])?\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?")
_DONE_AFTER = re.compile(r"^\s*(?:已|已经|全面|全部|顺利|基本)?\s*(?:完成|办结|竣工|通过|验收|销号|结案|交付|投用|上线|开工)")
_DONE_BEFORE = re.compile(r"(?:已于|于|已在|在|截至|截止)\s*$")


def completion_date_in(sentence: str, year: int) -> dt.date | None:
    """The date a progress text says the work was finished on ("已于10月12日完成"), if it says one."""
    found = None
    for m in _TEXT_DATE.finditer(sentence):
        before, after = sentence[max(0, m.start() - 4):m.start()], sentence[m.end():m.end() + 8]
        if not (_DONE_AFTER.match(after) or (_DONE_BEFORE.search(before) and re.search("完成|办结|竣工|验收|销号", after))):
            continue
        y = int(m[1]) if m[1] else year
        try:
            found = dt.date(y, int(m[2]), int(m[3]))
        except ValueError:
            continue
    return found

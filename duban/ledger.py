"""Typed records of the input sheets, with the findings met while typing them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import schema
from .book import RawBook, Table, locate_table
from .dates import parse_date, parse_month
from .findings import ERROR, WARNING, Finding
from .names import Register, split_units
from .params import Settings, read_settings


def text(v: Any) -> str:
    """Cell value as trimmed text ('' for empty); 3.0 -> '3'."""
    if v is None:
        return ""
    if type(v) is str:
        return v.strip()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()[:10]
    return str(v).strip()


def raw_text(v: Any) -> str:
    """Like text() but keeps leading/trailing spaces, so validation can point them out."""
    if type(v) is str:
        return v if v.strip() else ""
    return text(v)


@dataclass
class Unit:
    row: int
    name: str
    short: str
    group: str
    leader: str
    evaluated: bool
    order: float


@dataclass
class Item:
    """One row of 周交办. Names are raw text; `lead_unit` is resolved by validation."""

    row: int
    id: str
    period: int | None
    assigned: dt.date | None
    leader: str
    lead_raw: str
    co_raw: str
    content: str
    category: str
    deadline: dt.date | None
    adjusted: dt.date | None
    status: str
    completed: dt.date | None
    progress: str
    feedback: dt.date | None
    grade: str
    lead_unit: str | None = None

    @property
    def effective_deadline(self) -> dt.date | None:
        return self.adjusted or self.deadline


@dataclass
class Review:
    row: int
    id: str
    date: dt.date | None
    category: str
    description: str
    unit_raw: str
    deadline: dt.date | None
    status: str
    resolved: dt.date | None
    unit: str | None = None


@dataclass
class Adjustment:
    row: int
    month: str | None
    unit_raw: str
    points: float | None
    reason: str
    unit: str | None = None


@dataclass
class HistoryRow:
    row: int
    month: str
    group: str
    rank: int | None
    unit: str
    score: float | None
    result: str
    state: str


@dataclass
class Ledger:
    settings: Settings
    year: int
    units: list[Unit]
    leaders: list[str]
    items: list[Item]
    reviews: list[Review]
    adjustments: list[Adjustment]
    history: list[HistoryRow]
    tables: dict[str, Table]
    findings: list[Finding] = field(default_factory=list)
    # Rows of the computed sheets the tool keeps across runs.
    kept: dict[str, list[list[Any]]] = field(default_factory=dict)
    # The version of the file these rows were read from (None when read through Excel).
    signature: tuple[int, int, int] | None = None

    # Built once per ledger, so every rule shares one register and its resolution cache.
    @cached_property
    def unit_register(self) -> Register:
        return Register([u.name for u in self.units], {u.short: u.name for u in self.units if u.short})

    @cached_property
    def leader_register(self) -> Register:
        return Register(self.leaders)


class _Typer:
    """Turns raw cells into typed values, noting unreadable and text-typed dates."""

    def __init__(self, table: Table, year: int | None):
        self.table = table
        self.year = year
        self.findings: list[Finding] = []
        # Every field gets an index; a column the sheet lacks points at a padding slot that stays None.
        self.width = max(table.columns.values(), default=-1) + 2
        self.col = {c.name: table.columns.get(c.name, self.width - 1) for c in table.sheet.columns}

    def padded(self, values: list[Any]) -> list[Any]:
        """The row's values, long enough for every index in `col`."""
        if len(values) < self.width:
            return list(values) + [None] * (self.width - len(values))
        if values[self.width - 1] is not None:  # a user column right of the known ones: not ours to read
            values = list(values)
            values[self.width - 1] = None
        return values

    def date(self, row: int, values: list[Any], name: str) -> dt.date | None:
        raw = values[self.col[name]]
        if raw is None:
            return None
        if type(raw) is dt.date and self._plausible(raw):  # the common case: a real date cell
            return raw
        if type(raw) is dt.datetime and self._plausible(raw):
            return raw.date()
        p = parse_date(raw, self.year)
        if p.value is not None and not p.typed_as_text and self._plausible(p.value):
            return p.value
        header = self.table.sheet.column(name).header
        cell = self.table.cell(row, name)
        if p.value is not None and not self._plausible(p.value):
            self.findings.append(Finding(ERROR, self.table.title, cell, header,
                                         f"{header} {p.value.isoformat()} 与考评年度 {self.year} 相差超过一年，可能录入有误",
                                         "请核对年份"))
            return None
        if p.error:
            self.findings.append(Finding(ERROR, self.table.title, cell, header, f"{header}{p.error}",
                                         "请按“2026-03-09”的格式填写日期"))
        elif p.typed_as_text:
            how = "数字" if isinstance(raw, (int, float)) else "文本"
            self.findings.append(Finding(WARNING, self.table.title, cell, header,
                                         f"{header}以{how}形式录入（“{text(raw)}”），已读作 {p.value.isoformat()}",
                                         f"建议改为日期格式：{p.value.isoformat()}"))
        return p.value

    def _plausible(self, d: dt.date) -> bool:
        return self.year is None or abs(d.year - self.year) <= 1

    def integer(self, row: int, values: list[Any], name: str) -> int | None:
        raw = values[self.col[name]]
        if raw is None or text(raw) == "":
            return None
        try:
            f = float(text(raw).lstrip("第").rstrip("期"))
            if f.is_integer():
                return int(f)
        except ValueError:
            pass
        header = self.table.sheet.column(name).header
        self.findings.append(Finding(ERROR, self.table.title, self.table.cell(row, name), header,
                                     f"{header}“{text(raw)}”不是整数", "请填写整数，如 12"))
        return None


def infer_year(items_grid: Table | None) -> int:
    """The ledger's year: the most common year among typed 交办日期 values."""
    years: Counter[int] = Counter()
    if items_grid is not None and "assigned" in items_grid.columns:
        for _r, values in items_grid.rows[:5000]:
            v = items_grid.value(values, "assigned")
            if isinstance(v, (dt.date, dt.datetime)):
                years[v.year] += 1
    return years.most_common(1)[0][0] if years else dt.date.today().year


def load_ledger(book: RawBook) -> Ledger:
    """Type every input sheet. Raises BadWorkbook when a sheet or required column is missing."""
    settings, findings = read_settings(book.grid(schema.PARAMS.title), schema.PARAMS.title)
    tables = {s.key: locate_table(book.grid(s.title), s) for s in
              (schema.UNITS, schema.LEADERS, schema.ITEMS, schema.REVIEWS, schema.ADJUSTMENTS)}
    year = settings.year or infer_year(tables["items"])

    units = _units(tables["units"])
    lt = tables["leaders"]
    leaders = [text(lt.value(v, "name")) for _r, v in lt.rows if text(lt.value(v, "name"))]

    typers = {k: _Typer(t, year) for k, t in tables.items()}
    items = [_item(typers["items"], r, v) for r, v in tables["items"].rows]
    reviews = [_review(typers["reviews"], r, v) for r, v in tables["reviews"].rows]
    adjustments = [_adjustment(typers["adjustments"], r, v, year) for r, v in tables["adjustments"].rows]
    for t in typers.values():
        findings.extend(t.findings)

    history = _history(book.grid(schema.HISTORY.title))
    kept = {s.title: book.grid(s.title) or [] for s in (schema.ACCOUNTABILITY, schema.RUN_LOG, schema.CHANGE_LOG)}
    return Ledger(settings, year, units, leaders, items, reviews, adjustments, history, tables, findings, kept,
                  book.signature)


def _units(t: Table) -> list[Unit]:
    out = []
    for r, v in t.rows:
        name = text(t.value(v, "name"))
        if not name:
            continue
        order = t.value(v, "order")
        out.append(Unit(r, name, text(t.value(v, "short")), text(t.value(v, "group")),
                        text(t.value(v, "leader")), text(t.value(v, "evaluated")) != "否",
                        float(order) if isinstance(order, (int, float)) else float(len(out) + 1)))
    return out


def _item(ty: _Typer, r: int, v: list[Any]) -> Item:
    v, c = ty.padded(v), ty.col
    return Item(
        row=r, id=text(v[c["id"]]), period=ty.integer(r, v, "period"),
        assigned=ty.date(r, v, "assigned"), leader=raw_text(v[c["leader"]]),
        lead_raw=raw_text(v[c["lead_unit"]]), co_raw=raw_text(v[c["co_units"]]),
        content=text(v[c["content"]]), category=text(v[c["category"]]),
        deadline=ty.date(r, v, "deadline"), adjusted=ty.date(r, v, "adjusted_deadline"),
        status=text(v[c["status"]]), completed=ty.date(r, v, "completed"),
        progress=text(v[c["progress"]]), feedback=ty.date(r, v, "feedback_date"),
        grade=text(v[c["grade"]]),
    )


def _review(ty: _Typer, r: int, v: list[Any]) -> Review:
    v, c = ty.padded(v), ty.col
    return Review(
        row=r, id=text(v[c["id"]]), date=ty.date(r, v, "date"), category=text(v[c["category"]]),
        description=text(v[c["description"]]), unit_raw=raw_text(v[c["unit"]]),
        deadline=ty.date(r, v, "deadline"), status=text(v[c["status"]]),
        resolved=ty.date(r, v, "resolved"),
    )


def _adjustment(ty: _Typer, r: int, v: list[Any], year: int) -> Adjustment:
    t = ty.table
    v = ty.padded(v)
    raw_month = t.value(v, "month")
    month, err = parse_month(raw_month, year)
    if err:
        ty.findings.append(Finding(ERROR, t.title, t.cell(r, "month"), "月份", f"月份{err}",
                                   "请按“2026-03”的格式填写月份"))
    raw = t.value(v, "points")
    points: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        points = float(raw)
    elif text(raw):
        try:
            points = float(text(raw).replace("＋", "+").replace("－", "-"))
        except ValueError:
            ty.findings.append(Finding(ERROR, t.title, t.cell(r, "points"), "分值", f"分值“{text(raw)}”不是数字",
                                       "请填写数字，加分为正数，减分为负数，如 -2"))
    return Adjustment(r, month, raw_text(t.value(v, "unit")), points, text(t.value(v, "reason")))


def _history(grid: list[list[Any]] | None) -> list[HistoryRow]:
    t = locate_table(grid, schema.HISTORY, strict=False)
    if t is None:
        return []
    out = []
    for r, v in t.rows:
        month, _err = parse_month(t.value(v, "month"))
        unit = text(t.value(v, "unit"))
        if not month or not unit:
            continue
        rank = t.value(v, "rank")
        score = t.value(v, "score")
        out.append(HistoryRow(
            r, month, text(t.value(v, "group")),
            int(rank) if isinstance(rank, (int, float)) else None, unit,
            float(score) if isinstance(score, (int, float)) else None,
            text(t.value(v, "result")), text(t.value(v, "state")) or "草稿",
        ))
    return out


def units_in(cell: str) -> list[str]:
    return split_units(cell)

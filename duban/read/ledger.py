"""Typed records of the input sheets, with the findings met while typing them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from duban import schema
from duban.cellmark import CellError
from duban.dates import WEEKDAY_NAMES, Parsed, arabic_numerals, parse_date, parse_deadline, parse_month, period_of
from duban.errors import BadWorkbook
from duban.findings import ERROR, INFO, WARNING, Finding, at
from duban.model import (
    Adjustment,
    HistoryRow,
    Item,
    Ledger,
    Review,
    Settings,
    Table,
    Unit,
    raw_text,
    text,
    unit_register_of,
    word,
)
from duban.names import split_units, without_invisible, yes_no
from duban.read.answer_record import TITLE as ANSWER_RECORD
from duban.read.book import RawBook, locate_table
from duban.read.headers import match_findings
from duban.read.params import read_settings
from duban.read.resolve import resolve_names
from duban.read.tables import ReadTable, SectionDate, item_sheets, read_table, require_columns, table_findings


class _Typer:
    """Turns raw cells into typed values, noting unreadable and text-typed dates."""

    def __init__(self, table: Table, year: int | None):
        self.table = table
        self.year = year
        self.findings: list[Finding] = []
        # Every field gets an index; a column the sheet lacks points at a padding slot that stays None.
        self.width = max(table.columns.values(), default=-1) + 2
        self.col = {c.name: table.columns.get(c.name, self.width - 1) for c in table.sheet.columns}
        for name in schema.OPTIONAL_COLUMNS.get(table.sheet.key, {}):
            self.col[name] = table.columns.get(name, self.width - 1)

    def padded(self, values: list[Any]) -> list[Any]:
        """The row's values, long enough for every index in `col`."""
        if len(values) < self.width:
            return list(values) + [None] * (self.width - len(values))
        if values[self.width - 1] is not None:  # a user column right of the known ones: not ours to read
            values = list(values)
            values[self.width - 1] = None
        return values

    def unmarked(self, row: int, values: list[Any], score_fields: frozenset[str]) -> list[Any]:
        """The row's values with every error value or uncomputed formula (CellError) in a column of
        ours replaced by None, each one reported on its cell: an error where the score uses the
        field (validation then leaves out what it touches), a warning elsewhere. Never a blank."""
        if CellError not in map(type, values):  # the common row, checked at C speed
            return values
        marked = [(name, c) for name, c in self.col.items() if c < len(values) and type(values[c]) is CellError]
        values = list(values)
        for name, c in marked:
            mark = values[c]
            values[c] = None
            header = self.table.header(name)
            level = ERROR if name in score_fields else WARNING
            self.findings.append(Finding("formula-without-value", level, self.table.title, *self.table.pos(row, name), header,
                                         f"{header}{mark.problem()}", mark.fix(), name))
        return values

    def date(self, row: int, values: list[Any], name: str) -> dt.date | None:
        """A date cell (a text date is read with a warning, an unreadable one is an error)."""
        return self._date(row, values, name, False, None)[0]

    def deadline(self, row: int, values: list[Any], name: str, assigned: dt.date | None) -> tuple[dt.date | None, bool]:
        """A deadline cell, its phrases read too (10月底前, 本月底前 …): (date, long_term), where
        long_term is True for 长期/持续推进 (no date)."""
        return self._date(row, values, name, True, assigned)

    def _date(self, row: int, values: list[Any], name: str, deadline: bool,
              assigned: dt.date | None) -> tuple[dt.date | None, bool]:
        raw = values[self.col[name]]
        if raw is None:
            return None, False
        if type(raw) is dt.date and self._plausible(raw):  # the common case: a real date cell
            return raw, False
        if type(raw) is dt.datetime and self._plausible(raw):
            return raw.date(), False
        p = parse_deadline(raw, self.year, assigned) if deadline else parse_date(raw, self.year)
        if isinstance(raw, SectionDate) and p.value is not None and self._plausible(p.value):
            return p.value, False  # from a section title (第39期（9月28日交办）): said once for the sheet
        if p.long_term:
            return None, True
        return self._reported(row, raw, name, p, deadline), False

    def _reported(self, row: int, raw: Any, name: str, p: Parsed, deadline: bool) -> dt.date | None:
        """The parsed value, with the finding a text-typed, implausible or unreadable date deserves."""
        if p.value is not None and not p.typed_as_text and self._plausible(p.value):
            return p.value
        header = self.table.header(name)
        pos = self.table.pos(row, name)
        if p.value is not None and not self._plausible(p.value):
            self.findings.append(Finding("date-out-of-year", ERROR, self.table.title, *pos, header,
                                         f"{header} {p.value.isoformat()} 与考评年度 {self.year} 相差超过一年，可能录入有误",
                                         "请核对年份", name))
            return None
        if p.error:
            hint = p.suggestion or "请按“2026-03-09”的格式填写日期"
            if deadline and not p.suggestion:
                hint += "；没有期限的事项可填“长期”"
            self.findings.append(Finding("bad-date", ERROR, self.table.title, *pos, header, f"{header}{p.error}", hint, name))
        elif p.typed_as_text and p.value is not None:
            how = "数字" if isinstance(raw, (int, float)) else "文本"
            self.findings.append(Finding("date-as-text", WARNING, self.table.title, *pos, header,
                                         f"{header}以{how}形式录入（“{text(raw)}”），已读作 {p.value.isoformat()}",
                                         f"建议改为日期格式：{p.value.isoformat()}", name))
        return p.value

    def _plausible(self, d: dt.date) -> bool:
        return self.year is None or abs(d.year - self.year) <= 1

    def integer(self, row: int, values: list[Any], name: str) -> int | None:
        raw = values[self.col[name]]
        if raw is None or text(raw) == "":
            return None
        try:
            f = float(arabic_numerals(text(raw)).lstrip("第").rstrip("期"))
            if f.is_integer():
                return int(f)
        except ValueError:
            pass
        header = self.table.header(name)
        self.findings.append(Finding("bad-integer", ERROR, self.table.title, *self.table.pos(row, name), header,
                                     f"{header}“{text(raw)}”不是整数", "请填写整数，如 12", name))
        return None


def infer_year(tables: Sequence[Table]) -> int:
    """The ledger's year: the most common year among typed 交办日期 values (else 完成时限 values)."""
    years: Counter[int] = Counter()
    for name in ("assigned", "deadline"):   # deadlines only when no 交办日期 is a date
        for t in tables:
            if name in t.columns:
                for _r, values in t.rows[:5000]:
                    v = t.value(values, name)
                    if isinstance(v, (dt.date, dt.datetime)):
                        years[v.year] += 1
        if years:
            break
    return years.most_common(1)[0][0] if years else dt.date.today().year


OPTIONAL_SHEETS = (schema.LEADERS, schema.REVIEWS, schema.ADJUSTMENTS)

# Fields whose error value or uncomputed formula is an error (the score reads them); elsewhere a
# warning. 点评等次 leaves out only the grade, as an unknown grade does (duban.rules.evaluate).
ITEM_SCORED = frozenset({"lead_unit", "deadline", "adjusted_deadline", "status", "completed", "grade"})
ADJUSTMENT_SCORED = frozenset({"month", "unit", "points"})
UNIT_SCORED = frozenset({"name", "group", "evaluated"})


def claim_optional(t: Table) -> Table:
    """Give the optional columns a sheet has (schema.OPTIONAL_COLUMNS: 销号日期, 回头看日期 …) their field."""
    from duban.read.headers import optional_field

    for header, c in t.extra.items():
        name = optional_field(t.sheet, header)
        if name and name not in t.columns:
            t.columns[name] = c
            if isinstance(t, ReadTable) and t.match is not None:
                t.match.labels[name] = header
                t.match.optional[name] = c
    return t


def _register_table(book: RawBook, settings: Settings, sheet: schema.Sheet, findings: list[Finding]) -> Table:
    """One of 单位/领导/周研判/加减分, its header found as on item sheets. 单位 must be there;
    a missing 领导/周研判/加减分 sheet reads as empty."""
    t = read_table(book, sheet.title, sheet, user_names=settings.user_names(sheet.title))
    if t is None:
        if book.grid(sheet.title) is None and sheet in OPTIONAL_SHEETS:
            findings.append(Finding("missing-sheet", INFO, sheet.title, None, None, "工作表", f"工作簿中没有“{sheet.title}”工作表，按空表处理",
                                    "可用 duban new 生成的模板对照补上"))
            return Table(sheet, 0, {c.name: i for i, c in enumerate(sheet.columns)}, [])
        if book.grid(sheet.title) is None:
            raise BadWorkbook(f"找不到工作表“{sheet.title}”（登记各单位的名称和组别，排名要用）。如果这是本单位原有的台账，"
                              f"请用“duban adopt 原台账文件”导入为督办台账；也可以从 duban new 生成的模板中"
                              f"复制“{sheet.title}”“参数”两张表过来，填好后再运行")
    require_columns(t.match if t is not None else None, sheet)
    assert t is not None  # require_columns refused a missing table
    claim_optional(t)
    findings.extend(match_findings(t.match, sheet))
    findings.extend(table_findings(t))
    return t


def load_ledger(book: RawBook) -> Ledger:
    """Type every input sheet. Raises BadWorkbook when a sheet or a column the scores need is missing."""
    settings, findings = read_settings(book.grid(schema.PARAMS.title), schema.PARAMS.title)
    tables: dict[str, Table] = {}
    for sheet in (schema.UNITS, schema.LEADERS, schema.REVIEWS, schema.ADJUSTMENTS):
        tables[sheet.key] = _register_table(book, settings, sheet, findings)
    # 单位 before the item sheets (a sheet named after a unit gives its rows that unit); its cells hold no dates
    units = _units(_Typer(tables["units"], settings.year), findings)
    item_tables, sheet_findings = item_sheets(book, settings.user_names, settings.excluded_sheets,
                                              unit_of=unit_register_of(units, settings.district).sheet_unit)
    tables["items"] = item_tables[0]
    for t in item_tables:
        claim_optional(t)
        findings.extend(match_findings(t.match, schema.ITEMS))
        findings.extend(table_findings(t))
    findings.extend(sheet_findings)
    findings.extend(book.notes)
    year = settings.year or infer_year(item_tables)

    lt = tables["leaders"]
    leaders = [text(lt.value(v, "name")) for _r, v in lt.rows if text(lt.value(v, "name"))]

    items = []
    for t in item_tables:
        ty = _Typer(t, year)
        items += [_item(ty, r, v, settings.meeting_weekday) for r, v in t.rows]
        findings.extend(ty.findings)
        if "period" not in t.columns and t.rows:
            findings.append(Finding("period-derived", INFO, t.title, *at(t.header_row, 0), "期次",
                                    f"“{t.title}”没有“期次”列，期次按交办日期所在的周推算（例会{_weekday_name(settings)}）",
                                    "如需按本单位的期次统计，请加一列“期次”"))
    typers = {k: _Typer(tables[k], year) for k in ("reviews", "adjustments")}
    reviews = [_review(typers["reviews"], r, v) for r, v in tables["reviews"].rows]
    adjustments = [_adjustment(typers["adjustments"], r, v, year) for r, v in tables["adjustments"].rows]
    for typer in typers.values():
        findings.extend(typer.findings)

    history = _history(book.grid(schema.HISTORY.title))
    kept = {s.title: book.grid(s.title) or [] for s in (schema.ACCOUNTABILITY, schema.RUN_LOG, schema.CHANGE_LOG)}
    kept[ANSWER_RECORD] = book.grid(ANSWER_RECORD) or []
    ledger = Ledger(settings, year, units, leaders, items, reviews, adjustments, history, tables, findings, kept,
                    book.signature, item_tables, book.grid(schema.LEADERS.title) is not None)
    resolve_names(ledger)
    return ledger


def _weekday_name(settings: Settings) -> str:
    return "星期" + WEEKDAY_NAMES[settings.meeting_weekday]


def _units(ty: _Typer, findings: list[Finding]) -> list[Unit]:
    out: list[Unit] = []
    t = ty.table
    for r, v in t.rows:
        v = ty.unmarked(r, v, UNIT_SCORED)
        name = without_invisible(text(t.value(v, "name"))).strip()
        if not name:
            continue
        order = t.value(v, "order")
        flag = text(t.value(v, "evaluated"))   # 是/否, √/×; an unreadable mark is an error and not ranked
        out.append(Unit(r, name, without_invisible(text(t.value(v, "short"))), text(t.value(v, "group")),
                        text(t.value(v, "leader")), not flag or bool(yes_no(flag)),
                        float(order) if isinstance(order, (int, float)) else float(len(out) + 1)))
    findings.extend(ty.findings)
    return out


def _item(ty: _Typer, r: int, v: list[Any], weekday: int) -> Item:
    v, c = ty.unmarked(r, ty.padded(v), ITEM_SCORED), ty.col
    t = ty.table
    assigned = ty.date(r, v, "assigned")
    deadline, long_term = ty.deadline(r, v, "deadline", assigned)
    adjusted, adjusted_long_term = ty.deadline(r, v, "adjusted_deadline", assigned)
    if adjusted is not None or adjusted_long_term:  # a later deadline (or 长期) replaces the first one
        long_term = adjusted_long_term
    period = ty.integer(r, v, "period") if "period" in t.columns else (
        period_of(assigned, weekday) if assigned else None)
    seq_col = t.match.seq_col if isinstance(t, ReadTable) and t.match else None
    return Item(
        row=r, table=t, id=text(v[c["id"]]), period=period,
        assigned=assigned, leader=raw_text(v[c["leader"]]),
        lead_raw=raw_text(v[c["lead_unit"]]), co_raw=raw_text(v[c["co_units"]]),
        content=text(v[c["content"]]), category=word(v[c["category"]]),
        deadline=deadline, adjusted=adjusted,
        status=word(v[c["status"]]), completed=ty.date(r, v, "completed"),
        progress=text(v[c["progress"]]), feedback=ty.date(r, v, "feedback_date"),
        grade=word(v[c["grade"]]), sheet=t.title,
        seq=text(v[seq_col]) if seq_col is not None and seq_col < len(v) else "", long_term=long_term,
        closed=ty.date(r, v, "closed"),
        extension_requested=ty.date(r, v, "extension_requested"),
        extensions=ty.integer(r, v, "extensions") if "extensions" in t.columns else None,
    )


def _review(ty: _Typer, r: int, v: list[Any]) -> Review:
    v, c = ty.unmarked(r, ty.padded(v), frozenset()), ty.col
    return Review(
        row=r, id=text(v[c["id"]]), date=ty.date(r, v, "date"), category=text(v[c["category"]]),
        description=text(v[c["description"]]), unit_raw=raw_text(v[c["unit"]]),
        deadline=ty.date(r, v, "deadline"), status=text(v[c["status"]]),
        resolved=ty.date(r, v, "resolved"),
        revisit=ty.date(r, v, "revisit"), revisit_finding=word(v[c["revisit_finding"]]),
    )


def _adjustment(ty: _Typer, r: int, v: list[Any], year: int) -> Adjustment:
    t = ty.table
    v = ty.unmarked(r, ty.padded(v), ADJUSTMENT_SCORED)
    raw_month = t.value(v, "month")
    month, err = parse_month(raw_month, year)
    if err:
        ty.findings.append(Finding("bad-month", ERROR, t.title, *t.pos(r, "month"), "月份", f"月份{err}",
                                   "请按“2026-03”的格式填写月份", "month"))
    raw = t.value(v, "points")
    points: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        points = float(raw)
    elif text(raw):
        try:
            points = float(text(raw).replace("＋", "+").replace("－", "-"))
        except ValueError:
            ty.findings.append(Finding("bad-number", ERROR, t.title, *t.pos(r, "points"), "分值", f"分值“{text(raw)}”不是数字",
                                       "请填写数字，加分为正数，减分为负数，如 -2", "points"))
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

"""NEW's 单位, 领导, 周研判, 加减分 and 历史排名 rows from what OLD holds."""

from __future__ import annotations

from typing import Any

from duban import schema
from duban.adopt.cells import Typer, Where
from duban.adopt.items import _text_cell
from duban.adopt.report import Report
from duban.adopt.units import TO_CHECK, UnitRegister
from duban.adopt.vocab import Vocabulary
from duban.dates import parse_month
from duban.model import text
from duban.names import split_aliases, split_units
from duban.read.book import RawBook
from duban.read.tables import ReadTable, read_table

OTHER_SHEETS = (schema.UNITS, schema.LEADERS, schema.REVIEWS, schema.ADJUSTMENTS, schema.HISTORY)


def read_others(book: RawBook, user_names) -> dict[str, ReadTable]:
    """OLD's own 单位, 领导, 周研判, 加减分, 历史排名 sheets (by their standard titles), where present."""
    out = {}
    for sheet in OTHER_SHEETS:
        t = read_table(book, sheet.title, sheet, user_names=user_names(sheet.title))
        if t is not None:
            out[sheet.key] = t
    return out


def register_units(t: ReadTable | None, units: UnitRegister, vocab: Vocabulary) -> None:
    if t is None:
        return
    for _r, v in t.rows:
        name = text(t.value(v, "name"))
        if not name:
            continue
        word = text(t.value(v, "group"))
        group = vocab.group(word) if word else None
        units.register(name, text(t.value(v, "short")), group,
                       [t.value(v, c.name) for c in schema.UNITS.columns], word)


def unit_rows(units: UnitRegister, report: Report) -> list[list[Any]]:
    """单位 rows in schema order plus the 导入核对 column; every unit listed in the report."""
    rows = []
    for i, e in enumerate(units.entries, start=1):
        old = dict(zip([c.name for c in schema.UNITS.columns], e.row)) if e.row else {}
        short = "、".join(dict.fromkeys(a for a in [*_aliases(old.get("short")), *e.aliases] if a != e.name))
        evaluated = text(old.get("evaluated")) or ("是" if e.evaluated else "否")
        order = old.get("order") if isinstance(old.get("order"), (int, float)) else i
        check = f"{TO_CHECK}：{e.basis}" if e.to_check else ""
        rows.append([e.name, short or None, e.group, _text_cell(old.get("leader")), _text_cell(old.get("contact")),
                     _text_cell(old.get("phone")), evaluated, order, check or None])
        report.units.add(e.name, "、".join(e.aliases), e.group, e.basis, TO_CHECK if e.to_check else "")
    return rows


def _aliases(v: Any) -> list[str]:
    return split_aliases(text(v))


def leader_rows(t: ReadTable | None, typed: list[str], report: Report) -> list[list[Any]]:
    """OLD's 领导 rows, then every other name typed as 交办领导."""
    rows: list[list[Any]] = []
    seen: set[str] = set()
    if t is not None:
        for _r, v in t.rows:
            name = "".join(text(t.value(v, "name")).split())
            if name and name not in seen:
                seen.add(name)
                rows.append([name, _text_cell(t.value(v, "title")), _text_cell(t.value(v, "area"))])
                report.leaders.add(name, "原领导表")
    for cell in typed:
        for name in split_units(cell):
            name = "".join(name.split())
            if name and name not in seen:
                seen.add(name)
                rows.append([name, None, None])
                report.leaders.add(name, "取自交办领导（职务、分管领域请补填）")
    return rows


def review_rows(t: ReadTable | None, typer: Typer, vocab: Vocabulary, units: UnitRegister) -> list[list[Any]]:
    if t is None:
        return []
    rows = []
    for n, (r, v) in enumerate(t.rows, start=1):
        out: dict[str, Any] = {c.name: _text_cell(t.value(v, c.name)) for c in schema.REVIEWS.columns}
        notes = []
        for f in ("date", "deadline", "resolved"):
            out[f], note = typer.date(t.value(v, f), schema.REVIEWS.column(f).header, Where(t.title, r, t.columns.get(f)))
            notes.append(note)
        out["id"] = out["id"] or f"{typer.year}-研判-{n:03d}"
        out["unit"] = units.canonical(text(t.value(v, "unit"))) or None
        out["category"] = vocab.category(text(t.value(v, "category")), review=True) or None
        out["status"] = vocab.review_status(text(t.value(v, "status"))) or None
        out["remark"] = "；".join(x for x in [out["remark"] or "", *notes] if x) or None
        rows.append([out[c.name] for c in schema.REVIEWS.columns])
    return rows


def adjustment_rows(t: ReadTable | None, typer: Typer, units: UnitRegister, report: Report) -> list[list[Any]]:
    if t is None:
        return []
    rows = []
    for r, v in t.rows:
        raw = t.value(v, "month")
        month, err = parse_month(raw, typer.year)
        if err:
            report.cells.add(t.title, Where(t.title, r, t.columns.get("month")).cell, "月份", text(raw), err)
        points = typer.number(t.value(v, "points"), "分值", Where(t.title, r, t.columns.get("points")))
        rows.append([month or _text_cell(raw), units.canonical(text(t.value(v, "unit"))) or None, points,
                     _text_cell(t.value(v, "reason")), _text_cell(t.value(v, "basis")),
                     _text_cell(t.value(v, "reviewer"))])
    return rows


def history_rows(t: ReadTable | None, units: UnitRegister) -> list[list[Any]]:
    """OLD's 历史排名 as it stands (published months stay published), unit names canonical."""
    if t is None:
        return []
    rows = []
    for _r, v in t.rows:
        row = [t.value(v, c.name) for c in schema.HISTORY.columns]
        row[3] = units.canonical(text(row[3])) or row[3]
        rows.append(row)
    return rows

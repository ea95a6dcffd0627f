"""Write a ledger the way a clerk lays it out, with XlsxWriter.

A `Ledger` starts as the standard workbook (参数, 单位, 领导, 周交办, 周研判, 加减分,
历史排名 — the sheets `duban new` makes, with the base items of `base.py`) and a case
changes one habit: header texts, title rows, two-row headers, merged cells, section
rows, an Excel table, month sheets, typed-as-text values …
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import xlsxwriter

from duban import schema

from . import base


@dataclass(frozen=True)
class Raw:
    """A cell written as raw sheet XML after the workbook is saved (tests/cellxml.py helpers):
    what XlsxWriter cannot write, such as a formula without a cached value or an error value."""

    body: str


@dataclass
class Col:
    """One column of an item sheet: its header text and the field its values come from."""

    header: str
    field: str | None  # None: a column of the office's own (values from `values`)
    group: str | None = None  # two-row header: label merged above consecutive columns of the same group
    values: Callable[[dict[str, Any]], Any] | None = None  # overrides the field's value


# The optional 申请延期 columns (issue 20): the offices' layouts of the corpus do not keep them.
EXTENSION_FIELDS = ("extension_requested", "extensions")


@dataclass
class ItemSheet:
    """An item sheet as the clerk lays it out."""

    title: str
    records: list[dict[str, Any]]
    columns: list[Col] = field(default_factory=lambda: [Col(c.header, c.name) for c in schema.ITEMS.columns
                                                        if c.name not in EXTENSION_FIELDS])
    title_rows: list[str] = field(default_factory=list)  # each merged across the table
    above: list[list[Any]] = field(default_factory=list)  # plain rows above the header (制表单位 …)
    instructions: str | None = None  # one merged row right under the header
    group_by: Callable[[dict[str, Any]], Any] = lambda r: (r["period"], r["assigned"])  # a meeting's rows
    sections: Callable[[dict[str, Any]], str] | None = None  # merged row before each group (its first record)
    blank_between: int = 0  # blank rows after each group's rows
    merge_down: tuple[str, ...] = ()  # fields merged down each group's rows
    after_header: list[list[Any]] = field(default_factory=list)  # plain rows right under the header (栏次 …)
    table: bool = False  # an Excel table with a totals row
    merge_single_headers: bool = True  # two-row header: columns without a group merged down both rows
    first_col: int = 0
    below: list[list[Any]] = field(default_factory=list)  # plain rows under the records (None: blank cell)
    beside: list[list[Any]] = field(default_factory=list)  # plain rows right of the table (one blank column
    #                                                       between), from the header row down
    repeat_header_after: int | None = None  # a blank row and the header again (page break) after this many records

    # -- editing helpers used by the cases --
    def col(self, field_name: str) -> Col:
        return next(c for c in self.columns if c.field == field_name)

    def rename(self, **headers: str) -> ItemSheet:
        for f, h in headers.items():
            self.col(f).header = h
        return self

    def drop(self, *fields: str) -> ItemSheet:
        self.columns = [c for c in self.columns if c.field not in fields]
        return self

    def set(self, id_: str, **values: Any) -> ItemSheet:
        """Change raw cell values of the item with 编号 id_."""
        next(r for r in self.records if r["id"] == id_).update(values)
        return self


@dataclass
class Ledger:
    """The whole workbook: plain sheets as rows, item sheets as ItemSheet, in order."""

    sheets: dict[str, list[list[Any]] | ItemSheet]
    merges: dict[str, list[tuple[int, int, int, int, Any]]] = field(default_factory=dict)
    raw: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> cell -> Raw body, besides the records

    @property
    def items(self) -> ItemSheet:
        return self.item_sheet(schema.ITEMS.title)

    def item_sheet(self, title: str) -> ItemSheet:
        sheet = self.sheets[title]
        assert isinstance(sheet, ItemSheet)
        return sheet

    @property
    def params(self) -> list[list[Any]]:
        return self.sheets[schema.PARAMS.title]  # type: ignore[return-value]

    @property
    def units(self) -> list[list[Any]]:
        return self.sheets[schema.UNITS.title]  # type: ignore[return-value]

    @property
    def adjustments(self) -> list[list[Any]]:
        return self.sheets[schema.ADJUSTMENTS.title]  # type: ignore[return-value]

    def insert_sheet(self, title: str, sheet: list[list[Any]] | ItemSheet, before: str) -> None:
        out: dict[str, Any] = {}
        for k, v in self.sheets.items():
            if k == before:
                out[title] = sheet
            out[k] = v
        self.sheets = out

    def rename_sheet(self, old: str, new: str) -> None:
        self.sheets = {(new if k == old else k): v for k, v in self.sheets.items()}
        if isinstance(self.sheets[new], ItemSheet):
            self.sheets[new].title = new

    # -- 参数 --
    def add_param_rows(self, block: str, rows: list[list[Any]]) -> None:
        """Add rows at the end of an existing 参数 block (in its spare rows)."""
        prm = self.params
        start = next(i for i, r in enumerate(prm) if r and r[0] == f"【{block}】")
        last = start + 1
        while last + 1 < len(prm) and prm[last + 1] and prm[last + 1][0] not in (None, "") \
                and not str(prm[last + 1][0]).startswith("【"):
            last += 1
        prm[last + 1:last + 1] = [list(r) for r in rows]

    def replace_param_block(self, block: str, rows: list[list[Any]]) -> None:
        """Replace the data rows of an existing 参数 block."""
        prm = self.params
        start = next(i for i, r in enumerate(prm) if r and r[0] == f"【{block}】")
        end = start + 2
        while end < len(prm) and prm[end] and prm[end][0] not in (None, ""):
            end += 1
        prm[start + 2:end] = [list(r) for r in rows]

    def add_param_block(self, block: str, header: list[str], rows: list[list[Any]]) -> None:
        """Append a new 参数 block (title, header, rows, blank row)."""
        self.params.extend([[f"【{block}】"], list(header), *[list(r) for r in rows], []])

    def has_block(self, block: str) -> bool:
        return any(r and r[0] == f"【{block}】" for r in self.params)

    def fill_block(self, block: str, header: list[str], rows: list[list[Any]]) -> None:
        """Rows into a 参数 block: the template's block when it has one (newer templates carry the
        optional blocks), else a block appended at the end (an older ledger)."""
        if self.has_block(block):
            self.add_param_rows(block, rows)
        else:
            self.add_param_block(block, header, rows)

    def column_map(self, pairs: dict[str, str]) -> None:
        """The office's 列名对照 block: 本单位列名 -> 标准列名."""
        self.fill_block("列名对照", ["本单位列名", "标准列名"], [[k, v] for k, v in pairs.items()])


def standard() -> Ledger:
    """The standard workbook with the base ledger."""
    return Ledger({
        schema.PARAMS.title: base.params_rows(),
        schema.UNITS.title: [schema.UNITS.headers] + base.unit_rows(),
        schema.LEADERS.title: [schema.LEADERS.headers] + copy.deepcopy(base.LEADERS),
        schema.ITEMS.title: ItemSheet(schema.ITEMS.title, base.base_items()),
        schema.REVIEWS.title: [schema.REVIEWS.headers],
        schema.ADJUSTMENTS.title: [schema.ADJUSTMENTS.headers] + copy.deepcopy(base.BASE_ADJUSTMENTS),
        schema.HISTORY.title: [schema.HISTORY.headers],
    })


# ---- writing --------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.date = wb.add_format({"num_format": "yyyy-mm-dd"})
        self.head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                   "border": 1})
        self.title = wb.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.band = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
        self.plain = wb.add_format({"valign": "vcenter"})
        self.tables = 0
        self.raw: dict[str, dict[str, str]] = {}  # sheet -> cell -> Raw body, applied after saving

    def next_table(self) -> int:
        self.tables += 1
        return self.tables

    def cell(self, ws, r: int, c: int, v: Any, fmt=None) -> None:
        if v is None:
            return
        if isinstance(v, Raw):
            from duban.xlsxio.cells import cell_ref
            self.raw.setdefault(ws.name, {})[cell_ref(r, c)] = v.body
            return
        if isinstance(v, (dt.date, dt.datetime)):
            ws.write_datetime(r, c, v, self.date)
        elif isinstance(v, str):
            ws.write_string(r, c, v, fmt) if fmt else ws.write_string(r, c, v)
        else:
            ws.write(r, c, v, fmt) if fmt else ws.write(r, c, v)

    def merge(self, ws, r1: int, c1: int, r2: int, c2: int, v: Any, fmt=None) -> None:
        ws.merge_range(r1, c1, r2, c2, "", fmt or self.plain)
        if isinstance(v, (dt.date, dt.datetime)):
            ws.write_datetime(r1, c1, v, self.date)
        elif v is not None:
            self.cell(ws, r1, c1, v, fmt or self.plain)

    def plain_sheet(self, ws, rows: list[list[Any]]) -> None:
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                self.cell(ws, r, c, v)

    def item_sheet(self, ws, s: ItemSheet) -> None:
        c0 = s.first_col
        last_col = c0 + len(s.columns) - 1
        r = 0
        for t in s.title_rows:
            self.merge(ws, r, c0, r, last_col, t, self.title)
            r += 1
        for row in s.above:
            for c, v in enumerate(row):
                self.cell(ws, r, c0 + c, v)
            r += 1
        header_row = r
        two_rows = any(c.group for c in s.columns) and not s.table
        if s.table:
            r += 1  # add_table writes the header
        elif two_rows:
            self._two_row_header(ws, s, r)
            r += 2
        else:
            for i, col in enumerate(s.columns):
                self.cell(ws, r, c0 + i, col.header, self.head)
            r += 1
        if s.instructions:
            self.merge(ws, r, c0, r, last_col, s.instructions)
            r += 1
        for row in s.after_header:
            for c, v in enumerate(row):
                self.cell(ws, r, c0 + c, v)
            r += 1
        for _key, rows in groupby(s.records, key=s.group_by):
            rows = list(rows)
            if s.sections:
                self.merge(ws, r, c0, r, last_col, s.sections(rows[0]), self.band)
                r += 1
            first = r
            for rec in rows:
                if s.repeat_header_after is not None and rec is s.records[s.repeat_header_after]:
                    r += 1   # a blank row, then the header again (the top of a printed page)
                    for i, col in enumerate(s.columns):
                        self.cell(ws, r, c0 + i, col.header, self.head)
                    r += 1
                    first = r
                for i, col in enumerate(s.columns):
                    if col.field in s.merge_down:
                        continue
                    self.cell(ws, r, c0 + i, col.values(rec) if col.values else rec.get(col.field))
                r += 1
            for i, col in enumerate(s.columns):
                if col.field in s.merge_down:
                    v = col.values(rows[0]) if col.values else rows[0].get(col.field)
                    if len(rows) > 1:
                        self.merge(ws, first, c0 + i, r - 1, c0 + i, v)
                    else:
                        self.cell(ws, first, c0 + i, v)
            r += s.blank_between
        if s.table:
            cols = []
            for i, col in enumerate(s.columns):
                spec: dict[str, Any] = {"header": col.header}
                if i == 0:
                    spec["total_string"] = "合计"
                elif col.field == "content":
                    spec["total_function"] = "count"
                    spec["total_value"] = len(s.records)
                cols.append(spec)
            ws.add_table(header_row, c0, r, last_col, {"columns": cols, "total_row": True,
                                                      "name": f"Ledger{self.next_table()}",
                                                      "style": "Table Style Medium 2"})
        r += 1 if s.table else 0
        for i, row in enumerate(s.beside):
            for c, v in enumerate(row):
                self.cell(ws, header_row + i, last_col + 2 + c, v)
        for row in s.below:
            for c, v in enumerate(row):
                self.cell(ws, r, c0 + c, v)
            r += 1
        for i, col in enumerate(s.columns):
            ws.set_column(c0 + i, c0 + i, 30 if col.field in ("content", "progress") else 13)
        ws.freeze_panes(header_row + (2 if two_rows else 1), 0)

    def _two_row_header(self, ws, s: ItemSheet, r: int) -> None:
        i = 0
        while i < len(s.columns):
            col = s.columns[i]
            c = s.first_col + i
            if col.group:
                j = i
                while j + 1 < len(s.columns) and s.columns[j + 1].group == col.group:
                    j += 1
                self.merge(ws, r, c, r, s.first_col + j, col.group, self.head)
                for k in range(i, j + 1):
                    self.cell(ws, r + 1, s.first_col + k, s.columns[k].header, self.head)
                i = j + 1
            else:
                if s.merge_single_headers:
                    self.merge(ws, r, c, r + 1, c, col.header, self.head)
                else:  # the upper cell left empty, the header in the lower row
                    self.cell(ws, r + 1, c, col.header, self.head)
                i += 1


def write(ledger: Ledger, path: str | Path) -> Path:
    """Write the ledger to path (.xlsx)."""
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    w = _Writer(wb)
    for title, sheet in ledger.sheets.items():
        ws = wb.add_worksheet(title)
        if isinstance(sheet, ItemSheet):
            w.item_sheet(ws, sheet)
        else:
            w.plain_sheet(ws, sheet)
        for r1, c1, r2, c2, v in ledger.merges.get(title, ()):
            w.merge(ws, r1, c1, r2, c2, v)
    wb.close()
    for title, cells in ledger.raw.items():
        w.raw.setdefault(title, {}).update(cells)
    if w.raw:
        from cellxml import put_cells
        for title, cells in w.raw.items():
            put_cells(path, title, cells)
    return path

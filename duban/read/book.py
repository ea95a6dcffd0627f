"""Reading a workbook into raw grids (rows from A1), sheets by name.

The core works on `RawBook`, whichever host produced it: python-calamine for
the headless path, xlwings for the Excel path.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.cellmark import CellError, from_fault
from duban.errors import BadWorkbook
from duban.findings import INFO, WARNING, Finding, at
from duban.model import Table
from duban.schema import BY_TITLE, Sheet
from duban.xlsxio.cells import cell_ref

HEADER_SCAN_ROWS = 10


@dataclass
class RawBook:
    """Sheet title -> grid of cell values (list of rows, from A1)."""

    sheets: dict[str, list[list[Any]]]
    path: str = ""
    signature: tuple[int, int, int] | None = None  # the file version read (xlsxio.file_signature)
    # Sheet title -> merged ranges (first_row, first_col, last_row, last_col; zero-based, inclusive).
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    # Sheet title -> zero-based rows that are an Excel table's totals row.
    totals_rows: dict[str, set[int]] = field(default_factory=dict)
    # What the reader noticed about cells it did not read as stored (far cells cut, rows holding
    # only formulas without results); validation shows them with its own findings.
    notes: list[Finding] = field(default_factory=list)

    def grid(self, title: str) -> list[list[Any]] | None:
        return self.sheets.get(title)


def read_book(path: str | Path, titles: list[str] | None = None) -> RawBook:
    """Read the named sheets (all when None) with python-calamine; error values and formulas
    without a cached value become CellError marks, cells far beyond the data are cut (noted)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    from duban.xlsxio import check_workbook, file_signature
    from duban.xlsxio.cellscan import calamine_source, scan_book

    check_workbook(path)
    signature = file_signature(path)  # before reading: a change after this makes the write refuse
    try:
        scans = scan_book(path, titles)
        wb = CalamineWorkbook.from_filelike(calamine_source(path, scans)) if any(
            s.xml is not None for s in scans.values()) else CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        _check_sheet_names(names, {m.name for m in wb.sheets_metadata if m.typ != SheetTypeEnum.WorkSheet})
        sheets, merges = calamine_sheets(wb, [n for n in names if titles is None or n in titles])
    except BadWorkbook:
        raise
    except Exception as exc:  # calamine raises several of its own types
        raise BadWorkbook(f"无法读取文件“{Path(path).name}”：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）。"
                          "请用 Excel 或 WPS 打开后另存为 .xlsx/.xlsm 再试") from exc
    notes: list[Finding] = []
    grids = {}
    for title, grid in sheets.items():
        scan = scans.get(title)
        marks = {pos: from_fault(fault) for pos, fault in scan.marks.items()} if scan else {}
        grids[title] = with_marks(_clean(grid), marks, title, notes)
        if scan and scan.far:
            notes.append(far_note(title, scan.far, scan.data_ref))
    book = RawBook(grids, str(path), signature, merges, table_totals_rows(path))
    book.notes = notes
    return book


def far_note(title: str, far: list[tuple[int, int]], data_ref: str) -> Finding:
    """The warning for value cells cut as far beyond a sheet's data (zero-based positions, in order)."""
    shown = "、".join(cell_ref(*p) for p in far[:5]) + (f" 等 {len(far)} 个单元格" if len(far) > 5 else "")
    return Finding("far-cell", WARNING, title, *at(*far[0]), "单元格",
                   f"工作表“{title}”的 {shown} 远在数据区（{data_ref}）之外，未读取",
                   "多半是误输入或按 Ctrl+End 后留下的：请选中该单元格按 Delete 清除（或删除数据区下方、右侧多余的行列）后保存")


def with_marks(grid: list[list[Any]], marks: dict[tuple[int, int], CellError], title: str,
               notes: list[Finding]) -> list[list[Any]]:
    """The grid with each mark in its cell. Marks on rows that hold nothing else (formulas filled
    down without results, #N/A lookups below the data) are not data: those rows stay empty,
    said once for the sheet."""
    by_row: dict[int, dict[int, CellError]] = {}
    for (r, c), mark in marks.items():
        by_row.setdefault(r, {})[c] = mark
    idle: list[int] = []
    width = max((len(row) for row in grid), default=0)
    for r, cells in sorted(by_row.items()):
        row = grid[r] if r < len(grid) else None
        if row is None or all(v is None for i, v in enumerate(row) if i not in cells):
            idle.append(r)
            continue
        need = max(cells) + 1
        if need > len(row):
            row.extend([None] * (need - len(row)))
            width = max(width, need)
        for c, mark in cells.items():
            row[c] = mark
    if width:
        for row in grid:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
    if idle:
        notes.append(Finding("formula-only-rows", INFO, title, *at(idle[0], 0), "单元格",
                             f"工作表“{title}”有 {len(idle)} 行（第 {idle[0] + 1} 行起）只有公式或错误值、没有其他内容，"
                             "未作为数据读取", "如这些行应有数据，请在 Excel/WPS 中打开并保存一次后再运行"))
    return grid


Merges = dict[str, list[tuple[int, int, int, int]]]


def calamine_sheets(wb: Any, names: list[str]) -> tuple[dict[str, list[list[Any]]], Merges]:
    """The grids of the named sheets of an open CalamineWorkbook, and their merged ranges
    (first_row, first_col, last_row, last_col)."""
    sheets: dict[str, list[list[Any]]] = {}
    merges: Merges = {}
    for name in names:
        sheet = wb.get_sheet_by_name(name)
        sheets[name] = sheet.to_python(skip_empty_area=False)
        ranges = sheet.merged_cell_ranges or []
        if ranges:
            merges[name] = [(a[0], a[1], b[0], b[1]) for a, b in ranges]
    return sheets, merges


_TABLE_TAG = re.compile(rb"<(?:\w+:)?table\b[^>]*>")
_ATTR = re.compile(rb'\b(ref|totalsRowCount|totalsRowShown)="([^"]*)"')
_TABLE_PART = re.compile(r"xl/tables/[^/]+\.xml")


def table_totals_rows(path: str | Path) -> dict[str, set[int]]:
    """Sheet title -> zero-based rows that are an Excel table's totals row (from the table parts).

    The attributes are read from the table element's start tag as text: no XML parser touches
    workbook XML (see duban.xlsxio.guard)."""
    import zipfile

    from duban.xlsxio.cells import parse_ref
    from duban.xlsxio.workbookxml import table_sheets

    out: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            owners = table_sheets(zf)
            for name in zf.namelist():
                if not _TABLE_PART.fullmatch(name) or name not in owners:
                    continue
                with zf.open(name) as f:
                    head = f.read(4096)
                tag = _TABLE_TAG.search(head)
                if tag is None:
                    continue
                attrs = {k.decode(): v.decode() for k, v in _ATTR.findall(tag.group(0))}
                count = int(attrs.get("totalsRowCount", "0") or 0)
                if count < 1 or ":" not in attrs.get("ref", ""):
                    continue
                last_row = parse_ref(attrs["ref"].split(":")[1])[0]
                out.setdefault(owners[name], set()).update(range(last_row - count + 1, last_row + 1))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return out
    return out


def attach_structure(raw: RawBook, path: str | Path) -> None:
    """Give a book read through a host that reports values only (xlwings) the merged cells and
    table totals rows of its saved file, so it reads exactly as the command line reads the file.

    Used for a sheet only while its values equal the saved file's; a sheet with merged cells or a
    totals row and unsaved changes is refused (the user saves, then clicks again)."""
    from duban.schema import COMPUTED_SHEETS, HOME_TITLE, STYLE_SHEET_TITLE, XLWINGS_CONF_TITLE

    p = Path(path) if path else None
    if p is None or not p.is_file() or p.suffix.lower() not in (".xlsx", ".xlsm"):
        return
    saved = read_book(p)
    owned = {s.title for s in COMPUTED_SHEETS} | {HOME_TITLE, STYLE_SHEET_TITLE, XLWINGS_CONF_TITLE}
    for title in sorted(set(saved.merges) | set(saved.totals_rows)):
        if title in owned or title not in raw.sheets:
            continue
        if _rows_equal(raw.sheets[title], saved.sheets.get(title) or []):
            raw.merges[title] = saved.merges.get(title, [])
            raw.totals_rows[title] = saved.totals_rows.get(title, set())
        else:
            raise BadWorkbook(f"工作表“{title}”中有合并单元格或表格汇总行，需要按已保存的文件识别，"
                              "但这张表有尚未保存的修改。请先保存台账（Ctrl+S），再点击按钮")


def _rows_equal(a: list[list[Any]], b: list[list[Any]]) -> bool:
    def trimmed(grid):
        rows = []
        for row in grid:
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
        while rows and not rows[-1]:
            rows.pop()
        return rows
    return trimmed(a) == trimmed(b)


def _check_sheet_names(names: list[str], not_worksheets: set[str]) -> None:
    """Refuse sheet names Excel would not accept twice, and a chart sheet under a ledger sheet's name."""
    seen: dict[str, str] = {}
    for name in names:
        key = name.casefold()
        if key in seen:
            both = f"“{name}”" if seen[key] == name else f"“{seen[key]}”和“{name}”"
            raise BadWorkbook(f"工作簿中有两张同名的工作表{both}（Excel 中工作表名称不区分大小写），文件可能已损坏。"
                              "请在 Excel 或 WPS 中把其中一张改名后再运行")
        seen[key] = name
    for name in names:
        if name in not_worksheets and name in BY_TITLE:
            raise BadWorkbook(f"“{name}”是图表工作表（或宏表），不是普通工作表，无法作为台账读取。"
                              f"请把它改名，并恢复名为“{name}”的普通工作表")


def _clean(grid: list[list[Any]]) -> list[list[Any]]:
    """calamine gives '' for empty cells; use None, take control characters out of text
    (textclean.clean_cell), and drop trailing empty rows."""
    from duban.textclean import clean_cell

    out = [[None if v == "" else clean_cell(v) for v in row] for row in grid]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def _norm_header(v: Any) -> str:
    if v is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(v)).split())


def locate_table(grid: list[list[Any]] | None, sheet: Sheet, *, strict: bool = True) -> Table | None:
    """Find the header row and map columns by header text.

    With strict=True a missing sheet or a missing required column raises
    BadWorkbook naming what is missing; otherwise None is returned.
    """
    if grid is None:
        if strict:
            raise BadWorkbook(f"找不到工作表“{sheet.title}”。请不要删除或改名此工作表；可用 duban new 生成模板对照")
        return None
    wanted = {_norm_header(k): v for k, v in sheet.header_map().items()}
    best_row, best_hits = 0, -1
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        hits = sum(1 for v in row if _norm_header(v) in wanted)
        if hits > best_hits:
            best_row, best_hits = r, hits
    header = grid[best_row] if grid else []
    columns: dict[str, int] = {}
    extra: dict[str, int] = {}
    for c, v in enumerate(header):
        key = _norm_header(v)
        if key in wanted and wanted[key] not in columns:
            columns[wanted[key]] = c
        elif key:
            extra[str(v)] = c
    missing = [col for col in sheet.columns if col.required and col.name not in columns]
    if missing:
        if not strict:
            return None
        names = "、".join(f"“{m.header}”" for m in missing)
        hint = ""
        found = [str(v) for v in header if v is not None and _norm_header(v) not in wanted]
        close = difflib.get_close_matches(missing[0].header, found, n=1, cutoff=0.4)
        if close:
            hint = f"（表头中有“{close[0]}”，是否改过名？）"
        raise BadWorkbook(f"工作表“{sheet.title}”第 {best_row + 1} 行缺少表头 {names}{hint}。"
                          "请恢复原表头文字（不要合并表头单元格）后再运行")
    rows = [(r, row) for r, row in enumerate(grid[best_row + 1:], start=best_row + 1)
            if any(v is not None and str(v).strip() != "" for v in row)]
    return Table(sheet, best_row, columns, rows, extra)

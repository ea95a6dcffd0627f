"""Reading a workbook into raw grids (rows from A1), sheets by name.

The core works on `RawBook`, whichever host produced it: python-calamine for
the headless path, xlwings for the Excel path.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadWorkbook
from .findings import cell_ref
from .schema import BY_TITLE, Sheet

HEADER_SCAN_ROWS = 10


@dataclass
class RawBook:
    """Sheet title -> grid of cell values (list of rows, from A1)."""

    sheets: dict[str, list[list[Any]]]
    path: str = ""
    signature: tuple[int, int, int] | None = None  # the file version read (xlsxio.file_signature)

    def grid(self, title: str) -> list[list[Any]] | None:
        return self.sheets.get(title)


def read_book(path: str | Path, titles: list[str] | None = None) -> RawBook:
    """Read the named sheets (all when None) with python-calamine."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    from .xlsxio import check_workbook, file_signature

    check_workbook(path)
    signature = file_signature(path)  # before reading: a change after this makes the write refuse
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        _check_sheet_names(names, {m.name for m in wb.sheets_metadata if m.typ != SheetTypeEnum.WorkSheet})
        sheets = {}
        for name in names:
            if titles is not None and name not in titles:
                continue
            sheets[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except BadWorkbook:
        raise
    except Exception as exc:  # calamine raises several of its own types
        raise BadWorkbook(f"无法读取文件“{Path(path).name}”：文件已损坏或不是 Excel 工作簿（{type(exc).__name__}）。"
                          "请用 Excel 或 WPS 打开后另存为 .xlsx/.xlsm 再试") from exc
    return RawBook({k: _clean(v) for k, v in sheets.items()}, str(path), signature)


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
    """calamine gives '' for empty cells; use None, and drop trailing empty rows."""
    out = [[None if v == "" else v for v in row] for row in grid]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def _norm_header(v: Any) -> str:
    if v is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(v)).split())


@dataclass
class Table:
    """A sheet located by name, its columns located by header text."""

    sheet: Sheet
    header_row: int
    columns: dict[str, int]            # field name -> zero-based column
    rows: list[tuple[int, list[Any]]]  # (zero-based sheet row, values)
    extra: dict[str, int] = field(default_factory=dict)  # unknown header -> column
    _by_row: dict[int, list[Any]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.sheet.title

    def value(self, values: list[Any], name: str) -> Any:
        c = self.columns.get(name)
        if c is None:
            return None
        try:
            return values[c]
        except IndexError:
            return None

    def row_values(self, row: int) -> list[Any]:
        """The values of a zero-based sheet row ([] for a row that is not a data row)."""
        if self._by_row is None:
            self._by_row = dict(self.rows)
        return self._by_row.get(row, [])

    def cell(self, row: int, name: str) -> str:
        return cell_ref(row, self.columns.get(name, 0))


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

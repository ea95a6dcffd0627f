"""Build the ledger workbook (template or sample) with XlsxWriter.

`build_workbook(path, rows=..., macros=True)` writes every sheet of the
contract in order, the Excel-native help (dropdowns, date checks, due-date
colours, frozen headers, filters, print setup, protection of computed sheets),
the 首页 buttons and, for .xlsm, the VBA project built by workbook.vba.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from duban import schema
from duban.read import params
from duban.render.styles import WORKBOOK_FONT_OPTIONS, Formats, write_style_sheet
from duban.template import lists
from duban.template.home import write_home
from duban.template.layout import (
    HOME_STATUS_CELLS,  # noqa: F401  (re-exported for macros)
    PAGE_WIDTH_UNITS,
    fitted,
    wrapped_height,
)
from duban.template.stats_sheet import STATS_PAGE_BREAKS, write_stats
from duban.template.vba_files import WORKBOOK_DIR

BUILD_DATE = dt.datetime(2026, 1, 1)

SHEET_ORDER = (
    schema.HOME_TITLE,
    *(s.title for s in schema.INPUT_SHEETS),
    *(s.title for s in schema.COMPUTED_SHEETS),
    schema.CHANGE_LOG.title,
    schema.REMINDERS.title,
    schema.XLWINGS_CONF_TITLE, schema.STYLE_SHEET_TITLE,
)
HIDDEN_SHEETS = (schema.XLWINGS_CONF_TITLE, schema.STYLE_SHEET_TITLE)
PROTECTED_SHEETS = tuple(s.title for s in (*schema.COMPUTED_SHEETS, schema.CHANGE_LOG, schema.REMINDERS))
PROTECT_OPTIONS = {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True}
COMPUTED_TAB_COLOUR = "#A6A6A6"
SHIPPED_TEMPLATE = WORKBOOK_DIR / "duban-template.xlsm"  # written by python -m workbook.build
WORKBOOK_CODE_NAME = "ThisWorkbook"  # document module names: ThisWorkbook, Sheet1... (see workbook.vba)
FOOTER = "&C第 &P 页 / 共 &N 页"
PENDING = "（点击“重算排名”或运行 duban recompute 后生成）"

# xlwings.conf: key (column A), value (column B), note (column C). Keys must start at A1.
XLWINGS_CONF = (
    ("UDF Modules", "udfs", "工作表函数（以 DB_ 开头）所在的 Python 模块，一般不用修改"),
    ("Interpreter_Win", "python",
     "Windows 上运行的 Python。如 Python 不在 PATH 中，或要使用 DB_ 开头的工作表函数，"
     "请填写 python.exe 的完整路径，如 C:\\Python311\\python.exe"),
    ("Interpreter_Mac", "", "macOS 上 Python 的完整路径；留空则使用 xlwings 的默认设置"),
    ("PYTHONPATH", "", "如 duban 未用 pip 安装，请填写 duban 程序文件夹（含 duban、macros、udfs 的文件夹）的完整路径"),
    ("Show Console", False, "是否显示命令行窗口（排查问题时可改为 TRUE）"),
    ("Use UDF Server", False, "保持 FALSE"),
)


def sheet_code_names() -> tuple[str, ...]:
    """VBA code names of the sheets, in SHEET_ORDER (ASCII; the VBA project has one module each)."""
    return tuple(f"Sheet{i}" for i in range(1, len(SHEET_ORDER) + 1))


def _vba_builder() -> Callable[[tuple[str, ...]], bytes] | None:
    """workbook.vba's builder, or None where the build dependencies (ms-ovba, oletools) are not installed."""
    try:
        from duban.template.vba import build_vba_project
    except ImportError:
        return None
    return build_vba_project


def can_build_vba() -> bool:
    """Can the VBA project be built here? Without the build dependencies the shipped project is used."""
    return _vba_builder() is not None


def vba_project(code_names: tuple[str, ...]) -> bytes:
    """vbaProject.bin for these sheet code names: built from source, or, where the build
    dependencies (ms-ovba, oletools) are not installed, taken from the shipped template
    (whose project holds the template's sheets, `sheet_code_names()`)."""
    build = _vba_builder()
    if build is None:
        if code_names != sheet_code_names() or not SHIPPED_TEMPLATE.exists():
            raise RuntimeError("生成带宏的台账需要安装 ms-ovba 和 oletools（pip install duban[build]），"
                               "或改为生成 .xlsx")
        with zipfile.ZipFile(SHIPPED_TEMPLATE) as z:
            return z.read("xl/vbaProject.bin")
    return build(code_names)


def _code_names(order: tuple[str, ...], own_project: bool) -> dict[str, str]:
    """Sheet title -> VBA code name. The template's sheets keep the code names of the shipped project
    (Sheet1... in SHEET_ORDER) wherever other sheets are placed; a caller's extra sheet gets the next
    SheetN when the project is built here, and none when the shipped project is used (it has no module
    for that sheet: Excel adds a sheet's document module when it opens the project)."""
    template = dict(zip(SHEET_ORDER, sheet_code_names()))
    extra = [t for t in order if t not in template]
    extra_names = {t: f"Sheet{len(SHEET_ORDER) + i}" if own_project else "" for i, t in enumerate(extra, 1)}
    return {t: template.get(t) or extra_names[t] for t in order}


def _no_code_name(ws) -> None:
    """Keep XlsxWriter from giving the sheet a default code name (it names every sheet of a workbook with VBA)."""
    ws.vba_codename = ""


def _wants_vba(path: Path, macros: bool) -> bool:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise ValueError(f"台账文件名应以 .xlsm 或 .xlsx 结尾：{path.name}")
    if suffix == ".xlsm" and not macros:
        raise ValueError(f"不带宏的台账请保存为 .xlsx：{path.name}")
    return suffix == ".xlsm"  # a .xlsx never carries VBA


def _write_value(ws, r: int, c: int, v: Any, fmt: Formats, cell_fmt=None) -> None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return
    if isinstance(v, bool):
        ws.write_boolean(r, c, v, cell_fmt)
    elif isinstance(v, dt.datetime):
        ws.write_datetime(r, c, v, fmt["input_datetime"])
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, v, cell_fmt if cell_fmt is fmt["cell_date"] else fmt["input_date"])
    elif isinstance(v, (int, float)):
        ws.write_number(r, c, v, cell_fmt)
    else:
        ws.write_string(r, c, str(v), cell_fmt)


def _write_rows(ws, first_row: int, data: list[list[Any]], fmt: Formats, col_formats: list | None = None) -> None:
    for i, row in enumerate(data):
        for c, v in enumerate(row):
            _write_value(ws, first_row + i, c, v, fmt, col_formats[c] if col_formats and c < len(col_formats) else None)


def _print_setup(ws, repeat_header: bool, portrait: bool = False) -> None:
    ws.set_paper(9)  # A4
    if portrait:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_header("&C&A")   # the sheet's name on every printed page
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)   # as the export: more room, larger type
    ws.set_footer(FOOTER)
    if repeat_header:
        ws.repeat_rows(0)


def _write_table(ws, sheet: schema.Sheet, data: list[list[Any]], fmt: Formats) -> None:
    """Header row 1, widths (date columns formatted), frozen header, filter, print setup, data."""
    widths = [col.width for col in sheet.columns]
    if sheet in schema.COMPUTED_SHEETS:   # printed reports: narrowed to fit an A4 landscape page at ~full size
        widths = fitted(widths, PAGE_WIDTH_UNITS[True])
    for c, col in enumerate(sheet.columns):
        cell_fmt = fmt["input_date"] if col.kind == "date" else None
        if col.name in sheet.user_columns:  # e.g. 问责 处理决定: typed by users on a protected sheet
            cell_fmt = fmt["unlocked"]
        ws.set_column(c, c, widths[c], cell_fmt)
        ws.write_string(0, c, col.header, fmt["header"])
    ws.set_row(0, 30)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(data), len(sheet.columns) - 1)
    _print_setup(ws, repeat_header=True)
    _write_rows(ws, 1, data, fmt, _table_formats(sheet, fmt))
    for i, row in enumerate(data, start=1):   # rows as tall as their wrapped text (XlsxWriter cannot autofit)
        height = wrapped_height(row, widths)
        if height:
            ws.set_row(i, height)


def _table_formats(sheet: schema.Sheet, fmt: Formats) -> list:
    """Per column: bordered cells, dates as dates, text wrapped (long 事项内容 is read, not cut)."""
    return [fmt["unlocked"] if col.name in sheet.user_columns else fmt["cell_date"] if col.kind == "date"
            else fmt["cell_int"] if col.kind == "int" else fmt["cell"] for col in sheet.columns]


def _write_params(ws, grid: list[list[Any]], fmt: Formats) -> None:
    for c, col in enumerate(schema.PARAMS.columns):
        ws.set_column(c, c, col.width)
    for r, row in enumerate(grid):
        title = bool(row) and isinstance(row[0], str) and row[0].startswith("【")
        header = r > 0 and bool(grid[r - 1]) and isinstance(grid[r - 1][0], str) and grid[r - 1][0].startswith("【")
        for c, v in enumerate(row):
            if title:
                ws.write_string(r, c, str(v), fmt["block_title"])
            elif header:
                ws.write_string(r, c, str(v), fmt["header"])
            else:
                _write_value(ws, r, c, v, fmt)
    _print_setup(ws, repeat_header=False)


def _write_findings(ws, fmt: Formats) -> None:
    """校验结果 as duban.render.sheets.findings_grid lays it out: title, summary line, then the table."""
    from duban.render.sheets import FINDINGS_HEADER_ROW

    ws.write_string(0, 0, schema.FINDINGS.title + "（点击“校验台账”或运行 duban validate 后生成）", fmt["title"])
    for c, col in enumerate(schema.FINDINGS.columns):
        ws.set_column(c, c, col.width)
        ws.write_string(FINDINGS_HEADER_ROW, c, col.header, fmt["header"])
    ws.freeze_panes(FINDINGS_HEADER_ROW + 1, 0)
    _print_setup(ws, repeat_header=False)
    ws.repeat_rows(FINDINGS_HEADER_ROW)


def _write_conf(ws, fmt: Formats) -> None:
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 90)
    for r, (key, value, note) in enumerate(XLWINGS_CONF):
        ws.write_string(r, 0, key)
        _write_value(ws, r, 1, value, fmt)
        ws.write_string(r, 2, note, fmt["note"])


def _write_sheet(wb, ws, title: str, rows: dict[str, list[list[Any]]], params_rows, fmt: Formats,
                 macros: bool) -> None:
    sheet = schema.BY_TITLE.get(title)
    data = list(rows.get(title, []))
    if title == schema.HOME_TITLE:
        write_home(ws, fmt, params_rows, macros)
    elif sheet is schema.PARAMS:
        _write_params(ws, params_rows, fmt)
    elif sheet is schema.STATS:
        write_stats(wb, ws, fmt)
        _print_setup(ws, repeat_header=False, portrait=True)
        ws.set_h_pagebreaks(list(STATS_PAGE_BREAKS))
    elif sheet is schema.MONTH_REVIEW:
        ws.write_string(0, 0, "月度讲评" + PENDING, fmt["title"])
        for c, col in enumerate(sheet.columns):
            ws.set_column(c, c, col.width)
        _print_setup(ws, repeat_header=False, portrait=True)
        _write_rows(ws, 2, data, fmt)
    elif sheet is schema.FINDINGS:
        _write_findings(ws, fmt)
    elif title == schema.XLWINGS_CONF_TITLE:
        _write_conf(ws, fmt)
    elif title == schema.STYLE_SHEET_TITLE:
        write_style_sheet(ws, fmt)
        lists.write_yes_no(ws)
        lists.write_builtin_holidays(ws, fmt["input_date"])
    else:
        assert sheet is not None, title  # every sheet the builder writes is in the schema
        _write_table(ws, sheet, data, fmt)
        if sheet in schema.INPUT_SHEETS:
            last = max(lists.DATA_ROWS, len(data))
            lists.add_validations(ws, sheet, last)
            if sheet is schema.ITEMS:
                lists.add_due_colours(ws, fmt, last)
    if title in PROTECTED_SHEETS:
        ws.protect("", PROTECT_OPTIONS)
        ws.set_tab_color(COMPUTED_TAB_COLOUR)
    if title in HIDDEN_SHEETS:
        ws.hide()


def _write_extra_columns(ws, sheet: schema.Sheet, headers: list[tuple[str, float]], n_rows: int,
                         fmt: Formats) -> None:
    """Headers of a caller's own columns right of the schema's (their values come at the end of each row)."""
    first = len(sheet.columns)
    for c, (header, width) in enumerate(headers, start=first):
        ws.set_column(c, c, width)
        ws.write_string(0, c, header, fmt["header"])
    ws.autofilter(0, 0, n_rows, first + len(headers) - 1)


def build_workbook(path, *, rows: dict[str, list[list]] | None = None, macros: bool = True,
                   extra_columns: dict[str, list[tuple[str, float]]] | None = None,
                   extra_sheets: Sequence[tuple[str, Callable[[Any, Formats], None]]] = ()) -> None:
    """Write the ledger workbook to `path` (.xlsm with buttons and VBA, .xlsx without).

    `rows` maps a sheet title to data rows in the schema's header order, written
    under the header row (月讲评: from row 3). For 参数 the rows replace the whole
    sheet (default: params.template_rows()); the dropdown names keep pointing at
    the template's block ranges.

    `extra_columns` maps an input sheet's title to (header, width) pairs written right
    of the schema's columns (rows carry those values after the schema's); `extra_sheets`
    adds sheets of the caller's own, (title, write(ws, fmt)), before the hidden sheets.
    """
    path = Path(path)
    rows = dict(rows or {})
    extra_columns = dict(extra_columns or {})
    unknown = (set(rows) | set(extra_columns)) - set(schema.BY_TITLE)
    if unknown:
        raise ValueError(f"未知的工作表：{'、'.join(sorted(unknown))}")
    with_vba = _wants_vba(path, macros)
    params_rows = [list(r) for r in rows.get(schema.PARAMS.title, params.template_rows())]
    writers = dict(extra_sheets)
    order = SHEET_ORDER[:-len(HIDDEN_SHEETS)] + tuple(writers) + HIDDEN_SHEETS

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False, **WORKBOOK_FONT_OPTIONS})
    fmt = Formats(wb)
    code_names = _code_names(order, with_vba and can_build_vba())
    for title in order:
        ws = wb.add_worksheet(title)
        if with_vba:
            if code_names[title]:
                ws.set_vba_name(code_names[title])
            else:
                _no_code_name(ws)
        if title in writers:
            writers[title](ws, fmt)
            continue
        _write_sheet(wb, ws, title, rows, params_rows, fmt, with_vba)
        if title in extra_columns:
            _write_extra_columns(ws, schema.BY_TITLE[title], extra_columns[title], len(rows.get(title, [])), fmt)
    lists.define_names(wb, params_rows)
    if with_vba:
        wb.set_vba_name(WORKBOOK_CODE_NAME)
        wb.add_vba_project(io.BytesIO(vba_project(tuple(n for n in code_names.values() if n))), is_stream=True)
    # A fixed creation date keeps builds byte-reproducible (the shipped files only change when their content does).
    wb.set_properties({"title": "督办台账", "comments": "由 duban 生成", "created": BUILD_DATE})
    wb.close()

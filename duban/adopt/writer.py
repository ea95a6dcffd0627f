"""Writing NEW: the current template filled with the plan, plus the 导入说明 sheet.

The file is built beside its final place and moved there in one step, so a failed run leaves
nothing behind. Builds are byte-reproducible: the template fixes the document dates, XlsxWriter
fixes the zip entry dates, and the VBA project is built with a fixed seed.
"""

from __future__ import annotations

from pathlib import Path

from duban.adopt.plan import Plan
from duban.adopt.report import SHEET_TITLE, Report
from duban.errors import BadArguments, WriteFailed
from duban.outputs import protect, refuse_overwrite
from duban.xlsxio.atomic import Replacement

MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths of 导入说明, in characters


def check_target(old: Path, new: Path, force: bool) -> None:
    """Refuse a NEW that would overwrite OLD, an existing file (without --force), or a wrong type."""
    if new.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadArguments(f"新台账“{new.name}”应以 .xlsm（带按钮）或 .xlsx（不带宏）结尾")
    protect(old)
    refuse_overwrite(new)
    if new.exists() and not force:
        raise BadArguments(f"文件“{new}”已存在。为防止覆盖，请换一个文件名，或加 --force 覆盖")
    if new.is_dir():
        raise BadArguments(f"“{new}”是文件夹，请给出新台账的文件名")
    if not new.parent.exists():
        raise BadArguments(f"文件夹“{new.parent}”不存在，请先建立或换一个位置")
    if new.suffix.lower() == ".xlsm" and not _macros_available():
        raise BadArguments("生成带按钮的 .xlsm 需要随程序发布的模板 workbook/duban-template.xlsm（或安装 "
                           "ms-ovba 和 oletools：pip install duban[build]）；也可以改为生成不带宏的 .xlsx")


def _macros_available() -> bool:
    """The VBA project of a .xlsm: built here with the build extras, else the shipped template's (as `new`)."""
    from duban.template.builder import SHIPPED_TEMPLATE, can_build_vba

    return can_build_vba() or SHIPPED_TEMPLATE.exists()


def _width(value) -> int:
    """Display width of a cell's text: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


def column_widths(grid) -> list[float]:
    """Widths fitting the table cells (title and summary lines overflow to the right instead)."""
    widths: dict[int, int] = {}
    for style, values in grid:
        if style in ("text", "header"):
            for c, v in enumerate(values):
                widths[c] = max(widths.get(c, 0), _width(v if v is not None else ""))
    return [min(MAX_WIDTH, max(MIN_WIDTH, widths[c] + 2)) for c in sorted(widths)]


def write_report_sheet(report: Report):
    def write(ws, fmt) -> None:
        grid = report.grid()
        for c, width in enumerate(column_widths(grid)):
            ws.set_column(c, c, width)
        for r, (style, values) in enumerate(grid):
            cell_fmt = None if style == "blank" else fmt[style]
            for c, v in enumerate(values):
                if v is None or v == "":
                    if style in ("text", "header"):
                        ws.write_blank(r, c, None, cell_fmt)
                    continue
                ws.write(r, c, v, cell_fmt)
        ws.set_tab_color("#FFC000")
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    return write


def write_new(plan: Plan, new: Path) -> None:
    """Build NEW at `new` (replacing it when --force allowed that) atomically."""
    from duban.template.builder import build_workbook

    try:
        with Replacement(new, prefix=".duban-adopt-", suffix=new.suffix) as tmp:
            build_workbook(tmp.path, rows=plan.rows, macros=new.suffix.lower() == ".xlsm",
                           extra_columns=plan.extra_columns,
                           extra_sheets=[(SHEET_TITLE, write_report_sheet(plan.report))])
    except PermissionError as exc:
        raise WriteFailed(f"无法写入“{new}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试") from exc
    except OSError as exc:
        raise WriteFailed(f"无法写入“{new}”（{exc.strerror or type(exc).__name__}），未生成新台账") from exc

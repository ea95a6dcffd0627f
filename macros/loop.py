"""The buttons 汇总答卷 and 生成上报件 on 首页.

The VBA Subs DubanCollect and DubanExport (workbook/vba/Duban.bas) run
``RunPython "import macros; macros.collect()"`` / ``macros.export()``;
macros/__init__.py forwards those names here.

The workbook is open in Excel, so its file cannot be rewritten: both entry
points read the open workbook through xlwings (macros.xlio) and run the same
core as `duban collect` / `duban export`. collect writes the answer cells of
周交办, 变更记录 and 运行日志 through Excel (the user saves the workbook as
usual); export writes new files only. Answer files are taken from the folder
“答卷” beside the workbook; the export goes to the folder “上报” beside it.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from duban import schema
from duban.answers.layout import ANSWER_DIR
from duban.export.upward import EXPORT_DIR

from . import xlio
from .excel import Outcome, caller_book, failed, show_message

COLLECT = "汇总答卷"
EXPORT = "生成上报件"


def collect(book=None, *, folder: Path | None = None, today: dt.date | None = None,
            show: bool = True) -> Outcome | None:
    """汇总答卷: apply the answer files in ‘答卷’ beside the workbook to 周交办."""
    book = book if book is not None else caller_book()
    if book is None:
        return None
    return _guarded(book, COLLECT, lambda: _collect(book, folder, today or dt.date.today()), show)


def export(book=None, *, outdir: Path | None = None, today: dt.date | None = None, month: str | None = None,
           show: bool = True) -> Outcome | None:
    """生成上报件: the month's 通报 (.docx), the values-only .xlsx, its PDF when LibreOffice is installed,
    and a ready-to-send .eml."""
    book = book if book is not None else caller_book()
    if book is None:
        return None
    return _guarded(book, EXPORT, lambda: _export(book, outdir, today or dt.date.today(), month), show)


def _guarded(book, action: str, run, show: bool) -> Outcome:
    from duban.errors import guarded

    with guarded() as guard:
        outcome = run()
    if guard.failure is not None:
        outcome = failed(action, guard.failure)
    if show:
        outcome.shown_by = show_message(book, outcome.message, critical=not outcome.ok)
    return outcome


def beside(book, name: str) -> Path:
    """A folder next to the workbook's file."""
    from duban.errors import BadArguments

    full = getattr(book, "fullname", "") or ""
    if not full or not Path(full).is_absolute():
        raise BadArguments("工作簿尚未保存到磁盘，找不到它所在的文件夹。请先保存工作簿")
    return Path(full).parent / name


def _collect(book, folder: Path | None, today: dt.date) -> Outcome:
    from duban.answers.apply import output_grids
    from duban.answers.collect import plan_collect
    from duban.answers.report import summary_text
    from duban.errors import BadArguments

    started = time.perf_counter()
    folder = folder or beside(book, ANSWER_DIR)
    if not folder.is_dir():
        raise BadArguments(f"找不到答卷文件夹“{folder}”。请在台账所在文件夹中新建“{ANSWER_DIR}”文件夹，"
                           "把各单位交回的答卷放进去后再点击“汇总答卷”")
    raw = xlio.read_book(book)
    plan = plan_collect(raw, [folder], today)
    if not plan.files and not plan.notices:
        raise BadArguments(f"“{folder}”中没有答卷文件（.xlsx），请把交回的答卷放进去后再试")
    text = summary_text(plan)
    if plan.must_write:
        grids = output_grids(plan, book.name, time.perf_counter() - started)
        if plan.changes:
            xlio.write_cells(book.sheets[schema.ITEMS.title], plan.patches())
        xlio.write_grids(book, grids, raw)
        text += (f"\n每处改动已记入“{schema.CHANGE_LOG.title}”，未采用的答卷列在“答卷汇总”表。请保存工作簿。"
                 "\n冲突或待核实的答卷：核实后在命令行运行 duban collect 台账 --accept 编号（采用）或 --reject 编号（不采用）。")
    else:
        text += "\n没有需要更新的内容，工作簿未改动。"
    return Outcome(plan.not_applied == 0, text)


def _export(book, outdir: Path | None, today: dt.date, month: str | None) -> Outcome:
    from duban.export.pdf import find_soffice
    from duban.export.produce import produce

    outdir = outdir or beside(book, EXPORT_DIR)
    result = produce(xlio.read_book(book), today, month, outdir, pdf=find_soffice() is not None, eml=True,
                     docx=True)
    lines = [f"已生成上报件（{result.subject}），保存在“{outdir}”："]
    lines += [f"  {p.name}" for p in (result.docx, result.docx_pdf, result.xlsx, result.pdf, result.eml) if p is not None]
    lines += result.notes
    if result.eml is not None:
        lines.append("双击 .eml 文件可在邮件程序中打开，核对收件人后发送。")
    return Outcome(not result.analysis.errors, "\n".join(lines), result.analysis)

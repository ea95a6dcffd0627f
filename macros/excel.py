"""The buttons' entry points: validate and recompute the calling workbook through Excel.

Each entry point takes the xlwings Book to work on (tests, xlwings Server/Lite
wrappers) or, called with no argument from RunPython, takes the workbook that
called it. It reads the workbook, runs the same core as ``duban validate`` /
``duban recompute``, writes the computed sheets and the 首页 status through
xlwings, and tells the user the outcome in a message box. No exception reaches
the user as a traceback: a DubanError shows its Chinese message, anything else
a Chinese message naming the exception type.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

from duban import schema

from . import xlio

TITLE = "督办台账"
VALIDATE = "校验台账"
RECOMPUTE = "重算排名"
MAX_DETAIL_CHARS = 300


@dataclass
class Outcome:
    """What a run did, for callers other than a button (tests, server wrappers)."""

    ok: bool
    message: str
    analysis: Any = None
    written: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    shown_by: str = ""  # "alert", "status cell" or "stderr"


def caller_book():
    """The workbook whose button ran RunPython; None (message on stderr) outside Excel."""
    import xlwings as xw

    try:
        return xw.Book.caller()
    except Exception as exc:  # not started from a workbook button
        print(f"请从台账工作簿的按钮运行此功能（无法取得调用的工作簿：{type(exc).__name__}）", file=sys.stderr)
        return None


def validate(book=None, *, today: dt.date | None = None, show: bool = True) -> Outcome | None:
    """校验台账: write 校验结果 and 运行日志, update 首页, report the findings."""
    book = book if book is not None else caller_book()
    if book is None:
        return None
    return _run(book, VALIDATE, lambda raw, day: _validate(raw, day), today, show)


def recompute(book=None, *, today: dt.date | None = None, month: str | None = None,
              show: bool = True) -> Outcome | None:
    """重算排名: write every computed sheet for the month (default: the last complete month)."""
    book = book if book is not None else caller_book()
    if book is None:
        return None
    return _run(book, RECOMPUTE, lambda raw, day: _recompute(raw, day, month), today, show)


def _validate(raw, today):
    from duban.run import analyse, validation_grids

    a = analyse(raw, today, score=False)
    return a, validation_grids


def _recompute(raw, today, month):
    from duban.run import analyse, computed_grids

    a = analyse(raw, today, month, score=True)
    return a, computed_grids


def _run(book, action: str, compute: Callable, today: dt.date | None, show: bool) -> Outcome:
    from duban.errors import DubanError

    started = time.perf_counter()
    day = today or dt.date.today()
    writing = False
    try:
        raw = xlio.read_book(book)
        a, make_grids = compute(raw, day)
        writing = True
        outcome = _write(book, raw, a, make_grids, action, started)
    except DubanError as exc:
        outcome = Outcome(False, f"{action}未完成：{exc.message}")
    except Exception as exc:  # last resort: a message, never a traceback
        outcome = Outcome(False, _unexpected(action, exc, writing))
    if not outcome.ok:
        _record_failure(book, action, outcome.message)
    outcome.shown_by = show_message(book, outcome.message, critical=not outcome.ok
                                    or bool(outcome.analysis and outcome.analysis.errors)) if show else ""
    return outcome


def _unexpected(action: str, exc: Exception, writing: bool) -> str:
    detail = str(exc).strip()
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[:MAX_DETAIL_CHARS] + "…"
    text = f"{action}未完成：程序出错（{type(exc).__name__}{'：' + detail if detail else ''}）。"
    low = detail.lower()
    if "protect" in low or "保护" in detail:
        text += "工作表可能处于保护状态：请在“审阅”选项卡中撤销工作表保护后再试。"
    if writing:
        text += "已写入的工作表可能不完整，请重新运行；"
    else:
        text += "工作簿未作改动；"
    text += "如仍出错，请把此信息和台账文件发给技术支持。"
    return text


def _write(book, raw, a, make_grids, action: str, started: float) -> Outcome:
    from duban.render.notice import month_label
    from duban.run import home_status, result_text, run_entry

    entry = run_entry(a, action, book.name, result_text(a), time.perf_counter() - started)
    grids = make_grids(a, entry)
    entry = grids[schema.RUN_LOG.title].rows[-1]
    entry[6] = round(time.perf_counter() - started, 2)
    active = _active_sheet(book)
    written, added = xlio.write_grids(book, grids, raw)
    home = xlio.sheet_or_none(book, schema.HOME_TITLE)
    if home is not None:
        status = home_status(a, entry)
        xlio.write_cells(home, {pos: status[k] for k, pos in schema.HOME_STATUS_CELLS.items() if k in status})
    _show_sheet(book, a, action, active, added)
    if action == RECOMPUTE:
        head = f"重算完成：{month_label(a.month)}考评排名已更新。"
    else:
        head = "校验完成。"
    text = head + a.counts_text() + "。"
    if a.errors:
        text += f"请查看“{schema.FINDINGS.title}”工作表，点击“单元格”列的地址可跳转到出错位置，改正后再运行一次。"
        if action == RECOMPUTE:
            text += "有错误的事项未计入排名。"
    elif a.warnings:
        text += f"警告不影响计分，可在“{schema.FINDINGS.title}”工作表中查看。"
    return Outcome(True, text, a, written, added)


REMIND = "生成催办"


def remind(book=None, *, today: dt.date | None = None, outdir=None, show: bool = True) -> Outcome | None:
    """生成催办: the 催办提醒 sheet through Excel and, beside a saved workbook, the texts in 催办/<日期>
    (same core as `duban remind`: duban.rhythm.remind)."""
    from pathlib import Path

    from duban.errors import DubanError
    from duban.rhythm.remind import default_outdir, plan_remind, reminders_grid, write_files

    book = book if book is not None else caller_book()
    if book is None:
        return None
    day = today or dt.date.today()
    title = schema.REMINDERS.title
    writing = False
    try:
        raw = xlio.read_book(book)
        plan = plan_remind(raw, day)
        full = getattr(book, "fullname", "") or ""
        folder = Path(outdir) if outdir else (default_outdir(Path(full), day) if Path(full).is_absolute() else None)
        writing = True
        written: list[str] = []
        files = write_files(plan, folder, lambda: written.extend(
            xlio.write_grids(book, {title: reminders_grid(plan)}, raw)[0]))
        lines = [plan.headline() + "。"]
        if files:
            lines.append(f"催办文本已保存在“{folder}”，每个单位一个文件，可直接复制到工作群。")
        elif plan.messages:
            lines.append("工作簿尚未保存到磁盘，催办文本未另存文件，可从“催办提醒”表的“催办文本”列复制。")
        if plan.chases.left_out:
            lines.append(f"另有 {len(plan.chases.left_out)} 件事项的牵头单位无法确定，未生成催办文本，见“{title}”表末尾。")
        sheet = xlio.sheet_or_none(book, title)
        if sheet is not None:
            sheet.activate()
        outcome = Outcome(not plan.chases.left_out, "\n".join(lines), plan, written)
    except DubanError as exc:
        outcome = Outcome(False, f"{REMIND}未完成：{exc.message}")
    except Exception as exc:  # last resort: a message, never a traceback
        outcome = Outcome(False, _unexpected(REMIND, exc, writing))
    if show:
        outcome.shown_by = show_message(book, outcome.message, critical=not outcome.ok)
    return outcome


def _active_sheet(book):
    try:
        return book.sheets.active
    except Exception:  # an engine that cannot tell; nothing to restore then
        return None


def _show_sheet(book, a, action: str, active, added: list[str]) -> None:
    """Bring the user to the result: 校验结果 when it has errors, else back where they were."""
    target = None
    if a.errors:
        target = xlio.sheet_or_none(book, schema.FINDINGS.title)
    elif added and active is not None:
        target = active  # adding a sheet activates it on desktop Excel
    if target is not None:
        target.activate()


def _record_failure(book, action: str, message: str) -> None:
    """Put the failure into the 首页 status block too, so it is on record after the box is closed."""
    try:
        home = xlio.sheet_or_none(book, schema.HOME_TITLE)
        if home is None:
            return
        cells = schema.HOME_STATUS_CELLS
        xlio.write_cells(home, {cells["time"]: dt.datetime.now().replace(microsecond=0),
                                cells["action"]: action, cells["result"]: message})
    except Exception:  # the workbook itself is unreachable; the message box still tells
        pass


def show_message(book, message: str, *, critical: bool = False) -> str:
    """Show a message box; where the engine cannot, write it into the 首页 status 'result' cell."""
    try:
        book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")
        return "alert"
    except Exception:
        pass
    try:
        home = xlio.sheet_or_none(book, schema.HOME_TITLE)
        if home is not None:
            xlio.write_cells(home, {schema.HOME_STATUS_CELLS["result"]: message})
            return "status cell"
    except Exception:
        pass
    print(message, file=sys.stderr)
    return "stderr"

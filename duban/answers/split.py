"""`split`: one answer workbook (答卷) per lead unit with open items.

The answer sheet is protected without a password: only the four answer
columns are unlocked, with a dropdown for 办理状态 (the vocabulary of 参数) and
date validation on the date columns. A hidden column carries each row's key
(see fingerprint.py); a very hidden sheet records the unit, the meeting and the batch.

Before any file is written, the ledger records the batch and what each row was sent
with (sheet `_答卷记录`, see duban/answer_record.py), through the same backup and
atomic replace as every other write; collect merges against that record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from duban.answers import layout as L
from duban.answers.fingerprint import make_key
from duban.answers.items import load_for_answers, open_items
from duban.answers.values import sent_values
from duban.export.files import replaced_when_done
from duban.export.formats import WORKBOOK_OPTIONS
from duban.model import Item, Settings
from duban.outputs import refuse_overwrite
from duban.read import answer_record as R
from duban.read.book import RawBook
from duban.read.params import EXTENDED, REOPENED_STATUS
from duban.render.styles import ROLE_FORMATS

HEADER_ROW = 6          # zero-based row of the column headers
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)

FORMATS = {
    "title": ROLE_FORMATS["title"],
    "info": {"font_size": 11},
    "help": {"text_wrap": True, "valign": "top", "font_color": "#404040"},
    "header": ROLE_FORMATS["header"],
    "locked": {"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2"},
    "locked_date": {"border": 1, "valign": "top", "bg_color": "#F2F2F2", "num_format": "yyyy-mm-dd"},
    "overdue_date": {"border": 1, "valign": "top", "bg_color": "#FFC7CE", "num_format": "yyyy-mm-dd"},
    "answer": {"border": 1, "text_wrap": True, "valign": "top", "locked": False},
    "answer_date": {"border": 1, "valign": "top", "num_format": "yyyy-mm-dd", "locked": False},
    "key": {"font_color": "#808080"},
}


def instructions(status_words: list[str]) -> list[str]:
    return [
        "填写说明：只需填写白色的“办理状态、完成日期、本周进展、反馈日期”四列；灰色各列已锁定，请勿改动。"
        "完成时限已按调整后时限显示，标红的表示已逾期。",
        f"办理状态请从下拉列表中选择（{'、'.join(status_words)}）；选择“已完成”时须填写完成日期。"
        "日期请按 2026-11-27 的格式填写；本周进展请写明本周做了什么、下一步安排。",
        "请不要增删行、改动表头或复制其他单位的行；表中隐藏的“校验码”列用于核对事项，请勿删除。"
        "填好后保存为 .xlsx，把本文件原样交回督查室。",
        "对事项内容或完成时限有异议的，请另行向督查室提出，不要在本表中修改。",
    ]


@dataclass
class SplitResult:
    files: list[tuple[str, Path, int]] = field(default_factory=list)   # (unit, path, items)
    left_out: list[tuple[Item, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Batch:
    """One split run: its id and the ledger's secret, both needed to make the row keys."""
    id: str
    secret: str


def new_batch_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def split_ledger(book: RawBook, outdir: Path, today: dt.date, meeting: int | None = None,
                 now: dt.datetime | None = None) -> SplitResult:
    ledger = load_for_answers(book)
    sel = open_items(ledger, meeting)
    result = SplitResult(left_out=sel.left_out)
    if not sel.by_unit:
        return result
    record = R.Record.from_grid(ledger.kept.get(R.TITLE))
    batch = Batch(new_batch_id(now or dt.datetime.now()), record.ensure_secret())
    statuses = ledger.settings.status_done
    record.add_batch(batch.id, today.isoformat(),
                     [R.Entry(R.SENT, batch.id, it.id, unit, sent_values(it, statuses))
                      for unit, items in sel.by_unit.items() for it in items])
    for unit in sel.by_unit:
        refuse_overwrite(outdir / L.file_name(unit, meeting))   # before the ledger records anything
    make_folder(outdir)
    write_record(Path(book.path), record, book.signature)
    ledger_name = Path(book.path).name if book.path else ""
    for unit, items in sel.by_unit.items():
        path = outdir / L.file_name(unit, meeting)
        write_answer_file(path, unit, items, settings=ledger.settings, today=today, meeting=meeting,
                          ledger_name=ledger_name, batch=batch)
        result.files.append((unit, path, len(items)))
    return result


def make_folder(outdir: Path) -> None:
    """The answer folder, made before the ledger records the batch (a folder that cannot be made stops here)."""
    from duban.errors import WriteFailed
    from duban.xlsxio import os_error_reason

    if outdir.exists() and not outdir.is_dir():
        raise WriteFailed(f"“{outdir}”是一个文件，不是文件夹，答卷无法保存到那里。请用 -o 另选一个文件夹")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        probe = outdir / f".~duban-probe-{secrets.token_hex(4)}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise WriteFailed(f"无法在“{outdir}”中保存答卷：{os_error_reason(exc, outdir)}。台账和已有的答卷都没有改动") from exc


def record_grid(record: R.Record):
    from duban.xlsxio.model import Grid

    return Grid(record.grid_rows(), autofilter=False, state="veryHidden")


def write_record(path: Path, record: R.Record, signature) -> None:
    """Store the record in the ledger (backup, lock and atomic replace, as recompute writes)."""
    from duban.schema import LEDGER_FILE
    from duban.xlsxio import write_parts

    write_parts(path, {R.TITLE: record_grid(record)}, conventions=LEDGER_FILE, expect=signature)


def write_answer_file(path: Path, unit: str, items: list[Item], *, settings: Settings, today: dt.date,
                      meeting: int | None, ledger_name: str, batch: Batch) -> Path:
    """Write one answer workbook; replaces an existing file of that name only once it is complete."""
    with replaced_when_done(path) as tmp:
        wb = xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS)
        fmt = {k: wb.add_format(v) for k, v in FORMATS.items()}
        _answer_sheet(wb, fmt, unit, items, settings, today, meeting, batch)
        _info_sheet(wb, unit, meeting, ledger_name, today, len(items), batch.id)
        wb.set_properties({"title": f"{settings.district}督办事项答卷", "subject": unit,
                           "author": settings.signature})
        wb.close()
    return path


def _answer_sheet(wb, fmt, unit: str, items: list[Item], settings: Settings, today: dt.date,
                  meeting: int | None, batch: Batch) -> None:
    ws = wb.add_worksheet(L.ANSWER_TITLE)
    cols = {c.name: i for i, c in enumerate(L.ANSWER.columns)}
    last_visible = cols["feedback_date"]
    # 退回重办 and 已延期 are the office's decisions, not a unit's answer: not offered in the dropdown
    # (a unit asks with 申请延期; collect refuses a unit's 已延期)
    statuses = [s for s in settings.status_done if s not in (REOPENED_STATUS, EXTENDED)] or ["未启动", "推进中", "已完成"]

    period = f"（第{meeting}期）" if meeting is not None else ""
    ws.merge_range(0, 0, 0, last_visible, f"{settings.district}督办事项答卷{period}", fmt["title"])
    ws.merge_range(1, 0, 1, last_visible, f"答卷单位：{unit}　　未办结事项 {len(items)} 件　　"
                   f"生成日期：{today.isoformat()}", fmt["info"])
    for i, line in enumerate(instructions(statuses), start=2):
        ws.merge_range(i, 0, i, last_visible, line, fmt["help"])
        ws.set_row(i, 33)
    for c, col in enumerate(L.ANSWER.columns):
        ws.write_string(HEADER_ROW, c, col.header, fmt["header"])
        ws.set_column(c, c, col.width, None, {"hidden": col.name == "key"})
    ws.set_row(HEADER_ROW, 22)

    for r, it in enumerate(items, start=HEADER_ROW + 1):
        due = it.effective_deadline
        ws.write_string(r, cols["id"], it.id, fmt["locked"])
        ws.write_string(r, cols["content"], it.content, fmt["locked"])
        _date(ws, r, cols["deadline"], due, fmt["overdue_date"] if due and due < today else fmt["locked_date"])
        sent = sent_values(it, statuses)
        ws.write_string(r, cols["status"], sent["status"], fmt["answer"])
        _date(ws, r, cols["completed"], it.completed, fmt["answer_date"])
        ws.write_string(r, cols["progress"], sent["progress"], fmt["answer"])
        _date(ws, r, cols["feedback_date"], it.feedback, fmt["answer_date"])
        ws.write_string(r, cols["key"], make_key(batch.secret, batch.id, it.id, unit, it.content, due), fmt["key"])
        ws.set_row(r, row_height([(it.content, L.ANSWER.column("content").width),
                                  (it.progress, L.ANSWER.column("progress").width)]))

    if items:
        first, last = HEADER_ROW + 1, HEADER_ROW + len(items)
        ws.data_validation(first, cols["status"], last, cols["status"], {
            "validate": "list", "source": statuses,
            "error_title": "办理状态", "error_message": "请从下拉列表中选择：" + "、".join(statuses)})
        for name in L.DATE_FIELDS:
            ws.data_validation(first, cols[name], last, cols[name], {
                "validate": "date", "criteria": "between", "minimum": FIRST_DATE, "maximum": LAST_DATE,
                "input_title": "填写日期", "input_message": "如 2026-11-27",
                "error_title": "日期格式不对", "error_message": "请按 2026-11-27 的格式填写日期"})

    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})
    _print_setup(ws, unit)
    ws.activate()


def row_height(texts: list[tuple[str, float]], line: float = 15.0, most: int = 8) -> float:
    """Height for wrapped text: spreadsheets do not grow rows of a generated file by themselves."""
    def lines(text: str, width: float) -> int:
        units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)   # CJK characters are two columns wide
        return max(1, -(-units // max(int(width) - 1, 1)))
    return line * min(most, max(lines(t or "", w) for t, w in texts))


def _date(ws, r: int, c: int, value: dt.date | None, cell_format) -> None:
    if value is None:
        ws.write_blank(r, c, None, cell_format)
    else:
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), cell_format)


def _print_setup(ws, unit: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.set_header(f"&C{unit} 答卷")
    ws.set_footer("&C第 &P 页，共 &N 页")


def _info_sheet(wb, unit: str, meeting: int | None, ledger_name: str, today: dt.date, count: int,
                batch_id: str) -> None:
    ws = wb.add_worksheet(L.INFO_TITLE)
    rows = [(L.INFO_FORMAT, L.FORMAT_TAG), (L.INFO_UNIT, unit), (L.INFO_BATCH, batch_id),
            (L.INFO_MEETING, str(meeting) if meeting is not None else ""), (L.INFO_LEDGER, ledger_name),
            (L.INFO_CREATED, today.isoformat()), (L.INFO_COUNT, str(count))]
    for r, (k, v) in enumerate(rows):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, v)
    ws.very_hidden()

"""The 催办 run (`duban remind`, the 生成催办 button): one core, three outputs that agree.

- per lead unit with something to chase, ``催办_<单位全称>.txt`` (its messages);
- ``催办清单_<日期>.txt`` for the office: every unit, every item, what could not be sent;
- the 催办提醒 sheet of the ledger: one row per chased item, the message text on the row
  of the message's first item.
Completed items never appear; units with nothing to chase get no file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban import schema
from duban.model import Ledger
from duban.read.book import RawBook
from duban.read.ledger import load_ledger
from duban.render.pagefit import TALL_LINE_PT
from duban.render.sheets import with_heights
from duban.render.text import chinese_date
from duban.rhythm.chase import DUE_SOON, LEVELS, NO_ANSWER, OVERDUE, ChaseList, chase_list
from duban.rhythm.common import cn_date, contact_warning, item_ref, require_items, safe_file_part, shorten, where
from duban.rhythm.messages import Message, unit_file_text, unit_messages
from duban.rhythm.staging import staged
from duban.xlsxio.model import Cell, Grid

UNIT_FILE_PREFIX = "催办_"
LIST_FILE_PREFIX = "催办清单_"
DEFAULT_DIR = "催办"
LEVEL_ROLES = {OVERDUE: "error", DUE_SOON: "warning", NO_ANSWER: "text"}
PENDING_SHOWN = 10   # items named in the note on pending extension requests


@dataclass
class RemindPlan:
    ledger: Ledger
    today: dt.date
    chases: ChaseList
    messages: dict[str, list[Message]] = field(default_factory=dict)   # unit -> its messages

    def file_name(self, unit: str) -> str:
        return f"{UNIT_FILE_PREFIX}{safe_file_part(unit)}.txt"

    @property
    def list_name(self) -> str:
        return f"{LIST_FILE_PREFIX}{self.today.isoformat()}.txt"

    def level_counts(self, unit: str) -> dict[str, int]:
        """逾期/临期/未反馈 -> how many of the unit's items."""
        return {lv: sum(c.level == lv for c in self.chases.by_unit[unit]) for lv in LEVELS}

    @property
    def calendar_notice(self) -> str:
        """The one sentence on years counted without their registered 调休 ('' when none)."""
        return self.ledger.settings.calendar.notice()

    def headline(self) -> str:
        c = self.chases
        if not c.open_items:
            return f"截至{chinese_date(self.today)}，交办事项均已办结，无需催办"
        if not c.by_unit and not c.left_out:
            return f"截至{chinese_date(self.today)}，{c.open_items}件未办结事项中没有逾期、临期或超期未反馈的事项，无需催办"
        return (f"截至{chinese_date(self.today)}，需催办{len(c.by_unit)}个单位、{len(c.chases)}件事项："
                f"逾期{c.count(OVERDUE)}件，临期{c.count(DUE_SOON)}件，未反馈{c.count(NO_ANSWER)}件")


    def pending_note(self) -> str:
        """The items not chased because their extension request awaits the office ('' when none)."""
        pending = self.chases.pending
        if not pending:
            return ""
        refs = "、".join(item_ref(it) for it in pending[:PENDING_SHOWN]) + ("等" if len(pending) > PENDING_SHOWN else "")
        return (f"另有{len(pending)}件事项已申请延期、待督查室审批，本次未催办（{refs}）。"
                "审批后请把办理状态改为“已延期”并填写调整后时限，或改回“推进中”")

    def warnings(self) -> list[str]:
        """What the clerk should know before sending: no contact in 参数 while there is something to send."""
        missing = contact_warning(self.ledger.settings, "催办文本") if self.messages else None
        return [missing] if missing else []


def plan_remind(book: RawBook, today: dt.date) -> RemindPlan:
    """Read the ledger and decide whom to chase for what. Raises NothingToDo on an empty ledger."""
    ledger = load_ledger(book)
    require_items(ledger)
    plan = RemindPlan(ledger, today, chase_list(ledger, today))
    for unit, chases in plan.chases.by_unit.items():
        plan.messages[unit] = unit_messages(unit, chases, ledger.settings, today)
    return plan


# ---- the 催办提醒 sheet ------------------------------------------------------

def reminders_grid(plan: RemindPlan) -> Grid:
    """One row per chased item; the message text on the row of each message's first item; the
    items no unit can be sent last; with nothing to chase, one row that says so."""
    day = Cell(plan.today, "date")
    rows: list[list[Any]] = [[Cell(h, "header") for h in schema.REMINDERS.headers]]
    for unit, messages in plan.messages.items():
        for m in messages:
            for k, c in enumerate(m.chases):
                rows.append([unit, c.ref, shorten(c.item.content, 60), Cell(c.deadline, "date"),
                             Cell(c.level, LEVEL_ROLES[c.level]), Cell(c.days, "int"), c.status_words(),
                             Cell(m.text if k == 0 else None, "wrap"), day])
    for it, level, why in plan.chases.left_out:
        rows.append([it.lead_raw or "（未填写）", item_ref(it), shorten(it.content, 60),
                     Cell(it.effective_deadline, "date"), Cell(level, LEVEL_ROLES[level]), None,
                     f"未催办：{why}", None, day])
    if len(rows) == 1:
        rows.append([None, None, None, None, None, None, plan.headline(), None, day])
    if plan.calendar_notice:
        rows.append([None, None, None, None, Cell("提示", "warning"), None, "节假日安排未登记",
                     Cell(plan.calendar_notice, "wrap"), day])
    # the whole message shows, its last line (the date) included, in Excel, WPS and LibreOffice
    return with_heights(Grid(rows), [c.width for c in schema.REMINDERS.columns], TALL_LINE_PT)


# ---- the files -------------------------------------------------------------

def office_list(plan: RemindPlan) -> str:
    """The office's 催办清单: one block per unit with its file name, then what could not be sent."""
    s = plan.ledger.settings
    lines = [f"{s.district}督办事项催办清单（{chinese_date(plan.today)}）", plan.headline() + "。", ""]
    if plan.calendar_notice:
        lines[2:2] = ["提示：" + plan.calendar_notice]
    for n, (unit, messages) in enumerate(plan.messages.items(), start=1):
        counts = "、".join(f"{lv}{k}件" for lv, k in plan.level_counts(unit).items() if k)
        parts = f"，分{len(messages)}条发送" if len(messages) > 1 else ""
        lines.append(f"{n}. {unit}（{counts}{parts}）——{plan.file_name(unit)}")
        for c in plan.chases.by_unit[unit]:
            lines.append(f"    {c.level}  {c.label}  {shorten(c.item.content, 40)}  "
                         f"时限{cn_date(c.deadline, plan.today)}  {c.status_words()}")
    if plan.pending_note():
        lines += ["", plan.pending_note()]
    if plan.chases.left_out:
        lines += ["", f"以下{len(plan.chases.left_out)}件事项需要催办，但牵头单位无法确定，未生成催办文本。"
                      "请在台账中更正后重新生成："]
        for it, level, why in plan.chases.left_out:
            lines.append(f"    {level}  {where(it)}（{it.ref}）  "
                         f"{shorten(it.content, 40)}：{why}")
    lines += ["", "各单位催办文本可直接复制到工作群；较长的已拆分为几条，按编号依次发送。"] + plan.warnings()
    return "\n".join(lines) + "\n"


def write_files(plan: RemindPlan, outdir: Path | None, then: Callable[[], Any] | None = None) -> list[Path]:
    """The unit files and the office list, all or nothing; earlier 催办 files in the folder that this run
    did not write again are removed (a unit with nothing left to chase keeps no old text).

    `then` (writing the 催办提醒 sheet) runs once the files are complete and before they are put in
    place, so a failure of either leaves both as they were. With nothing to chase, or no folder,
    only `then` runs.
    """
    if not plan.messages or outdir is None:
        if then is not None:
            then()
        return []
    with staged(outdir, (UNIT_FILE_PREFIX, LIST_FILE_PREFIX)) as st:
        for unit, messages in plan.messages.items():
            st.write_text(plan.file_name(unit), unit_file_text(messages))
        st.write_text(plan.list_name, office_list(plan))
        names = list(st.names)
        if then is not None:
            then()
    return [outdir / n for n in names]


def default_outdir(ledger_path: Path, today: dt.date) -> Path:
    return ledger_path.parent / DEFAULT_DIR / today.isoformat()


__all__ = ["RemindPlan", "plan_remind", "reminders_grid", "office_list", "write_files", "default_outdir"]

"""Checks of one answer row: does it belong here, was it tampered with, are the answers valid?

Each check returns notices (Chinese, pointing to the file and row, saying
what to do); a row with any REJECTED notice is not applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from duban.answers import layout as L
from duban.answers.fingerprint import fingerprint, norm, parse_key
from duban.answers.read import AnswerFile, AnswerRow
from duban.answers.values import clean_progress
from duban.dates import parse_date
from duban.model import Item, Ledger, text
from duban.read.answer_record import CONFLICT, HELD, Record
from duban.read.params import EXTENDED, EXTENSION_REQUESTED

REJECTED = "拒收"      # not applied: the unit must correct and resend
SUPERSEDED = "未采用"  # a newer answer for the same item was applied instead
STALE = "过期答卷"     # an answer older than what a newer answer set: not applied
NOTE = "提示"          # applied, but worth a look
# CONFLICT (冲突) and HELD (待核实) come from answer_record: held for the office, not applied.
HOLDS = (CONFLICT, HELD)
NOT_APPLIED = (REJECTED, CONFLICT, HELD, STALE)

FORMULA_STARTS = ("=", "+", "-", "@")
RESEND = "本行未采用，请更正后重新交回"


@dataclass
class Notice:
    level: str
    file: str
    row: int | None
    item_id: str
    message: str
    suggestion: str = ""
    # 冲突: field header -> (sent, ledger now, answer); 待核实/过期答卷: the dates compared
    values: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.file} 第 {self.row} 行" if self.row else self.file


@dataclass
class Accepted:
    file: AnswerFile
    row: AnswerRow
    item: Item
    answers: dict[str, Any]                 # field -> date | str (blank answers left out)
    notices: list[Notice] = field(default_factory=list)   # reported only when the row changes something

    @property
    def source(self) -> str:
        return f"{self.file.name} 第 {self.row.row} 行"


def header(name: str) -> str:
    return L.ANSWER.column(name).header


class RowChecker:
    """Checks the rows of the answer files against one ledger."""

    def __init__(self, ledger: Ledger, today: dt.date, record: Record):
        self.ledger = ledger
        self.today = today
        self.record = record
        self.statuses = list(ledger.settings.status_done)
        self.items: dict[str, list[Item]] = {}
        for it in ledger.items:
            if it.id:
                self.items.setdefault(it.id, []).append(it)

    def check(self, f: AnswerFile, row: AnswerRow) -> tuple[Accepted | None, list[Notice]]:
        def reject(message: str, suggestion: str = RESEND, item_id: str = "") -> tuple[None, list[Notice]]:
            return None, [Notice(REJECTED, f.name, row.row, item_id or text(row.get("id")), message, suggestion)]

        key = parse_key(row.get("key"))
        if key is None:
            if not row.has_answer() and not text(row.get("id")) and not text(row.get("key")):
                return None, []
            return reject("本行没有有效的校验码，无法对应到台账中的事项（可能是自行添加或复制的行）",
                          "新情况请另行报送督查室；原有事项请在原答卷的对应行填写")
        item_id, fp = key
        found = self.items.get(item_id, [])
        if not found:
            return reject(f"编号“{item_id}”在台账“周交办”中找不到（可能已删除或改号）", "请与督查室核对该事项", item_id)
        if len(found) > 1:
            rows = "、".join(str(it.row + 1) for it in found)
            return reject(f"台账“周交办”中编号“{item_id}”重复（第 {rows} 行），无法确定对应哪一行",
                          "请督查室先更正台账中的重复编号，再重新汇总", item_id)
        item = found[0]
        if item.lead_unit != f.unit:
            owner = item.lead_unit or item.lead_raw or "（未填写）"
            return reject(f"编号“{item_id}”的事项由“{owner}”牵头，不属于本答卷单位“{f.unit}”",
                          f"请由“{owner}”在其答卷中反馈；本行未采用", item_id)
        sent = self.record.sent.get((f.batch, item_id))
        if sent is None:
            return reject(f"本批答卷（{f.batch}）没有下发编号“{item_id}”的事项（可能是从别的答卷复制的行）",
                          "请在下发给本单位的原答卷中填写", item_id)
        if sent.unit != f.unit:
            return reject(f"编号“{item_id}”是下发给“{sent.unit}”的，答卷却自称“{f.unit}”的答卷",
                          f"请由“{sent.unit}”在其答卷中反馈；本行未采用", item_id)
        secret = self.record.secret
        shown = fingerprint(secret, f.batch, item_id, f.unit, row.get("content"), row.get("deadline"))
        if text(row.get("id")) != item_id or shown != fp:
            return reject(self._tamper_text(row, item), "锁定列不能修改；对事项内容或时限有异议请另行向督查室提出。"
                          "请在下发的原答卷中重新填写后交回", item_id)
        if norm(row.get("content")) != norm(item.content):
            # Not a unit's edit (the row matches its key): the ledger changed, or the file comes from another ledger.
            return reject(f"本行的事项内容与台账“周交办”中编号“{item_id}”的事项内容不一致（下发答卷后台账改过该事项，"
                          "或答卷不是由本台账生成）", "请督查室核对后重新生成答卷发给该单位", item_id)
        notices = []
        if fingerprint(secret, f.batch, item_id, item.lead_unit, item.content, item.effective_deadline) != fp:
            notices.append(Notice(NOTE, f.name, row.row, item_id,
                                  "下发答卷后，台账中该事项的完成时限有调整；已按答卷更新办理情况",
                                  "请核对该事项的完成时限"))
        answers, problems = self.answers(row, item)
        if problems:
            return None, [Notice(REJECTED, f.name, row.row, item_id, p, s) for p, s in problems]
        return Accepted(f, row, item, answers, notices), []

    def _tamper_text(self, row: AnswerRow, item: Item) -> str:
        changed = [header(n) for n, now in (("id", item.id), ("content", item.content),
                                              ("deadline", item.effective_deadline))
                   if norm(row.get(n)) != norm(now)]
        if changed:
            return "锁定的“" + "、".join(changed) + "”被改动，与下发的答卷不一致"
        return "校验码与本行内容不符（锁定列或校验码被改动）"

    def answers(self, row: AnswerRow, item: Item) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Typed answers (blank cells left out) and the problems found."""
        out: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        status = text(row.get("status"))
        if status:
            if status == EXTENDED and item.status != EXTENDED:   # the office's decision, not the unit's
                problems.append((f"办理状态“{EXTENDED}”由督查室批准延期后填写，单位不能自行选择",
                                 f"需要延期请选择“{EXTENSION_REQUESTED}”，并在本周进展中写明理由和希望调整到的日期；"
                                 + RESEND))
            elif status in self.statuses:
                out["status"] = status
            else:
                problems.append((f"办理状态“{status}”不在可选范围（{'、'.join(self.statuses)}）内",
                                 "请从下拉列表中选择办理状态；" + RESEND))
        for name in L.DATE_FIELDS:
            raw = row.get(name)
            if raw is None or text(raw) == "":
                continue
            p = parse_date(raw, self.ledger.year) if _plausible(raw) else None
            if p is None or p.value is None:
                problems.append((f"{header(name)}{_shown(raw)}", "请按 2026-11-27 的格式填写；" + RESEND))
            elif p.value > self.today:
                problems.append((f"{header(name)} {p.value.isoformat()} 晚于今天（{self.today.isoformat()}）",
                                 "请核对日期；" + RESEND))
            elif name == "completed" and item.assigned and p.value < item.assigned:
                problems.append((f"完成日期 {p.value.isoformat()} 早于该事项的交办日期 {item.assigned.isoformat()}",
                                 "请核对完成日期；" + RESEND))
            else:
                out[name] = p.value
        progress = clean_progress(row.get("progress"))
        if progress:
            out["progress"] = progress
        if out.get("status") in self.ledger.settings.done_status and not (out.get("completed") or item.completed):
            problems.append((f"办理状态为“{out['status']}”，但没有填写完成日期", "请补填完成日期；" + RESEND))
        return out, problems


def formula_notes(a: Accepted, fields: list[str]) -> list[Notice]:
    """Notes for the written answers that a spreadsheet would take for a formula."""
    out = []
    for name in fields:
        value = a.answers.get(name)
        if isinstance(value, str) and (name in a.row.formulas or value.startswith(FORMULA_STARTS)):
            how = "是公式" if name in a.row.formulas else f"以“{value[0]}”开头，像是公式"
            out.append(Notice(NOTE, a.file.name, a.row.row, a.item.id,
                              f"{header(name)}{how}，已按文字原样保存，不会被计算",
                              "如非本意，请在台账中核对该单元格"))
    return out


def progress_text(value: Any) -> str:
    return clean_progress(value)


SERIAL_RANGE = (1, 2958465)   # 1900-01-01 … 9999-12-31 as Excel date serials


def _plausible(raw: Any) -> bool:
    """A number in a date cell must be a date serial Excel can show; 1e300 or -5 is not."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, (int, float)):
        return SERIAL_RANGE[0] <= raw <= SERIAL_RANGE[1]
    return True


def _shown(raw: Any) -> str:
    """The cell as the message quotes it: never a 300-digit number, never a bare time."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return ("不是日期：单元格中的数字超出了日期范围（可能是误填的数字）" if raw > 0
                else "不是日期：单元格中是零或负数")
    if isinstance(raw, (dt.time, dt.timedelta)):
        return "不是日期：单元格中是零、负数或只有时间"
    return f"“{text(raw)[:40]}”无法识别为日期"

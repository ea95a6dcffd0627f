"""Which open items the office chases, and why (SPEC §8 催办).

An open item (its 办理状态 not marked 是否办结 = 是 in 参数) is chased when it is
- 逾期: past its effective deadline (调整后时限, else 完成时限) — days: calendar days late;
- 临期: due today or within 参数 临期提醒工作日 working days (duban.workdays: 参数【节假日安排】,
  the published arrangements, the statutory holidays) — days: working days left, 0 when due today;
- 未反馈: without 本周进展 for longer than 参数 答卷间隔天数 (the rule of the 一周一答卷
  warning in validation) — days: calendar days since the last answer (or since assignment).
An item gets one level, the first that applies in that order; an overdue or due item that is
also silent says so in `silent_days`. Long-term items (长期/持续推进) are never 逾期 or 临期.
An item whose 办理状态 is 申请延期 is not chased while the office decides (listed in `pending`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.model import Item, Ledger
from duban.rhythm.common import is_open, item_ref, unit_order
from duban.rules.extensions import is_pending
from duban.workdays import Calendar, workdays_left

OVERDUE, DUE_SOON, NO_ANSWER = "逾期", "临期", "未反馈"
LEVELS = (OVERDUE, DUE_SOON, NO_ANSWER)


@dataclass
class Chase:
    unit: str
    item: Item
    level: str
    days: int
    today: dt.date
    silent_days: int | None = None   # days without an answer, when the item is also 未反馈

    @property
    def ref(self) -> str:
        return item_ref(self.item)

    @property
    def label(self) -> str:
        """编号2026-015, or the row where the item has no 编号 (第18行)."""
        return f"编号{self.ref}" if self.item.id else self.ref

    @property
    def deadline(self) -> dt.date | None:
        return self.item.effective_deadline

    def status_words(self) -> str:
        """逾期10天 / 今天到期 / 还剩2个工作日 / 15天未反馈."""
        if self.level == OVERDUE:
            return f"已逾期{self.days}天"
        if self.level == DUE_SOON:
            if self.deadline == self.today:
                return "今天到期"
            return f"还剩{self.days}个工作日" if self.days else "今天是到期前最后一个工作日"
        return f"{self.days}天未反馈进展"


@dataclass
class ChaseList:
    today: dt.date
    by_unit: dict[str, list[Chase]] = field(default_factory=dict)
    open_items: int = 0
    # Items that would be chased but cannot be sent to a unit, with the reason.
    left_out: list[tuple[Item, str, str]] = field(default_factory=list)   # (item, level, why)
    # Open items with an extension request awaiting the office's decision: not chased.
    pending: list[Item] = field(default_factory=list)

    @property
    def chases(self) -> list[Chase]:
        return [c for cs in self.by_unit.values() for c in cs]

    def count(self, level: str) -> int:
        return sum(1 for c in self.chases if c.level == level)


def silent_for(item: Item, today: dt.date, answer_days: int) -> int | None:
    """Days without 本周进展 when longer than `answer_days`, else None."""
    limit = today - dt.timedelta(days=answer_days)
    if item.assigned is None or item.assigned >= limit:
        return None
    if item.feedback is None:
        return None if item.progress else (today - item.assigned).days
    return (today - item.feedback).days if item.feedback < limit else None


def classify(item: Item, today: dt.date, soon_workdays: int, answer_days: int,
             calendar: Calendar | None = None) -> Chase | None:
    """The chase for one open item, or None when it needs none. `unit` is filled by the caller."""
    silent = silent_for(item, today, answer_days)
    due = None if item.long_term else item.effective_deadline
    if due is not None and due < today:
        return Chase("", item, OVERDUE, (today - due).days, today, silent)
    if due is not None:
        left = workdays_left(due, today, calendar, cap=soon_workdays)
        if left <= soon_workdays:
            return Chase("", item, DUE_SOON, left, today, silent)
    if silent is not None:
        return Chase("", item, NO_ANSWER, silent, today)
    return None


def _sort_key(c: Chase):
    # 逾期 longest first, 临期 soonest first, 未反馈 longest silence first; then by name.
    rank = LEVELS.index(c.level)
    return (rank, -c.days if c.level != DUE_SOON else c.days, c.ref)


def chase_list(ledger: Ledger, today: dt.date) -> ChaseList:
    s = ledger.settings
    out = ChaseList(today)
    grouped: dict[str, list[Chase]] = {}
    for it in ledger.items:
        if not is_open(it, ledger):
            continue
        out.open_items += 1
        if is_pending(it):
            out.pending.append(it)
            continue
        c = classify(it, today, s.due_soon_workdays, s.answer_days, s.calendar)
        if c is None:
            continue
        if not it.lead_unit:
            why = (f"牵头单位“{it.lead_raw}”不在单位表中或填写了多个单位" if it.lead_raw.strip()
                   else "没有填写牵头单位")
            out.left_out.append((it, c.level, why))
            continue
        c.unit = it.lead_unit
        grouped.setdefault(it.lead_unit, []).append(c)
    for unit in sorted(grouped, key=unit_order(ledger)):
        out.by_unit[unit] = sorted(grouped[unit], key=_sort_key)
    return out

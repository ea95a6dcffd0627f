"""Which items go into the answer files: the open items of each lead unit.

An item is open when its 办理状态 is not one marked 是否办结 = 是 in 参数. With a
meeting number N, the answer files cover the open items assigned at meetings
1…N (期次 ≤ N): the weekly answer after meeting N reports on everything still
open, not only on what that meeting assigned, and items of later meetings are
left out so that an earlier week's files can be regenerated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from duban.errors import BadWorkbook
from duban.model import Item, Ledger
from duban.read.book import RawBook
from duban.read.ledger import load_ledger


def load_for_answers(book: RawBook) -> Ledger:
    """The typed ledger, refused when the answer loop could not tie an answer back to its row."""
    ledger = load_ledger(book)
    require_answer_keys(ledger)
    return ledger


def require_answer_keys(ledger: Ledger) -> None:
    """Answers are tied to items by 编号 on the 周交办 sheet: a ledger whose items sit on other sheets,
    or whose 周交办 has no 编号 column, cannot take part in the answer loop yet (SPEC §7)."""
    from duban import schema

    others = [t.title for t in ledger.item_tables if t.title != schema.ITEMS.title]
    if others:
        raise BadWorkbook(f"答卷的分发和汇总只处理“{schema.ITEMS.title}”工作表中的事项，本台账还有事项在"
                          f"{'、'.join(f'“{t}”' for t in others)}中。请先用 duban adopt 把原台账导入为新台账"
                          f"（事项会集中到“{schema.ITEMS.title}”并生成编号），或把这些事项移到“{schema.ITEMS.title}”")
    if "id" not in ledger.tables["items"].columns:
        raise BadWorkbook(f"答卷要靠“编号”把交回的每一行对回台账，但“{schema.ITEMS.title}”没有“编号”列。"
                          "请加一列“编号”，为每个事项填上唯一的编号（如 2026-001），保存后再分发答卷；"
                          "也可用 duban adopt 导入为新台账，编号会自动生成")


def is_open(item: Item, ledger: Ledger) -> bool:
    return item.status not in ledger.settings.done_status


@dataclass
class Selection:
    by_unit: dict[str, list[Item]] = field(default_factory=dict)
    # Open items that cannot go into any file, with the reason (Chinese).
    left_out: list[tuple[Item, str]] = field(default_factory=list)


def open_items(ledger: Ledger, meeting: int | None = None) -> Selection:
    """Open items per lead unit, sorted by effective deadline then 编号."""
    sel = Selection()
    grouped: dict[str, list[Item]] = defaultdict(list)
    dup = {i for i, n in Counter(it.id for it in ledger.items if it.id).items() if n > 1}
    for it in ledger.items:
        if not is_open(it, ledger):
            continue
        if meeting is not None and (it.period is None or it.period > meeting):
            continue
        if not it.id:
            sel.left_out.append((it, "没有编号"))
        elif it.id in dup:
            sel.left_out.append((it, f"编号“{it.id}”重复"))
        elif not it.lead_unit:
            sel.left_out.append((it, f"牵头单位“{it.lead_raw}”不在单位表中或填写了多个单位"
                                 if it.lead_raw else "没有填写牵头单位"))
        else:
            grouped[it.lead_unit].append(it)
    order = {u.name: (u.group, u.order) for u in ledger.units}
    for unit in sorted(grouped, key=lambda u: order.get(u, ("", 0.0))):
        sel.by_unit[unit] = sorted(grouped[unit], key=lambda it: (it.effective_deadline or dt.date.max, it.id))
    return sel

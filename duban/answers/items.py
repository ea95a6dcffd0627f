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

from ..book import RawBook
from ..ledger import Item, Ledger, load_ledger
from ..validate import resolve_names


def load(book: RawBook) -> Ledger:
    """The typed ledger with lead units resolved against the 单位 register."""
    ledger = load_ledger(book)
    resolve_names(ledger)
    return ledger


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

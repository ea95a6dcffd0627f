"""Why a group has nobody ranked in a month: said on the console and on 月讲评 instead of an empty table.

A unit is ranked in a month when it has an item due then (its deadline in the month, or overdue and
still open) or a graded item (SPEC §3). A ledger adopted from an office's own sheet often has none in
its first month: every deadline still ahead, items with 长期 deadlines, items led by 各街道办事处, items
left out for errors. This says which, with counts, so an empty ranking is never silent.
"""

from __future__ import annotations

from duban.dates import month_bounds
from duban.model import Ledger
from duban.render.text import chinese_date, month_label
from duban.rules.evaluate import Evaluation


def empty_group_reason(ledger: Ledger, ev: Evaluation, group: str) -> str | None:
    """The reason nobody in `group` is ranked in the evaluated month, or None when someone is."""
    res = ev.results[ev.month]
    if any(st.group == group for st in res.standings.values()):
        return None
    label = f"{month_label(ev.month)}{group}没有单位参与排名"
    units = {u.name for u in ledger.units if u.group == group and u.evaluated}
    if not units:
        return f"{label}：“单位”表中没有组别为“{group}”且参与考评为“是”的单位。请在“单位”表中登记后重算"
    start, end = month_bounds(ev.month)
    items = [it for it in ledger.items if it.lead_unit in units]
    counts = {"left": 0, "long": 0, "later": 0, "done": 0}
    for it in items:
        deadline = it.effective_deadline
        if (it.sheet, it.row) in ev.left_items:
            counts["left"] += 1
        elif it.long_term:
            counts["long"] += 1
        elif deadline is not None and deadline > end:
            counts["later"] += 1
        elif it.completed is not None and it.completed < start:
            counts["done"] += 1
    parts = [f"完成时限在{chinese_date(end)}之后的 {counts['later']} 件" if counts["later"] else "",
             f"长期事项 {counts['long']} 件" if counts["long"] else "",
             f"本月前已办结 {counts['done']} 件" if counts["done"] else "",
             f"因数据错误未计入 {counts['left']} 件（错误见“校验结果”）" if counts["left"] else ""]
    detail = "、".join(p for p in parts if p)
    of = f"该组 {len(units)} 个单位牵头的事项共 {len(items)} 件" + (f"，其中{detail}" if detail else "")
    return (f"{label}：本月没有到期或逾期未办结的事项，也没有点评等次（{of}）。"
            "月度排名只计应在当月办结的事项（完成时限在当月的，和此前到期仍未办结的）")


def unassigned_reason(ledger: Ledger) -> str | None:
    """Items whose 牵头单位 is no registered unit (各街道办事处, a misspelling): they count for nobody."""
    raw = [it.lead_raw for it in ledger.items if it.lead_raw and it.lead_unit is None]
    if not raw:
        return None
    examples = "、".join(f"“{r}”" for r in dict.fromkeys(raw) if r)
    examples = examples if len(examples) <= 40 else examples[:40] + "…"
    return f"另有 {len(raw)} 件事项的牵头单位不是“单位”表中的一个单位（{examples}），不计入任何单位的排名"


def empty_ranking_lines(ledger: Ledger, ev: Evaluation) -> dict[str, str]:
    """Group -> why nobody in it is ranked (only groups without a ranking); the unassigned items are
    said under the first such group."""
    out = {}
    for group in ledger.settings.groups:
        reason = empty_group_reason(ledger, ev, group)
        if reason:
            out[group] = reason
    extra = unassigned_reason(ledger) if out else None
    if extra:
        first = next(iter(out))
        out[first] += "。" + extra
    return {g: r + "。" for g, r in out.items()}

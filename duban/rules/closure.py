"""Closure review (销号), items sent back (退回重办) and 回头看 on 周研判 (issue 20 item 2).

- 销号: an optional 销号日期 column beside 完成日期 (or 销号确认日期 …) records the office's 销号.
  With 参数 办结以销号为准 = 是 an item counts as done only from its 销号日期 on; 按时 still compares
  完成日期 with the deadline. Without such a column nothing changes (a lone 销号日期 column is read
  as 完成日期, as offices use it).
- 退回重办: a registered 办理状态 meaning not done; the new deadline goes to 调整后时限.
- 回头看: optional 回头看日期 and 回头看结论 columns on 周研判; a finding registered in 参数
  【回头看结论】 as 否 makes a problem marked 已化解 count as not resolved again, unless it was resolved
  anew after the 回头看 (化解日期 later than 回头看日期).
"""

from __future__ import annotations

import datetime as dt

from duban import schema
from duban.findings import ERROR, INFO, WARNING, Finding
from duban.model import Item, Ledger, Review, Table
from duban.read import params


def happened_by(day: dt.date | None, as_of: dt.date | None) -> bool:
    """Happened by `as_of`: a day on or before it; an unknown day counts (it cannot be placed later)."""
    return as_of is None or day is None or day <= as_of


_by = happened_by


def closure_applies(ledger: Ledger) -> bool:
    """办结以销号为准 is on and the ledger keeps a 销号 column to read it from."""
    return ledger.settings.closure_required and ledger.keeps_closure


def item_done(ledger: Ledger, it: Item, as_of: dt.date | None = None) -> bool:
    """Done by `as_of` (统计's rule): a done status, 完成日期 by then, and with 办结以销号为准 a 销号日期 by then."""
    if it.status not in ledger.settings.done_status or not _by(it.completed, as_of):
        return False
    return not closure_applies(ledger) or (it.closed is not None and it.closed <= (as_of or it.closed))


def awaiting_closure(ledger: Ledger, as_of: dt.date | None = None) -> list[Item]:
    """待销号: items marked done with a 完成日期 (by `as_of`) and no 销号日期 yet (empty without a 销号 column)."""
    if not ledger.keeps_closure:
        return []
    done = ledger.settings.done_status
    return [it for it in ledger.items
            if it.status in done and it.completed is not None and _by(it.assigned, as_of) and _by(it.completed, as_of)
            and (it.closed is None or not _by(it.closed, as_of))]


def reopened(ledger: Ledger, rv: Review, as_of: dt.date | None = None) -> bool:
    """A 回头看 by `as_of` whose finding reopens the problem, not followed by a later 化解日期."""
    if not rv.revisit_finding or not ledger.settings.reopens(rv.revisit_finding) or not _by(rv.revisit, as_of):
        return False
    # resolved anew after the 回头看 (a later 化解日期, reached by `as_of`): no longer reopened
    return rv.resolved is None or rv.revisit is None or rv.resolved <= rv.revisit or not _by(rv.resolved, as_of)


def review_resolved(ledger: Ledger, rv: Review, as_of: dt.date | None = None) -> bool:
    """Resolved by `as_of`: a resolved status, 化解日期 by then, and no 回头看 that reopened it."""
    return (rv.status in ledger.settings.resolved_status and _by(rv.resolved, as_of)
            and not reopened(ledger, rv, as_of))


def revisits(ledger: Ledger, as_of: dt.date | None = None) -> list[Review]:
    """Problems with a 回头看 (a date or a finding) by `as_of`."""
    return [rv for rv in ledger.reviews if (rv.revisit or rv.revisit_finding) and _by(rv.date, as_of)
            and _by(rv.revisit, as_of)]


# ---- validation ------------------------------------------------------------

def _finding(code: str, level: str, table: Table, row: int, name: str, message: str, suggestion: str) -> Finding:
    return Finding(code, level, table.title, *table.pos(row, name), table.header(name), message, suggestion, name)


def closure_rules(ledger: Ledger, today: dt.date) -> list[Finding]:
    """销号日期 and 退回重办 on 周交办; the 待销号 count (提示) when the ledger keeps a 销号 column."""
    s = ledger.settings
    out: list[Finding] = []
    if s.closure_required and not ledger.keeps_closure:
        out.append(Finding("closure-column-missing", WARNING, schema.PARAMS.title,
                           s.closure_row, None if s.closure_row is None else 2, params.CLOSURE_KEY,
                           f"“{params.CLOSURE_KEY}”为“是”，但周交办没有单独的销号列（与“完成日期”并列的“销号日期”，"
                           "或“销号确认日期”），已按完成日期计算办结",
                           "请在周交办“完成日期”旁加一列“销号日期”，督查室销号后填写；或把该参数改为“否”"))
    done = s.done_status
    for it in ledger.items:
        t = ledger.item_table(it)
        if it.closed is not None and it.status not in done:
            out.append(_finding("closed-not-done", WARNING, t, it.row, "closed", f"办理状态为“{it.status or '未填写'}”却填写了销号日期",
                                "销号只用于已完成的事项：退回重办的事项请清空销号日期，重新办结后再销号"))
        elif it.closed is not None and it.completed is not None and it.closed < it.completed:
            out.append(_finding("date-before-start", WARNING, t, it.row, "closed", f"销号日期 {it.closed} 早于完成日期 {it.completed}",
                                "请核对销号日期和完成日期"))
        if it.closed is not None and it.closed > today:
            out.append(_finding("date-in-future", WARNING, t, it.row, "closed", f"销号日期 {it.closed} 晚于今天（{today}）",
                                "销号日期不能是将来的日期，请核对"))
        if it.status == params.REOPENED_STATUS and it.adjusted is None and "adjusted_deadline" in t.columns:
            out.append(_finding("reopened-without-deadline", WARNING, t, it.row, "adjusted_deadline",
                                f"办理状态为“{params.REOPENED_STATUS}”，但未填写调整后时限",
                                "请在“调整后时限”填写重新办理的时限；未填写时仍按原完成时限计算（已逾期）"))
    waiting = awaiting_closure(ledger, today)
    if waiting:
        t = ledger.item_table(waiting[0])
        out.append(Finding("awaiting-closure", INFO, t.title, *t.pos(t.header_row, "closed"), t.header("closed"),
                           f"已完成事项中有 {len(waiting)} 件待销号（未填写销号日期），如"
                           + (f"编号{waiting[0].id}" if waiting[0].id else waiting[0].ref),
                           "督查室核实销号后请填写销号日期" + ("；未销号的事项不计为办结" if s.closure_required
                                                   else f"；参数“{params.CLOSURE_KEY}”为“是”时，未销号的事项不计为办结")))
    return out


def revisit_rules(ledger: Ledger, today: dt.date) -> list[Finding]:
    """回头看结论 outside 【回头看结论】 (错误: it decides 化解) and 回头看日期 in the future."""
    t = ledger.tables["reviews"]
    held = ledger.settings.revisit_held
    out: list[Finding] = []
    for rv in ledger.reviews:
        if rv.revisit_finding and rv.revisit_finding not in held:
            out.append(_finding("not-in-vocabulary", ERROR, t, rv.row, "revisit_finding", f"回头看结论“{rv.revisit_finding}”不在可选范围内",
                                f"请填写：{'、'.join(held)}；如果是本单位的习惯用语，可在参数表【{params.REVISIT}】中"
                                "登记（结论、是否巩固：填“否”表示问题反弹，重新计为未化解）"))
        if rv.revisit and rv.revisit > today:
            out.append(_finding("date-in-future", WARNING, t, rv.row, "revisit", f"回头看日期 {rv.revisit} 晚于今天（{today}）",
                                "请核对回头看日期"))
    return out

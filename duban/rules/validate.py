"""Validation rules of SPEC §4.

Each rule is a plain function `rule(ledger, today) -> list[Finding]`; `RULES`
runs them in turn. Rules only judge: name resolution (typed text -> register
name) happened in loading (duban.read.resolve), so validate() leaves the ledger as it is.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from duban import schema
from duban.cellmark import is_mark
from duban.dates import WEEKDAY_NAMES
from duban.findings import ERROR, INFO, WARNING, Finding, at
from duban.model import Item, Ledger, Review, Table, text
from duban.names import (
    Register,
    clean_name,
    has_stray_characters,
    invisible_characters,
    normalise_name,
    split_units,
    yes_no,
)
from duban.read import params
from duban.read.answer_record import CONFLICT, Record
from duban.read.answer_record import TITLE as ANSWER_RECORD
from duban.rules.closure import closure_rules, revisit_rules
from duban.unitwords import is_collective

Rule = Callable[[Ledger, dt.date], list[Finding]]



def _f(code: str, level: str, table: Table, row: int, name: str, message: str, suggestion: str = "") -> Finding:
    """A finding on the cell of field `name` in zero-based sheet row `row`."""
    return Finding(code, level, table.title, *table.pos(row, name), table.header(name), message, suggestion, name)


def _name_findings(table: Table, row: int, name: str, typed: str, register: Register,
                   what: str, how: str, resolved: str | None, pick: str, unknown: str) -> list[Finding]:
    """Findings for one name cell after resolution against a register (`unknown`: the code when it does not resolve)."""
    if how == "exact" and typed == resolved:  # the common case: exactly a registered name
        return []
    header = table.header(name)
    if resolved is None:
        close = register.closest(typed)
        hint = f"是否为“{close}”？" if close else ""
        return [_f(unknown, ERROR, table, row, name, f"{header}“{typed}”不在{what}中", f"{hint}{pick}")]
    hidden = invisible_characters(typed)
    if hidden:
        return [_f("invisible-characters", INFO, table, row, name, f"{header}“{clean_name(typed)}”中有看不见的字符（{'、'.join(hidden)}），"
                   f"已去掉后读作“{resolved}”",
                   "从网页、微信或其他文件复制的文字常带这种字符：建议清空该单元格后从下拉列表选择或重新输入")]
    if has_stray_characters(typed):
        return [_f("stray-characters", WARNING, table, row, name, f"{header}“{typed}”含有多余空格或全角字符",
                   f"建议改为“{resolved}”")]
    if how == "note":
        return [_f("name-with-note", INFO, table, row, name, f"{header}“{typed}”带有括号注释，已读作“{resolved}”",
                   f"建议只填写单位名称“{resolved}”")]
    if how == "short":
        return [_f("short-name", WARNING, table, row, name, f"{header}“{typed}”是简称", f"建议填写全称“{resolved}”")]
    return []


UNIT_PICK = "请从下拉列表中选择，或先在“单位”表中登记"
LEADER_PICK = "请从下拉列表中选择，或先在“领导”表中登记"


# ---- 周交办 ----------------------------------------------------------------

ITEM_REQUIRED = ("id", "period", "assigned", "leader", "lead_unit", "content", "deadline", "status")


def _raw_empty(table: Table, values: list[Any], name: str) -> bool:
    v = table.value(values, name)
    return v is None or (type(v) is str and not v.strip())


# Typed attribute of Item for each required field: empty text means an empty cell; a None
# value may also be an unreadable cell (reported by the typing), so only then is the raw cell read.
_ITEM_ATTR = {"id": "id", "period": "period", "assigned": "assigned", "leader": "leader",
              "lead_unit": "lead_raw", "content": "content", "deadline": "deadline", "status": "status"}


# Required fields the score does not read: a column of them left empty on every item is a column
# the office does not keep (as if absent, which the reader accepts): one warning, not one error a row.
UNSCORED_REQUIRED = ("id", "period", "assigned", "leader")


def _item_field_empty(t: Table, it: Item, name: str) -> bool:
    """A typed empty value may be an unreadable cell or an error value (reported by the typing):
    only an empty raw cell is "未填写"."""
    v = getattr(it, _ITEM_ATTR[name])
    return (v is None or (type(v) is str and not v.strip())) and _raw_empty(t, t.row_values(it.row), name)


def required_item_fields(ledger: Ledger, today: dt.date) -> list[Finding]:
    """An empty cell in a required column the sheet has (编号, 期次, 交办领导 may be absent as columns);
    an unscored column empty on every item of its sheet (2 or more) once, at its header."""
    out = []
    by_table: dict[int, list[Item]] = defaultdict(list)
    for it in ledger.items:
        by_table[id(ledger.item_table(it))].append(it)
    unkept: set[tuple[int, str]] = set()
    for items in by_table.values():
        t = ledger.item_table(items[0])
        for name in UNSCORED_REQUIRED:
            if name in t.columns and len(items) >= 2 and all(_item_field_empty(t, it, name) for it in items):
                unkept.add((id(t), name))
                out.append(_empty_column(t, name, len(items)))
    for it in ledger.items:
        t = ledger.item_table(it)
        for name in ITEM_REQUIRED:
            if name not in t.columns or (name == "deadline" and it.long_term) or (id(t), name) in unkept:
                continue
            if _item_field_empty(t, it, name):
                header = t.header(name)
                out.append(_f("missing-value", ERROR, t, it.row, name, f"{header}未填写",
                              f"请填写{header}" + ("；没有期限的事项可填“长期”" if name == "deadline" else "")))
    return out


def _empty_column(t: Table, name: str, count: int) -> Finding:
    header = t.header(name)
    why = {"assigned": "交办日期用于推算期次、核对完成时限和完成日期",
           "period": "期次用于按期统计和交办单", "leader": "交办领导用于按领导统计",
           "id": "编号用于分发和收回答卷"}[name]
    return Finding("empty-column", WARNING, t.title, *at(t.header_row, t.columns[name]), header,
                   f"“{header}”一列都没有填写（{count} 件事项）",
                   f"本列不影响月度排名；{why}，请按交办记录补填。填了一部分后，仍空着的行会逐行提示", name)


def item_units(ledger: Ledger, today: dt.date) -> list[Finding]:
    units = ledger.unit_register
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        lead = split_units(it.lead_raw)
        if len(lead) > 1:
            out.append(_f("several-lead-units", ERROR, t, it.row, "lead_unit", f"牵头单位只能填写一个单位，现为“{it.lead_raw}”",
                          f"请只保留“{lead[0]}”，把“{'、'.join(lead[1:])}”移到配合单位"))
        elif lead and is_collective(lead[0]) and units.resolve(lead[0])[0] is None:
            out.append(_f("collective-unit", ERROR, t, it.row, "lead_unit", f"牵头单位“{lead[0]}”是统称，不是一个单位",
                          "请填写牵头的一个单位，其余单位填入配合单位；改好前该事项不计入排名"))
        elif lead:
            resolved, how = units.resolve(lead[0])
            out += _name_findings(t, it.row, "lead_unit", it.lead_raw, units, "单位名单", how, resolved, UNIT_PICK,
                                   "unknown-unit")
        for co in split_units(it.co_raw):
            if is_collective(co):  # 配合单位 may name a set of units (各街道办事处)
                continue
            resolved, how = units.resolve(co)
            out += _name_findings(t, it.row, "co_units", co, units, "单位名单", how, resolved, UNIT_PICK,
                                   "unknown-unit")
    return out


def item_leaders(ledger: Ledger, today: dt.date) -> list[Finding]:
    if not ledger.has_leader_sheet:  # an office ledger without a 领导 register: nothing to check against
        return []
    leaders = ledger.leader_register
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        if it.leader:
            resolved, how = leaders.resolve(it.leader)
            out += _name_findings(t, it.row, "leader", it.leader, leaders, "领导名单", how, resolved, LEADER_PICK,
                                   "unknown-leader")
    return out


def item_dates(ledger: Ledger, today: dt.date) -> list[Finding]:
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        a = it.assigned
        if a and it.deadline and it.deadline < a:
            out.append(_f("date-before-start", ERROR, t, it.row, "deadline", f"完成时限 {it.deadline} 早于交办日期 {a}",
                          "请核对完成时限或交办日期"))
        if a and it.adjusted and it.adjusted < a:
            out.append(_f("date-before-start", ERROR, t, it.row, "adjusted_deadline", f"调整后时限 {it.adjusted} 早于交办日期 {a}",
                          "请核对调整后时限"))
        if it.completed and it.completed > today:
            out.append(_f("date-in-future", ERROR, t, it.row, "completed", f"完成日期 {it.completed} 晚于今天（{today}）",
                          "完成日期不能是将来的日期，请核对"))
        elif it.completed and a and it.completed < a:
            out.append(_f("date-before-start", ERROR, t, it.row, "completed", f"完成日期 {it.completed} 早于交办日期 {a}",
                          "请核对完成日期"))
    return out


def item_vocabularies(ledger: Ledger, today: dt.date) -> list[Finding]:
    s = ledger.settings
    checks = (("status", list(s.status_done), params.STATUS), ("grade", list(s.grades), params.GRADES),
              ("category", s.item_categories, params.ITEM_CATEGORIES))
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        for name, allowed, block in checks:
            value = getattr(it, name)
            if value and allowed and value not in allowed:
                out.append(_vocab(t, it.row, name, value, allowed, block))
    return out


def _vocab(t: Table, row: int, name: str, value: str, allowed: list[str], block: str) -> Finding:
    """A word outside a vocabulary: the closest word, and the 参数 block where the office can add its own."""
    header = t.header(name)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.3)
    hint = f"是否为“{close[0]}”？" if close else ""
    columns = params.DEFAULT_BLOCKS[block][0]
    register = f"如果“{value}”是本单位的习惯用语，可在参数表【{block}】中登记（{'、'.join(columns)}）"
    return _f("not-in-vocabulary", ERROR, t, row, name, f"{header}“{value}”不在可选范围内",
              f"{hint}请从下拉列表中选择：{'、'.join(allowed)}；{register}")


def item_completion(ledger: Ledger, today: dt.date) -> list[Finding]:
    done = ledger.settings.done_status
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        if it.status in done and it.completed is None and _raw_empty(t, t.row_values(it.row), "completed"):
            out.append(_f("done-without-date", ERROR, t, it.row, "completed", f"办理状态为“{it.status}”但未填写完成日期",
                          "请填写完成日期"))
        elif it.status in ledger.settings.status_done and it.status not in done and it.completed is not None:
            out.append(_f("date-without-done", WARNING, t, it.row, "completed", f"办理状态为“{it.status}”却填写了完成日期",
                          "若已办结请把办理状态改为已完成，否则请清空完成日期"))
    return out


def duplicate_ids(ledger: Ledger, today: dt.date) -> list[Finding]:
    """The same 编号 twice (on any item sheet, or in 周研判)."""
    out = []
    groups: tuple[tuple[list[Table], Sequence[Item | Review]], ...] = (
        ([ledger.item_table(it) for it in ledger.items], ledger.items),
        ([ledger.tables["reviews"]] * len(ledger.reviews), ledger.reviews))
    for tables, records in groups:
        first: dict[str, tuple[Table, int]] = {}
        for t, rec in zip(tables, records):
            if not rec.id:
                continue
            if rec.id in first:
                ft, fr = first[rec.id]
                where = f"第 {fr + 1} 行" if ft is t else f"“{ft.title}”第 {fr + 1} 行"
                out.append(_f("duplicate-id", ERROR, t, rec.row, "id", f"编号“{rec.id}”与{where}重复",
                              "每条记录的编号必须唯一，请改用新编号"))
            else:
                first[rec.id] = (t, rec.row)
    return out


def meeting_dates(ledger: Ledger, today: dt.date) -> list[Finding]:
    weekday = ledger.settings.meeting_weekday
    out = []
    by_period: dict[int, Counter[dt.date]] = defaultdict(Counter)
    for it in ledger.items:
        if it.assigned and it.period is not None:
            by_period[it.period][it.assigned] += 1
    usual = {p: c.most_common(1)[0][0] for p, c in by_period.items()}
    for it in ledger.items:
        if not it.assigned:
            continue
        t = ledger.item_table(it)
        if it.assigned.weekday() != weekday:
            out.append(_f("not-meeting-day", WARNING, t, it.row, "assigned",
                          f"交办日期 {it.assigned} 是星期{WEEKDAY_NAMES[it.assigned.weekday()]}，不是例会日（星期{WEEKDAY_NAMES[weekday]}）",
                          "请核对交办日期"))
        if it.period is not None and it.assigned != usual[it.period]:
            out.append(_f("period-date-mismatch", WARNING, t, it.row, "assigned",
                          f"第 {it.period} 期的交办日期不一致：本行为 {it.assigned}，多数为 {usual[it.period]}",
                          f"请核对期次或交办日期（多数为 {usual[it.period]}）"))
    return out


DUPLICATE = "duplicate"  # Finding.name of an item copied onto a second sheet: left out of the scores


def likely_duplicates(ledger: Ledger, today: dt.date) -> list[Finding]:
    """Same lead unit and content: on one sheet a 警告 (may be assigned twice on purpose); the
    same item (also same dates) on a second sheet an 错误, and the copy is left out of the scores."""
    seen: dict[tuple[str, str], Item] = {}
    exact: dict[tuple[str, str, dt.date | None, dt.date | None], Item] = {}
    out = []
    for it in ledger.items:
        content = "".join(it.content.split())  # spaces do not make an item different
        if not content:
            continue
        t = ledger.item_table(it)
        key = (normalise_name(it.lead_raw), content)
        full = key + (it.assigned, it.effective_deadline)
        other = exact.get(full)
        if other is not None and other.sheet != it.sheet:
            out.append(Finding("copy-of-item", ERROR, t.title, *t.pos(it.row, "content"), t.header("content"),
                               f"与“{other.sheet}”第 {other.row + 1} 行是同一事项（牵头单位、事项内容、交办日期和时限都相同），"
                               "本行未计入考评",
                               "同一事项只需登记一次：请删除重复的一行；如果整张表是其他表的副本，"
                               "可在参数表【排除工作表】中登记它", DUPLICATE))
            continue
        exact.setdefault(full, it)
        if key in seen and seen[key].id != it.id:
            first = seen[key]
            out.append(_f("possible-duplicate", WARNING, t, it.row, "content",
                          f"与第 {first.row + 1} 行（{'编号 ' + first.id if first.id else first.ref}）的牵头单位和事项内容相同，可能重复交办",
                          "若确属重复请删除其中一行"))
        else:
            seen.setdefault(key, it)
    return out


def weekly_answers(ledger: Ledger, today: dt.date) -> list[Finding]:
    """一周一答卷: an open item with no progress for longer than the set number of days."""
    days = ledger.settings.answer_days
    done = ledger.settings.done_status
    limit = today - dt.timedelta(days=days)
    out = []
    for it in ledger.items:
        if it.status in done or not it.assigned or it.assigned >= limit:
            continue
        if it.status and it.status not in ledger.settings.status_done:  # an unknown word: reported once, as such
            continue
        t = ledger.item_table(it)
        last = it.feedback
        if last is None and not it.progress:
            out.append(_f("no-weekly-answer", WARNING, t, it.row, "progress", f"事项交办已超过 {days} 天，尚无本周进展",
                          "请牵头单位每周反馈进展（一周一答卷）"))
        elif last is not None and last < limit:
            out.append(_f("no-weekly-answer", WARNING, t, it.row, "progress",
                          f"最近一次反馈是 {last}，已超过 {days} 天没有本周进展",
                          "请牵头单位每周反馈进展（一周一答卷）"))
    return out


def held_answers(ledger: Ledger, today: dt.date) -> list[Finding]:
    """Answers that collect held for the office (冲突/待核实, sheet _答卷记录), on the item's row."""
    pending = Record.from_grid(ledger.kept.get(ANSWER_RECORD)).pending
    by_id = {it.id: it for it in ledger.items if it.id}
    out = []
    for item_id, e in pending.items():
        it = by_id.get(item_id)
        if it is None:
            continue
        t = ledger.item_table(it)
        name = next((n for n in ("status", "completed", "progress", "feedback_date")
                     if f"{t.header(n)}：下发时" in e.basis and n in t.columns), None) if e.kind == CONFLICT else None
        name = name or ("completed" if "completed" in t.columns else "status")
        out.append(_f("held-answer", WARNING, t, it.row, name,
                      f"答卷{e.kind}（{e.note}）：{e.basis}，尚未写入台账",
                      f"督查室核实后：采用请运行 duban collect 台账 --accept {item_id}；"
                      f"不采用请运行 duban collect 台账 --reject {item_id}，或直接在本表改好"))
    return out


def item_extensions(ledger: Ledger, today: dt.date) -> list[Finding]:
    """申请延期: a request dated after 完成时限 or before 交办日期, 已延期 without 调整后时限, a negative 延期次数."""
    from duban.rules.extensions import requested_late

    late_original = ledger.settings.late_extension_original
    key = f"参数【{params.BASIC}】“{params.LATE_EXTENSION_KEY}”"
    out = []
    for it in ledger.items:
        t = ledger.item_table(it)
        asked = it.extension_requested
        if requested_late(it):
            if late_original:
                how = f"按{key}为“是”，本事项按原完成时限 {it.deadline} 计分"
            else:
                how = (f"本事项按{'调整后时限 ' + str(it.adjusted) if it.adjusted else '完成时限'}计分；"
                       f"逾期申请不予延期的，可把{key}设为“是”，按原完成时限计分")
            out.append(_f("late-extension-request", WARNING, t, it.row, "extension_requested",
                          f"申请延期日期 {asked} 晚于完成时限 {it.deadline}，是逾期后才申请延期", how))
        elif asked and it.assigned and asked < it.assigned:
            out.append(_f("extension-before-assigned", WARNING, t, it.row, "extension_requested",
                          f"申请延期日期 {asked} 早于交办日期 {it.assigned}", "请核对申请延期日期"))
        if it.status == params.EXTENDED and it.adjusted is None and not it.long_term \
                and _raw_empty(t, t.row_values(it.row), "adjusted_deadline"):
            name = "adjusted_deadline" if "adjusted_deadline" in t.columns else "status"
            out.append(_f("extended-without-deadline", WARNING, t, it.row, name, f"办理状态为“{params.EXTENDED}”但未填写调整后时限",
                          "请把批准的新时限填入“调整后时限”；填写前本事项按完成时限计分"))
        if it.extensions is not None and it.extensions < 0:
            out.append(_f("negative-extensions", ERROR, t, it.row, "extensions", f"延期次数不能为负数，现为 {it.extensions}，已按 0 计",
                          "请填写 0、1、2 这样的次数"))
    return out


def _required_and_unit(t: Table, row: int, required: tuple[str, ...], unit_raw: str,
                       units: Register) -> list[Finding]:
    """A 周研判 or 加减分 row: each required cell left empty, and the unit as typed against 单位名单."""
    out = []
    for name in required:
        if _raw_empty(t, t.row_values(row), name):
            header = t.header(name)
            out.append(_f("missing-value", ERROR, t, row, name, f"{header}未填写", f"请填写{header}"))
    if unit_raw:
        resolved, how = units.resolve(unit_raw)
        out += _name_findings(t, row, "unit", unit_raw, units, "单位名单", how, resolved, UNIT_PICK, "unknown-unit")
    return out


# ---- 周研判 ----------------------------------------------------------------

def review_rules(ledger: Ledger, today: dt.date) -> list[Finding]:
    t = ledger.tables["reviews"]
    s = ledger.settings
    units = ledger.unit_register
    out = []
    for rv in ledger.reviews:
        out += _required_and_unit(t, rv.row, ("id", "date", "category", "description", "unit", "status"),
                                  rv.unit_raw, units)
        if rv.category and s.review_categories and rv.category not in s.review_categories:
            out.append(_vocab(t, rv.row, "category", rv.category, s.review_categories, params.REVIEW_CATEGORIES))
        if rv.status and s.review_done and rv.status not in s.review_done:
            out.append(_vocab(t, rv.row, "status", rv.status, list(s.review_done), params.REVIEW_STATUS))
        if rv.status in s.resolved_status and rv.resolved is None and _raw_empty(t, t.row_values(rv.row), "resolved"):
            out.append(_f("done-without-date", ERROR, t, rv.row, "resolved", f"化解状态为“{rv.status}”但未填写化解日期", "请填写化解日期"))
        if rv.resolved and rv.resolved > today:
            out.append(_f("date-in-future", ERROR, t, rv.row, "resolved", f"化解日期 {rv.resolved} 晚于今天（{today}）", "请核对化解日期"))
        elif rv.resolved and rv.date and rv.resolved < rv.date:
            out.append(_f("date-before-start", ERROR, t, rv.row, "resolved", f"化解日期 {rv.resolved} 早于研判日期 {rv.date}", "请核对化解日期"))
        if rv.deadline and rv.date and rv.deadline < rv.date:
            out.append(_f("date-before-start", ERROR, t, rv.row, "deadline", f"化解时限 {rv.deadline} 早于研判日期 {rv.date}", "请核对化解时限"))
    return out


# ---- 加减分 ----------------------------------------------------------------

def adjustment_rules(ledger: Ledger, today: dt.date) -> list[Finding]:
    t = ledger.tables["adjustments"]
    units = ledger.unit_register
    cap = ledger.settings.adjustment_cap
    out = []
    for adj in ledger.adjustments:
        out += _required_and_unit(t, adj.row, ("month", "unit", "points"), adj.unit_raw, units)
        if adj.points is not None and abs(adj.points) > cap:
            out.append(_f("points-over-cap", WARNING, t, adj.row, "points", f"分值 {adj.points:g} 超过加减分上限（±{cap:g}）",
                          f"本条照常计入，但该单位当月加减分合计最多按 ±{cap:g} 分计算；请核对分值"))
    return out


# ---- 单位 / 领导 -----------------------------------------------------------

def register_rules(ledger: Ledger, today: dt.date) -> list[Finding]:
    t = ledger.tables["units"]
    groups = list(ledger.settings.groups)
    out = []
    seen: dict[str, int] = {}
    for u in ledger.units:
        if u.name in seen:
            out.append(_f("duplicate-name", ERROR, t, u.row, "name", f"单位“{u.name}”与第 {seen[u.name] + 1} 行重复", "请删除重复的单位"))
        seen.setdefault(u.name, u.row)
        typed = text(t.value(t.row_values(u.row), "name"))
        hidden = invisible_characters(typed)
        if hidden:
            out.append(_f("invisible-characters", INFO, t, u.row, "name", f"单位名称“{u.name}”中有看不见的字符（{'、'.join(hidden)}），已去掉",
                          "建议清空该单元格后重新输入单位名称"))
        elif has_stray_characters(u.name):
            out.append(_f("stray-characters", WARNING, t, u.row, "name", f"单位名称“{u.name}”含有多余空格或全角字符",
                          f"建议改为“{clean_name(u.name)}”"))
        marked = {n for n in ("group", "evaluated") if is_mark(t.value(t.row_values(u.row), n))}  # reported when typed
        if u.group not in groups and "group" not in marked:
            close = difflib.get_close_matches(u.group, groups, n=1, cutoff=0.3) if u.group else []
            out.append(_f("unknown-group", ERROR, t, u.row, "group", f"组别“{u.group}”不在参数表【考评组别】中" if u.group else "组别未填写",
                          (f"是否为“{close[0]}”？" if close else "") + f"请选择：{'、'.join(groups)}"
                          + (f"；如果“{u.group}”是本单位的组别名称，可在参数表【考评组别】和【奖励经费】中登记"
                             if u.group else "")))
        flag = text(t.value(t.row_values(u.row), "evaluated"))
        if flag and yes_no(flag) is None and "evaluated" not in marked:
            out.append(_f("bad-flag", ERROR, t, u.row, "evaluated", f"参与考评应填“是”或“否”，现为“{flag}”，该单位暂不参与排名",
                          "请填写“是”或“否”（也可用 √ 和 ×）"))
    lt = ledger.tables["leaders"]
    counts = Counter(ledger.leaders)
    for r, v in lt.rows:
        name = text(lt.value(v, "name"))
        if name and counts[name] > 1:
            out.append(_f("duplicate-name", WARNING, lt, r, "name", f"领导“{name}”登记了不止一次", "请删除重复行"))
    return out


# How far ahead the workbook's yellow 临期 rows and the 催办 look: a month covers 临期提醒工作日.
HOLIDAY_LOOKAHEAD_DAYS = 31


def holiday_arrangement(ledger: Ledger, today: dt.date) -> list[Finding]:
    """One 提示 when open items fall due within a month in a year whose 调休 nobody registered
    (their 临期 colour and 催办 count working days without it)."""
    from duban.workdays import LIBRARY_YEARS, unregistered_notice

    calendar, done = ledger.settings.calendar, ledger.settings.done_status
    ahead = today + dt.timedelta(days=HOLIDAY_LOOKAHEAD_DAYS)
    due = {it.effective_deadline.year for it in ledger.items
           if not it.long_term and it.status not in done and it.effective_deadline is not None
           and today <= it.effective_deadline <= ahead}
    years = sorted(y for y in due if y not in LIBRARY_YEARS and y not in calendar.registered_years)
    if not years:
        return []
    return [Finding("holidays-unregistered", INFO, schema.PARAMS.title, None, None, params.HOLIDAYS, unregistered_notice(years),
                    "“周交办”的临期标黄、催办和交办单按上述规则计算，登记后自动按登记的安排计算")]


RULES: tuple[Rule, ...] = (
    register_rules,
    required_item_fields,
    item_units,
    item_leaders,
    item_dates,
    item_vocabularies,
    item_completion,
    duplicate_ids,
    meeting_dates,
    likely_duplicates,
    weekly_answers,
    held_answers,
    review_rules,
    adjustment_rules,
    holiday_arrangement,
    closure_rules,
    revisit_rules,
    item_extensions,
)


def validate(ledger: Ledger, today: dt.date, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Run every rule; return the loader's findings plus the rules' findings. Changes nothing in the ledger."""
    findings = list(ledger.findings)
    for rule in rules:
        findings.extend(rule(ledger, today))
    return findings


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by sheet order and cell position."""
    order = {s.title: i for i, s in enumerate(schema.ALL_SHEETS)}

    return sorted(findings, key=lambda f: (f.level != ERROR, order.get(f.sheet, 99), f.row or 1, f.col or 1))

"""`collect`: turn returned answer files into changes to 周交办 and a report.

Host-independent: ``plan_collect`` takes a RawBook (calamine or xlwings) and
returns a ``CollectPlan``; apply.py writes it to the file, macros/loop.py
through Excel.

Decisions:
- a blank answer cell means "no answer", never "clear the ledger cell";
- a value equal to the ledger's (dates compared as dates) is no change, so
  collecting the same files again changes nothing;
- when 本周进展 changes and the unit left 反馈日期 as it was, 反馈日期 is set to
  the day of the collect (recorded in 变更记录 like every other change);
  反馈日期 never moves backwards: an answer older than the ledger's is no change;
- the same item answered in several rows: the row with the later 反馈日期 wins,
  then the later file modification time; the others are reported as 未采用.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..book import RawBook
from ..dates import parse_date
from ..ledger import Ledger, text
from ..names import Register
from ..xlsxio.model import Cell
from . import layout as L
from .checks import NOTE, REJECTED, SUPERSEDED, Accepted, Notice, RowChecker, formula_notes, progress_text
from .items import load_for_answers, open_items
from .read import AnswerFile, answer_paths, read_answers


@dataclass
class Change:
    item_id: str
    row0: int
    col0: int
    name: str           # field name (schema.ITEMS)
    field: str          # header text of the 周交办 column
    old: Any
    new: Any            # str or date
    file: str           # answer file name
    answer_row: int     # 1-based row in the answer file

    @property
    def source(self) -> str:
        return f"{self.file} 第 {self.answer_row} 行"


@dataclass
class CollectPlan:
    ledger: Ledger
    files: list[AnswerFile]
    time: dt.datetime
    changes: list[Change] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)     # open items, no file returned
    unchanged_units: list[str] = field(default_factory=list)   # returned, nothing to change

    @property
    def rejected(self) -> int:
        return sum(1 for n in self.notices if n.level == REJECTED)

    def patches(self) -> dict[tuple[int, int], Any]:
        """(row0, col0) -> value for 周交办: text as strings, dates as date cells."""
        return {(c.row0, c.col0): Cell(c.new, "date") if isinstance(c.new, dt.date) else c.new
                for c in self.changes}

    def counts_text(self) -> str:
        return (f"答卷 {len(self.files)} 份，更新 {len(self.changes)} 处，拒收 {self.rejected} 处，"
                f"未交单位 {len(self.missing_units)} 个")


def plan_collect(book: RawBook, inputs: list[Path], today: dt.date, now: dt.datetime | None = None) -> CollectPlan:
    ledger = load_for_answers(book)
    paths, skipped = answer_paths(inputs)
    files, unreadable = read_answers(paths)
    plan = CollectPlan(ledger, [], now or dt.datetime.now().replace(microsecond=0))
    plan.notices += [Notice(REJECTED, p.name, None, "", why, "请对方重新交回下发的答卷文件")
                     for p, why in skipped + unreadable]
    units = ledger.unit_register
    checker = RowChecker(ledger, today)
    accepted: list[Accepted] = []
    for f in files:
        if not _own_unit(f, units, plan):
            continue
        plan.files.append(f)
        for row in f.rows:
            ok, notices = checker.check(f, row)
            plan.notices += notices
            if ok is not None:
                accepted.append(ok)
    rows = dict(ledger.tables["items"].rows)
    for a in _winners(accepted, plan):
        changes = _changes(a, rows.get(a.item.row, []), ledger, today, plan)
        if changes:
            plan.changes += changes
            plan.notices += a.notices + formula_notes(a, [c.name for c in changes])
    _units_report(plan, ledger)
    return plan


def _own_unit(f: AnswerFile, units: Register, plan: CollectPlan) -> bool:
    name, _how = units.resolve(f.unit)
    if name is None:
        plan.notices.append(Notice(REJECTED, f.name, None, "", f"答卷所属单位“{f.unit}”不在台账“单位”表中",
                                   "请确认台账单位表，或重新下发答卷"))
        return False
    f.unit = name
    return True


def _winners(accepted: list[Accepted], plan: CollectPlan) -> list[Accepted]:
    """One row per item: the later 反馈日期, then the later file; the others reported."""
    by_item: dict[str, list[Accepted]] = {}
    for a in accepted:
        if a.answers:
            by_item.setdefault(a.item.id, []).append(a)
    out = []
    for item_id, rows in by_item.items():
        rows.sort(key=lambda a: (a.answers.get("feedback_date") or dt.date.min, a.file.mtime, a.file.name, a.row.row))
        win = rows[-1]
        for a in rows[:-1]:
            plan.notices.append(Notice(SUPERSEDED, a.file.name, a.row.row, item_id,
                                       f"编号“{item_id}”在多处都有反馈，以“{win.source}”为准"
                                       "（反馈日期或文件时间更晚），本行未采用",
                                       "如应以本行为准，请更新反馈日期后重新交回"))
        if len(rows) > 1:
            others = "、".join(a.source for a in rows[:-1])
            plan.notices.append(Notice(NOTE, win.file.name, win.row.row, item_id,
                                       f"编号“{item_id}”另有反馈（{others}），已采用本行", ""))
        out.append(win)
    return out


def _changes(a: Accepted, current: list[Any], ledger: Ledger, today: dt.date, plan: CollectPlan) -> list[Change]:
    """The answer cells of one row that differ from the ledger row's current values."""
    table = ledger.tables["items"]

    def unchanged(name: str, new: Any) -> bool:
        old = table.value(current, name)
        if name == "feedback_date":  # 反馈日期 never moves backwards (a stale prefilled date is no answer)
            now = parse_date(old, ledger.year).value
            return now is not None and new <= now
        return _same(name, old, new, ledger.year)

    answers = dict(a.answers)
    if "progress" in answers and not unchanged("progress", answers["progress"]):
        fb = answers.get("feedback_date")
        if fb is None or unchanged("feedback_date", fb):
            answers["feedback_date"] = today
    out = []
    for name in L.ANSWER_FIELDS:
        if name not in answers or unchanged(name, answers[name]):
            continue
        col = table.columns.get(name)
        if col is None:
            _missing_column(plan, name)
            continue
        old = _display(name, table.value(current, name), ledger.year)
        out.append(Change(a.item.id, a.item.row, col, name, table.sheet.column(name).header, old, answers[name],
                          a.file.name, a.row.row))
    return out


def _same(name: str, old: Any, new: Any, year: int) -> bool:
    if name in L.DATE_FIELDS:
        return parse_date(old, year).value == new
    if name == "progress":
        return progress_text(old) == new
    return text(old) == new


def _display(name: str, old: Any, year: int) -> Any:
    if name in L.DATE_FIELDS:
        return parse_date(old, year).value or (text(old) or None)
    return text(old) or None


def _missing_column(plan: CollectPlan, name: str) -> None:
    header = L.ANSWER.column(name).header
    message = f"台账“周交办”没有“{header}”列，答卷中的{header}未写入"
    if not any(n.message == message for n in plan.notices):
        plan.notices.append(Notice(NOTE, "台账", None, "", message, f"如需记录，请在“周交办”表头添加“{header}”列"))


def _units_report(plan: CollectPlan, ledger: Ledger) -> None:
    returned = {f.unit for f in plan.files}
    plan.missing_units = [u for u in open_items(ledger).by_unit if u not in returned]
    unit_of = {f.name: f.unit for f in plan.files}
    busy = {unit_of.get(c.file) for c in plan.changes} | {unit_of.get(n.file) for n in plan.notices
                                                            if n.level == REJECTED}
    plan.unchanged_units = sorted(returned - busy)

"""`collect`: turn returned answer files into changes to 周交办 and a report.

Host-independent: ``plan_collect`` takes a RawBook (calamine or xlwings) and
returns a ``CollectPlan``; apply.py writes it to the file, macros/loop.py
through Excel.

A three-way merge against what split sent (the ledger's record `_答卷记录`):
- a cell the unit left as it was sent is no answer; a blank cell never clears the ledger;
- a changed cell is applied when the ledger still holds the sent value; when the
  ledger already holds the answer it is no change (the same file twice changes nothing);
- when the ledger's value changed since that split: by an answer of a later split (or a
  later answer of the same split) the row is a 过期答卷, not applied; by anything else (the
  office) it is a 冲突, not applied, held with the three values until the office decides;
- a 完成日期 earlier than a day on which the unit reported the item not done is held as
  待核实; `accept` (collect --accept 编号) applies a held answer, `reject` drops it;
- when 本周进展 changes and the unit left 反馈日期 as sent, 反馈日期 is the day of the collect;
  反馈日期 never moves backwards;
- the same item answered in several rows of one split: the later 反馈日期, then the later
  file modification time wins; the others are reported as 未采用.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.answers import layout as L
from duban.answers.checks import (
    NOT_APPLIED,
    NOTE,
    REJECTED,
    STALE,
    SUPERSEDED,
    Accepted,
    Notice,
    RowChecker,
    formula_notes,
)
from duban.answers.items import load_for_answers, open_items
from duban.answers.read import AnswerFile, answer_paths, read_answers
from duban.answers.values import as_text, as_value, ledger_values
from duban.model import Ledger
from duban.names import Register, split_aliases
from duban.read import answer_record as R
from duban.read.book import RawBook
from duban.xlsxio.model import Cell

ACCEPTED_BY_OFFICE = "督查室确认"


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
    via: str = ""       # the source text when it is not a file row (an answer the office accepted)

    @property
    def source(self) -> str:
        return self.via or f"{self.file} 第 {self.answer_row} 行"


@dataclass
class CollectPlan:
    ledger: Ledger
    files: list[AnswerFile]
    time: dt.datetime
    changes: list[Change] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)     # open items, no file returned
    unchanged_units: list[str] = field(default_factory=list)   # returned, nothing to change
    record: R.Record = field(default_factory=R.Record)
    record_changed: bool = False
    ledger_name: str = "台账"

    @property
    def rejected(self) -> int:
        return sum(1 for n in self.notices if n.level == REJECTED)

    def count(self, level: str) -> int:
        return sum(1 for n in self.notices if n.level == level)

    @property
    def not_applied(self) -> int:
        """Rows the office has to look at: refused, 冲突, 待核实, 过期答卷."""
        return sum(1 for n in self.notices if n.level in NOT_APPLIED)

    @property
    def must_write(self) -> bool:
        return bool(self.changes) or self.record_changed

    def patches(self) -> dict[tuple[int, int], Any]:
        """(row0, col0) -> value for 周交办: text as strings, dates as date cells."""
        return {(c.row0, c.col0): Cell(c.new, "date") if isinstance(c.new, dt.date) else c.new
                for c in self.changes}

    def counts_text(self) -> str:
        return (f"答卷 {len(self.files)} 份，更新 {len(self.changes)} 处，拒收 {self.rejected} 处，"
                f"冲突 {self.count(R.CONFLICT)} 处，待核实 {self.count(R.HELD)} 处，过期答卷 {self.count(STALE)} 处，"
                f"未交单位 {len(self.missing_units)} 个")


def plan_collect(book: RawBook, inputs: list[Path], today: dt.date, now: dt.datetime | None = None,
                 accept: tuple[str, ...] | list[str] = (), reject: tuple[str, ...] | list[str] = ()) -> CollectPlan:
    ledger = load_for_answers(book)
    record = R.Record.from_grid(ledger.kept.get(R.TITLE))
    before = record.grid_rows()
    paths, skipped, subfolders = answer_paths(inputs)
    files, unreadable = read_answers(paths)
    plan = CollectPlan(ledger, [], now or dt.datetime.now().replace(microsecond=0), record=record,
                       ledger_name=Path(book.path).name if book.path else "台账")
    plan.notices += [Notice(REJECTED, p.name, None, "", why, "请对方重新交回下发的答卷文件") for p, why in skipped]
    plan.notices += [Notice(REJECTED, p.name, None, "", why, hint) for p, why, hint in unreadable]
    plan.notices += [Notice(NOTE, p.name, None, "", why, "如需汇总，请把其中的答卷移到答卷文件夹本身")
                     for p, why in subfolders]
    units = ledger.unit_register
    checker = RowChecker(ledger, today, record)
    accepted: list[Accepted] = []
    for f in files:
        if not _own_unit(f, units, plan) or not _known_batch(f, record, plan):
            continue
        _name_names_unit(f, plan)
        plan.files.append(f)
        plan.notices += [Notice(NOTE, f.name, r, "", m, s) for r, m, s in f.notes]
        for row in f.rows:
            ok, notices = checker.check(f, row)
            plan.notices += notices
            if ok is not None:
                accepted.append(ok)
    merge = Merge(plan, record, today, set(accept))
    for item_id, rows in _by_item(_winners(accepted, plan), record).items():
        merge.item(item_id, rows)
    merge.office_decisions(list(accept), list(reject))
    merge.drop_moot()
    plan.record_changed = record.grid_rows() != before
    _units_report(plan, ledger)
    return plan


def _known_batch(f: AnswerFile, record: R.Record, plan: CollectPlan) -> bool:
    """The file names a split this ledger recorded (and still keeps)."""
    if record.secret and f.batch and record.batch_order(f.batch) >= 0:
        if any(b == f.batch and e.unit == f.unit for (b, _i), e in record.sent.items()):
            return True
        plan.notices.append(Notice(REJECTED, f.name, None, "",
                                   f"这一批（{record.batch_date(f.batch)} 下发）没有给“{f.unit}”下发答卷，"
                                   "答卷信息中的单位与下发记录不符", "请核实这份答卷是谁交回的，并请该单位交回下发给它的答卷"))
        return False
    why = ("这份答卷不是由本台账下发的，或下发记录已过期（台账只保留最近 "
           f"{R.KEEP_BATCHES} 次下发的记录），无法核对" if record.secret
           else "本台账还没有下发记录（答卷可能由别的台账或旧版本程序生成），无法核对")
    plan.notices.append(Notice(REJECTED, f.name, None, "", why, "请督查室用 duban split 重新下发答卷"))
    return False


def _name_names_unit(f: AnswerFile, plan: CollectPlan) -> None:
    """Report a file whose name names another unit than the one it claims (e.g. a forged claim)."""
    stem = f.path.stem
    named = {u.name for u in plan.ledger.units
             if any(a and len(a) >= 2 and a in stem for a in (u.name, *split_aliases(u.short)))}
    named = {n for n in named if not (n in f.unit or f.unit in n)}
    if named and f.unit not in named:
        plan.notices.append(Notice(NOTE, f.name, None, "",
                                   f"文件名中的单位“{'、'.join(sorted(named))}”与答卷所属单位“{f.unit}”不一致",
                                   "请核实这份答卷是谁交回的；其中的行只按“" + f.unit + "”的答卷核对"))


def _by_item(rows: list[Accepted], record: R.Record) -> dict[str, list[Accepted]]:
    out: dict[str, list[Accepted]] = {}
    for a in sorted(rows, key=lambda a: order_key(a, record)):
        out.setdefault(a.item.id, []).append(a)
    return out


def order_key(a: Accepted, record: R.Record) -> tuple:
    return (record.batch_order(a.file.batch), as_text(a.answers.get("feedback_date")), a.file.mtime)


def entry_key(e: R.Entry, record: R.Record) -> tuple:
    fb, _, mtime = e.basis.partition("|")
    try:
        m = float(mtime)
    except ValueError:
        m = 0.0
    return (record.batch_order(e.batch), fb, m)


class Merge:
    """The three-way merge of the answers of one item, oldest split first.

    A cell the ledger changed since the answer's split is the office's (冲突) unless it holds what
    the last applied answer left; an answer older than the last applied one is a 过期答卷."""

    def __init__(self, plan: CollectPlan, record: R.Record, today: dt.date, accept: set[str]):
        self.plan, self.record, self.today, self.accept = plan, record, today, accept
        self.ledger = plan.ledger
        self.table = plan.ledger.tables["items"]
        self.rows = dict(self.table.rows)
        self.by_id = {it.id: it for it in self.ledger.items if it.id}
        self.current: dict[str, dict[str, str]] = {}
        self.examined: set[str] = set()

    def now(self, item_id: str) -> dict[str, str]:
        if item_id not in self.current:
            it = self.by_id[item_id]
            raw = {n: self.table.value(self.rows.get(it.row, []), n) for n in L.ANSWER_FIELDS}
            self.current[item_id] = ledger_values(raw, self.ledger.year)
        return self.current[item_id]

    def item(self, item_id: str, rows: list[Accepted]) -> None:
        self.examined.add(item_id)
        for a in rows:
            self.answer(a)

    def answer(self, a: Accepted) -> None:
        item_id = a.item.id
        cur = self.now(item_id)
        sent = self.record.sent[(a.file.batch, item_id)].values
        ans = {n: as_text(v) for n, v in a.answers.items()}
        need = {n: v for n, v in ans.items() if v and v != sent.get(n, "") and v != cur[n]}
        fb = need.get("feedback_date")
        if fb and cur["feedback_date"] and fb <= cur["feedback_date"]:
            del need["feedback_date"]                       # 反馈日期 never moves backwards
        auto = set()
        if "progress" in need and "feedback_date" not in need and self.today.isoformat() > cur["feedback_date"]:
            need["feedback_date"] = self.today.isoformat()  # the unit forgot to date its progress
            auto.add("feedback_date")
        if not need:
            return
        last = self.record.applied.get(item_id)
        # A newer answer stands for its whole row: the values it left as sent were confirmed by the unit too.
        stale = last is not None and entry_key(last, self.record) > order_key(a, self.record)
        conflicts = {n: (sent.get(n, ""), cur[n], v) for n, v in need.items()
                     if n not in auto and cur[n] != sent.get(n, "")
                     and not (last is not None and last.values.get(n, "") == cur[n])}
        offered = {**ans, **{n: need[n] for n in auto}}
        accepted = item_id in self.accept
        if conflicts and not accepted:
            self.hold(a, R.CONFLICT, offered, self._conflict_text(conflicts), conflicts)
            return
        if stale and last is not None:  # (stale implies it)
            self._stale(a, last)
            return
        reported = self.reported_open(cur, sent, last)
        after = {**cur, **need}
        done = after["status"] in self.ledger.settings.done_status
        backdated = (done and bool(after["completed"]) and bool(reported) and after["completed"] < reported
                     and ("completed" in need or "status" in need))
        if backdated and not accepted:
            text = (f"答卷报已完成，完成日期 {after['completed']}，但该单位在 {reported} 还报告该事项未完成"
                    f"（{cur['status'] or sent.get('status') or '未完成'}）")
            self.hold(a, R.HELD, offered, text, {"完成日期": (sent.get("completed", ""), cur["completed"],
                                                              after["completed"])})
            return
        self.apply(a, need, via=f"{ACCEPTED_BY_OFFICE}（{a.source}）" if conflicts or backdated else "")
        self.plan.notices += a.notices + formula_notes(a, list(need))

    def reported_open(self, cur: dict, sent: dict, last: R.Entry | None) -> str:
        """The latest 反馈日期 on which the item stood reported as not done (ledger now, as sent, last answer)."""
        done = self.ledger.settings.done_status
        dates = [v.get("feedback_date", "") for v in (cur, sent, last.values if last else {})
                 if v.get("status", "") not in done and v.get("feedback_date")]
        return max(dates, default="")

    def apply(self, a: Accepted, need: dict[str, str], via: str = "") -> None:
        item_id = a.item.id
        cur = self.now(item_id)
        for n in L.ANSWER_FIELDS:
            if n not in need:
                continue
            col = self.table.columns.get(n)
            if col is None:
                _missing_column(self.plan, n)
                continue
            self.plan.changes.append(Change(item_id, a.item.row, col, n, self.table.sheet.column(n).header,
                                            as_value(n, cur[n]) or None, as_value(n, need[n]), a.file.name,
                                            a.row.row, via))
            cur[n] = need[n]
        self.record.applied[item_id] = R.Entry(R.APPLIED, a.file.batch, item_id, a.file.unit, dict(cur),
                                               self.today.isoformat(), a.source,
                                               f"{as_text(a.answers.get('feedback_date'))}|{a.file.mtime!r}")
        self.record.pending.pop(item_id, None)

    def hold(self, a: Accepted, kind: str, offered: dict[str, str], text: str,
             values: dict[str, tuple[str, str, str]]) -> None:
        shown = {L.ANSWER.column(n).header if n in L.ANSWER_FIELDS else n: v for n, v in values.items()}
        self.record.pending[a.item.id] = R.Entry(kind, a.file.batch, a.item.id, a.file.unit, offered,
                                                 self.today.isoformat(), a.source, text)
        how = (f"督查室核实后：采用答卷请运行 duban collect {self.plan.ledger_name} --accept {a.item.id}；"
               f"不采用请运行 duban collect {self.plan.ledger_name} --reject {a.item.id}，或直接在“周交办”中改好")
        self.plan.notices.append(Notice(kind, a.file.name, a.row.row, a.item.id, text + "，本行未采用", how, shown))

    @staticmethod
    def _conflict_text(conflicts: dict[str, tuple[str, str, str]]) -> str:
        parts = [f"{L.ANSWER.column(n).header}：下发时“{s or '空'}”，台账现为“{c or '空'}”，答卷填“{v or '空'}”"
                 for n, (s, c, v) in conflicts.items()]
        return "下发答卷后台账中该事项已被改动（" + "；".join(parts) + "）"

    def _stale(self, a: Accepted, last: R.Entry) -> None:
        mine = self.record.batch_date(a.file.batch) or a.file.batch
        newer = self.record.batch_date(last.batch) or last.batch
        self.plan.notices.append(Notice(
            STALE, a.file.name, a.row.row, a.item.id,
            f"这份答卷是 {mine} 下发的，台账中该事项已按更新的答卷（{newer} 下发，{last.note}，{last.date} 汇总）"
            "更新，本行未采用", "如本行内容仍然有效，请该单位在最新下发的答卷中重新填写",
            {"下发日期": (mine, newer, "")}))

    def office_decisions(self, accept: list[str], reject: list[str]) -> None:
        """--accept: apply held answers (from earlier collects too); --reject: drop them."""
        for item_id in reject:
            e = self.record.pending.pop(item_id, None)
            if e is None:
                self.plan.notices.append(Notice(REJECTED, "命令参数", None, item_id,
                                                f"编号“{item_id}”没有冲突或待核实的答卷，--reject 未起作用", ""))
            else:
                self.plan.notices.append(Notice(NOTE, e.note, None, item_id,
                                                f"督查室决定不采用（{e.kind}：{e.basis}）", ""))
        for item_id in accept:
            if item_id in self.examined and item_id not in self.record.pending:
                continue   # applied above from this run's file
            e = self.record.pending.get(item_id)
            if e is None or item_id not in self.by_id:
                self.plan.notices.append(Notice(REJECTED, "命令参数", None, item_id,
                                                f"编号“{item_id}”没有冲突或待核实的答卷，--accept 未起作用", ""))
                continue
            cur = self.now(item_id)
            need = {n: v for n, v in e.values.items() if v and v != cur.get(n, "")}
            it = self.by_id[item_id]
            file = e.note.split(" 第 ")[0]
            for n in L.ANSWER_FIELDS:
                if n in need and (col := self.table.columns.get(n)) is not None:
                    self.plan.changes.append(Change(item_id, it.row, col, n, self.table.sheet.column(n).header,
                                                    as_value(n, cur[n]) or None, as_value(n, need[n]),
                                                    file, 0, f"{ACCEPTED_BY_OFFICE}（{e.note}）"))
                    cur[n] = need[n]
            self.record.applied[item_id] = R.Entry(R.APPLIED, e.batch, item_id, e.unit, dict(cur),
                                                   self.today.isoformat(), f"{ACCEPTED_BY_OFFICE}（{e.note}）",
                                                   f"{e.values.get('feedback_date', '')}|0")
            del self.record.pending[item_id]

    def drop_moot(self) -> None:
        """Held answers of earlier collects: dropped when the ledger already holds them (the office
        entered them by hand) or the item is gone; the others stay listed until decided."""
        for item_id, e in list(self.record.pending.items()):
            if item_id in self.examined:
                continue
            if item_id not in self.by_id or all(self.now(item_id).get(n) == v for n, v in e.values.items() if v):
                del self.record.pending[item_id]
                continue
            self.plan.notices.append(Notice(e.kind, e.note.split(" 第 ")[0], None, item_id,
                                            f"上次汇总（{e.date}）留下，仍待督查室处理：{e.basis}",
                                            f"采用请运行 duban collect {self.plan.ledger_name} --accept {item_id}；"
                                            f"不采用请运行 --reject {item_id}"))


def _own_unit(f: AnswerFile, units: Register, plan: CollectPlan) -> bool:
    name, _how = units.resolve(f.unit)
    if name is None:
        plan.notices.append(Notice(REJECTED, f.name, None, "", f"答卷所属单位“{f.unit}”不在台账“单位”表中",
                                   "请确认台账单位表，或重新下发答卷"))
        return False
    f.unit = name
    return True


def _winners(accepted: list[Accepted], plan: CollectPlan) -> list[Accepted]:
    """One row per item and split: the later 反馈日期, then the later file; the others reported."""
    by_item: dict[tuple[str, str], list[Accepted]] = {}
    for a in accepted:
        if a.answers:
            by_item.setdefault((a.item.id, a.file.batch), []).append(a)
    out = []
    for (item_id, _batch), rows in by_item.items():
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
                                                            if n.level in NOT_APPLIED}
    plan.unchanged_units = sorted(returned - busy)

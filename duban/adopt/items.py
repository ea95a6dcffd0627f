"""The item rows of NEW's 周交办, from every item sheet of OLD.

Each row keeps its place in OLD in 来源; 编号 is generated where OLD has none
(<year>-<期次>-<n>, numbered in reading order, so the same OLD always gives the same
numbers); 期次 comes from 交办日期 where OLD has none; dates are typed, with the original
text in 备注; names and words go through the unit register and the vocabulary.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from duban import schema
from duban.adopt.cells import Typer, Where, completion_date_in
from duban.adopt.report import Report
from duban.adopt.units import TO_CHECK, UnitRegister
from duban.adopt.vocab import Vocabulary, status_from_progress
from duban.cellmark import ERROR, CellError
from duban.dates import period_of
from duban.model import text
from duban.read.headers import normalise_header
from duban.read.tables import ReadTable
from duban.unitwords import is_collective
from duban.xlsxio.cells import col_letters

SOURCE_HEADER = "来源"
KEPT_PREFIX = "原表·"
NOT_AN_ITEM = "没有事项内容、牵头单位和完成时限"
FIELDS = [c.name for c in schema.ITEMS.columns]
HEADERS = {c.name: c.header for c in schema.ITEMS.columns}
DATE_FIELDS = ("assigned", "deadline", "adjusted_deadline", "completed", "feedback_date", "extension_requested")
REQUIRED = tuple(c.name for c in schema.ITEMS.columns if c.required)  # listed as 需要补填 when empty


def _text_cell(v: Any) -> Any:
    """A text cell for NEW: strings as typed (trimmed), numbers and dates as text."""
    if v is None:
        return None
    t = v.strip() if isinstance(v, str) else text(v)
    return t or None


def _whole_number(v: Any) -> Any:
    """延期次数 for NEW: 2.0 -> 2; anything else as typed (NEW's validation reports what is not a number)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return _text_cell(v) if isinstance(v, str) else v


@dataclass
class KeptColumns:
    """Columns of OLD that map to no field: carried right of 来源 under their own header."""

    headers: list[str] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def column(self, header: str) -> int:
        key = normalise_header(header) or header
        if key not in self._index:
            taken = {normalise_header(h) for h in schema.ITEMS.header_map()} | {SOURCE_HEADER}
            shown = f"{KEPT_PREFIX}{header}" if key in taken or normalise_header(header) in taken else header
            self._index[key] = len(self.headers)
            self.headers.append(shown)
        return self._index[key]


class ItemRows:
    """Builds NEW's 周交办 rows; `rows` are in schema order, then 来源, then the kept columns."""

    def __init__(self, typer: Typer, vocab: Vocabulary, units: UnitRegister, weekday: int, report: Report,
                 taken_ids: set[str]):
        self.typer, self.vocab, self.units, self.weekday, self.report = typer, vocab, units, weekday, report
        self.kept = KeptColumns()
        self.rows: list[list[Any]] = []
        self._taken = set(taken_ids)
        self._next: dict[tuple[int, Any], int] = defaultdict(int)
        self._pending_ids: list[tuple[list[Any], int | None, Any]] = []  # (row, year assigned, 期次)
        self.derived_periods = 0
        self.sentence_statuses = 0
        self._proposals: list[tuple[int, str, str, str]] = []  # (row index, 来源, date, text)
        self._statuses: list[tuple[int, str, str, str]] = []   # (row index, 来源, status, progress text)
        self._collective: list[tuple[int, str, str]] = []      # (row index, 来源, 牵头单位 as typed)
        self._split_leads: list[tuple[int, str, str, str]] = []  # (row index, 来源, as typed, how split)
        self.without_assigned = 0                              # items whose 交办日期 is empty

    # ---- one table ------------------------------------------------------------------------------

    def add_table(self, t: ReadTable, also_kept: dict[int, str] | None = None) -> tuple[int, int]:
        """Convert a table's data rows; (written, skipped here as not items). `also_kept`: columns
        to carry besides the unmapped ones (a field's second column)."""
        seq_col = t.match.seq_col if t.match else None
        kept = {c: h for c, h in (t.match.unused.items() if t.match else ()) if c != seq_col}
        kept.update(also_kept or {})
        for c, h in sorted(kept.items()):
            self.report.kept_columns.add(t.title, col_letters(c), h, self.kept.headers[self.kept.column(h)])
        if seq_col is not None:
            self.report.columns.add(t.title, col_letters(seq_col), t.match.unused[seq_col], SOURCE_HEADER, "序号写入来源")
        written = skipped = 0
        duplicates = t.match.duplicates if t.match else {}
        for r, values in t.rows:
            raw = {f: self._unmarked(t, r, f, t.value(values, f)) for f in FIELDS if f in t.columns}
            for f, cols in duplicates.items():  # a field in two columns: the first filled one counts
                if _text_cell(raw.get(f)) is None:
                    raw[f] = next((values[c] for c in cols[1:] if c < len(values) and _text_cell(values[c])), None)
            if not any(_text_cell(raw.get(f)) for f in ("content", "lead_unit", "deadline")):
                self.report.skipped.add(t.title, r + 1, NOT_AN_ITEM, _row_text(values))
                skipped += 1
                continue
            seq = text(values[seq_col]) if seq_col is not None and seq_col < len(values) else ""
            row = self._row(t, r, raw, seq)
            extra = [None] * len(self.kept.headers)
            for c, h in kept.items():
                i = self.kept.column(h)
                extra.extend([None] * (i + 1 - len(extra)))
                extra[i] = self._unmarked(t, r, None, values[c]) if c < len(values) else None
            row.append(f"{t.title} 第{r + 1}行" + (f"（序号{seq}）" if seq else ""))
            row.extend(extra)
            self.rows.append(row)  # the same list _pending_ids holds: finish() writes its 编号
            written += 1
        return written, skipped

    def _unmarked(self, t: ReadTable, r: int, f: str | None, v: Any) -> Any:
        """A cell for NEW: an error value or a formula without a result (CellError) is noted in the
        report and carried as text that NEW's validation reports again (never a blank, never a
        formula: a formula written without its result would read as 0)."""
        if type(v) is not CellError:
            return v
        if f is not None:
            self.report.cells.add(t.title, Where(t.title, r, t.columns.get(f)).cell, HEADERS[f], str(v),
                                  f"{v.problem()}。{v.fix()}")
        return v.text if v.kind == ERROR else f"公式没有计算结果：{v.text.lstrip('=')}"

    def _row(self, t: ReadTable, r: int, raw: dict[str, Any], seq: str) -> list[Any]:
        out: dict[str, Any] = {}
        notes: list[str] = []

        def where(f: str) -> Where:
            return Where(t.title, r, t.columns.get(f))

        assigned, note = self.typer.date(raw.get("assigned"), HEADERS["assigned"], where("assigned"))
        out["assigned"] = assigned
        notes.append(note)
        assigned_date = assigned if isinstance(assigned, dt.date) else None
        for f in DATE_FIELDS[1:]:
            out[f], note = self.typer.date(raw.get(f), HEADERS[f], where(f),
                                           deadline=f in ("deadline", "adjusted_deadline"), assigned=assigned_date)
            notes.append(note)

        period = self.typer.period(raw.get("period"), HEADERS["period"], where("period"))
        if period is None and assigned_date is not None:
            period = period_of(assigned_date, self.weekday)
            self.derived_periods += 1
        out["period"] = period

        if assigned is None:
            self.without_assigned += 1
        named = [u for cell in self.units.lead_and_co(text(raw.get("lead_unit"))) for u in cell]
        co = [u for cell in self.units.lead_and_co(text(raw.get("co_units"))) for u in cell]
        if len(named) > 1:  # 责任单位 listing several: the one marked （牵头）, else the first, leads; to confirm
            co = list(dict.fromkeys(co + [u for u in named[1:] if u != named[0]]))
            self._split_leads.append((len(self.rows), f"{t.title} 第{r + 1}行", text(raw.get("lead_unit")),
                                      f"牵头单位：{named[0]}；配合单位：{'、'.join(co)}"))
        out["lead_unit"] = named[0] if named else None
        out["co_units"] = "、".join(co) or None
        if out["lead_unit"] and is_collective(out["lead_unit"]):
            self._collective.append((len(self.rows), f"{t.title} 第{r + 1}行", out["lead_unit"]))
        out["leader"] = "".join(text(raw.get("leader")).split()) or None
        for f in ("content", "progress", "comment", "remark"):
            out[f] = _text_cell(raw.get(f))
        out["extensions"] = _whole_number(raw.get("extensions"))
        out["category"] = self.vocab.category(text(raw.get("category"))) or None
        out["grade"] = self.vocab.grade(text(raw.get("grade"))) or None

        status_text = text(raw.get("status"))
        status, sentence = self.vocab.status(status_text)
        out["status"] = status or None
        if "status" not in t.columns:  # OLD keeps no status: proposed from the progress text, to confirm
            basis = out["progress"] or out["remark"] or ""
            out["status"] = status_from_progress(basis)
            self._statuses.append((len(self.rows), f"{t.title} 第{r + 1}行", out["status"], basis))
        if sentence:
            self.sentence_statuses += 1
            if not out["progress"]:
                out["progress"] = status_text
            else:
                notes.append(f"原{HEADERS['status']}为“{status_text}”")
        self._propose(t, r, out, status_text)

        for f in REQUIRED:
            if out.get(f) in (None, ""):
                self.report.cells.add(t.title, where(f).cell, HEADERS[f], "", "未填写")
        remark = "；".join([n for n in [out["remark"] or ""] + notes if n])
        out["remark"] = remark or None
        row = [out.get(f) for f in FIELDS]
        out_id = text(raw.get("id"))
        if out_id:
            row[FIELDS.index("id")] = out_id
        else:
            self._pending_ids.append((row, assigned_date.year if assigned_date else None, period))
        return row

    def _propose(self, t: ReadTable, r: int, out: dict[str, Any], status_text: str) -> None:
        """A finished item without 完成日期 whose texts say when it was finished: propose, never fill."""
        if out["completed"] is not None or out["status"] not in self.vocab.settings.done_status:
            return
        for source in (out["progress"], status_text, out["remark"], out["comment"]):
            day = completion_date_in(source or "", self.typer.year)
            if day is not None:
                self._proposals.append((len(self.rows), f"{t.title} 第{r + 1}行", day.isoformat(), source))
                return

    # ---- 编号 -----------------------------------------------------------------------------------

    @property
    def generated_ids(self) -> int:
        return len(self._pending_ids)

    def finish(self) -> None:
        """Give every item without 编号 one, in reading order; list the proposals with their 编号."""
        for row, year, period in self._pending_ids:
            key = (year or self.typer.year, period if isinstance(period, int) else None)
            while True:
                self._next[key] += 1
                n = self._next[key]
                candidate = f"{key[0]}-{n:03d}" if key[1] is None else f"{key[0]}-{key[1]:02d}-{n:03d}"
                if candidate not in self._taken:
                    break
            self._taken.add(candidate)
            row[FIELDS.index("id")] = candidate
        id_col = FIELDS.index("id")
        for index, where, day, source in self._proposals:
            self.report.proposals.add(self.rows[index][id_col], where, day, source)
        for index, where, status, source in self._statuses:
            self.report.statuses.add(self.rows[index][id_col], where, status, source or "（无进展情况）", TO_CHECK)
        for index, where, typed, split in self._split_leads:
            self.report.split_leads.add(self.rows[index][id_col], where, typed, split, TO_CHECK)
        for index, where, lead in self._collective:
            self.report.collective.add(self.rows[index][id_col], where, lead,
                                       "是统称，不是一个单位：请改为牵头的一个单位（其余填入配合单位）；改好前不计入排名")

    @property
    def proposed_statuses(self) -> int:
        return len(self._statuses)

    @property
    def collective_leads(self) -> int:
        return len(self._collective)


def _row_text(values: list[Any], limit: int = 60) -> str:
    t = " | ".join(text(v) for v in values if text(v))
    return t if len(t) <= limit else t[:limit] + "…"

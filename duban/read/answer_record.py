"""The answer loop's own record inside the ledger: the hidden sheet `_答卷记录`.

It holds what the ledger needs to trust a returned answer file, and never
leaves the ledger (split copies none of it into an answer file):

- 密钥   : the per-ledger secret of the row keys (64 hex digits), made by the first split;
- 批次   : one row per split run (batch id, date), in the order they were made;
- 下发   : per batch and item, the four answer values as they were sent (and the unit sent to);
- 采用   : per item, the values the last applied answer left in the ledger and its batch;
- 冲突 / 待核实 : answers held for the office, with the answer's values, until accepted
  (`collect --accept`), dismissed (`collect --reject`) or made moot by the ledger.

Values are stored as text: dates as YYYY-MM-DD, everything else as written to 周交办.
Kept below duban.answers so that validation (校验结果) can list the held answers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

TITLE = "_答卷记录"
SUMMARY_TITLE = "答卷汇总"   # the visible sheet collect writes: what it held back and why
HEADERS = ["类型", "批次", "编号", "单位", "办理状态", "完成日期", "本周进展", "反馈日期", "日期", "说明", "依据"]
FIELDS = ("status", "completed", "progress", "feedback_date")

SECRET, BATCH, SENT, APPLIED = "密钥", "批次", "下发", "采用"
CONFLICT, HELD = "冲突", "待核实"
PENDING_KINDS = (CONFLICT, HELD)
KEEP_BATCHES = 26   # half a year of weekly splits; answers to older batches are refused as 过期


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass
class Entry:
    kind: str
    batch: str = ""
    item_id: str = ""
    unit: str = ""
    values: dict[str, str] = field(default_factory=dict)   # field -> text ('' = blank)
    date: str = ""
    note: str = ""     # 密钥: the secret; 采用/冲突/待核实: the answer's file and row
    basis: str = ""    # 采用: "反馈日期|file mtime" (the answer's order); 冲突/待核实: the problem, in Chinese

    def row(self) -> list[str]:
        return [self.kind, self.batch, self.item_id, self.unit, *(self.values.get(f, "") for f in FIELDS),
                self.date, self.note, self.basis]

    @classmethod
    def from_row(cls, row: list[Any]) -> Entry:
        cells = [cell_text(v) for v in row] + [""] * (len(HEADERS) - len(row))
        return cls(cells[0], cells[1], cells[2], cells[3], dict(zip(FIELDS, cells[4:8])), cells[8], cells[9],
                   cells[10])


@dataclass
class Record:
    secret: str = ""
    batches: list[Entry] = field(default_factory=list)
    sent: dict[tuple[str, str], Entry] = field(default_factory=dict)      # (batch, item) -> entry
    applied: dict[str, Entry] = field(default_factory=dict)               # item -> entry
    pending: dict[str, Entry] = field(default_factory=dict)               # item -> 冲突/待核实 entry

    @classmethod
    def from_grid(cls, grid: list[list[Any]] | None) -> Record:
        rec = cls()
        for row in (grid or [])[1:]:
            if not row or row[0] is None:
                continue
            e = Entry.from_row(list(row))
            if e.kind == SECRET:
                rec.secret = e.note
            elif e.kind == BATCH:
                rec.batches.append(e)
            elif e.kind == SENT:
                rec.sent[(e.batch, e.item_id)] = e
            elif e.kind == APPLIED:
                rec.applied[e.item_id] = e
            elif e.kind in PENDING_KINDS:
                rec.pending[e.item_id] = e
        return rec

    def ensure_secret(self) -> str:
        if not self.secret:
            self.secret = secrets.token_hex(32)
        return self.secret

    def batch_order(self, batch: str) -> int:
        """Position of a batch (later split = larger); -1 when it is not (or no longer) recorded."""
        for i, b in enumerate(self.batches):
            if b.batch == batch:
                return i
        return -1

    def batch_date(self, batch: str) -> str:
        return next((b.date for b in self.batches if b.batch == batch), "")

    def add_batch(self, batch: str, date: str, sent: list[Entry]) -> None:
        self.batches.append(Entry(BATCH, batch, date=date))
        for e in sent:
            self.sent[(batch, e.item_id)] = e
        dropped = {b.batch for b in self.batches[:-KEEP_BATCHES]}
        self.batches = self.batches[-KEEP_BATCHES:]
        self.sent = {k: v for k, v in self.sent.items() if k[0] not in dropped}

    def grid_rows(self) -> list[list[str]]:
        rows = [list(HEADERS), Entry(SECRET, note=self.secret).row()]
        rows += [b.row() for b in self.batches]
        rows += [e.row() for e in self.sent.values()]
        rows += [e.row() for e in self.applied.values()]
        rows += [e.row() for e in self.pending.values()]
        return rows

"""Applying a collect plan to the ledger file: patch the answer cells of 周交办,
rewrite 变更记录 (existing rows kept as they are, new rows appended) and add a
运行日志 row, all in one ``write_parts`` transaction.

Nothing is written when the plan has no change: collecting the same files
again leaves the file byte for byte as it was (no backup, no 运行日志 row).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import schema
from ..book import locate_table
from ..run import run_entry
from ..sheets import header, run_log_grid
from ..xlsxio.model import Cell, Grid, WriteReport
from .collect import Change, CollectPlan

ACTION = "汇总答卷"


def change_rows(changes: list[Change], when) -> list[list[Any]]:
    """New 变更记录 rows in schema column order."""
    return [[c.item_id, c.field, _cell(c.old), _cell(c.new), c.source, Cell(when, "datetime")] for c in changes]


def _cell(v: Any) -> Any:
    return Cell(v, "date") if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v


def change_log_grid(existing: list[list[Any]] | None, changes: list[Change], when) -> Grid:
    """The whole 变更记录 sheet: every existing row unchanged (user columns too), then the new rows."""
    new = change_rows(changes, when)
    t = locate_table(existing, schema.CHANGE_LOG, strict=False) if existing else None
    if t is None or len(t.columns) < len(schema.CHANGE_LOG.columns):
        return Grid([header(schema.CHANGE_LOG)] + new)
    rows: list[list[Any]] = [list(r) for r in existing]
    rows[t.header_row] = [Cell(v, "header") if v is not None else None for v in rows[t.header_row]]
    width = max(len(r) for r in rows)
    for values in new:
        row: list[Any] = [None] * width
        for col, v in zip(schema.CHANGE_LOG.columns, values):
            row[t.columns[col.name]] = v
        rows.append(row)
    return Grid(rows)


class _Counts:
    """Adapter for run.run_entry, which asks its analysis for a counts text."""

    def __init__(self, plan: CollectPlan):
        self.plan = plan

    def counts_text(self) -> str:
        return self.plan.counts_text()


def result_text(plan: CollectPlan) -> str:
    if plan.rejected:
        return f"已更新 {len(plan.changes)} 处；{plan.rejected} 处拒收，见汇总报告"
    return f"已更新 {len(plan.changes)} 处"


def log_entry(plan: CollectPlan, file_name: str, seconds: float) -> list[Any]:
    return run_entry(_Counts(plan), ACTION, file_name, result_text(plan), seconds)  # type: ignore[arg-type]


def output_grids(plan: CollectPlan, file_name: str, seconds: float) -> dict[str, Grid]:
    ledger = plan.ledger
    return {schema.CHANGE_LOG.title: change_log_grid(ledger.kept.get(schema.CHANGE_LOG.title), plan.changes, plan.time),
            schema.RUN_LOG.title: run_log_grid(ledger, log_entry(plan, file_name, seconds))}


def write_headless(path: Path, plan: CollectPlan, seconds: float) -> WriteReport | None:
    """Write the plan into the ledger file; None when there is nothing to change."""
    from ..xlsxio import write_parts

    if not plan.changes:
        return None
    return write_parts(path, output_grids(plan, path.name, seconds),
                       cell_patches={schema.ITEMS.title: plan.patches()}, expect=plan.ledger.signature)

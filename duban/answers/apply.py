"""Applying a collect plan to the ledger file: patch the answer cells of 周交办,
rewrite 变更记录 (existing rows kept as they are, new rows appended), the record
`_答卷记录` and the sheet 答卷汇总 (what was not applied and why), and add a
运行日志 row, all in one ``write_parts`` transaction.

Nothing is written when the plan changes neither 周交办 nor the record: collecting
the same files again leaves the file byte for byte as it was (no backup, no 运行日志 row).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from duban import schema
from duban.answers.checks import NOT_APPLIED, NOTE
from duban.answers.collect import Change, CollectPlan
from duban.answers.split import record_grid, row_height
from duban.model import RunEntry
from duban.read import answer_record as R
from duban.read.book import locate_table
from duban.render.sheets import header, run_log_grid
from duban.xlsxio.model import Cell, Grid, WriteReport

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
    if existing is None or t is None or len(t.columns) < len(schema.CHANGE_LOG.columns):
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


def result_text(plan: CollectPlan) -> str:
    if plan.not_applied:
        return f"已更新 {len(plan.changes)} 处；{plan.not_applied} 处未采用（拒收、冲突、待核实、过期），见“{R.SUMMARY_TITLE}”"
    return f"已更新 {len(plan.changes)} 处"


SUMMARY_HEADERS = ("类别", "编号", "单位", "答卷及行号", "问题", "字段", "下发时", "台账现值", "答卷填报", "处理办法")
LEVEL_ROLE = {"拒收": "error", "冲突": "error", "待核实": "warning", "过期答卷": "warning"}


def summary_grid(plan: CollectPlan) -> Grid:
    """答卷汇总: the collect of plan.time, one row per answer not applied (冲突 one row per field,
    with the three values) and per note; the units that did not answer at the end."""
    unit_of = {f.name: f.unit for f in plan.files}
    rows: list[list[Any]] = [[Cell(f"答卷汇总（{plan.time:%Y-%m-%d %H:%M} 汇总）", "title")],
                             [Cell(h, "header") for h in SUMMARY_HEADERS]]
    order = sorted(plan.notices, key=lambda n: (n.level not in NOT_APPLIED, NOT_APPLIED.index(n.level)
                                                 if n.level in NOT_APPLIED else 9, n.item_id, n.file, n.row or 0))
    for n in order:
        role = LEVEL_ROLE.get(n.level, "text")
        unit = unit_of.get(n.file) or (plan.record.pending[n.item_id].unit
                                       if n.item_id in plan.record.pending else "")
        fields = list(n.values.items()) or [("", ("", "", ""))]
        for name, (sent, now, answer) in fields:
            rows.append([Cell(n.level, role), n.item_id, Cell(unit, WRAP), Cell(n.where, WRAP),
                         Cell(n.message, WRAP), name, Cell(sent, WRAP), Cell(now, WRAP), Cell(answer, WRAP),
                         Cell(n.suggestion, WRAP)])
    if plan.missing_units:
        rows.append([Cell("未交答卷", "warning"), "", f"{len(plan.missing_units)} 个单位", "",
                     Cell("有未办结事项但没有交回答卷：" + "、".join(plan.missing_units), "input"),
                     "", "", "", "", "请督促其交回"])
    if len(rows) == 2:
        rows.append([Cell(NOTE, "text"), "", "", "", Cell("所有答卷均已采用，没有需要督查室处理的问题", WRAP),
                     "", "", "", "", ""])
    return Grid(rows, autofilter=False, widths=list(SUMMARY_WIDTHS), print_landscape=True,
                heights={r: row_height([(str(_plain(v) or ""), w) for v, w in zip(row, SUMMARY_WIDTHS)], most=10)
                         for r, row in enumerate(rows) if r >= 2})


WRAP = "input"   # the bordered, wrapped cell role (the sheet is not protected, so "not locked" is moot)
SUMMARY_WIDTHS = (9, 12, 12, 22, 48, 10, 16, 16, 16, 40)


def _plain(v: Any) -> Any:
    return v.value if isinstance(v, Cell) else v


def log_entry(plan: CollectPlan, file_name: str, seconds: float) -> RunEntry:
    return RunEntry.now(ACTION, file_name, plan.counts_text(), result_text(plan), seconds=seconds)


def output_grids(plan: CollectPlan, file_name: str, seconds: float) -> dict[str, Grid]:
    ledger = plan.ledger
    return {schema.CHANGE_LOG.title: change_log_grid(ledger.kept.get(schema.CHANGE_LOG.title), plan.changes, plan.time),
            R.SUMMARY_TITLE: summary_grid(plan),
            R.TITLE: record_grid(plan.record),
            schema.RUN_LOG.title: run_log_grid(ledger, log_entry(plan, file_name, seconds))}


def write_headless(path: Path, plan: CollectPlan, seconds: float) -> WriteReport | None:
    """Write the plan into the ledger file; None when there is nothing to change."""
    from duban.xlsxio import write_parts

    if not plan.must_write:
        return None
    return write_parts(path, output_grids(plan, path.name, seconds),
                       conventions=schema.LEDGER_FILE, cell_patches={schema.ITEMS.title: plan.patches()},
                       expect=plan.ledger.signature)

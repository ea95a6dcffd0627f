"""One run of the core: read -> validate -> evaluate -> computed sheets -> a host writes them.

Host-independent: `analyse` takes a RawBook from any reader; `finish` renders the result sheets,
the 运行日志 row and the 首页 status and hands them to a host (duban.hosts.FileHost for the
command line, macros.xlio.ExcelHost for the workbook's buttons).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from duban import schema
from duban.dates import last_complete_month, valid_month_text
from duban.errors import BadArguments
from duban.findings import Finding, error_count, warning_count
from duban.hosts import Host
from duban.model import Ledger, RunEntry
from duban.read.book import RawBook
from duban.read.ledger import load_ledger
from duban.render.notice import Notice, compose
from duban.render.sheets import (
    accountability_grid,
    annual_grid,
    findings_grid,
    history_grid,
    month_review_grid,
    monthly_grid,
    print_widths,
    run_log_grid,
    stats_grid,
    with_heights,
)
from duban.rules.annual import AnnualRow, annual_rows
from duban.rules.evaluate import Evaluation, evaluate
from duban.rules.stats import Stats, compute_stats, month_end
from duban.rules.validate import sort_findings, validate
from duban.xlsxio.model import Grid


@dataclass
class Analysis:
    ledger: Ledger
    findings: list[Finding]
    today: dt.date
    month: str | None = None
    evaluation: Evaluation | None = None
    stats: Stats | None = None
    annual: list[AnnualRow] | None = None
    notice: Notice | None = None      # the 通报
    sheet_titles: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return error_count(self.findings)

    @property
    def warnings(self) -> int:
        return warning_count(self.findings)

    def counts_text(self) -> str:
        return f"事项 {len(self.ledger.items)} 件，错误 {self.errors} 处，警告 {self.warnings} 处"


def check_month(month: str | None, today: dt.date) -> str:
    """The evaluated month: given as YYYY-MM, not after today's month."""
    if month is None:
        return last_complete_month(today)
    if not valid_month_text(month):
        raise BadArguments(f"月份“{month}”格式不对，请按 YYYY-MM 填写，如 2026-10")
    if month > f"{today.year:04d}-{today.month:02d}":
        raise BadArguments(f"月份 {month} 还没有到（今天是 {today.isoformat()}），请选择已经结束的月份")
    return month


def analyse(book: RawBook, today: dt.date, month: str | None = None, *, score: bool = True) -> Analysis:
    """Validate, and unless score=False evaluate the month and everything computed from it."""
    ledger = load_ledger(book)
    findings = validate(ledger, today)
    a = Analysis(ledger, findings, today, sheet_titles=tuple(book.sheets))
    if score:
        a.month = check_month(month or ledger.settings.month, today)
        a.evaluation = evaluate(ledger, a.month, findings, today)
        a.findings = findings + a.evaluation.findings
        a.stats = compute_stats(ledger, month_end(a.month, today))   # figures as at the month's end
        a.annual = annual_rows(ledger, a.evaluation)
        a.notice = compose(ledger, a.evaluation, a.stats, a.errors, today)
    a.findings = sort_findings(a.findings)
    return a


def result_text(a: Analysis) -> str:
    if a.errors:
        return f"发现 {a.errors} 处错误，请查看“校验结果”"
    return "完成" + (f"，{a.warnings} 处警告" if a.warnings else "")


def run_entry(a: Analysis, action: str, file_name: str, started: float) -> RunEntry:
    """The 运行日志 entry of a validate or recompute run that began at ``started`` (perf_counter)."""
    return RunEntry.now(action, file_name, a.counts_text(), result_text(a), started,
                        time.perf_counter() - started)


def sized(grids: dict[str, Grid]) -> dict[str, Grid]:
    """Each grid with row heights for its wrapped text at the sheet's printed column widths."""
    return {t: with_heights(g, print_widths(t)) for t, g in grids.items()}


def result_grids(a: Analysis) -> dict[str, Grid]:
    """The sheets a run rewrites besides 运行日志: every computed sheet after a recompute (an
    evaluated analysis), then 校验结果."""
    grids: dict[str, Grid] = {}
    ev = a.evaluation
    if ev is not None:
        assert a.stats is not None and a.annual is not None and a.notice is not None
        grids = {
            schema.MONTHLY.title: monthly_grid(ev),
            schema.MONTH_REVIEW.title: month_review_grid(a.ledger, ev, a.notice.paragraphs(), a.errors, a.today,
                                                         a.stats.as_of_text),
            schema.ACCOUNTABILITY.title: accountability_grid(a.ledger, ev),
            schema.ANNUAL.title: annual_grid(a.annual),
            schema.STATS.title: stats_grid(a.ledger, a.stats, a.today),
            schema.HISTORY.title: history_grid(ev.history_rows),
        }
    grids[schema.FINDINGS.title] = findings_grid(a.findings, a.today)
    return sized(grids)


def home_cells(a: Analysis, entry: RunEntry) -> dict[tuple[int, int], object]:
    """The status block on 首页: (row, col) -> value."""
    status = {"time": entry.time, "action": entry.action, "result": entry.result, "items": len(a.ledger.items),
              "errors": a.errors, "warnings": a.warnings}
    return {pos: status[key] for key, pos in schema.HOME_STATUS_CELLS.items() if key in status}


def finish(a: Analysis, entry: RunEntry, host: Host) -> dict[str, Grid]:
    """The end of a validate or recompute run, the same on every host: the result sheets, the
    运行日志 row timed up to here, the 首页 status, handed to ``host`` to write. Returns the grids."""
    grids = result_grids(a)
    if entry.started is not None:
        entry.seconds = round(time.perf_counter() - entry.started, 2)
    grids.update(sized({schema.RUN_LOG.title: run_log_grid(a.ledger, entry)}))
    host.write(grids, home_cells(a, entry))
    return grids

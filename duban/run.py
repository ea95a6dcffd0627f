"""One run of the core: read -> validate -> evaluate -> computed sheets.

Host-independent: `analyse` takes a RawBook from any reader; the computed
sheets come back as Grids for any writer.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from duban import schema
from duban.rules.annual import AnnualRow, annual_rows
from duban.read.book import RawBook
from duban.dates import last_complete_month, valid_month_text
from duban.errors import BadArguments
from duban.rules.evaluate import Evaluation, evaluate
from duban.findings import Finding, error_count, warning_count
from duban.model import Ledger
from duban.read.ledger import load_ledger
from duban.render.notice import Notice, compose
from duban.render.sheets import (accountability_grid, annual_grid, findings_grid, history_grid, month_review_grid, monthly_grid, print_widths, run_log_grid, stats_grid, with_heights)
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
    bulletin: list[str] | None = None
    notice: Notice | None = None      # the 通报 (bulletin is its text)
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
        a.bulletin = a.notice.paragraphs()
    a.findings = sort_findings(a.findings)
    return a


def run_entry(a: Analysis, action: str, file_name: str, result: str, seconds: float) -> list:
    now = dt.datetime.now().replace(microsecond=0)
    try:
        user = getpass.getuser()
    except Exception:  # no login name on some hosts
        user = ""
    return [now, action, user, file_name, a.counts_text(), result, round(seconds, 2)]


def result_text(a: Analysis) -> str:
    if a.errors:
        return f"发现 {a.errors} 处错误，请查看“校验结果”"
    return "完成" + (f"，{a.warnings} 处警告" if a.warnings else "")


def validation_grids(a: Analysis, entry: list) -> dict[str, Grid]:
    return sized({schema.FINDINGS.title: findings_grid(a.findings, a.today),
                   schema.RUN_LOG.title: run_log_grid(a.ledger, entry)})


def sized(grids: dict[str, Grid]) -> dict[str, Grid]:
    """Each grid with row heights for its wrapped text at the sheet's printed column widths."""
    return {t: with_heights(g, print_widths(t)) for t, g in grids.items()}


def computed_grids(a: Analysis, entry: list) -> dict[str, Grid]:
    """Every computed sheet of a recompute."""
    ev = a.evaluation
    assert ev is not None and a.stats is not None and a.annual is not None and a.bulletin is not None
    grids = {
        schema.MONTHLY.title: monthly_grid(ev),
        schema.MONTH_REVIEW.title: month_review_grid(a.ledger, ev, a.bulletin, a.errors, a.today,
                                                     a.stats.as_of_text),
        schema.ACCOUNTABILITY.title: accountability_grid(a.ledger, ev),
        schema.ANNUAL.title: annual_grid(a.annual),
        schema.STATS.title: stats_grid(a.ledger, a.stats, a.today),
        schema.HISTORY.title: history_grid(ev.history_rows),
    }
    grids = sized(grids)
    grids.update(validation_grids(a, entry))
    return grids


def home_status(a: Analysis, entry: list) -> dict[str, object]:
    """Values for the status block on 首页."""
    return {"time": entry[0], "action": entry[1], "result": entry[5], "items": len(a.ledger.items),
            "errors": a.errors, "warnings": a.warnings}

"""`duban adopt OLD -o NEW`: an office's own ledger brought into a duban workbook (SPEC §7).

OLD is only read (source.py), by the same reading rules as the in-place reader
(duban.read.headers, duban.read.tables). plan.py turns it into the rows of NEW: items (items.py,
cells.py), the unit register (units.py), leaders, 周研判, 加减分, 历史排名 (registers.py),
words (vocab.py) and 参数 (params_out.py), with a Report of every mapping, guess and
unreadable cell (report.py). writer.py builds NEW from the current template, with the
导入说明 sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from duban.adopt.plan import Plan, plan
from duban.adopt.report import Report
from duban.adopt.source import read_source

__all__ = ["Plan", "Report", "adopt"]


def adopt(old: str | Path, new: str | Path, *, today: dt.date, dry_run: bool = False,
          force: bool = False) -> Report:
    """Read OLD, build NEW (unless dry_run) and return the report. Raises DubanError subclasses."""
    from duban.adopt.writer import check_target, write_new

    old, new = Path(old), Path(new)
    if not dry_run:
        check_target(old, new, force)
    book = read_source(old)
    p = plan(book, old.name, new.name, today)
    if not dry_run:
        write_new(p, new)
    return p.report

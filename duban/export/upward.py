"""The upward workbook: values only, no macros, no links, A4 landscape.

Decision: the figures are recomputed from the ledger with duban.run.analyse for
the requested month (the same code as `duban recompute`), not read back from
the ledger's computed sheets, which may belong to another month or be stale.
The grids are the ones `recompute` writes (duban.sheets), so the exported
月讲评 equals the ledger's 月讲评 after a recompute of the same month and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .. import schema
from ..book import RawBook, locate_table
from ..report import month_label
from ..run import Analysis
from ..sheets import (STATS_TABLES, accountability_grid, annual_grid, header, month_review_grid, monthly_grid,
                      stats_grid)
from ..xlsxio.model import Cell, Grid
from .charts import add_stats_charts
from .files import replaced_when_done
from .formats import WORKBOOK_OPTIONS, GridWriter

EXPORT_DIR = "上报"   # default folder beside the ledger
DEFAULT_WIDTH = 12
GAP_WIDTH = 3
LABEL_WIDTHS = {"period": 8, "category": 12, "leader": 10, "unit": 24, "review": 14}


@dataclass
class SheetSpec:
    title: str
    grid: Grid
    widths: list[float]
    repeat: tuple[int, int] | None = (0, 0)   # header rows repeated on every printed page
    freeze: int = 1                           # rows frozen at the top (0: none)
    fit_width: bool = True                    # print one page wide (统计 is too wide: pages run across)


def subject(a: Analysis) -> str:
    """'示范区2026年10月督办工作月度讲评'."""
    return f"{a.ledger.settings.district}{month_label(a.month)}督办工作月度讲评"


def sheet_specs(a: Analysis, book: RawBook, include_ledger: bool) -> list[SheetSpec]:
    ev = a.evaluation
    assert ev is not None and a.stats is not None and a.annual is not None and a.bulletin is not None
    month_rows = [r for r in monthly_grid(ev).rows[1:] if r[0] == a.month]
    specs = [
        SheetSpec(schema.MONTH_REVIEW.title, month_review_grid(a.ledger, ev, a.bulletin, a.errors, a.today),
                  [11.0] + _widths(schema.MONTH_REVIEW)[1:], repeat=None, freeze=0),   # 名次 holds “不参与考评”
        SheetSpec(schema.MONTHLY.title, Grid([header(schema.MONTHLY)] + month_rows), _widths(schema.MONTHLY)),
        SheetSpec(schema.ACCOUNTABILITY.title, accountability_grid(a.ledger, ev), _widths(schema.ACCOUNTABILITY)),
        SheetSpec(schema.ANNUAL.title, annual_grid(a.annual), _widths(schema.ANNUAL)),
        SheetSpec(schema.STATS.title, stats_grid(a.ledger, a.stats, a.today), stats_widths(), repeat=(0, 2),
                  freeze=0, fit_width=False),
    ]
    if include_ledger:
        grid = items_grid(book)
        widths = {c.header: c.width for c in schema.ITEMS.columns}
        specs.append(SheetSpec(schema.ITEMS.title, grid,
                               [widths.get(_plain(v), DEFAULT_WIDTH) for v in grid.rows[0]]))
    return specs


def stats_widths() -> list[float]:
    """Columns of the 统计 tables (duban.sheets.STATS_TABLES); narrow gaps between the tables."""
    widths = [14.0, 10.0]  # the overview: 项目, 数值
    for key, ((_r, c0), heads, _cap) in STATS_TABLES.items():
        widths += [GAP_WIDTH] * (c0 - len(widths))
        widths += [LABEL_WIDTHS.get(key, DEFAULT_WIDTH)] + [11.0] * (len(heads) - 1)
    return widths


def _plain(v):
    return v.value if isinstance(v, Cell) else v


def _widths(sheet: schema.Sheet) -> list[float]:
    return [c.width for c in sheet.columns]


def items_grid(book: RawBook) -> Grid:
    """周交办 from its header row down, every column (user columns too), values only."""
    t = locate_table(book.grid(schema.ITEMS.title), schema.ITEMS)
    assert t is not None
    grid = book.grid(schema.ITEMS.title) or []
    head = [Cell(v, "header") if v is not None else None for v in grid[t.header_row]]
    return Grid([head] + [list(values) for _r, values in t.rows])


def build_upward(a: Analysis, book: RawBook, path: Path, *, include_ledger: bool = False) -> Path:
    """Write the upward workbook to ``path`` (replaced only once complete)."""
    with replaced_when_done(path) as tmp:
        _write(a, book, tmp, include_ledger)
    return path


def _write(a: Analysis, book: RawBook, filename: str, include_ledger: bool) -> None:
    wb = xlsxwriter.Workbook(filename, WORKBOOK_OPTIONS)
    writer = GridWriter(wb)
    district = a.ledger.settings.district
    for spec in sheet_specs(a, book, include_ledger):
        ws = wb.add_worksheet(spec.title)
        _rows, width = writer.write(ws, spec.grid)
        for c in range(max(width, len(spec.widths))):
            ws.set_column(c, c, spec.widths[c] if c < len(spec.widths) else DEFAULT_WIDTH)
        if spec.freeze:
            ws.freeze_panes(spec.freeze, 0)
        _print_setup(ws, spec, f"{district}{month_label(a.month)} {spec.title}")
        if spec.title == schema.STATS.title:
            add_stats_charts(wb, ws, spec.title, a.stats)
    wb.set_properties({"title": subject(a), "subject": subject(a), "author": f"{district}督查委（督查室）",
                       "comments": f"由督办台账生成（{a.today.isoformat()}），仅含数值"})
    wb.close()


def _print_setup(ws, spec: SheetSpec, page_header: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if spec.fit_width:
        ws.fit_to_pages(1, 0)
    else:
        ws.print_across()
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if spec.repeat:
        ws.repeat_rows(*spec.repeat)
    ws.set_header(f"&C{page_header}")
    ws.set_footer("&C第 &P 页，共 &N 页")

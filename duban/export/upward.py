"""The upward workbook: values only, no macros, no links, A4 landscape.

Decision: the figures are recomputed from the ledger with duban.run.analyse for
the requested month (the same code as `duban recompute`), not read back from
the ledger's computed sheets, which may belong to another month or be stale.
The grids are the ones `recompute` writes (duban.render.sheets), so the exported
月讲评 equals the ledger's 月讲评 after a recompute of the same month and day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from duban import schema
from duban.export import EXPORT_DIR  # noqa: F401  (re-exported: the default folder beside the ledger)
from duban.export.charts import add_score_charts, add_stats_charts
from duban.export.files import replaced_when_done
from duban.export.formats import WORKBOOK_OPTIONS, GridWriter
from duban.read.book import RawBook
from duban.render.pagefit import DATE_WIDTH, PAGE_WIDTH_UNITS, content_minimums, fitted
from duban.render.sheets import (
    STATS_COLUMN_WIDTHS,
    accountability_grid,
    annual_grid,
    month_review_grid,
    monthly_extras,
    monthly_grid,
    packed_breaks,
    report_heading,
    stats_chart_rows,
    stats_grid,
    stats_sections,
    stats_tables,
    with_heights,
    wrapped_text,
)
from duban.render.text import month_label
from duban.run import Analysis
from duban.xlsxio.model import Cell, Grid

DEFAULT_WIDTH = 12
ITEMS_PAGE_UNITS = 190.0
SCORES = "得分排名"
SCORE_WIDTHS = [6, 18, 10, 13, 1.5]   # 名次, 单位, 综合得分, 结果, a gap; the chart from F
SCORE_CHART_PX = 300                   # the sheet stays within a portrait page: type at full size


@dataclass
class SheetSpec:
    title: str
    grid: Grid
    widths: list[float]
    repeat: tuple[int, int] | None = (2, 2)   # header rows repeated on every printed page
    freeze: int = 3                           # rows frozen at the top (0: none)
    landscape: bool = True
    breaks: tuple[int, ...] = ()              # rows that start a new printed page
    page_units: float | None = None           # width the columns are fitted to (default: the page's)
    keep: list[float] | None = None           # per column, the width it never goes below (dates)


def subject(a: Analysis) -> str:
    """'示范区2026年10月督办工作月度讲评'."""
    assert a.month is not None  # an upward report is for an evaluated month
    return f"{a.ledger.settings.district}{month_label(a.month)}督办工作月度讲评"


def sheet_specs(a: Analysis, book: RawBook, include_ledger: bool) -> list[SheetSpec]:
    ev = a.evaluation
    assert ev is not None and a.stats is not None and a.annual is not None and a.notice is not None
    assert a.month is not None  # an upward report is for an evaluated month
    monthly = monthly_grid(ev)
    month_rows = [r for r in monthly.rows[1:] if r[0] == a.month]
    as_of = a.stats.as_of_text
    headed = lambda title, grid: _headed(a, title, grid)   # noqa: E731
    stats = stats_grid(a.ledger, a.stats, a.today, compact=True)
    specs = [
        SheetSpec(schema.MONTH_REVIEW.title,
                  month_review_grid(a.ledger, ev, a.notice.paragraphs(), a.errors, a.today, as_of),
                  [11.0] + _widths(schema.MONTH_REVIEW)[1:], repeat=None, freeze=0, landscape=False),
        SheetSpec(schema.MONTHLY.title, headed(f"{month_label(a.month)}考评明细",
                                               Grid(monthly.rows[:1] + month_rows)),
                  _widths(schema.MONTHLY) + [w for _h, w in monthly_extras(ev)]),
        SheetSpec(schema.ACCOUNTABILITY.title, headed(f"{a.ledger.year}年问责情况（截至{month_label(a.month)}）",
                                                          accountability_grid(a.ledger, ev)),
                  _widths(schema.ACCOUNTABILITY), landscape=False),
        SheetSpec(schema.ANNUAL.title, headed(f"{a.ledger.year}年度考评汇总", annual_grid(a.annual)),
                  _widths(schema.ANNUAL)),
        SheetSpec(schema.STATS.title, stats, stats_widths(), repeat=None, freeze=0, landscape=False,
                  breaks=stats_breaks(a)),
    ]
    scores, blocks = score_grid(a)
    if blocks:
        specs.append(SheetSpec(SCORES, scores, list(SCORE_WIDTHS), repeat=None, freeze=0, landscape=False,
                                  breaks=packed_breaks([(hr - 1, hr + max(n, stats_chart_rows(n)) - 1)
                                                        for _g, hr, n in blocks])))
    if include_ledger:
        grid = items_grid(a)
        widths = {c.header: c.width for c in schema.ITEMS.columns}
        dates = {c.header for c in schema.ITEMS.columns if c.kind == "date"}
        # The detail may run to many pages; its type stays about 8.5 pt (fitted to 190 units, not 150)
        specs.append(SheetSpec(schema.ITEMS.title, grid,
                               [widths.get(_plain(v), DEFAULT_WIDTH) for v in grid.rows[0]], repeat=(0, 0), freeze=1,
                               page_units=ITEMS_PAGE_UNITS,
                               keep=[DATE_WIDTH if _plain(v) in dates else 0.0 for v in grid.rows[0]]))
    return specs


def _headed(a: Analysis, title: str, grid: Grid) -> Grid:
    """A table sheet under a title row and the 制表单位/制表日期 line (the table starts on row 3)."""
    head = report_heading(a.ledger, f"{a.ledger.settings.district}{title}", a.today)
    return Grid(head + grid.rows, autofilter=grid.autofilter)


def stats_widths() -> list[float]:
    """统计: the tables' columns A-E, a narrow gap F, G-J for the charts and the 交办领导 table."""
    return list(STATS_COLUMN_WIDTHS)


def stats_breaks(a: Analysis) -> tuple[int, ...]:
    """Rows starting a printed page so that no section (table and chart) is cut."""
    assert a.stats is not None
    return packed_breaks(stats_sections({k: len(v) for k, v in stats_tables(a.stats).items()}))


def score_grid(a: Analysis) -> tuple[Grid, list[tuple[str, int, int]]]:
    """得分排名: per group the ranked units in rank order (名次, 单位, 综合得分, 结果), each block with room for
    its chart beside it; also (group, header row, units) of each block."""
    ev = a.evaluation
    assert ev is not None and a.month is not None
    res = ev.results[a.month]
    rows = report_heading(a.ledger, f"{a.ledger.settings.district}{month_label(a.month)}各单位综合得分排名", a.today)
    blocks = []
    for group in a.ledger.settings.groups:
        ranked = sorted(((u, st) for u, st in res.standings.items() if st.group == group and st.rank is not None),
                        key=lambda kv: (kv[1].rank, kv[0]))
        if not ranked:
            continue
        rows.append([])
        rows.append([Cell(f"{group}（{len(ranked)}个单位参与排名）", "subtitle")])
        blocks.append((group, len(rows), len(ranked)))
        rows.append([Cell(h, "header") for h in ("名次", "单位", "综合得分", "结果")])
        rows += [[st.rank, unit, st.score, st.result or "—"] for unit, st in ranked]
        rows += [[] for _ in range(max(0, stats_chart_rows(len(ranked)) - len(ranked) - 1))]
    return Grid(rows, autofilter=False), blocks


def _plain(v):
    return v.value if isinstance(v, Cell) else v


def _widths(sheet: schema.Sheet) -> list[float]:
    return [c.width for c in sheet.columns]


def items_grid(a: Analysis) -> Grid:
    """The items as read (non-item rows skipped, merged cells filled), values only. One item sheet:
    every column with the office's own headers; several: the standard columns and where each came from."""
    tables = a.ledger.item_tables
    if len(tables) == 1:
        t = tables[0]
        labels = {c: t.header(f) for f, c in t.columns.items()} | {c: h for h, c in t.extra.items()}
        cols = sorted(labels)
        head = [Cell(labels[c], "header") for c in cols]
        return Grid([head] + [[_whole(values[c]) if c < len(values) else None for c in cols] for _r, values in t.rows])
    fields = [c for c in schema.ITEMS.columns if any(c.name in t.columns for t in tables)]
    head = [Cell(c.header, "header") for c in fields] + [Cell("来源", "header")]
    rows = [[_whole(t.value(values, c.name)) for c in fields] + [f"{t.title}第{r + 1}行"]
            for t in tables for r, values in t.rows]
    return Grid([head] + rows)


def _whole(v):
    """1.0 read from a cell is the whole number 1 (期次 shows "1", not "1.00")."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def build_upward(a: Analysis, book: RawBook, path: Path, *, include_ledger: bool = False,
                 pictures: Sequence[Path] = ()) -> Path:
    """Write the upward workbook to ``path`` (replaced only once complete); pictures (the 红黑榜)
    go on a sheet of their own after 月讲评."""
    with replaced_when_done(path) as tmp:
        _write(a, book, tmp, include_ledger, list(pictures))
    return path


BOARD_SHEET = "红黑榜"
BOARD_SCALE = 0.55   # 1080 px pictures printed about 15 cm wide on A4 portrait


def _add_pictures(wb, pictures: list[Path]) -> None:
    from PIL import Image

    ws = wb.add_worksheet(BOARD_SHEET)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
    row, breaks = 0, []
    for p in pictures:   # one picture a page
        with Image.open(p) as img:
            height = img.height
        ws.insert_image(row, 0, str(p), {"x_scale": BOARD_SCALE, "y_scale": BOARD_SCALE, "object_position": 3})
        row += int(height * BOARD_SCALE / 20) + 2   # default rows are 20 px high
        breaks.append(row)
    ws.set_h_pagebreaks(breaks[:-1])


def _write(a: Analysis, book: RawBook, filename: str, include_ledger: bool, pictures: Sequence[Path] = ()) -> None:
    wb = xlsxwriter.Workbook(filename, WORKBOOK_OPTIONS)
    writer = GridWriter(wb)
    for spec in sheet_specs(a, book, include_ledger):
        ws = wb.add_worksheet(spec.title)
        _rows, width = writer.write(ws, spec.grid)
        widths = [spec.widths[c] if c < len(spec.widths) else DEFAULT_WIDTH for c in range(width)]
        keep = (spec.keep or []) + [0.0] * (width - len(spec.keep or []))
        short = content_minimums(spec.grid.rows[1:], wrapped_text) + [0.0] * width
        keep = [max(k, m) for k, m in zip(keep[:width], short)]
        widths = fitted(widths, spec.page_units or PAGE_WIDTH_UNITS[spec.landscape], keep)
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        for r, height in (with_heights(spec.grid, widths).heights or {}).items():
            ws.set_row(r, height)   # rows as tall as their wrapped text (XlsxWriter cannot autofit)
        if spec.freeze:
            ws.freeze_panes(spec.freeze, 0)
        _print_setup(ws, spec, f"{subject(a)}·{spec.title}")
        if spec.title == schema.STATS.title:
            assert a.stats is not None
            add_stats_charts(wb, ws, spec.title, a.stats)
        if spec.title == schema.MONTH_REVIEW.title and pictures:
            _add_pictures(wb, list(pictures))
        if spec.title == SCORES:
            add_score_charts(wb, ws, SCORES, score_grid(a)[1], col=5, width=SCORE_CHART_PX)
    wb.set_properties({"title": subject(a), "subject": subject(a), "author": a.ledger.settings.signature,
                       "comments": f"由督办台账生成（{a.today.isoformat()}），仅含数值"})
    wb.close()


def _print_setup(ws, spec: SheetSpec, page_header: str) -> None:
    if spec.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)   # one page wide, as many pages down as the rows need
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if spec.repeat:
        ws.repeat_rows(*spec.repeat)
    if spec.breaks:
        ws.set_h_pagebreaks(list(spec.breaks))
    ws.set_header(f"&C{page_header}")
    ws.set_footer("&C第 &P 页，共 &N 页")

"""Fixed cell positions shared by the template and the code that fills it.

All positions are zero-based (row, col). The template writes the headers and
points its charts at these ranges; the core writes the values.
"""

from __future__ import annotations

from duban.render import sheets
from duban.render.sheets import (  # noqa: F401
    STATS_CHART_COL,
    STATS_CHART_MIN_ROWS,
    STATS_OVERVIEW,
    STATS_ROW_PX,
    STATS_TABLES,
    stats_sections,
    trim_stats_chart_refs,
)
from duban.schema import HOME_STATUS_CELLS  # noqa: F401  (re-exported: 首页 status block)

# ---- 统计 ----------------------------------------------------------------------

STATS_TITLE = (0, 0)  # A1

# The overview (A4:B11) and the five sections one under another come from duban.render.sheets.
STATS_OVERVIEW_LABELS = ("例会次数", "交办事项", "已办结", "办结率", "研判问题", "已化解", "化解率")
STATS_OVERVIEW_HEADER = ("项目", "数值")

# Column widths of the 统计 sheet: tables in A-E, a gap F, charts from G.
STATS_COLUMN_WIDTHS = sheets.STATS_COLUMN_WIDTHS   # G-J: the 交办领导 table, or a chart

# Charts beside their tables: anchor (the table's header row, column G) and size in pixels.
STATS_CHART_SIZE = (276, STATS_CHART_MIN_ROWS * STATS_ROW_PX)
# The 期次 chart: 46 rows (920 px, with its title and header row a page): a label per period up to ~45.
STATS_PERIOD_CHART_ROWS = sheets.STATS_TEMPLATE_CHART_ROWS["period"]
STATS_CHARTS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    key: ((STATS_TABLES[key][0][0], STATS_CHART_COL), STATS_CHART_SIZE) for key in ("category", "review")
}
STATS_CHARTS["period"] = ((STATS_TABLES["period"][0][0], STATS_CHART_COL),
                          (STATS_CHART_SIZE[0], STATS_PERIOD_CHART_ROWS * STATS_ROW_PX))
# Printed pages start at each section after the first (a section never runs across a page break
# while its table holds less than a page of rows).
STATS_PAGE_BREAKS = tuple(start for start, _end in stats_sections()[1:])

STATS_LAYOUT = {
    "title": STATS_TITLE,
    "overview": STATS_OVERVIEW,
    "overview_labels": STATS_OVERVIEW_LABELS,
    "tables": STATS_TABLES,
    "charts": STATS_CHARTS,
}


def table_column(key: str, header: str) -> tuple[int, int, int]:
    """(first data row, last data row, col) of one column of a 统计 table."""
    (row, col), headers, capacity = STATS_TABLES[key]
    return row + 1, row + capacity, col + headers.index(header)


def trim_chart_refs(chart_xml: bytes, counts: dict[str, int]) -> bytes:
    """A chart part of 统计 with its series ranges cut to the rows in use (duban.render.sheets owns it:
    the headless writer applies it on every recompute)."""
    return trim_stats_chart_refs(chart_xml, counts)


# ---- printing ------------------------------------------------------------------

from duban.render.pagefit import CJK_UNITS, DATE_WIDTH, LINE_PT, MIN_WIDTH, PAGE_WIDTH_UNITS, fitted, wrapped_height  # noqa: E402,F401

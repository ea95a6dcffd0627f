"""Fixed cell positions shared by the template and the code that fills it.

All positions are zero-based (row, col). The template writes the headers and
points its charts at these ranges; the core writes the values.
"""

from __future__ import annotations

import re

from xlsxwriter.utility import xl_col_to_name

from duban.schema import HOME_STATUS_CELLS  # noqa: F401  (re-exported: 首页 status block)
from duban.schema import STATS
from duban.sheets import STATS_OVERVIEW, STATS_TABLES  # noqa: F401  (the core owns these positions)

# ---- 统计 ----------------------------------------------------------------------

STATS_TITLE = (0, 0)  # A1

# A3:B10 overview and the five tables (D3, J3, O3, T3, Y3) come from duban.sheets.
STATS_OVERVIEW_LABELS = ("例会次数", "交办事项", "已办结", "办结率(%)", "研判问题", "已化解", "化解率(%)")
STATS_OVERVIEW_HEADER = ("项目", "数值")

# Column widths of the 统计 sheet (narrow gaps between tables).
STATS_COLUMN_WIDTHS = (14, 10, 2, 8, 12, 10, 8, 10, 2, 14, 10, 8, 10, 2, 10, 10, 8, 10, 2,
                       24, 10, 8, 10, 2, 16, 8, 8, 10)

# Chart anchors (top-left cell) and sizes in pixels. Charts stay below row 66 and
# left of the 牵头单位 table (T4:W84, with its overflow note); below row 86 they
# are clear of every table.
STATS_CHARTS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "period": ((66, 0), (800, 320)),     # A67: 交办事项 and 已完成 per 期次
    "category": ((86, 0), (560, 360)),   # A87: 完成率 per 事项类别
    "review": ((86, 9), (480, 360)),     # J87: 化解率 per 研判类别
}

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
    """A chart part of 统计 with its series ranges cut to the rows in use.

    The template points each series at a table's full capacity (e.g. D4:D63), so
    a chart of 8 期次 has 60 slots. A writer that fills table `key` with
    counts[key] rows can pass each xl/charts/chartN.xml through this (at least
    one row is kept; tables not in `counts` are left alone).
    """
    text = chart_xml.decode("utf-8")
    for key, n in counts.items():
        (row, col), headers, capacity = STATS_TABLES[key]
        last = row + 1 + max(1, min(n, capacity))
        for j in range(len(headers)):
            letters = xl_col_to_name(col + j)
            pattern = rf"(<c:f>'?{re.escape(STATS.title)}'?!\${letters}\${row + 2}:\${letters}\$)\d+(</c:f>)"
            text = re.sub(pattern, rf"\g<1>{last}\g<2>", text)
    return text.encode("utf-8")

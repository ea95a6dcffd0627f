"""Native charts on the exported 统计 sheet: one bar chart beside each charted table, as tall as the
table (bars line up with its rows), its ranges covering exactly the rows written."""

from __future__ import annotations

from workbook.styles import CHART_FONT

from ..sheets import (STATS_CHART_COL, STATS_CHART_MIN_ROWS, STATS_CHARTED, STATS_ROW_PX, STATS_SECTIONS,
                      stats_layout, stats_tables)
from ..stats import Stats

CHART_W = 276   # columns G-J
COLOURS = ("#5B9BD5", "#70AD47")
# key -> (value columns charted, as offsets from the table's first column)
SERIES = {"period": (2, 3), "unit": (1, 2), "category": (1, 2), "review": (1, 2)}


def chart_counts(stats: Stats) -> dict[str, int]:
    return {k: len(v) for k, v in stats_tables(stats).items()}


def chart_spans(stats: Stats) -> dict[str, tuple[int, int]]:
    """key -> (first row, last row) the chart covers (zero-based, inclusive), for page-break checks."""
    counts = chart_counts(stats)
    layout = stats_layout(counts)
    spans = {}
    for key in STATS_CHARTED:
        (hr, _hc), _heads, cap = layout[key]
        n = min(counts[key], cap)
        if n:
            spans[key] = (hr, hr + max(n + 1, STATS_CHART_MIN_ROWS) - 1)
    return spans


def add_stats_charts(workbook, ws, title: str, stats: Stats) -> int:
    """Insert the charts; returns how many were added."""
    counts = chart_counts(stats)
    layout = stats_layout(counts)
    added = 0
    for key, (first, last) in chart_spans(stats).items():
        (hr, hc), _heads, cap = layout[key]
        n = min(counts[key], cap)
        chart = workbook.add_chart({"type": "bar"})
        for colour, offset in zip(COLOURS, SERIES[key]):
            series = {
                "name": [title, hr, hc + offset],
                "categories": [title, hr + 1, hc, hr + n, hc],
                "values": [title, hr + 1, hc + offset, hr + n, hc + offset],
                "fill": {"color": colour},
                "gap": 60,
            }
            if n <= 6:   # labels only where they fit; never an empty <c:dLbls> (schema-invalid)
                series["data_labels"] = {"value": True, "font": CHART_FONT}
            chart.add_series(series)
        chart.set_title({"name": STATS_SECTIONS[key][0], "name_font": {**CHART_FONT, "size": 11, "bold": True}})
        chart.set_legend({"position": "top", "font": CHART_FONT})
        chart.set_x_axis({"num_font": CHART_FONT, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_y_axis({"reverse": True, "num_font": CHART_FONT})
        height = (last - first + 1) * STATS_ROW_PX
        chart.set_size({"width": CHART_W, "height": height})
        ws.insert_chart(first, STATS_CHART_COL, chart, {"object_position": 1})
        added += 1
    return added

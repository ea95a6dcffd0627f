"""Native charts on the exported 统计 sheet, drawn from the tables that stats_grid lays out."""

from __future__ import annotations

from ..sheets import STATS_TABLES
from ..stats import Stats

CHART_COL = 29          # column AD: right of the last 统计 table
CHART_W, CHART_H = 620, 300
GAP_ROWS = 17


def _rows(stats: Stats, key: str) -> int:
    counts = {"period": len(stats.per_period), "unit": len(stats.per_unit),
              "review": len(stats.per_review_category), "category": len(stats.per_category)}
    return min(counts[key], STATS_TABLES[key][2])


def add_stats_charts(workbook, ws, title: str, stats: Stats) -> int:
    """Insert the charts; returns how many were added."""
    specs = [
        ("period", "column", "各期交办事项与办结情况", (2, 3)),      # x: 期次; series: 交办事项, 已完成
        ("unit", "bar", "各单位交办事项与办结情况", (1, 2)),         # x: 单位
        ("category", "column", "各类别交办事项与办结情况", (1, 2)),  # x: 类别
        ("review", "column", "周研判问题化解情况", (1, 2)),         # x: 问题类别; 问题数, 已化解
    ]
    row = 2
    added = 0
    for key, kind, name, (first_series, second_series) in specs:
        n = _rows(stats, key)
        if n == 0:
            continue
        (hr, hc), heads, _cap = STATS_TABLES[key]
        chart = workbook.add_chart({"type": kind})
        for offset in (first_series, second_series):
            chart.add_series({
                "name": [title, hr, hc + offset],
                "categories": [title, hr + 1, hc, hr + n, hc],
                "values": [title, hr + 1, hc + offset, hr + n, hc + offset],
                "data_labels": {"value": n <= 12},
            })
        chart.set_title({"name": name})
        chart.set_legend({"position": "bottom"})
        height = max(CHART_H, 24 * n + 90) if kind == "bar" else CHART_H
        if kind == "bar":
            chart.set_y_axis({"reverse": True})
        chart.set_size({"width": CHART_W, "height": height})
        ws.insert_chart(row, CHART_COL, chart, {"object_position": 1})
        row += max(GAP_ROWS, height // 20 + 2)
        added += 1
    return added

"""Native charts of the export: on 统计 one bar chart beside each charted table, one bar (and one label)
per row of the table, as tall as the bars need (duban.render.sheets.stats_chart_rows); on 得分排名 each
group's 综合得分 in rank order. Every category label is shown (tickLblSkip 1); ranges cover exactly
the rows written."""

from __future__ import annotations

from duban.render.sheets import (
    STATS_CHART_COL,
    STATS_CHARTED,
    STATS_ROW_PX,
    stats_chart_rows,
    stats_layout,
    stats_tables,
)
from duban.render.styles import CHART_FONT
from duban.rules.stats import Stats

CHART_W = 276   # columns G-J
COLOUR = "#5B9BD5"
LABEL_FONT = CHART_FONT   # 10 pt: printed at full size, never below 8 pt
DIGIT_FONT = {**CHART_FONT, "size": 8}   # 期次 numbers and figures: 43 periods in a page-tall chart
# key -> the rate column charted, as an offset from the table's first column: 完成率 / 化解率 show who lags
RATE_OFFSET = {"period": 4, "unit": 3, "category": 3, "review": 3}
CHART_TITLES = {"period": "各期完成率", "unit": "各单位完成率", "category": "各类别完成率", "review": "各类问题化解率"}


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
            spans[key] = (hr, hr + stats_chart_rows(n) - 1)
    return spans


def bar_chart(workbook, *, title: str, name, categories, values, n: int, width: int, rows: int,
              value_axis: dict, number_format: str, label_font: dict = LABEL_FONT):
    """A horizontal bar chart, first category on top, every category labelled, values at the bars' ends."""
    chart = workbook.add_chart({"type": "bar"})
    chart.add_series({"name": name, "categories": categories, "values": values, "fill": {"color": COLOUR},
                      "gap": 50, "data_labels": {"value": True, "num_format": number_format,
                                                 "font": DIGIT_FONT if n > 20 else LABEL_FONT}})
    chart.set_title({"name": title, "name_font": {**CHART_FONT, "size": 11, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": CHART_FONT, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      **value_axis})
    chart.set_y_axis({"reverse": True, "num_font": label_font, "interval_unit": 1, "interval_tick": 1})
    chart.set_size({"width": width, "height": rows * STATS_ROW_PX})
    return chart


def add_stats_charts(workbook, ws, title: str, stats: Stats) -> int:
    """Insert the charts of 统计 (rates per row of each table); returns how many were added."""
    counts = chart_counts(stats)
    layout = stats_layout(counts)
    added = 0
    for key, (first, last) in chart_spans(stats).items():
        (hr, hc), _heads, cap = layout[key]
        n = min(counts[key], cap)
        col = hc + RATE_OFFSET[key]
        chart = bar_chart(workbook, title=CHART_TITLES[key],
                          name=[title, hr, col], categories=[title, hr + 1, hc, hr + n, hc],
                          values=[title, hr + 1, col, hr + n, col], n=n, width=CHART_W, rows=last - first + 1,
                          value_axis={"min": 0, "max": 100, "num_format": '0"%"'}, number_format='0.0"%"',
                          label_font=DIGIT_FONT if key == "period" else LABEL_FONT)
        ws.insert_chart(first, STATS_CHART_COL, chart, {"object_position": 1})
        added += 1
    return added


def add_score_charts(workbook, ws, title: str, blocks: list[tuple[str, int, int]], col: int, width: int) -> int:
    """On 得分排名: per group block (group, header row, units) a chart of 综合得分 in rank order beside
    its table (名次, 单位, 综合得分, 结果 from column A)."""
    for group, hr, n in blocks:
        chart = bar_chart(workbook, title=f"{group}综合得分", name=[title, hr, 2],
                          categories=[title, hr + 1, 1, hr + n, 1], values=[title, hr + 1, 2, hr + n, 2], n=n,
                          width=width, rows=stats_chart_rows(n), value_axis={"min": 0, "max": 100, "num_format": "0"},
                          number_format="0.00")
        ws.insert_chart(hr - 1, col, chart, {"object_position": 1})
    return len(blocks)

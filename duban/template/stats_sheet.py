"""The 统计 sheet: empty tables at the layout.py anchors, and native charts over them."""

from __future__ import annotations

from duban import schema
from duban.render.sheets import STATS_SECTIONS
from duban.render.styles import CHART_FONT
from duban.template.layout import (  # noqa: F401
    STATS_CHARTS,
    STATS_COLUMN_WIDTHS,
    STATS_OVERVIEW,
    STATS_OVERVIEW_HEADER,
    STATS_OVERVIEW_LABELS,
    STATS_PAGE_BREAKS,
    STATS_TABLES,
    STATS_TITLE,
    table_column,
)

SHEET = schema.STATS.title
TITLE_FONT = {**CHART_FONT, "size": 11, "bold": True}


def _series(key: str, label_header: str, value_header: str, colour: str) -> dict:
    first, last, cat_col = table_column(key, label_header)
    _f, _l, val_col = table_column(key, value_header)
    head_row = STATS_TABLES[key][0][0]
    return {
        "name": [SHEET, head_row, val_col],
        "categories": [SHEET, first, cat_col, last, cat_col],
        "values": [SHEET, first, val_col, last, val_col],
        "fill": {"color": colour},
        "gap": 80,
    }


def _bar(wb, title: str, series: list[dict], value_axis: dict, label_size: float = CHART_FONT["size"]):
    """A horizontal bar chart, first row on top, every category labelled (tickLblSkip 1)."""
    chart = wb.add_chart({"type": "bar"})
    for s in series:
        chart.add_series(s)
    chart.set_title({"name": title, "name_font": TITLE_FONT})
    chart.set_x_axis({"num_font": CHART_FONT, **value_axis})
    chart.set_y_axis({"reverse": True, "num_font": {**CHART_FONT, "size": label_size}, "interval_unit": 1, "interval_tick": 1})
    chart.set_legend({"position": "bottom", "font": CHART_FONT} if len(series) > 1 else {"none": True})
    chart.show_blanks_as("gap")
    return chart


def _charts(wb) -> dict:
    """Bar charts: category labels read across, one per row (a column chart of 43 期次 squeezed them)."""
    rates = {"min": 0, "max": 100}
    return {
        "period": _bar(wb, "各期交办与完成", [_series("period", "期次", "交办事项", "#5B9BD5"),
                                        _series("period", "期次", "已完成", "#70AD47")], {}, label_size=8),
        "category": _bar(wb, "各类别完成率", [_series("category", "类别", "完成率", "#5B9BD5")], rates),
        "review": _bar(wb, "各类问题化解率", [_series("review", "问题类别", "化解率", "#ED7D31")], rates),
    }


def write_stats(wb, ws, fmt) -> None:
    for c, width in enumerate(STATS_COLUMN_WIDTHS):
        ws.set_column(c, c, width)
    ws.write_string(*STATS_TITLE, "督办工作统计（点击“重算排名”或运行 duban recompute 后生成）", fmt["title"])
    r0, c0 = STATS_OVERVIEW
    for j, h in enumerate(STATS_OVERVIEW_HEADER):
        ws.write_string(r0, c0 + j, h, fmt["header"])
    for i, label in enumerate(STATS_OVERVIEW_LABELS, start=1):
        ws.write_string(r0 + i, c0, label, fmt["text"])
    ws.write_string(r0 - 1, c0, "总体情况", fmt["subtitle"])
    for key, ((row, col), headers, _capacity) in STATS_TABLES.items():
        ws.write_string(row - 1, col, STATS_SECTIONS[key][0], fmt["subtitle"])
        for j, h in enumerate(headers):
            ws.write_string(row, col + j, h, fmt["header"])
    for key, chart in _charts(wb).items():
        (row, col), (width, height) = STATS_CHARTS[key]
        chart.set_size({"width": width, "height": height})
        ws.insert_chart(row, col, chart)

"""Cell formats of the template: one per style role, plus a few layout-only ones.

The role formats are written once as prototype cells on the hidden '_样式'
sheet (see duban.schema.STYLE_ROLES); writers that patch a file reuse those
cells' style indexes, so the template is the single place where styles are made.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from duban.schema import STYLE_ROLES

BORDER = {"border": 1, "border_color": "#808080"}   # dark enough to print
# Every sheet format names a CJK font explicitly (charset 134 = GB2312; scheme "none" so Excel does not
# swap in the theme's Calibri): pass WORKBOOK_FONT_OPTIONS to xlsxwriter.Workbook.
SHEET_FONT = {"font_name": "宋体", "font_charset": 134, "font_scheme": "none", "font_size": 11}
WORKBOOK_FONT_OPTIONS = {"default_format_properties": SHEET_FONT}
CHART_FONT: dict[str, Any] = {"name": "宋体", "size": 10}   # chart titles, axes, legends and labels
HEADER_FILL = "#DDEBF7"

ROLE_FORMATS: dict[str, dict] = {
    "text": {**BORDER, "valign": "vcenter", "text_wrap": True},
    "header": {**BORDER, "bold": True, "bg_color": HEADER_FILL, "align": "center", "valign": "vcenter",
               "text_wrap": True},
    "title": {"bold": True, "font_size": 16},
    "int": {**BORDER, "num_format": "#,##0"},
    "number": {**BORDER, "num_format": "0.00"},
    "rate": {**BORDER, "num_format": '0.0"%"'},   # figures already scaled to 0-100
    "date": {**BORDER, "num_format": "yyyy-mm-dd"},
    "datetime": {**BORDER, "num_format": "yyyy-mm-dd hh:mm:ss"},
    "link": {**BORDER, "font_color": "#0563C1", "underline": 1},
    "error": {**BORDER, "bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "warning": {**BORDER, "bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "good": {**BORDER, "bg_color": "#C6EFCE", "font_color": "#006100"},
    "wrap": {"text_wrap": True, "valign": "top"},
    "note": {"font_color": "#595959"},   # no italics: Chinese has no italic face (it would be slanted)
    "para": {"font_size": 11, "align": "left"},
    "input": {**BORDER, "locked": False, "text_wrap": True, "valign": "top"},
    "subtitle": {"bold": True, "font_size": 12},
    "money": {**BORDER, "num_format": "#,##0", "align": "right"},   # amounts in 元 (the header says （元）)
}

# Formats that are not style roles: cells typed by users and layout helpers.
EXTRA_FORMATS: dict[str, dict] = {
    "input_date": {"num_format": "yyyy-mm-dd"},
    # Cells of the sample's table rows: bordered, top-aligned, long text wrapped.
    "cell": {**BORDER, "text_wrap": True, "valign": "top"},
    "cell_int": {**BORDER, "valign": "top", "num_format": "0"},
    "cell_date": {**BORDER, "valign": "top", "num_format": "yyyy-mm-dd"},
    "input_datetime": {"num_format": "yyyy-mm-dd hh:mm:ss"},
    "unlocked": {"locked": False, "text_wrap": True, "valign": "top"},
    "block_title": {"bold": True, "font_size": 12, "font_color": "#1F4E78"},
    # Conditional-formatting fills (written as dxf records).
    "cf_overdue": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "cf_due_soon": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
}

assert set(ROLE_FORMATS) == set(STYLE_ROLES), "ROLE_FORMATS must cover duban.schema.STYLE_ROLES"


class Formats:
    """The workbook's Format objects by name (a role or an EXTRA_FORMATS key)."""

    def __init__(self, wb: Workbook):
        self._by_name = {name: wb.add_format(props) for name, props in {**ROLE_FORMATS, **EXTRA_FORMATS}.items()}

    def __getitem__(self, name: str) -> Format:
        return self._by_name[name]


def write_style_sheet(ws, fmt: Formats) -> None:
    """Prototype cells: row i+1 of column A holds STYLE_ROLES[i], formatted as that role."""
    ws.set_column(0, 0, 24)
    for i, role in enumerate(STYLE_ROLES):
        ws.write_string(i, 0, role, fmt[role])

"""Cell roles (schema.STYLE_ROLES) as XlsxWriter formats, and writing a Grid as values only.

Every string goes through ``write_string``: a value that starts with "=" is
text in the exported file, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Any

from ..schema import STYLE_ROLES
from ..xlsxio.cells import as_cell
from ..xlsxio.model import Grid

ROLE_FORMATS: dict[str, dict[str, Any]] = {
    "text": {"border": 1, "valign": "top"},
    "header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter",
               "text_wrap": True},
    "title": {"bold": True, "font_size": 16},
    "int": {"num_format": "0", "border": 1},
    "number": {"num_format": "0.00", "border": 1},
    "rate": {"num_format": "0.0", "border": 1},
    "date": {"num_format": "yyyy-mm-dd", "border": 1},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm:ss", "border": 1},
    "link": {"font_color": "blue", "underline": 1, "border": 1},
    "error": {"bg_color": "#FFC7CE", "border": 1},
    "warning": {"bg_color": "#FFEB9C", "border": 1},
    "good": {"bg_color": "#C6EFCE", "border": 1},
    "wrap": {"text_wrap": True, "valign": "top"},
    "note": {"italic": True, "font_color": "#808080"},
    "para": {"font_size": 11},
}

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": False}


class GridWriter:
    """Writes Grids into XlsxWriter worksheets with one format per role."""

    def __init__(self, workbook):
        self.formats = {role: workbook.add_format(ROLE_FORMATS.get(role, {})) for role in STYLE_ROLES}

    def write(self, ws, grid: Grid, first_row: int = 0) -> tuple[int, int]:
        """Write the grid from ``first_row``; returns (rows, columns) written."""
        width = 0
        for r, row in enumerate(grid.rows, start=first_row):
            for c, raw in enumerate(row):
                if raw is None:
                    continue
                cell = as_cell(raw)
                self.value(ws, r, c, cell.value, cell.role)
                width = max(width, c + 1)
        return len(grid.rows), width

    def value(self, ws, r: int, c: int, value: Any, role: str) -> None:
        fmt = self.formats.get(role)
        if isinstance(value, dt.date) and role not in ("date", "datetime"):
            fmt = self.formats["datetime" if isinstance(value, dt.datetime) else "date"]
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
        elif isinstance(value, numbers.Number):
            f = float(value)
            if math.isnan(f) or math.isinf(f):
                ws.write_blank(r, c, None, fmt)
            else:
                ws.write_number(r, c, f, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

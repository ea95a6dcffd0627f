"""Cell roles (schema.STYLE_ROLES) as XlsxWriter formats, and writing a Grid as values only.

The formats are the template's (duban.render.styles.ROLE_FORMATS), so the report looks like the ledger.

Every string goes through ``write_string``: a value that starts with "=" is
text in the exported file, never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Any

from duban.render.styles import HEADER_FILL, ROLE_FORMATS, WORKBOOK_FONT_OPTIONS  # noqa: F401  (the template's look)
from duban.schema import STYLE_ROLES
from duban.xlsxio.cells import as_cell
from duban.xlsxio.model import Grid

# A row holding one header cell only (a group heading such as “办事处（10 个单位参与排名）”):
# bold on a fill, not wrapped, so it reads across the row instead of wrapping in a narrow column.
SECTION_FORMAT = {"bold": True, "bg_color": HEADER_FILL}

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": False, **WORKBOOK_FONT_OPTIONS}


class GridWriter:
    """Writes Grids into XlsxWriter worksheets with one format per role."""

    def __init__(self, workbook):
        self.formats = {role: workbook.add_format(ROLE_FORMATS.get(role, {})) for role in STYLE_ROLES}
        self.formats["section"] = workbook.add_format(SECTION_FORMAT)

    def write(self, ws, grid: Grid, first_row: int = 0) -> tuple[int, int]:
        """Write the grid from ``first_row``; returns (rows, columns) written."""
        width = 0
        for r, row in enumerate(grid.rows, start=first_row):
            filled = [v for v in row if v is not None]
            section = len(filled) == 1 and as_cell(filled[0], STYLE_ROLES).role == "header"
            for c, raw in enumerate(row):
                if raw is None:
                    continue
                cell = as_cell(raw, STYLE_ROLES)
                self.value(ws, r, c, cell.value, "section" if section else cell.role)
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
            f = float(value)  # type: ignore[arg-type]  # numbers.Number has no __float__ in typeshed
            if math.isnan(f) or math.isinf(f):
                ws.write_blank(r, c, None, fmt)
            else:
                ws.write_number(r, c, f, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

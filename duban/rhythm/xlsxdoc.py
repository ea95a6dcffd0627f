"""A printable one-sheet table workbook (交办单, 交办汇总, 周研判议程): title, lines above and
below, a bordered table with wrapped text, A4, header row repeated, fitted to the page width
(or to one page)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from duban.export.formats import WORKBOOK_OPTIONS

FONT = "宋体"
FORMATS = {
    "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "font_name": "黑体"},
    "line": {"font_size": 11, "text_wrap": True, "valign": "top", "font_name": FONT},
    "header": {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
               "bg_color": "#DDEBF7", "font_name": FONT, "font_size": 11},
    "cell": {"border": 1, "text_wrap": True, "valign": "top", "font_name": FONT, "font_size": 10.5},
    "centre": {"border": 1, "text_wrap": True, "align": "center", "valign": "top", "font_name": FONT,
               "font_size": 10.5},
    "date": {"border": 1, "num_format": "yyyy-mm-dd", "align": "center", "valign": "top", "font_name": FONT,
             "font_size": 10.5},
    "alert": {"border": 1, "text_wrap": True, "align": "center", "valign": "top", "font_name": FONT,
              "font_size": 10.5, "bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "right": {"font_size": 11, "align": "right", "font_name": FONT},
}


@dataclass
class TableSheet:
    name: str
    title: str
    headers: list[str]
    widths: list[float]                   # Excel column widths
    rows: list[list[Any]]
    above: list[str] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)   # right-aligned lines at the end (office, date)
    centred: set[int] = field(default_factory=set)      # column indexes centred
    alerts: set[tuple[int, int]] = field(default_factory=set)   # (row, col) of data cells shown in red
    one_page: bool = False
    landscape: bool = True


def write_book(path: Path, sheets: list[TableSheet], *, title: str, author: str, day: dt.date) -> None:
    """The workbook; its creation date is `day` (the run's date), so one day's files are reproducible."""
    wb = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "default_date_format": "yyyy-mm-dd"})
    fmt = {k: wb.add_format(v) for k, v in FORMATS.items()}
    for sheet in sheets:
        _sheet(wb.add_worksheet(sheet.name), sheet, fmt)
    wb.set_properties({"title": title, "author": author, "created": dt.datetime.combine(day, dt.time())})
    wb.close()


def _line_height(text: str, width: float, points: float = 15.0) -> float:
    """Height for wrapped text: spreadsheets do not grow the rows of a generated file by themselves.
    A CJK character of 10.5-11 pt 宋体 is about 1.8 column-width units, other characters 0.9."""
    def units(part: str) -> float:
        return sum(1.8 if ord(ch) > 0x2E7F else 0.9 for ch in part)
    return points * sum(max(1, math.ceil(units(part) / max(width - 1, 1))) for part in str(text).split("\n"))


def _sheet(ws, s: TableSheet, fmt) -> None:
    last = len(s.headers) - 1
    total = sum(s.widths)
    for c, w in enumerate(s.widths):
        ws.set_column(c, c, w)
    ws.merge_range(0, 0, 0, last, s.title, fmt["title"])
    ws.set_row(0, 30)
    r = 1
    for line in s.above:
        ws.merge_range(r, 0, r, last, line, fmt["line"])
        ws.set_row(r, _line_height(line, total))
        r += 1
    header_row = r
    for c, h in enumerate(s.headers):
        ws.write_string(r, c, h, fmt["header"])
    ws.set_row(r, 22)
    for values in s.rows:
        r += 1
        height = 15.0
        for c, v in enumerate(values):
            style = "alert" if (r - header_row - 1, c) in s.alerts else "centre" if c in s.centred else "cell"
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), fmt["alert" if style == "alert" else "date"])
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v, fmt[style])
            else:
                ws.write_string(r, c, "" if v is None else str(v), fmt[style])
                height = max(height, _line_height(v or "", s.widths[c]))
        ws.set_row(r, min(height, 400))
    r += 1
    for line in s.below:
        r += 1
        ws.merge_range(r, 0, r, last, line, fmt["line"])
        ws.set_row(r, _line_height(line, total))
    for line in s.signature:
        r += 1
        ws.merge_range(r, 0, r, last, line, fmt["right"])
    ws.repeat_rows(header_row)
    ws.set_paper(9)
    if s.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.fit_to_pages(1, 1 if s.one_page else 0)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(2)

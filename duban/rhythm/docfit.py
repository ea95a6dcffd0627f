"""Fitting a short 公文 (交办单) on its pages: an estimate of the height of its parts, the line pitch
that puts it on one page, and the 落款 kept with the text (GB/T 9704-2012 §7.3.5.1: when the 落款 and
成文日期 do not fit under the text, adjust line and character spacing; the 落款 never stands alone).

The estimate is deliberately pessimistic (27 characters to a 3号 line, CJK cell text at 1.35 lines
of its size), so a document it puts on one page is on one page in Word, WPS and LibreOffice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from docx.shared import Pt

from duban.render.gongwen import LINE_PITCH, SIZE_3, TITLE_PITCH
from duban.render.text import text_width

PAGE_PT = 225 / 25.4 * 72          # the text area's height (版心 225 mm)
BODY_CHARS = 27                     # 3号 characters on a 156 mm line, without the character grid
CELL_PAD_MM = 3.8                   # left + right cell margins of a Word table
CELL_LINE = 1.35                    # one line of table text, in units of its size
CELL_SPACE_PT = 4 + 1               # space before + after a cell paragraph, and the border
# Line pitches tried, from the standard 22 lines a page down to 26 lines: still 1.5 lines of 3号 type.
PITCHES = [LINE_PITCH.pt, 27.0, 26.0, 25.0, 24.5]


def body_lines(text: str, indent: float = 2) -> int:
    """Lines a body paragraph of 3号 text takes (`indent` characters on the first line)."""
    return sum(max(1, math.ceil((indent * (i == 0) + text_width(part)) / BODY_CHARS))
               for i, part in enumerate(str(text).split("\n")))


def cell_lines(text: str, width_mm: float, size: float) -> int:
    per_line = max((width_mm - CELL_PAD_MM) / 25.4 * 72 / size, 1)
    return sum(max(1, math.ceil(text_width(part) / per_line)) for part in str(text).split("\n"))


def table_height(headers: list[str], rows: list[list[str]], widths_mm: list[float], size: float) -> float:
    def row_height(values) -> float:
        lines = max(cell_lines(v, w, size) for v, w in zip(values, widths_mm))
        return lines * size * CELL_LINE + CELL_SPACE_PT
    return sum(row_height(r) for r in [headers] + rows)


@dataclass
class Layout:
    """The parts of a document, in order: title lines (2号), body lines (3号 at the pitch) and fixed heights."""
    title_lines: int = 0
    body: int = 0                     # lines of 3号 text, blank lines included
    fixed_pt: float = 0.0             # tables
    notes: list[str] = field(default_factory=list)

    def height(self, pitch: float) -> float:
        return self.title_lines * TITLE_PITCH.pt + self.body * pitch + self.fixed_pt

    def pitch(self) -> float | None:
        """The widest pitch of PITCHES that puts the document on one page, or None (it takes more)."""
        return next((p for p in PITCHES if self.height(p) <= PAGE_PT), None)


def set_pitch(doc, pitch: float) -> None:
    """Body line pitch of a python-docx Document built by duban.render.gongwen (Normal style and the page's grid)."""
    from docx.oxml.ns import qn

    doc.styles["Normal"].paragraph_format.line_spacing = Pt(pitch)
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        grid.set(qn("w:linePitch"), str(int(round(pitch * 20))))


def keep_signature_with_text(doc, signature_lines: int = 3) -> None:
    """The 落款 (blank line, office, date) moves to the next page together with the last line of text:
    every paragraph from the last one with text before the 落款 keeps with the next."""
    paras = doc.paragraphs
    tail = paras[-signature_lines:]
    before = [p for p in paras[:-signature_lines] if p.text.strip()]
    for p in ([before[-1]] if before else []) + tail[:-1]:
        p.paragraph_format.keep_with_next = True


__all__ = ["Layout", "PITCHES", "SIZE_3", "body_lines", "cell_lines", "table_height", "set_pitch",
           "keep_signature_with_text"]

"""Fitting tables to an A4 page: column widths narrowed in proportion, and row heights for wrapped text.

Shared by the template builder, the headless writer (through the computed sheets' grids) and the
export, so a sheet prints the same whichever wrote it. Widths are Excel width units (the width of
"0" in the default font, 宋体 11 pt); heights are points.
"""

from __future__ import annotations

# Column width units across an A4 page within the margins (0.4" left and right), portrait and
# landscape: tables no wider print at full size (11 pt); wider ones are narrowed to fit.
PAGE_WIDTH_UNITS = {False: 95.0, True: 150.0}
MIN_WIDTH = 6.0
DATE_WIDTH = 11.0   # yyyy-mm-dd never narrower (it would print as ###)
LINE_PT = 14.25     # one line of 11 pt 宋体
CJK_UNITS = 2.1     # a Chinese character of 宋体 11 pt (15 px) in width units (7 px); a column of width w
                    # holds about w + 0.5 units of text (its 5 px padding less the cell margins)


def fitted(widths: list[float], total: float, keep: list[float] | None = None) -> list[float]:
    """Column widths narrowed in proportion (none below MIN_WIDTH or its `keep` minimum; headers
    wrap) so that they sum to at most `total`: a page printed one page wide then keeps its text near
    full size, never ~4 pt."""
    keep = list(keep or [0.0] * len(widths))
    if sum(max(w, k) for w, k in zip(widths, keep)) <= total:
        return [max(w, k) for w, k in zip(widths, keep)]   # `keep` may widen a column; MIN_WIDTH never does
    floor = [max(MIN_WIDTH, k) for k in keep]
    fixed = [i for i, w in enumerate(widths) if w <= floor[i]]
    factor = 1.0
    for _ in range(len(widths)):   # columns that hit their floor stop shrinking; share the rest again
        free = sum(widths[i] for i in range(len(widths)) if i not in fixed)
        room = total - sum(max(min(widths[i], floor[i]), keep[i]) for i in fixed)
        factor = max(room, 0) / free if free else 1.0
        more = [i for i in range(len(widths)) if i not in fixed and widths[i] * factor < floor[i]]
        if not more:
            break
        fixed += more
    return [max(min(widths[i], floor[i]), keep[i]) if i in fixed else round(widths[i] * factor, 1)
            for i in range(len(widths))]


def text_units(value: str) -> float:
    return sum(1.0 if ord(ch) < 128 else CJK_UNITS for ch in value)


def wrapped_height(values: list, widths: list[float], line_pt: float = LINE_PT) -> float | None:
    """Row height (pt) that shows every wrapped text cell whole, or None for one line. Writers set
    it because XlsxWriter cannot autofit and LibreOffice keeps the default height of such rows.
    `line_pt`: the pitch of one line (cells of many lines take TALL_LINE_PT: the pitch of CJK faces
    varies between Excel, WPS and LibreOffice, and the difference adds up line by line)."""
    lines = 1
    for v, w in zip(values, widths):
        if isinstance(v, str) and v:
            per_line = max(w + 0.5, 1.0)   # each line break starts a new line
            lines = max(lines, sum(max(1, -int(-text_units(p) // per_line)) for p in v.split("\n")))
    return min(round(lines * line_pt + 1.5, 2), MAX_ROW_PT) if lines > 1 else None


MAX_ROW_PT = 409.0   # Excel's largest row height
TALL_LINE_PT = 16.0  # the pitch LibreOffice gives 11 pt CJK text (Noto/宋体 fallbacks): a 20-line 催办 text fits


def row_heights(rows: list[list], widths: list[float], wrapped, line_pt: float = LINE_PT) -> dict[int, float]:
    """row0 -> height for the rows whose wrapped cells need more than one line; `wrapped(cell)` gives
    the cell's text when the cell wraps, else None (text that overflows to the right needs no room)."""
    out = {}
    for r0, row in enumerate(rows):
        h = wrapped_height([wrapped(v) for v in row], widths, line_pt)
        if h:
            out[r0] = h
    return out


SHORT_TEXT = 11.0   # a column whose words are at most this wide keeps them on one line


def content_minimums(rows: list[list], text_of) -> list[float]:
    """Per column, the width of its longest short text (at most SHORT_TEXT: 不参与考评, 区直单位), so
    narrowing a table never breaks such words over two lines; `text_of(cell)` gives a cell's text."""
    widths: list[float] = []
    for row in rows:
        for c, v in enumerate(row):
            t = text_of(v)
            if c >= len(widths):
                widths.extend([0.0] * (c + 1 - len(widths)))
            if isinstance(t, str) and t:
                need = text_units(t) - 0.5
                if need <= SHORT_TEXT:
                    widths[c] = max(widths[c], need)
    return widths

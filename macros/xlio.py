"""Reading a workbook into the core's RawBook and writing Grids back, through xlwings.

Only the part of the xlwings API that every engine implements is used (desktop
Excel on Windows/macOS, the remote engine of xlwings Server/Lite): sheet and
range values, ``used_range``, ``clear_contents``/``clear``, ``sheets.add``,
``add_hyperlink``, ``color``, ``number_format``, ``font.bold/italic/color``,
``activate`` and ``app.alert``; ``book.macro`` only on desktop engines (sheet
protection, see ``Protection``). Never ``.api``, ``Book.caller()``,
``app.calculate``, ``screen_updating``, ``status_bar`` or ``book.save``.

Reading gives exactly what python-calamine gives the headless path for the same
cells (see ``from_excel``), so the core sees the same input either way.
Writing mirrors ``duban.xlsxio``: the same values, number formats and fills per
style role, internal hyperlinks for ``Cell.link``.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

from duban import schema
from duban.cellmark import error_value
from duban.read.book import RawBook
from duban.textclean import clean_cell
from duban.xlsxio.model import Cell, Grid

# Rows read per call: a sheet whose used range runs far below its data (a
# formatted or validated column down to row 1,048,576) stops at the first
# empty block instead of shipping a million empty rows.
READ_BLOCK_ROWS = 50_000
MAX_CELL_CHARS = 32767
# Desktop Excel adds hyperlinks one COM call at a time; beyond this many the
# cell keeps its text (the reference) without a link.
MAX_LINKS = 1000
# Formatting is applied per rectangle of equal role; a sheet needing more
# rectangles than this keeps its values unformatted rather than take minutes.
MAX_FORMAT_RANGES = 2000

# Style roles (duban.schema.STYLE_ROLES) -> what the Excel path applies. The
# template's role formats (duban.render.styles) are the source; these defaults
# stand in when that module is not installed.
NUMBER_FORMATS = {
    "int": "0",
    "number": "0.00",
    "rate": "0.0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
}
FILLS = {"header": "#DDEBF7", "error": "#FFC7CE", "warning": "#FFEB9C", "good": "#C6EFCE"}
FONT_COLORS = {"link": "#0563C1", "error": "#9C0006", "warning": "#9C5700", "good": "#006100", "note": "#808080"}
BOLD = {"header", "title"}
ITALIC = {"note"}


def _template_formats() -> None:
    try:
        from duban.render.styles import ROLE_FORMATS
    except Exception:  # the template package is optional for the macros
        return
    for name, target in (("num_format", NUMBER_FORMATS), ("bg_color", FILLS), ("font_color", FONT_COLORS)):
        target.clear()
        target.update({role: props[name] for role, props in ROLE_FORMATS.items() if props.get(name)})
    BOLD.clear()
    BOLD.update(role for role, props in ROLE_FORMATS.items() if props.get("bold"))
    ITALIC.clear()
    ITALIC.update(role for role, props in ROLE_FORMATS.items() if props.get("italic"))


_template_formats()

# Columns that carry internal hyperlinks, by sheet title (zero-based), so links
# left from an earlier run are removed even when this run writes none.
LINK_COLUMNS = {schema.FINDINGS.title: (schema.FINDINGS.headers.index("单元格"),)}

# Excel's 1900 date system: day 0 of time-only cells as desktop engines report them.
_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)
_FIRST_DATE = dt.date(1900, 1, 1)


# ---- reading ----------------------------------------------------------------

def from_excel(v: Any) -> Any:
    """One value as xlwings gives it -> the value python-calamine gives for that cell.

    Numbers are floats (the remote engine passes JSON integers through as int;
    calamine gives 3.0). A date-formatted cell is a ``date`` when it has no
    time part, else a ``datetime`` (calamine's rule); a time-only cell is a
    ``time``. Empty cells and empty strings are None (the core's reader turns
    calamine's '' into None). Error values (read with ``err_to_str``: "#N/A")
    are CellError marks, as the headless reader gives them from the file.
    """
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        v = v.replace(tzinfo=None)
        if v.date() == _EXCEL_DAY_ZERO:
            return v.time()
        if v.time() == dt.time(0):
            return v.date()
        return v
    if isinstance(v, dt.date):
        return v
    if isinstance(v, numbers.Number):
        f = float(v)  # type: ignore[arg-type]  # numbers.Number has no __float__ in typeshed
        return None if math.isnan(f) else f
    if isinstance(v, str):
        if v == "":
            return None
        return (error_value(v) or v) if v[:1] == "#" else clean_cell(v)
    return v


def _trim(grid: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty rows and columns: calamine's grid spans the cells with values."""
    while grid and all(v is None for v in grid[-1]):
        grid.pop()
    width = 0
    for row in grid:
        for c in range(len(row) - 1, width - 1, -1):
            if row[c] is not None:
                width = c + 1
                break
    return [row[:width] for row in grid]


def read_sheet(sheet) -> list[list[Any]]:
    """A sheet's values from A1 to the end of its used range, as calamine would give them."""
    last = sheet.used_range.last_cell
    nrows, ncols = last.row, last.column
    out: list[list[Any]] = []
    r0 = 1
    while r0 <= nrows:
        r1 = min(nrows, r0 + READ_BLOCK_ROWS - 1)
        # Coordinates, not ("A1", Range): the remote engine mishandles mixed arguments.
        block = sheet.range((r0, 1), (r1, ncols)).options(ndim=2, err_to_str=True).value
        rows = [[from_excel(v) for v in row] for row in block]
        out.extend(rows)
        if r1 < nrows and all(v is None for row in rows for v in row):
            break
        r0 = r1 + 1
    return _trim(out)


def read_book(book) -> RawBook:
    """Every sheet of an xlwings Book as a RawBook (sheet title -> grid from A1).

    xlwings reports values only; merged cells and table totals rows come from the saved file
    (``duban.read.book.attach_structure``), so the button reads the ledger as the command line does."""
    from duban.read.book import attach_structure

    raw = RawBook({s.name: read_sheet(s) for s in book.sheets}, book.name)
    attach_structure(raw, getattr(book, "fullname", "") or "")
    return raw


# ---- writing ----------------------------------------------------------------

_COERCIBLE_CJK = set("年月日时分秒点号上下午")


def needs_text_prefix(s: str) -> bool:
    """True if Excel, given this text as a cell value, could turn it into something else.

    Excel parses a value written through COM, AppleScript or Office.js like
    typed input: "2026-01" becomes a date, "94.9%" a number, "=x" a formula,
    "TRUE" a boolean. Such text is written with a leading apostrophe, which
    Excel keeps as the cell's text marker, not as a character of the value.
    """
    t = unicodedata.normalize("NFKC", s).strip()
    if not t:
        return False
    if s[0] in "'" or t[0] in "=+-@#'":
        return True
    if t.upper() in ("TRUE", "FALSE"):
        return True
    return any(ch.isdigit() for ch in t) and all(ch.isascii() or ch in _COERCIBLE_CJK or ch in "¥€" for ch in t)


def to_excel(v: Any) -> Any:
    """One grid value -> what is written, so Excel stores what the headless writer stores."""
    if isinstance(v, Cell):
        v = v.value
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        v = v.replace(tzinfo=None)
        return v if v.date() >= _FIRST_DATE else _text(v.isoformat(sep=" "))
    if isinstance(v, dt.date):
        return v if v >= _FIRST_DATE else _text(v.isoformat())
    if isinstance(v, dt.time):
        return (v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) / 86400
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Number):
        try:
            f = float(v)  # type: ignore[arg-type]  # numbers.Number has no __float__ in typeshed
        except (TypeError, ValueError):
            return _text(str(v))
        return None if math.isnan(f) or math.isinf(f) else f
    return _text(str(v))


def _text(s: str) -> str:
    s = s[:MAX_CELL_CHARS]
    return "'" + s if needs_text_prefix(s) else s


def _role(v: Any) -> str:
    if isinstance(v, Cell):
        return v.role
    from duban.xlsxio.cells import role_of

    return role_of(v)


def rectangles(keys: list[list[Any]]) -> list[tuple[int, int, int, int, Any]]:
    """Cover the non-None keys with rectangles of equal key: (r0, c0, r1, c1, key), inclusive, zero-based.

    Horizontal runs per row, merged down while the next row has the same run:
    a header row is one rectangle, a column of numbers is one rectangle.
    """
    out = []
    open_runs: dict[tuple[int, int, Any], int] = {}
    for r, row in enumerate(list(keys) + [[]]):
        runs = set()
        c = 0
        while c < len(row):
            k = row[c]
            if k is None:
                c += 1
                continue
            c1 = c
            while c1 + 1 < len(row) and row[c1 + 1] == k:
                c1 += 1
            runs.add((c, c1, k))
            c = c1 + 1
        for run in [x for x in open_runs if x not in runs]:
            r0 = open_runs.pop(run)
            out.append((r0, run[0], r - 1, run[1], run[2]))
        for run in runs:
            open_runs.setdefault(run, r)
    out.sort(key=lambda x: (x[0], x[1]))
    return out


def _rng(sheet, r0: int, c0: int, r1: int, c1: int):
    return sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1))


def format_grid(sheet, grid: Grid, old_shape: tuple[int, int]) -> None:
    """Number formats, fills and fonts per style role; the area of the old and new grid reset first.

    Contents were cleared, not formats: resetting fills, number formats and
    fonts over the tool's area keeps a red 末位 fill from an earlier run off a
    row that now holds another unit, and leaves borders, widths, conditional
    formats and everything outside that area as the template made them.
    """
    roles = [[_role(v) for v in row] for row in grid.rows]
    nrows = max(len(roles), old_shape[0])
    ncols = max(max((len(r) for r in roles), default=0), old_shape[1])
    if nrows == 0 or ncols == 0:
        return
    layers: list[tuple[dict[str, Any], Callable[[Any, Any], None]]] = [
        (NUMBER_FORMATS, lambda rng, v: setattr(rng, "number_format", v)),
        (FILLS, lambda rng, v: setattr(rng, "color", v)),
        (FONT_COLORS, lambda rng, v: setattr(rng.font, "color", v)),
        ({r: True for r in BOLD}, lambda rng, v: setattr(rng.font, "bold", v)),
        ({r: True for r in ITALIC}, lambda rng, v: setattr(rng.font, "italic", v)),
    ]
    plans = [(rectangles([[m.get(x) for x in row] for row in roles]), setter) for m, setter in layers]
    area = _rng(sheet, 0, 0, nrows - 1, ncols - 1)
    area.color = None
    area.number_format = "General"
    area.font.bold = False
    area.font.italic = False
    area.font.color = "#000000"
    if sum(len(rects) for rects, _s in plans) > MAX_FORMAT_RANGES:
        return
    for rects, setter in plans:
        for r0, c0, r1, c1, key in rects:
            setter(_rng(sheet, r0, c0, r1, c1), key)


def grid_links(title: str, grid: Grid) -> dict[tuple[int, int], tuple[str, str]]:
    """(row, col) -> (target, text) of the internal hyperlinks to add, at most MAX_LINKS."""
    links: dict[tuple[int, int], tuple[str, str]] = {}
    for r, row in enumerate(grid.rows):
        for c, v in enumerate(row):
            if isinstance(v, Cell) and v.link and v.value not in (None, "") and len(links) < MAX_LINKS:
                links[(r, c)] = (v.link, str(v.value))
    return links


def clear_stale_links(sheet, title: str, links: dict, old_rows: int) -> None:
    """Remove hyperlinks an earlier run left in the link columns, before the new values are written.

    Excel's ClearContents keeps a cell's hyperlink, so cells of the link
    columns that get no new link are cleared completely (value, format, link);
    a cell that gets a new link has its old one replaced by add_hyperlink.
    """
    columns = set(LINK_COLUMNS.get(title, ())) | {c for _r, c in links}
    for c in sorted(columns):
        stale = [r for r in range(1, old_rows) if (r, c) not in links]
        for r0, r1 in _runs(stale):
            _rng(sheet, r0, c, r1, c).clear()


def add_links(sheet, links: dict) -> None:
    for (r, c), (target, text) in links.items():
        sheet.range((r + 1, c + 1)).add_hyperlink("#" + target, text_to_display=text,
                                                  screen_tip=f"跳转到 {target}")


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def grid_values(grid: Grid) -> list[list[Any]]:
    """The grid as a rectangle of values ready for one ``.value =`` call."""
    width = max((len(r) for r in grid.rows), default=0)
    return [[to_excel(v) for v in row] + [None] * (width - len(row)) for row in grid.rows]


class Protection:
    """Computed sheets are protected (no password) in the template; desktop Excel refuses writes to them.

    xlwings has no protection API, so on desktop engines the workbook's own
    VBA helpers (workbook/vba/Duban.bas) are run through ``book.macro``:
    ``DubanUnprotectSheet`` before a sheet is written, ``DubanProtectSheet``
    after. A workbook without those Subs, or an engine without VBA (the remote
    engine), is written as it is: an unprotected sheet needs nothing, and a
    protected one gives an error message that says how to lift the protection.
    """

    UNPROTECT = "DubanUnprotectSheet"
    PROTECT = "DubanProtectSheet"

    def __init__(self, book):
        self.book = book
        self.enabled = _is_desktop(book)
        self.unprotected: list[str] = []

    def unprotect(self, title: str) -> None:
        if not self.enabled:
            return
        try:
            self.book.macro(self.UNPROTECT)(title)
        except Exception:  # no such Sub in this workbook, or Excel refused: write without it
            self.enabled = False
            return
        self.unprotected.append(title)

    def restore(self) -> None:
        for title in self.unprotected:
            with suppress(Exception):  # the data are written; an unprotected sheet is the lesser harm
                self.book.macro(self.PROTECT)(title)
        self.unprotected.clear()


def _is_desktop(book) -> bool:
    try:
        return book.app.engine.type == "desktop"
    except Exception:
        return False


def write_grids(book, grids: dict[str, Grid], old: RawBook) -> tuple[list[str], list[str]]:
    """Write each Grid to its sheet (added at the end when missing). Returns (written, added)."""
    protection = Protection(book)
    try:
        return _write_grids(book, grids, old, protection)
    finally:
        protection.restore()


def _write_grids(book, grids: dict[str, Grid], old: RawBook, protection: Protection) -> tuple[list[str], list[str]]:
    existing = {s.name: s for s in book.sheets}
    written, added = [], []
    for title, grid in grids.items():
        sheet = existing.get(title)
        old_grid = old.grid(title) or []
        if sheet is None:
            sheet = book.sheets.add(name=title, after=book.sheets[len(book.sheets) - 1])
            existing[title] = sheet
            added.append(title)
            old_grid = []
        else:
            protection.unprotect(title)
            sheet.clear_contents()
        old_shape = (len(old_grid), max((len(r) for r in old_grid), default=0))
        links = grid_links(title, grid)
        clear_stale_links(sheet, title, links, old_shape[0])
        values = grid_values(grid)
        if values and values[0]:
            sheet.range((1, 1)).value = values
        format_grid(sheet, grid, old_shape)
        add_links(sheet, links)
        written.append(title)
    return written, added


def write_cells(sheet, cells: dict[tuple[int, int], Any]) -> None:
    """Single values at zero-based (row, col) positions."""
    for (r, c), v in cells.items():
        sheet.range((r + 1, c + 1)).value = to_excel(v)


def sheet_or_none(book, title: str):
    for s in book.sheets:
        if s.name == title:
            return s
    return None


class ExcelHost:
    """run.finish's host for a workbook open in Excel (duban.hosts.Host): the grids through
    `write_grids`, the status cells onto 首页 when the workbook has it. ``old`` is what was read."""

    def __init__(self, book, old: RawBook):
        self.book = book
        self.old = old
        self.written: list[str] = []
        self.added: list[str] = []

    def write(self, grids: dict[str, Grid], home: dict[tuple[int, int], Any]) -> None:
        self.written, self.added = write_grids(self.book, grids, self.old)
        sheet = sheet_or_none(self.book, schema.HOME_TITLE)
        if sheet is not None:
            write_cells(sheet, home)

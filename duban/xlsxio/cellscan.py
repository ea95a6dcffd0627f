"""What python-calamine does not tell about a worksheet, found in its XML before it reads it.

- Error values (``<c t="e"><v>#N/A</v>``) and formulas without a cached value (``<c><f>…</f></c>``,
  ``<v/>``, as a script writes them): calamine gives both as empty cells; they become CellFault
  marks. Error values calamine does not know (#SPILL!, #GETTING_DATA …) stop it reading the sheet:
  those cells are blanked in a copy of the XML handed to calamine (their mark keeps them).
- The stored range: calamine allocates the whole rectangle from A1 to the last cell with a value,
  so one cell at XFD1048576 aborts the process and one at A1048576 costs hundreds of MB. Value
  cells far beyond the data (outside the rectangle a sheet of this many cells can need) are cut
  from the copy and named, so the run costs what the data costs.

Bytes and regular expressions only: no XML parser touches workbook XML (see guard.py).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from duban.xlsxio import xmltext as X
from duban.xlsxio.cells import col_index, error_text, parse_ref
from duban.xlsxio.model import ERROR, UNCOMPUTED, CellFault

# calamine 0.9 reads these error values; any other one in a sheet makes it refuse the sheet.
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
# A sheet is read as stored while its rectangle (A1 to the last cell) holds at most this many
# cells, or is at least a quarter filled: ~2M cells cost calamine ~65 MB.
CELL_BUDGET = 2_000_000
DENSITY = 4
ROW_SLACK, COL_SLACK = 1000, 64   # empty rows/columns inside the data that never make it "far"

_PFX = rb"(?:[\w.-]+:)?"
_CELL_TAG = re.compile(rb"<" + _PFX + rb"c\b([^>]*?)(/?)>")
_CELL_COL = re.compile(rb"<" + _PFX + rb"c\b[^>]*?\sr=\"([A-Z]{1,3})[0-9]")
_LONGER_REF = {n: re.compile(rb' r="[A-Z]{%d}' % (n + 1)) for n in (1, 2)}  # a column of more than n letters
_ROW_NUM = re.compile(rb"<" + _PFX + rb"row\b[^>]*?\sr=\"([0-9]+)\"")
_FILLED_CELL = re.compile(rb"<" + _PFX + rb"c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]+)\"[^>]*?(?<!/)>(?!</)")
_V = re.compile(rb"<" + _PFX + rb"v\b[^>]*?(/?)>(.*?)(?:</" + _PFX + rb"v\s*>|$)", re.S)
_F = re.compile(rb"<" + _PFX + rb"f\b[^>]*?(/?)>(.*?)(?:</" + _PFX + rb"f\s*>|$)", re.S)


@dataclass
class SheetScan:
    marks: dict[tuple[int, int], CellFault] = field(default_factory=dict)
    far: list[tuple[int, int]] = field(default_factory=list)   # zero-based (row, col) of value cells cut as far beyond the data
    data_ref: str = ""                              # the rectangle kept when cells were cut ("A1:Q40")
    xml: bytes | None = None                        # the copy for calamine; None: the stored XML reads as it is
    member: str = ""                                # the sheet's zip member


@dataclass
class _Cell:
    start: int
    end: int
    r0: int
    c0: int
    attrs: dict[str, str]
    body: bytes


def _cell_at(xml: bytes, pos: int, pfx: bytes) -> _Cell | None:
    """The <c> element around byte ``pos`` (inside it), or None when it has no reference."""
    start = xml.rfind(b"<" + pfx + b"c ", 0, pos)
    if start < 0:
        return None
    tag = _CELL_TAG.match(xml, start)
    if tag is None:
        return None
    if tag.group(2):
        end, body = tag.end(), b""
    else:
        close = xml.find(b"</" + pfx + b"c>", tag.end())
        end = len(xml) if close < 0 else close + len(pfx) + 4
        body = xml[tag.end():close if close >= 0 else len(xml)]
    attrs = X.attrs(tag.group(1))
    if "r" not in attrs:
        return None
    try:
        r0, c0 = parse_ref(attrs["r"])
    except ValueError:
        return None
    return _Cell(start, end, r0, c0, attrs, body)


def _find_all(xml: bytes, needle: bytes, start: int, end: int) -> Iterator[int]:
    pos = xml.find(needle, start, end)
    while pos >= 0:
        yield pos
        pos = xml.find(needle, pos + len(needle), end)


def _cached(cell: _Cell) -> bytes | None:
    """The cached value's text, or None when there is none (no <v>, or an empty one on a cell
    that is not text: a formula's empty text result is stored as t="str" with <v></v>)."""
    m = _V.search(cell.body)
    if m is None:
        return None
    if m.group(1) or not m.group(2):
        return b"" if cell.attrs.get("t") == "str" else None
    return m.group(2)


def _formula_text(cell: _Cell) -> str:
    m = _F.search(cell.body)
    if m is None or m.group(1) or not m.group(2):
        return ""  # follower of a shared formula: the text is on the first cell
    return "=" + X.unescape(m.group(2).decode("utf-8", "replace"))


def scan_sheet(xml: bytes) -> SheetScan:
    """Marks, far cells and, where calamine needs one, the copy of the XML to read."""
    out = SheetScan()
    root = X.root(xml)
    sd = next(X.iter_tags(xml, b"sheetData", root.end()), None)
    if sd is None or sd.group(4):
        return out
    pfx = X.prefix_of(sd.group(2))
    s0 = sd.end()
    s1 = xml.rfind(b"</" + pfx + b"sheetData", s0)  # sheetData does not nest: its one end tag
    if s1 < 0:
        raise X.XmlShapeError("unclosed sheetData")
    blank: list[_Cell] = []   # cells to empty in the copy
    for pos in _find_all(xml, b' t="e"', s0, s1):
        cell = _cell_at(xml, pos, pfx)
        if cell is None or cell.attrs.get("t") != "e" or cell.end < pos:
            continue
        shown = (_cached(cell) or b"").decode("utf-8", "replace").strip()
        out.marks[(cell.r0, cell.c0)] = CellFault(ERROR, error_text(shown) or shown or "#N/A")
        if shown.upper() not in CALAMINE_ERRORS:
            blank.append(cell)
    for pos in _find_all(xml, b"<" + pfx + b"f", s0, s1):
        if xml[pos + len(pfx) + 2:pos + len(pfx) + 3] not in (b" ", b">", b"/"):
            continue
        cell = _cell_at(xml, pos, pfx)
        if cell is None or cell.end < pos or (cell.r0, cell.c0) in out.marks:
            continue
        if _cached(cell) is None:
            out.marks[(cell.r0, cell.c0)] = CellFault(UNCOMPUTED, _formula_text(cell))
    far, values = _far_cells(xml, s0, s1, pfx)
    if far:
        out.far = sorted(far)
        kept = [c for c in values if c not in far]
        out.data_ref = f"A1:{_ref((max(r for r, _c in kept), max(c for _r, c in kept)))}" if kept else "A1"
    if blank or far:
        out.xml = _blanked(xml, s0, s1, {(c.r0, c.c0) for c in blank} | far)
        for key in far:
            out.marks.pop(key, None)
    return out


def _ref(pos: tuple[int, int]) -> str:
    from duban.xlsxio.cells import cell_ref
    return cell_ref(*pos)


def _last_row(xml: bytes, s0: int, s1: int, pfx: bytes) -> int:
    """The highest row number (rows are stored in order; all of them are read when not)."""
    pos = xml.rfind(b"<" + pfx + b"row ", s0, s1)
    m = _ROW_NUM.match(xml, pos) if pos >= 0 else None
    if m is None:
        return 0
    last = int(m.group(1))
    first = _ROW_NUM.search(xml, s0, s1)
    if first is not None and int(first.group(1)) > last:  # out of order: read them all
        return max(map(int, _ROW_NUM.findall(xml, s0, s1)))
    return last


def _row_end_columns(xml: bytes, s0: int, s1: int, pfx: bytes) -> set[int] | None:
    """Columns of the last cell of each row (cells are stored in column order within a row), or
    None when cells are not written with their reference first."""
    needle, end_tag = b"<" + pfx + b'c r="', b"</" + pfx + b"row>"
    letters: set[bytes] = set()
    pos = s0
    while (end := xml.find(end_tag, pos, s1)) >= 0:
        c = xml.rfind(needle, pos, end)
        if c >= 0:
            j = k = c + len(needle)
            while xml[k:k + 1].isalpha():
                k += 1
            letters.add(xml[j:k])
        pos = end + len(end_tag)
    if not letters:
        return None if xml.find(b"<" + pfx + b"c ", s0, s1) >= 0 else set()
    return {col_index(x.decode()) for x in letters}


def _value_cells(xml: bytes, s0: int, s1: int) -> list[tuple[int, int]]:
    """(row0, col0) of every cell with something inside (a value, an inline string, a formula)."""
    col_of: dict[bytes, int] = {}
    out = []
    for letters, row in _FILLED_CELL.findall(xml, s0, s1):
        c0 = col_of.get(letters)
        if c0 is None:
            c0 = col_of[letters] = col_index(letters.decode())
        out.append((int(row) - 1, c0))
    return out


def _far_cells(xml: bytes, s0: int, s1: int, pfx: bytes) -> tuple[set[tuple[int, int]], list[tuple[int, int]]]:
    """Cells far beyond the data, when the rectangle up to the last cell is too big for the number
    of cells the sheet holds (empty when the sheet reads as stored), and the filled cells looked at."""
    last_row = _last_row(xml, s0, s1, pfx)
    cells = xml.count(b"<" + pfx + b"c ", s0, s1)
    budget = max(CELL_BUDGET, DENSITY * cells)
    for n, widest in ((1, 26), (2, 702)):  # no reference with more letters: columns up to Z / ZZ
        if last_row * widest <= budget and not _LONGER_REF[n].search(xml, s0, s1):
            return set(), []
    cols = _row_end_columns(xml, s0, s1, pfx)
    if cols is None:  # cells not written as <c r="…" …>: every one looked at
        cols = {col_index(c.decode()) for c in set(_CELL_COL.findall(xml, s0, s1))}
    if not last_row or not cols:
        return set(), []
    if last_row * (max(cols) + 1) <= budget:
        return set(), []
    values = _value_cells(xml, s0, s1)
    return beyond_data(values), values


def too_sparse(cells: list[tuple[int, int]]) -> bool:
    """Whether the rectangle from A1 to the last of these cells is too big for their number."""
    if not cells:
        return False
    area = (max(r for r, _c in cells) + 1) * (max(c for _r, c in cells) + 1)
    return area > max(CELL_BUDGET, DENSITY * len(cells))


def beyond_data(cells: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The cells far beyond the rows and columns the others fill densely."""
    last_row = _dense_limit({r for r, _c in cells}, ROW_SLACK)
    last_col = _dense_limit({c for _r, c in cells}, COL_SLACK)
    return {(r, c) for r, c in cells if r > last_row or c > last_col}


def _dense_limit(used: set[int], slack: int) -> int:
    """The last used position p up to which positions are used densely enough (at least one in
    DENSITY, after ``slack`` free ones): what lies beyond is far from the data."""
    best = 0
    for i, p in enumerate(sorted(used), start=1):
        if p + 1 <= DENSITY * i + slack:
            best = p
    return best


def _blanked(xml: bytes, s0: int, s1: int, cells: set[tuple[int, int]]) -> bytes:
    """The XML with the given cells emptied (their reference and style kept)."""
    refs = b"|".join(re.escape(_ref(c).encode()) for c in cells)
    pat = re.compile(rb"<(" + _PFX + rb")c\b([^>]*?\sr=\"(?:" + refs + rb")\"[^>]*?)(/?)>")
    parts, pos = [], 0
    for m in pat.finditer(xml, s0, s1):
        end = m.end() if m.group(3) else xml.find(b">", xml.find(b"</" + m.group(1) + b"c", m.end(), s1)) + 1
        attrs = re.sub(rb'\s(?:t|cm|vm)="[^"]*"', b"", m.group(2))
        parts += [xml[pos:m.start()], b"<" + m.group(1) + b"c" + attrs + b"/>"]
        pos = end
    parts.append(xml[pos:])
    return b"".join(parts)


def scan_book(path: str | os.PathLike[str], titles: list[str] | None = None) -> dict[str, SheetScan]:
    """Sheet title -> its scan, for the named worksheets (all when None). A workbook whose parts
    cannot be located this way is left to calamine as it is (empty result)."""
    from duban.xlsxio.book import Book
    from duban.xlsxio.zipraw import ZipSource

    out: dict[str, SheetScan] = {}
    try:
        with ZipSource(path) as src:
            book = Book(src)
            for ref in book.sheets:
                name = book.member(ref.part)
                if name is None or (titles is not None and ref.title not in titles):
                    continue
                try:
                    scan = scan_sheet(src.read(name))
                except X.XmlShapeError:
                    continue
                scan.member = name
                out[ref.title] = scan
    except (X.XmlShapeError, OSError, ValueError, KeyError):
        return {}
    return out


def calamine_source(path: str | os.PathLike[str], scans: dict[str, SheetScan]) -> io.BytesIO:
    """An in-memory copy of the workbook with each scanned sheet's copy in place of its XML."""
    import zipfile

    replaced = {s.member: s.xml for s in scans.values() if s.xml is not None}
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replaced.get(info.filename) or zin.read(info))
    buf.seek(0)
    return buf

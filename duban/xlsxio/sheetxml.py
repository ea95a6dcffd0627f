"""Worksheet XML: render a whole sheet, replace a sheet's data, patch single cells.

Existing parts are edited as bytes: elements we do not own are carried over
verbatim, in the element order that CT_Worksheet requires.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence

from duban.xlsxio import xmltext as X
from duban.xlsxio.cells import Styles, as_cell, cell_ref, cell_xml, check_pos, col_letters, parse_ref
from duban.xlsxio.model import Cell, Grid

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Child order of CT_Worksheet (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
]
RANK = {n.encode(): i for i, n in enumerate(WORKSHEET_ORDER)}
REPLACED = {b"dimension", b"sheetData", b"hyperlinks", b"mergeCells"}


class PatchError(ValueError):
    """A cell cannot be patched; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- rendering -----------------------------------------------------------------

def render_data(grid: Grid, styles: Styles, date1904: bool, pfx: str = "") -> tuple[str, str, int, int]:
    """(sheetData XML, hyperlinks XML or '', last row0, last col0) for a grid."""
    rows_out, links = [], []
    last_r = last_c = 0
    every = list(grid.rows) + [[]] * (max(grid.hidden, default=-1) + 1 - len(grid.rows))
    for r0, row in enumerate(every):
        cells = []
        for c0, raw in enumerate(row):
            if raw is None:
                continue
            cell = as_cell(raw, styles.index)
            s = styles.of(cell.role)
            if cell.value is None and not s and not cell.link:
                continue
            check_pos(r0, c0)
            ref = cell_ref(r0, c0)
            value = cell.value
            if s is None and isinstance(value, dt.date):  # no date style (a workbook not made from the
                value = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()  # template)
            cells.append(cell_xml(ref, value, s, date1904, pfx))
            if cell.link:
                links.append(f'<{pfx}hyperlink ref="{ref}" location="{X.escape_attr(cell.link)}"/>')
            last_r, last_c = max(last_r, r0), max(last_c, c0)
        if cells or r0 in grid.hidden:
            height = grid.heights.get(r0) if grid.heights else None
            ht = f' ht="{height:g}" customHeight="1"' if height else ""
            ht += ' hidden="1"' if r0 in grid.hidden else ""
            rows_out.append(f'<{pfx}row r="{r0 + 1}"{ht}>{"".join(cells)}</{pfx}row>')
    data = f"<{pfx}sheetData>{''.join(rows_out)}</{pfx}sheetData>" if rows_out else f"<{pfx}sheetData/>"
    hl = f"<{pfx}hyperlinks>{''.join(links)}</{pfx}hyperlinks>" if links else ""
    return data, hl, last_r, last_c


def range_ref(last_r: int, last_c: int) -> str:
    return "A1" if last_r == last_c == 0 else f"A1:{cell_ref(last_r, last_c)}"


def filter_ref(grid: Grid) -> str:
    width = max((len(r) for r in grid.rows), default=1) or 1
    height = max(len(grid.rows), 1)
    return f"A1:{col_letters(width - 1)}{height}"


def new_sheet_xml(grid: Grid, styles: Styles, date1904: bool) -> bytes:
    """A complete worksheet part for a new sheet."""
    data, hl, lr, lc = render_data(grid, styles, date1904)
    af = f'<autoFilter ref="{filter_ref(grid)}"/>' if grid.autofilter and grid.rows else ""
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                   for i, w in enumerate(grid.widths or [], start=1))
    fit = grid.print_landscape
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit else "")
            + f'<dimension ref="{range_ref(lr, lc)}"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + f'{data}{af}{hl}'
            '<pageMargins left="0.5" right="0.5" top="0.7" bottom="0.7" header="0.3" footer="0.3"/>'
            + ('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' if fit else "")
            + '</worksheet>').encode("utf-8")


def row_breaks_xml(breaks: tuple[int, ...], pfx: str = "") -> str:
    """<rowBreaks> with a manual break before each row0 of `breaks` ('' for none)."""
    if not breaks:
        return ""
    brks = "".join(f'<{pfx}brk id="{r}" max="16383" man="1"/>' for r in sorted(set(breaks)))
    return f'<{pfx}rowBreaks count="{len(set(breaks))}" manualBreakCount="{len(set(breaks))}">{brks}</{pfx}rowBreaks>'


# -- replacing the data of an existing sheet ------------------------------------------

def _rank(xml: bytes, name: bytes, tag: re.Match[bytes]) -> int | None:
    """Position of a worksheet child in CT_Worksheet order; None if unknown."""
    if name in RANK:
        return RANK[name]
    if name == b"AlternateContent":  # rank by the first element inside mc:Choice
        inner = X.children(xml, tag)[0]
        for _, choice, _ in inner:
            for n, _, _ in X.children(xml, choice)[0]:
                return RANK.get(n)
    return None


def replace_data(old: bytes, grid: Grid, styles: Styles, date1904: bool) -> tuple[bytes, str | None]:
    """New XML for an existing sheet with its data replaced by ``grid``.

    Returns the XML and the new autoFilter ref (None if the sheet has none).
    """
    root = X.root(old)
    pfx = X.prefix_of(root.group(2)).decode()
    kids, close = X.children(old, root)
    data, hl, lr, lc = render_data(grid, styles, date1904, pfx)
    new = {b"dimension": f'<{pfx}dimension ref="{range_ref(lr, lc)}"/>'.encode(),
           b"sheetData": data.encode("utf-8"), b"hyperlinks": hl.encode("utf-8")}
    if grid.breaks is not None:
        new[b"rowBreaks"] = row_breaks_xml(grid.breaks, pfx).encode("utf-8")
    kept: list[tuple[int | None, bytes]] = []
    af_ref = None
    for name, tag, end in kids:
        if name in REPLACED or (name == b"rowBreaks" and grid.breaks is not None):
            continue
        text = old[tag.start():end]
        if name == b"autoFilter":
            if not grid.autofilter:
                continue
            af_ref = filter_ref(grid)
            text = X.set_attr(old[tag.start():tag.end()], "ref", af_ref) + old[tag.end():end]
        kept.append((_rank(old, name, tag), text))
    for name, text in new.items():
        if not text:
            continue
        r = RANK[name]
        at = next((i for i, (k, _) in enumerate(kept) if k is not None and k > r), len(kept))
        kept.insert(at, (r, text))
    return old[:root.end()] + b"".join(t for _, t in kept) + old[close:], af_ref


# -- patching single cells ------------------------------------------------------------

def _dimension_update(xml: bytes, start: int, end: int, max_r: int, max_c: int) -> tuple[int, int, bytes] | None:
    """Edit widening the <dimension> ref to cover (max_r, max_c), or None."""
    for tag in X.iter_tags(xml, b"dimension", start, end):
        ref = X.attrs(tag.group(3)).get("ref", "A1")
        parts = ref.split(":")
        try:
            (r1, c1), (r2, c2) = parse_ref(parts[0]), parse_ref(parts[-1])
        except ValueError:
            return None
        if max_r <= r2 and max_c <= c2:
            return None
        nr, nc = max(r2, max_r), max(c2, max_c)
        new = f"{cell_ref(min(r1, max_r), min(c1, max_c))}:{cell_ref(nr, nc)}"
        return tag.start(), tag.end(), X.set_attr(tag.group(0), "ref", new)
    return None


def _col_styles(xml: bytes, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for tag in X.iter_tags(xml, b"col", start, end):
        a = X.attrs(tag.group(3))
        if "style" in a and "min" in a:
            out.append((int(a["min"]) - 1, int(a.get("max", a["min"])) - 1, a["style"]))
    return out


def _new_cell_style(cell: Cell, given: bool, row_attrs: dict[str, str], col_styles: list[tuple[int, int, str]],
                    c0: int, styles: Styles) -> int | str | None:
    if given or cell.role in ("date", "datetime"):
        return styles.of(cell.role)
    if row_attrs.get("customFormat") in ("1", "true") and "s" in row_attrs:
        return row_attrs["s"]
    for lo, hi, s in col_styles:
        if lo <= c0 <= hi:
            return s
    return None


def _check_formula(body: bytes, ref: str) -> None:
    for f in X.iter_tags(body, b"f"):
        a = X.attrs(f.group(3))
        if a.get("t") in ("shared", "array", "dataTable") and "ref" in a:
            raise PatchError(f"单元格 {ref} 是共享公式或数组公式的起点，不能直接改写，请先在 Excel 中将其改为普通公式或数值")


RowContext = tuple[str, Styles, bool, list[tuple[int, int, str]]]  # (prefix, styles, date1904, column styles)


def _patch_row(row: bytes, r0: int, patches: dict[int, object], ctx: RowContext) -> bytes:
    """Row element bytes with the given columns replaced/inserted."""
    pfx, styles, date1904, col_styles = ctx
    tag = X.TAG_RE.match(row)
    assert tag is not None  # the row element starts with its tag
    row_attrs = X.attrs(tag.group(3))
    head = tag.group(0)
    if tag.group(4):  # <row .../>  -> open it
        head = head[:-2].rstrip() + b">"
        body, tail = b"", f"</{pfx}row>".encode()
    else:
        close = row.rindex(b"</")
        body, tail = row[tag.end():close], row[close:]
    existing = []  # (c0, start, end, start tag) within body
    nxt = 0
    for ct in X.iter_tags(body, b"c"):
        a = X.attrs(ct.group(3))
        c0 = parse_ref(a["r"])[1] if "r" in a else nxt
        existing.append((c0, ct.start(), X.element_end(body, ct), a))
        nxt = c0 + 1
    cols = [e[0] for e in existing]
    edits = []
    for c0, raw in sorted(patches.items()):
        cell = as_cell(raw, styles.index)
        given = not _plain(raw)
        ref = cell_ref(r0, c0)
        i = bisect.bisect_left(cols, c0)
        if i < len(cols) and cols[i] == c0:
            _, s0, e0, a = existing[i]
            _check_formula(body[s0:e0], ref)
            s: int | str | None = a.get("s")
            if (s in (None, "0")) and cell.role in ("date", "datetime"):
                s = styles.of(cell.role)
            edits.append((s0, e0, cell_xml(ref, cell.value, s, date1904, pfx)))
        else:
            s = _new_cell_style(cell, given, row_attrs, col_styles, c0, styles)
            at = existing[i][1] if i < len(existing) else len(body)
            edits.append((at, at, cell_xml(ref, cell.value, s, date1904, pfx)))
    out, pos = [], 0
    for s0, e0, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(body[pos:s0])
        out.append(text.encode("utf-8"))
        pos = e0
    out.append(body[pos:])
    spans = row_attrs.get("spans")
    if spans and ":" in spans:
        lo, hi = (int(x) for x in spans.split(":", 1))
        cmin, cmax = min(patches) + 1, max(patches) + 1
        if cmin < lo or cmax > hi:
            head = X.set_attr(head, "spans", f"{min(lo, cmin)}:{max(hi, cmax)}")
    return head + b"".join(out) + tail


def _plain(raw: object) -> bool:
    return not isinstance(raw, Cell)


def patch_cells(xml: bytes, patches: Mapping[tuple[int, int], object], styles: Styles,
                date1904: bool) -> bytes:
    """Change only the given cells (row0, col0) of a sheet; other rows keep their bytes."""
    if not patches:
        return xml
    for (r0, c0) in patches:
        check_pos(r0, c0)
    root = X.root(xml)
    pfx = X.prefix_of(root.group(2)).decode()
    sd = next(X.iter_tags(xml, b"sheetData", root.end()), None)
    if sd is None:
        raise X.XmlShapeError("no sheetData")
    col_styles = _col_styles(xml, root.end(), sd.start())
    ctx: RowContext = (pfx, styles, date1904, col_styles)
    edits: list[tuple[int, int, bytes]] = []
    if sd.group(4):
        sd_open = sd.group(0)[:-2].rstrip() + b">"
        edits.append((sd.start(), sd.end(), sd_open))
        data_start = data_end = sd.end()
        close_sd = f"</{pfx}sheetData>".encode()
    else:
        data_start = sd.end()
        close = re.compile(rb"</" + re.escape(sd.group(2)) + rb"\s*>").search(xml, data_start)
        assert close is not None  # X.root found the document well-formed enough to have it
        data_end = close.start()
        close_sd = b""
    # Row index: row numbers and tag positions, in document order (one C-level regex pass).
    row_pat = re.compile(rb"<" + re.escape(pfx.encode()) + rb"row(?=[\s/>])(?:\s+(?:r\s*=\s*[\"'](\d+)[\"']|"
                         rb"[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*')))*\s*/?>")
    nums, starts = [], []
    nxt = 1
    for m in row_pat.finditer(xml, data_start, data_end):
        n = int(m.group(1)) if m.group(1) else nxt
        nums.append(n)
        starts.append(m.start())
        nxt = n + 1
    by_row: dict[int, dict[int, object]] = {}
    for (r0, c0), v in patches.items():
        by_row.setdefault(r0, {})[c0] = v
    inserts: dict[int, list[bytes]] = {}
    for r0 in sorted(by_row):
        n = r0 + 1
        i = bisect.bisect_left(nums, n)
        if i < len(nums) and nums[i] == n:
            tag = X.TAG_RE.match(xml, starts[i])
            assert tag is not None  # starts[] holds positions of row tags
            end = X.element_end(xml, tag)
            edits.append((tag.start(), end, _patch_row(xml[tag.start():end], r0, by_row[r0], ctx)))
        else:
            at = starts[i] if i < len(starts) else data_end
            empty = f'<{pfx}row r="{n}"/>'.encode()
            inserts.setdefault(at, []).append(_patch_row(empty, r0, by_row[r0], ctx))
    for at, rows in inserts.items():
        edits.append((at, at, b"".join(rows)))
    if close_sd:
        edits.append((data_end, data_end, close_sd))
    max_r = max(r for r, _ in patches)
    max_c = max(c for _, c in patches)
    dim = _dimension_update(xml, root.end(), sd.start(), max_r, max_c)
    if dim:
        edits.append(dim)
    out, pos = [], 0
    for s0, e0, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(xml[pos:s0])
        out.append(text)
        pos = e0
    out.append(xml[pos:])
    return b"".join(out)


# -- reading -------------------------------------------------------------------------

def iter_cells(xml: bytes) -> Iterator[tuple[int, int, dict[str, str], bytes]]:
    """(row0, col0, attributes, element bytes) of every cell, in document order (one regex pass)."""
    root = X.root(xml)
    sd = next(X.iter_tags(xml, b"sheetData", root.end()), None)
    if sd is None or sd.group(4):
        return
    end = X.element_end(xml, sd)
    p = re.escape(X.prefix_of(sd.group(2)))
    pat = re.compile(rb"<" + p + rb"(?:(row)(" + X.ATTRS + rb")\s*/?>|c(" + X.ATTRS + rb")\s*(?:/>|>.*?</"
                     + p + rb"c\s*>))", re.S)
    next_r, r, next_c = 1, 1, 0
    col_of: dict[str, int] = {}  # "AB" -> 27, cached: a sheet has few distinct columns
    for m in pat.finditer(xml, sd.end(), end):
        if m.group(1):
            ra = X.attrs(m.group(2))
            r = int(ra["r"]) if "r" in ra else next_r
            next_r, next_c = r + 1, 0
            continue
        a = X.attrs(m.group(3))
        if "r" in a:
            letters = a["r"].rstrip("0123456789").lstrip("$").rstrip("$")
            c0 = col_of.get(letters)
            if c0 is None:
                c0 = col_of[letters] = parse_ref(a["r"])[1]
        else:
            c0 = next_c
        next_c = c0 + 1
        yield r - 1, c0, a, m.group(0)


def role_styles(style_sheet_xml: bytes | None, roles: Sequence[str]) -> Styles:
    """Role -> style index from the caller's style sheet (row i+1, column A is formatted as roles[i])."""
    if style_sheet_xml is None:
        return Styles.default(roles)
    found: dict[int, int | None] = {}
    for r0, c0, a, _ in iter_cells(style_sheet_xml):
        if c0 == 0 and r0 < len(roles):
            found[r0] = int(a["s"]) if a.get("s", "").isdigit() else None
    return Styles({role: found.get(i) for i, role in enumerate(roles)})

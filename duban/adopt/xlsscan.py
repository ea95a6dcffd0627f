"""An old Excel 97-2003 workbook (.xls, BIFF8) looked at before python-calamine reads it: its error
values (calamine gives them as empty cells) and the range of cells with values (calamine
allocates the whole rectangle up to the last one). Only record headers and cell positions are
read, from the Workbook stream through olefile."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from duban.cellmark import ERROR, CellError

BOF, EOF, BOUNDSHEET = 0x0809, 0x000A, 0x0085
FORMULA, NUMBER, RK, LABELSST, LABEL, BOOLERR, RSTRING, MULRK = (0x0006, 0x0203, 0x027E, 0x00FD, 0x0204,
                                                                 0x0205, 0x00D6, 0x00BD)
VALUE_RECORDS = frozenset({FORMULA, NUMBER, RK, LABELSST, LABEL, BOOLERR, RSTRING})
ERROR_CODES = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
               0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


@dataclass
class XlsSheet:
    name: str
    marks: dict[tuple[int, int], CellError] = field(default_factory=dict)
    cells: list[tuple[int, int]] = field(default_factory=list)   # (row0, col0) of every value cell


def _records(data: bytes, pos: int):
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        yield kind, data[pos + 4:pos + 4 + size]
        pos += 4 + size


def _sheet_names(data: bytes) -> list[tuple[int, str]]:
    """(stream offset, name) of each worksheet, from the globals substream."""
    out = []
    for kind, body in _records(data, 0):
        if kind == EOF:
            break
        if kind == BOUNDSHEET and len(body) >= 8 and body[5] == 0:  # dt 0: a worksheet
            offset, cch, flags = struct.unpack_from("<I", body)[0], body[6], body[7]
            raw = body[8:8 + (2 * cch if flags & 1 else cch)]
            out.append((offset, raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")))
    return out


def _scan_sheet(data: bytes, offset: int, name: str) -> XlsSheet:
    sheet = XlsSheet(name)
    for kind, body in _records(data, offset):
        if kind == EOF:
            break
        if kind == MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            sheet.cells += [(row, c) for c in range(first, last + 1)]
        elif kind in VALUE_RECORDS and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            sheet.cells.append((row, col))
            code = None
            if kind == BOOLERR and len(body) >= 8 and body[7] == 1:
                code = body[6]
            elif kind == FORMULA and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
                code = body[8]
            if code is not None:
                sheet.marks[(row, col)] = CellError(ERROR, ERROR_CODES.get(code, "#N/A"))
    return sheet


def scan_xls(path) -> list[XlsSheet]:
    """Every worksheet's error cells and value cells; [] when the stream cannot be read this way
    (calamine then reads the file as it is)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
    except Exception:  # olefile's own errors and OSError: left to calamine's message
        return []
    if data[:2] != struct.pack("<H", BOF):
        return []
    return [_scan_sheet(data, offset, name) for offset, name in _sheet_names(data) if offset < len(data)]

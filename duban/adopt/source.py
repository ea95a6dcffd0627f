"""Reading the office's own file, whatever it is, into a RawBook (read-only: OLD is never written).

.xlsx/.xlsm go through duban.read.book.read_book (safety checks, merged cells, table totals rows);
.xls and .ods through python-calamine (merged cells of .ods from its content.xml); .csv and
.txt are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM) or GB18030 (a superset of GBK).
The kind is told by the file's first bytes, not by its name.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.cellmark import ERROR, CellError, error_value
from duban.errors import BadWorkbook
from duban.read.book import RawBook, _clean, calamine_sheets, with_marks
from duban.xlsxio.cells import cell_ref

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".txt")
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", *TEXT_SUFFIXES)
ODS_CONTENT_LIMIT = 512 << 20  # declared size of content.xml beyond which an .ods is refused

Merge = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col (zero-based, inclusive)


def _bad(path: Path, why: str) -> BadWorkbook:
    return BadWorkbook(f"无法读取原台账“{path.name}”：{why}")


def read_source(path: str | Path) -> RawBook:
    """Every sheet of OLD as a RawBook, with `merges` filled where the format keeps them."""
    path = Path(path)
    if not path.is_file():
        raise _bad(path, "找不到这个文件，请检查文件名和所在文件夹")
    with open(path, "rb") as f:
        head = f.read(8)
    if not head:
        raise _bad(path, "文件是空的（0 字节），请找回原文件或备份")
    if head.startswith(b"PK"):
        if _is_ods(path):
            scan = _ods_scan(path)
            return _read_calamine(path, scan.merges, scan.marks)
        return _read_ooxml(path)
    if head.startswith(OLE_SIGNATURE):
        _check_ole(path)
        return _read_calamine(path, None, _xls_marks(path))
    if path.suffix.lower() in TEXT_SUFFIXES:
        return read_csv(path)
    with open(path, "rb") as f:
        start = f.read(2048).lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in start[:512]:
        why = "这是网页（HTML）格式的表格，只是扩展名为 Excel（一些系统这样导出）"
    elif start.startswith(b"<?xml"):
        why = "这是 XML 格式的表格（如“XML 电子表格 2003”）"
    else:
        why = "文件格式无法识别"
    raise _bad(path, f"{why}。请在 Excel 或 WPS 中打开后另存为 .xlsx、.xls、.ods 或 .csv 再试")


def _read_ooxml(path: Path) -> RawBook:
    """An .xlsx/.xlsm through read_book (safety checks, merged cells, totals rows); one saved
    under another name (台账.xls that is really an .xlsx) is read from a copy named .xlsx."""
    from duban.read.book import read_book

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_book(path)
    with tempfile.TemporaryDirectory(prefix="duban-adopt-") as folder:
        copy = Path(folder) / f"{path.stem}.xlsx"  # messages name the office's file
        shutil.copyfile(path, copy)
        book = read_book(copy)
    book.path = str(path)
    return book


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            return "content.xml" in names and "mimetype" in names and \
                z.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _check_ole(path: Path) -> None:
    """An OLE2 file must be an .xls; an .xlsx with an open password (EncryptedPackage) is refused."""
    from duban.xlsxio.guard import ole_kind

    kind = ole_kind(path)
    if kind == "unreadable":
        raise _bad(path, "文件已损坏，无法打开。请找回原文件或备份")
    if kind == "encrypted":
        raise _bad(path, "工作簿设置了打开密码（已加密）。请先在 Excel 或 WPS 中取消密码后保存，再运行")
    if kind != "xls":
        raise _bad(path, "这不是 Excel 工作簿（可能是 Word 等其他 Office 文档）")


def _read_calamine(path: Path, merges: dict[str, list[Merge]] | None,
                   marks: dict[str, dict[tuple[int, int], CellError]] | None = None) -> RawBook:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        wb = CalamineWorkbook.from_path(str(path))
        worksheets = {m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet}
        raw, found = calamine_sheets(wb, [n for n in wb.sheet_names if n in worksheets])
        notes: list = []
        sheets = {k: with_marks(_clean(v), (marks or {}).get(k, {}), k, notes) for k, v in raw.items()}
    except BadWorkbook:
        raise
    except Exception as exc:  # calamine raises several of its own types
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise _bad(path, "工作簿设置了密码（已加密）。请先在 Excel 或 WPS 中取消密码后保存，再运行") from exc
        raise _bad(path, f"文件已损坏或格式不对（{type(exc).__name__}）。"
                         "请用 Excel 或 WPS 打开后另存为 .xlsx 再试") from exc
    return _book(sheets, path, merges if merges is not None else found)


def _xls_marks(path: Path) -> dict[str, dict[tuple[int, int], CellError]]:
    """Error values of each sheet of an .xls; a sheet whose cells reach far beyond its data (one
    at IV65536) is refused by name before calamine allocates the rectangle."""
    from duban.adopt.xlsscan import scan_xls
    from duban.xlsxio.cellscan import beyond_data, too_sparse

    out = {}
    for sheet in scan_xls(path):
        if too_sparse(sheet.cells):
            far = sorted(beyond_data(sheet.cells)) or [max(sheet.cells)]
            raise _bad(path, _far_text(sheet.name, cell_ref(*far[0])))
        out[sheet.name] = sheet.marks
    return out


def _far_text(sheet: str, ref: str) -> str:
    return (f"工作表“{sheet}”的单元格 {ref} 远在数据区之外，读取它需要的内存远超数据本身，已拒绝处理。"
            "请删除数据区下方和右侧多余的行列（或清除该单元格）后保存，再运行")


def _book(sheets: dict[str, list[list[Any]]], path: Path, merges: dict[str, list[Merge]]) -> RawBook:
    return RawBook(sheets, str(path), merges={k: v for k, v in merges.items() if k in sheets})


# ---- .ods: merged cells, error values, the stored range ---------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT_P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
MARKS_PER_SHEET = 10_000  # error cells kept per sheet (a repeated error cell is one habit, not data)


@dataclass
class OdsScan:
    merges: dict[str, list[Merge]] = field(default_factory=dict)
    marks: dict[str, dict[tuple[int, int], CellError]] = field(default_factory=dict)


def _ods_scan(path: Path) -> OdsScan:
    """Merged ranges (calamine does not give them for this format), error values and formulas
    without a result (calamine gives both as empty), and a refusal, naming the sheet, when the
    stored range would cost calamine far more memory than the data it holds (repeated rows or
    columns with a value, one cell at A1048576)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    from duban.xlsxio.cellscan import CELL_BUDGET, DENSITY

    out = OdsScan()
    try:
        with zipfile.ZipFile(path) as z:
            if z.getinfo("content.xml").file_size > ODS_CONTENT_LIMIT:
                raise _bad(path, "文件解压后体积异常巨大，已拒绝处理")
            with z.open("content.xml") as f:
                sheet, row, col, rows_rep = "", 0, 0, 1
                filled = repeated = last_row = last_col = 0
                for event, el in iterparse(f, events=("start", "end")):
                    tag = el.tag
                    if event == "start":
                        if tag == _T + "table":
                            sheet, row, filled, repeated = el.get(_T + "name", ""), 0, 0, 0
                            last_row = last_col = -1
                            out.merges.setdefault(sheet, [])
                            out.marks.setdefault(sheet, {})
                        elif tag == _T + "table-row":
                            col, rows_rep = 0, int(el.get(_T + "number-rows-repeated", "1"))
                        elif tag == _T + "table-cell":
                            rows = int(el.get(_T + "number-rows-spanned", "1"))
                            cols = int(el.get(_T + "number-columns-spanned", "1"))
                            if rows > 1 or cols > 1:
                                out.merges[sheet].append((row, col, row + rows - 1, col + cols - 1))
                        continue
                    if tag in (_T + "table-cell", _T + "covered-table-cell"):
                        cols_rep = int(el.get(_T + "number-columns-repeated", "1"))
                        mark = _ods_mark(el)
                        if el.get(_O + "value-type") or mark is not None:
                            filled += cols_rep * rows_rep
                            repeated += cols_rep * rows_rep - 1
                            last_row = max(last_row, row + rows_rep - 1)
                            last_col = max(last_col, col + cols_rep - 1)
                            area = (last_row + 1) * (last_col + 1)
                            if area > CELL_BUDGET and (area > DENSITY * filled or repeated > CELL_BUDGET):
                                raise _bad(path, _far_ods(sheet, row, rows_rep, col, cols_rep))
                        marks = out.marks[sheet]
                        if mark is not None and len(marks) < MARKS_PER_SHEET:
                            for r in range(row, row + min(rows_rep, MARKS_PER_SHEET)):
                                for c in range(col, col + min(cols_rep, MARKS_PER_SHEET)):
                                    marks[(r, c)] = mark
                        col += cols_rep
                        el.clear()
                    elif tag == _T + "table-row":
                        row += rows_rep
                        el.clear()
    except DefusedXmlException as exc:
        raise _bad(path, "表格内容（content.xml）含有 DTD/实体声明（<!DOCTYPE、<!ENTITY），这不是正常的表格文件，"
                         "可能是恶意构造的，已拒绝处理。请在 WPS 或 LibreOffice 中打开后另存为 .xlsx 再试") from exc
    except (ParseError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _bad(path, f"文件已损坏或格式不对（{type(exc).__name__}）。请用 WPS 或 LibreOffice 打开后另存为 .xlsx 再试") from exc
    out.merges = {k: v for k, v in out.merges.items() if v}
    return out


def _ods_mark(el) -> CellError | None:
    """An error value (LibreOffice: calcext:value-type="error", the shown text in text:p). A formula
    cell without a value type is not marked: LibreOffice stores an empty text result that way."""
    if el.get(_CALCEXT + "value-type") == "error":
        shown = "".join(el.find(_TEXT_P).itertext()) if el.find(_TEXT_P) is not None else ""
        return error_value(shown) or CellError(ERROR, shown or "#N/A")
    return None


def _far_ods(sheet: str, row: int, rows_rep: int, col: int, cols_rep: int) -> str:
    if rows_rep == 1 and cols_rep == 1:
        return _far_text(sheet, cell_ref(row, col))
    return (f"工作表“{sheet}”从 {cell_ref(row, col)} 起有内容被重复到 {cell_ref(row + rows_rep - 1, col + cols_rep - 1)}"
            f"（{rows_rep} 行 × {cols_rep} 列），读取它需要的内存远超数据本身，已拒绝处理。"
            "请在 WPS 或 LibreOffice 中删除多余的行列后保存，再运行")


# ---- text files -------------------------------------------------------------

ENCODINGS = ("utf-8", "gb18030")


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (which reads GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "不是 UTF-8 或 GBK 编码")


def read_csv(path: Path) -> RawBook:
    """A comma-, tab- or semicolon-separated file as one sheet named after the file."""
    try:
        text = decode_text(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise _bad(path, "文字编码无法识别（既不是 UTF-8 也不是 GBK）。"
                         "请用 Excel 或 WPS 打开后另存为“CSV UTF-8”或 .xlsx 再试") from exc
    except OSError as exc:
        raise _bad(path, f"无法打开文件（{exc.strerror or type(exc).__name__}）") from exc
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [[v if v.strip() else None for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return _book({path.stem or "台账": _clean(rows)}, path, {})

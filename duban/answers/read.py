"""Reading a returned answer file: its unit and batch, and every row with its key and answers.

Values come from python-calamine and are cleaned when read (control characters
out, text cut at Excel's 32,767-character cell limit, with a note). The header
row must be exactly the one split wrote: a renamed or added header refuses the
whole file, naming the header. Cells holding an error value (#N/A) are noted. A cell holding a formula (a unit typed
"=..." in Excel, or a tool wrote one) is read as its formula text from the
sheet XML, never as the value a spreadsheet computed, so collect can store
it as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.answers import layout as L
from duban.cellmark import ERROR, CellError
from duban.model import Table, text
from duban.read.book import locate_table
from duban.textclean import MAX_CELL_CHARS, clean_control

ANSWER_SUFFIXES = (".xlsx", ".xlsm")
NOT_XLSX = "不是 .xlsx 答卷文件，未读取（WPS 用户请“另存为” Excel 工作簿 .xlsx 后交回）"


class AnswerFileError(Exception):
    """The file cannot be used as an answer file; ``message`` and ``suggestion`` are Chinese."""

    def __init__(self, message: str, suggestion: str = "请对方重新交回下发的答卷文件"):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


@dataclass
class AnswerRow:
    row: int                          # 1-based row number in the answer sheet
    values: dict[str, Any]            # field name (layout.ANSWER) -> raw value
    formulas: dict[str, str] = field(default_factory=dict)   # field -> "=…" formula text
    errors: dict[str, str] = field(default_factory=dict)     # field -> error value shown ("#N/A")

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def has_answer(self) -> bool:
        return any(text(self.values.get(n)) for n in L.ANSWER_FIELDS)


@dataclass
class AnswerFile:
    path: Path
    unit: str
    meeting: str
    mtime: float
    rows: list[AnswerRow]
    batch: str = ""
    notes: list[tuple[int | None, str, str]] = field(default_factory=list)   # (row, message, suggestion)

    @property
    def name(self) -> str:
        return self.path.name


SUBFOLDER = "是子文件夹，其中的文件没有读取（只读取所给文件夹本身中的答卷）"


def answer_paths(inputs: list[Path]) -> tuple[list[Path], list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Expand folders into their answer workbooks; (files, [(path, why refused)], [(subfolder, note)])."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    subfolders: list[tuple[Path, str]] = []
    for p in inputs:
        if p.is_dir():
            entries = sorted(p.iterdir())
            subfolders += [(f, SUBFOLDER) for f in entries if f.is_dir() and not f.name.startswith(".")]
            candidates = [f for f in entries if f.is_file() and not f.name.startswith(("~$", ".~", "."))]
        elif not p.exists():
            skipped.append((p, "找不到此文件"))
            continue
        else:
            candidates = [p]
        for f in candidates:
            if f.suffix.lower() in ANSWER_SUFFIXES:
                files.append(f)
            else:
                skipped.append((f, NOT_XLSX))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped, subfolders


def read_answer_file(path: Path) -> AnswerFile:
    from duban.errors import DubanError
    from duban.read.book import read_book

    try:
        book = read_book(path, [L.ANSWER_TITLE, L.INFO_TITLE])
    except DubanError as exc:
        raise AnswerFileError(f"无法读取：{exc.message}") from exc
    answer_grid, info_grid = book.grid(L.ANSWER_TITLE), book.grid(L.INFO_TITLE)
    if answer_grid is None or info_grid is None:
        raise AnswerFileError("不是本系统生成的答卷（缺少“答卷”工作表或答卷信息），无法识别是哪个单位的答卷")
    # Control characters are already out of every cell (book.read_book cleans them when reading).
    info = {text(r[0]): (r[1] if len(r) > 1 else None)
            for r in info_grid if r and r[0] is not None}
    if text(info.get(L.INFO_FORMAT)) != L.FORMAT_TAG or not text(info.get(L.INFO_UNIT)):
        if text(info.get(L.INFO_FORMAT)).startswith("duban-答卷-"):
            raise AnswerFileError("这是旧版本程序下发的答卷，无法核对校验码",
                                  "请督查室用 duban split 重新下发答卷，由该单位在新答卷中填写后交回")
        raise AnswerFileError("答卷信息缺失或被改动，无法识别是哪个单位的答卷")
    check_headers(answer_grid)
    table = locate_table(answer_grid, L.ANSWER, strict=False)
    if table is None:
        raise AnswerFileError("“答卷”工作表的表头被改动（缺少“编号”或“校验码”列）")
    notes: list[tuple[int | None, str, str]] = []
    rows = _rows(table, notes)
    _attach_cells(path, table, rows, notes)
    return AnswerFile(path, text(info[L.INFO_UNIT]), text(info.get(L.INFO_MEETING)),
                      path.stat().st_mtime, rows, text(info.get(L.INFO_BATCH)), notes)


def _norm(v: Any) -> str:
    return "".join(text(v).split())


def check_headers(grid: list[list[Any]]) -> None:
    """The header row (the row holding 校验码) must carry exactly the headers split wrote."""
    wanted = [c.header for c in L.ANSWER.columns]
    for row in grid[:30]:
        cells = [_norm(v) for v in row]
        if L.KEY_HEADER not in cells and wanted[0] not in cells:
            continue
        for v in cells:
            if v and v not in wanted:
                raise AnswerFileError(f"“答卷”工作表的表头“{v[:40]}”不是下发时的表头（应为："
                                      f"{'、'.join(wanted[:-1])}），本答卷没有采用任何内容",
                                      "表头不能改动：请在下发的原答卷中填写后交回")
        missing = [h for h in wanted if h not in cells]
        if missing:
            raise AnswerFileError(f"“答卷”工作表缺少表头“{'、'.join(missing)}”，本答卷没有采用任何内容",
                                  "表头和隐藏的校验码列不能删除：请在下发的原答卷中填写后交回")
        return
    raise AnswerFileError("“答卷”工作表的表头被改动（缺少“编号”或“校验码”列）")


def _rows(table: Table, notes: list) -> list[AnswerRow]:
    out = []
    for r, values in table.rows:
        row = AnswerRow(r + 1, {c.name: table.value(values, c.name) for c in L.ANSWER.columns})
        for name, v in row.values.items():
            if type(v) is CellError:   # never applied: an error value or a formula without a result
                row.values[name] = None
                if v.kind == ERROR:
                    row.errors[name] = v.text
        out.append(row)
    return out


def _attach_cells(path: Path, table: Table, rows: list[AnswerRow], notes: list) -> None:
    """Replace the value of every formula cell in the answer columns by its formula text; note error
    cells (the reader's CellError marks, kept in AnswerRow.errors) and progress texts that were cut."""
    by_row = {r.row - 1: r for r in rows}
    col_field = {c: name for name, c in table.columns.items()}
    for r0, c0, length in long_texts(path, L.ANSWER_TITLE):
        if col_field.get(c0) == "progress" and r0 > table.header_row:
            notes.append((r0 + 1, f"本周进展有 {length} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS}，"
                                  f"只保存了前 {MAX_CELL_CHARS} 个字符", "请该单位精简后重新反馈"))
    for row in rows:
        for name, shown in row.errors.items():
            if name in L.ANSWER_FIELDS:
                notes.append((row.row, f"“{L.ANSWER.column(name).header}”单元格是错误值 {shown}，按空白处理（未读取）",
                              "请该单位填写实际内容后重新交回"))
    for r0, c0, formula in formula_cells(path, L.ANSWER_TITLE):
        field_name = col_field.get(c0)
        if field_name is None or r0 <= table.header_row:
            continue
        target = by_row.get(r0)
        if target is None:  # a formula whose cached value is empty: calamine skipped the row
            target = AnswerRow(r0 + 1, {c.name: None for c in L.ANSWER.columns})
            rows.append(target)
            by_row[r0] = target
        target.values[field_name] = formula
        target.formulas[field_name] = formula
    rows.sort(key=lambda r: r.row)


def formula_cells(path: Path, title: str) -> list[tuple[int, int, str]]:
    """(row0, col0, '=formula') of the cells with a formula in sheet ``title`` of an .xlsx (error values
    come from the reader's CellError marks)."""
    from duban.xlsxio import read_sheet_xml
    from duban.xlsxio import xmltext as X
    from duban.xlsxio.sheetxml import iter_cells

    try:
        xml = read_sheet_xml(path, title)
    except Exception:
        return []
    out: list[tuple[int, int, str]] = []
    for r0, c0, _attrs, element in iter_cells(xml):
        for tag in X.iter_tags(element, b"f"):
            if tag.group(4):   # empty <f .../>: follower of a shared formula, text unknown
                out.append((r0, c0, "=?"))
                break
            end = element.find(b"</", tag.end())
            body = element[tag.end():end] if end >= 0 else b""
            out.append((r0, c0, "=" + clean_control(X.unescape(body.decode("utf-8")))))
            break
    return out


_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)


def _text_length(xml: bytes) -> int:
    from duban.xlsxio import xmltext as X

    return sum(len(X.unescape(m.group(1).decode("utf-8", "replace"))) for m in _T.finditer(xml))


def long_texts(path: Path, title: str) -> list[tuple[int, int, int]]:
    """(row0, col0, characters) of the text cells longer than Excel's cell limit (the reader cuts them)."""
    import zipfile

    from duban.xlsxio import read_sheet_xml
    from duban.xlsxio.sheetxml import iter_cells

    try:
        xml = read_sheet_xml(path, title)
    except Exception:
        return []
    out, shared = [], []
    for r0, c0, attrs, element in iter_cells(xml):
        t = attrs.get("t")
        if t in ("inlineStr", "str") and len(element) > MAX_CELL_CHARS:
            n = _text_length(element)
            if n > MAX_CELL_CHARS:
                out.append((r0, c0, n))
        elif t == "s":
            m = re.search(rb"<(?:\w+:)?v>(\d+)</", element)
            if m:
                shared.append((r0, c0, int(m.group(1))))
    if shared:
        try:
            with zipfile.ZipFile(path) as z:
                sst = z.read("xl/sharedStrings.xml")
        except Exception:
            return out
        items = re.findall(rb"<(?:\w+:)?si>.*?</(?:\w+:)?si>", sst, re.S)
        for r0, c0, i in shared:
            if i < len(items) and len(items[i]) > MAX_CELL_CHARS and (n := _text_length(items[i])) > MAX_CELL_CHARS:
                out.append((r0, c0, n))
    return out


def read_answers(paths: list[Path]) -> tuple[list[AnswerFile], list[tuple[Path, str, str]]]:
    """Every readable answer file; one that cannot be read (damaged, refused by the resource
    guard, anything else) is listed with its reason and never stops the others."""
    files, problems = [], []
    for p in paths:
        try:
            files.append(read_answer_file(p))
        except AnswerFileError as exc:
            problems.append((p, exc.message, exc.suggestion))
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the week
            problems.append((p, f"无法读取：程序出错（{type(exc).__name__}）", "请对方用 Excel 或 WPS 打开后另存为 .xlsx 再交回"))
    return files, problems

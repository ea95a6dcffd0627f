"""Reading a returned answer file: its unit, and every row with its key and answers.

Values come from python-calamine. A cell holding a formula (a unit typed
"=..." in Excel, or a tool wrote one) is read as its formula text from the
sheet XML, never as the value a spreadsheet computed, so collect can store
it as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..book import Table, locate_table
from ..cellmark import CellError
from ..ledger import text
from . import layout as L

ANSWER_SUFFIXES = (".xlsx", ".xlsm")
NOT_XLSX = "不是 .xlsx 答卷文件，未读取（WPS 用户请“另存为” Excel 工作簿 .xlsx 后交回）"


class AnswerFileError(Exception):
    """The file cannot be used as an answer file; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class AnswerRow:
    row: int                          # 1-based row number in the answer sheet
    values: dict[str, Any]            # field name (layout.ANSWER) -> raw value
    formulas: dict[str, str] = field(default_factory=dict)   # field -> "=…" formula text
    # field -> the error value (#N/A) or formula without a result the cell held; its value is None,
    # so nothing of it is applied (collect may list these)
    errors: dict[str, CellError] = field(default_factory=dict)

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

    @property
    def name(self) -> str:
        return self.path.name


def answer_paths(inputs: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders into their answer workbooks; (files, [(path, why skipped)])."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for p in inputs:
        if p.is_dir():
            candidates = [f for f in sorted(p.iterdir()) if f.is_file() and not f.name.startswith(("~$", ".~", "."))]
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
    return unique, skipped


def read_answer_file(path: Path) -> AnswerFile:
    from ..book import read_book
    from ..errors import DubanError

    try:
        book = read_book(path, [L.ANSWER_TITLE, L.INFO_TITLE])
    except DubanError as exc:
        raise AnswerFileError(f"无法读取：{exc.message}") from exc
    grids = {t: book.grid(t) for t in (L.ANSWER_TITLE, L.INFO_TITLE)}
    if grids[L.ANSWER_TITLE] is None or grids[L.INFO_TITLE] is None:
        raise AnswerFileError("不是本系统生成的答卷（缺少“答卷”工作表或答卷信息），无法识别是哪个单位的答卷")
    info = {text(r[0]): (r[1] if len(r) > 1 else None) for r in grids[L.INFO_TITLE] if r and r[0] is not None}
    if text(info.get(L.INFO_FORMAT)) != L.FORMAT_TAG or not text(info.get(L.INFO_UNIT)):
        raise AnswerFileError("答卷信息缺失或被改动，无法识别是哪个单位的答卷")
    table = locate_table(grids[L.ANSWER_TITLE], L.ANSWER, strict=False)
    if table is None:
        raise AnswerFileError("“答卷”工作表的表头被改动（缺少“编号”或“校验码”列）")
    rows = _rows(table)
    _attach_formulas(path, table, rows)
    return AnswerFile(path, text(info[L.INFO_UNIT]), text(info.get(L.INFO_MEETING)), path.stat().st_mtime, rows)


def _rows(table: Table) -> list[AnswerRow]:
    out = []
    for r, values in table.rows:
        row = AnswerRow(r + 1, {c.name: table.value(values, c.name) for c in L.ANSWER.columns})
        for name, v in row.values.items():
            if type(v) is CellError:
                row.errors[name] = v
                row.values[name] = None
        out.append(row)
    return out


def _attach_formulas(path: Path, table: Table, rows: list[AnswerRow]) -> None:
    """Replace the value of every formula cell in the answer columns by its formula text."""
    by_row = {r.row - 1: r for r in rows}
    col_field = {c: name for name, c in table.columns.items()}
    for r0, c0, formula in formula_cells(path, L.ANSWER_TITLE):
        name = col_field.get(c0)
        if name is None or r0 <= table.header_row:
            continue
        row = by_row.get(r0)
        if row is None:  # a formula whose cached value is empty: calamine skipped the row
            row = AnswerRow(r0 + 1, {c.name: None for c in L.ANSWER.columns})
            rows.append(row)
            by_row[r0] = row
        row.values[name] = formula
        row.formulas[name] = formula
    rows.sort(key=lambda r: r.row)


def formula_cells(path: Path, title: str) -> list[tuple[int, int, str]]:
    """(row0, col0, '=formula') of the cells with a formula in sheet ``title`` of an .xlsx."""
    from ..xlsxio import read_sheet_xml
    from ..xlsxio import xmltext as X
    from ..xlsxio.sheetxml import iter_cells

    try:
        xml = read_sheet_xml(path, title)
    except Exception:
        return []
    out = []
    for r0, c0, _attrs, element in iter_cells(xml):
        for tag in X.iter_tags(element, b"f"):
            if tag.group(4):   # empty <f .../>: follower of a shared formula, text unknown
                out.append((r0, c0, "=?"))
                break
            end = element.find(b"</", tag.end())
            body = element[tag.end():end] if end >= 0 else b""
            out.append((r0, c0, "=" + X.unescape(body.decode("utf-8"))))
            break
    return out


def read_answers(paths: list[Path]) -> tuple[list[AnswerFile], list[tuple[Path, str]]]:
    files, problems = [], []
    for p in paths:
        try:
            files.append(read_answer_file(p))
        except AnswerFileError as exc:
            problems.append((p, exc.message))
    return files, problems

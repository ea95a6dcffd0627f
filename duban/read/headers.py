"""Finding a sheet's header and mapping the office's column names to field names (SPEC §7).

The header may sit below title and 制表单位 rows, span two rows (a merged group
header above the real names), carry line breaks, stray or full-width spaces and
notes in brackets. Names are looked up in, in this order of precedence: the
office's own 列名对照 (参数), the standard header, the built-in synonyms
(`schema.Column.aliases`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from duban import schema
from duban.findings import ERROR, INFO, WARNING, Finding, at
from duban.xlsxio.cells import col_letters

HEADER_SCAN_ROWS = 15
STANDARD, SYNONYM, USER = "标准", "同义词", "列名对照"
OPTIONAL = "可选列"   # an optional column (schema.OPTIONAL_COLUMNS) the sheet has

# Notes people put in a header: 完成时限（年月日）, 完成日期(必填), 【必填】; marks such as * and ：
_BRACKETS = re.compile(r"[（(【\[〔<《][^）)】\]〕>》]*[）)】\]〕>》]")
_MARKS = re.compile(r"[*＊:：※#＃\s\u200b-\u200f\u2060\ufeff\u00ad]")   # and characters that print as nothing

Merge = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col (zero-based, inclusive)


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = _MARKS.sub("", t)
    stripped = _BRACKETS.sub("", t)
    return stripped or t


def normalise_header(value: Any) -> str:
    """A header cell as compared: NFKC, no spaces or line breaks, bracketed notes and marks dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _normalise(str(value))


def shown(value: Any) -> str:
    """A header cell as quoted to the user: line breaks and runs of spaces made single spaces."""
    return " ".join(str(value).split()) if value is not None else ""


@dataclass
class HeaderMatch:
    """Where a table's header is and which column holds which field."""

    sheet: str
    first_row: int
    last_row: int
    columns: dict[str, int]                 # field -> zero-based column
    labels: dict[str, str]                  # field -> header text as it stands in the sheet
    how: dict[str, str]                     # field -> 标准 | 同义词 | 列名对照
    unused: dict[int, str]                  # column -> header text not mapped to any field
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # field -> every column naming it
    seq_col: int | None = None              # a 序号 column, used to name items without 编号
    dup_labels: dict[int, str] = field(default_factory=dict)       # column -> header text, for duplicates
    optional: dict[str, int] = field(default_factory=dict)         # optional field read (销号日期 …) -> column

    @property
    def standard(self) -> bool:
        """True when every mapped column carries its standard header text."""
        return all(h == STANDARD for h in self.how.values())

    def described(self, sheet: schema.Sheet) -> list[tuple[str, str, str, str]]:
        """(column letter, header in the sheet, standard header, how) for every mapped field."""
        out = []
        for c in sheet.columns:
            if c.name in self.columns:
                out.append((col_letters(self.columns[c.name]), self.labels[c.name], c.header, self.how[c.name]))
        for name, col in self.optional.items():
            standard = schema.OPTIONAL_COLUMNS[sheet.key][name][0]
            out.append((col_letters(col), self.labels[name], standard, OPTIONAL))
        return out


def lookup(sheet: schema.Sheet, user_names: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Normalised header text -> (field, how) for one sheet."""
    out: dict[str, tuple[str, str]] = {}
    for c in sheet.columns:
        for alias in c.aliases:
            out.setdefault(normalise_header(alias), (c.name, SYNONYM))
    for c in sheet.columns:
        out[normalise_header(c.header)] = (c.name, STANDARD)
    by_header = {normalise_header(c.header): c.name for c in sheet.columns}
    for theirs, standard in (user_names or {}).items():
        name = by_header.get(normalise_header(standard))
        if name:
            out[normalise_header(theirs)] = (name, USER)
    return out


def _merge_index(merges: Iterable[Merge]) -> dict[tuple[int, int], Merge]:
    """(row, col) -> the merge covering it, for the cells of the first rows only."""
    out: dict[tuple[int, int], Merge] = {}
    for m in merges:
        r1, c1, r2, c2 = m
        if r1 >= HEADER_SCAN_ROWS + 2 or (r2 - r1 + 1) * (c2 - c1 + 1) > 5000:
            continue
        for r in range(r1, min(r2, HEADER_SCAN_ROWS + 2) + 1):
            for c in range(c1, c2 + 1):
                out[(r, c)] = m
    return out


def _cell(grid: Sequence[Sequence[Any]], r: int, c: int, merged: dict[tuple[int, int], Merge]) -> Any:
    """A cell's value; a cell inside a merge shows the merge's top-left value."""
    m = merged.get((r, c))
    if m is not None:
        r, c = m[0], m[1]
    if r >= len(grid) or c >= len(grid[r]):
        return None
    return grid[r][c]


def _labels(grid, first: int, span: int, merged) -> dict[int, tuple[str, list[str]]]:
    """Column -> (header text shown, normalised candidates in order) for a header of `span` rows."""
    width = max((len(grid[r]) for r in range(first, min(first + span, len(grid)))), default=0)
    out: dict[int, tuple[str, list[str]]] = {}
    for c in range(width):
        if span == 1:
            v = grid[first][c] if c < len(grid[first]) else None
            if normalise_header(v):
                out[c] = (shown(v), [normalise_header(v)])
            continue
        top = _cell(grid, first, c, merged)
        m = merged.get((first + 1, c))
        sub = None if (m is not None and m[0] <= first) else (grid[first + 1][c] if c < len(grid[first + 1]) else None)
        t, s = normalise_header(top), normalise_header(sub)
        if s:
            out[c] = (shown(sub), [s, t + s, s + t, t] if t else [s])
        elif t:
            out[c] = (shown(top), [t])
    return out


def _weight(m: HeaderMatch, sheet: schema.Sheet) -> tuple[int, int, int, int]:
    """Which reading of the first rows is the header: most required fields, then most fields, then
    a single row, then the earliest."""
    required = sum(1 for c in sheet.columns if c.required and c.name in m.columns)
    return (required, len(m.columns), m.first_row - m.last_row, -m.first_row)


def _match(labels: dict[int, tuple[str, list[str]]], table: dict[str, tuple[str, str]], title: str,
           first: int, span: int) -> HeaderMatch:
    m = HeaderMatch(title, first, first + span - 1, {}, {}, {}, {})
    for c, (text, candidates) in labels.items():
        hit = next((table[k] for k in candidates if k in table), None)
        if hit is None:
            m.unused[c] = text
            continue
        name, kind = hit
        if name in m.columns:
            m.duplicates.setdefault(name, [m.columns[name]]).append(c)
            m.dup_labels[c] = text
            continue
        m.columns[name], m.labels[name], m.how[name] = c, text, kind
    return m


def map_headers(grid: Sequence[Sequence[Any]] | None, sheet: schema.Sheet, *, title: str | None = None,
                merges: Iterable[Merge] = (), user_names: dict[str, str] | None = None) -> HeaderMatch | None:
    """Find the header row(s) among the first rows and map columns to fields; None for an empty sheet."""
    if not grid:
        return None
    table = lookup(sheet, user_names)
    merged = _merge_index(merges)
    best: HeaderMatch | None = None
    for first in range(min(HEADER_SCAN_ROWS, len(grid))):
        for span in (1, 2):
            if first + span > len(grid):
                continue
            cand = _match(_labels(grid, first, span, merged), table, title or sheet.title, first, span)
            if best is None or _weight(cand, sheet) > _weight(best, sheet):
                best = cand
    if best is None or not best.columns:
        return None
    best.seq_col = next((c for c, t in best.unused.items()
                         if normalise_header(t) in ("序号", "序", "编号序号", "No.", "NO")), None)
    _shared_closure(best, sheet, table)
    return best


def optional_field(sheet: schema.Sheet, header: str) -> str | None:
    """The optional field (schema.OPTIONAL_COLUMNS) a header names on a sheet, if any."""
    key = normalise_header(header)
    for name, headers in schema.OPTIONAL_COLUMNS.get(sheet.key, {}).items():
        if key in (normalise_header(h) for h in headers):
            return name
    return None


def _shared_closure(m: HeaderMatch, sheet: schema.Sheet, table: dict[str, tuple[str, str]]) -> None:
    """销号日期 beside another completion column (完成日期, 办结日期 …) is the office's 销号, a field of
    its own; alone it stays the completion date (offices use it so). Not when 列名对照 maps it."""
    cols = m.duplicates.get("completed")
    if sheet.key != schema.ITEMS.key or not cols:
        return
    label = {c: m.dup_labels.get(c, "") for c in cols} | {cols[0]: m.labels["completed"]}
    shared = normalise_header(schema.CLOSURE_SHARED)
    closure = [c for c in cols if normalise_header(label[c]) == shared and table.get(shared, ("", ""))[1] == SYNONYM]
    rest = [c for c in cols if c not in closure]
    if not closure or not rest:
        return
    for c in closure:
        m.unused[c] = label[c]
        m.dup_labels.pop(c, None)
    first = rest[0]
    m.dup_labels.pop(first, None)
    m.columns["completed"], m.labels["completed"] = first, label[first]
    m.how["completed"] = table.get(normalise_header(label[first]), ("", SYNONYM))[1]
    if len(rest) > 1:
        m.duplicates["completed"] = rest
    else:
        del m.duplicates["completed"]


def resembling(missing: str, candidates: Iterable[str], aliases: Iterable[str] = ()) -> str | None:
    """The unused header most like a missing field's name (or one of its synonyms), if any is close."""
    wanted = [normalise_header(missing)] + [normalise_header(a) for a in aliases]
    best, score = None, 0.0
    for text in candidates:
        key = normalise_header(text)
        if not key:
            continue
        for w in wanted:
            r = difflib.SequenceMatcher(None, w, key).ratio()
            if w in key or key in w:
                r = max(r, 0.75)
            if r > score:
                best, score = text, r
    return best if score >= 0.6 else None


def match_findings(match: HeaderMatch, sheet: schema.Sheet) -> list[Finding]:
    """Findings about a header: a field named twice (错误), a missing field an unused header resembles
    (警告), unused headers (提示, once)."""
    out: list[Finding] = []
    row = match.last_row
    for name, cols in match.duplicates.items():
        col = sheet.column(name)
        named = [f"“{match.labels[name]}”（{col_letters(cols[0])}列）"]
        named += [f"“{match.dup_labels.get(c, col.header)}”（{col_letters(c)}列）" for c in cols[1:]]
        out.append(Finding("duplicate-column", ERROR, match.sheet, *at(match.last_row, cols[1]), col.header,
                           f"{'和'.join(named)}都是“{col.header}”，已按行合并读取（一列为空时取另一列，两列不一致的行另行报错）",
                           "请把两列合并为一列；若含义不同，请改名其中一列，或在参数表【列名对照】中登记", name))
    free = {c: t for c, t in match.unused.items() if c != match.seq_col and optional_field(sheet, t) is None}
    for col in sheet.columns:
        if col.name in match.columns:
            continue
        like = resembling(col.header, free.values(), col.aliases)
        if like is None:
            continue
        c = next(k for k, t in free.items() if t == like)
        out.append(Finding("similar-header", WARNING, match.sheet, *at(row, c), col.header,
                           f"没有找到“{col.header}”列；表头“{like}”（{col_letters(c)}列）与它相近，但未按它读取",
                           f"如果“{like}”就是{col.header}，请把表头改为“{col.header}”，"
                           f"或在参数表【列名对照】中登记“{like} → {col.header}”", col.name))
    if free:
        listed = "、".join(f"“{t}”（{col_letters(c)}列）" for c, t in sorted(free.items()))
        out.append(Finding("unused-columns", INFO, match.sheet, *at(row, min(free)), "表头",
                           f"以下列不参与计算，原样保留：{listed}",
                           "如其中某列就是标准列，请在参数表【列名对照】中登记"))
    return out

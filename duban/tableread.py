"""Reading a table as the office keeps it: data rows below a found header, merged cells
filled down, rows that are not records skipped and reported (SPEC §7).

Shared by the in-place reader (`duban.ledger`) and `duban adopt`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from . import schema
from .book import RawBook, Table
from .errors import BadWorkbook
from .findings import ERROR, INFO, WARNING, Finding, cell_ref, column_letter
from .headers import HeaderMatch, Merge, map_headers, normalise_header, resembling

TOTALS, MERGED, NOTE, SECTION, BLANK, HEADER_AGAIN, NO_ITEM, COLUMN_NUMBERS = (
    "合计行", "整行合并的标题行", "填写说明", "分段标题行", "空行", "重复的表头行", "没有事项内容的行", "栏次行")
# Fields that make a row a record: a row with none of them filled is not an item (its other cells are
# a note, a section title, a pre-numbered empty row).
# Only item sheets: on the registers a half-filled row is a record with missing fields (an error).
KEY_FIELDS = {"items": ("lead_unit", "content", "deadline", "status")}

_TOTAL_WORDS = {"合计", "总计", "小计", "共计", "合计数", "总数"}
_NOTE_START = re.compile(r"^(填写说明|填表说明|填报说明|说明|注|备注|附注|提示|制表人|制表|审核人|审核|填报人|"
                         r"联系人|制表单位|制表日期|填报单位|填报日期|报送单位|单位负责人)")
_SECTION = re.compile(r"^(第\s*[0-9一二三四五六七八九十百零〇]+\s*期|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")

# Sheets that are never item sheets: the tool's own and the other input sheets.
NOT_ITEM_SHEETS = ({s.title for s in schema.ALL_SHEETS if s is not schema.ITEMS}
                   | {schema.HOME_TITLE, schema.XLWINGS_CONF_TITLE, schema.STYLE_SHEET_TITLE, "导入说明", "催办提醒"})
# A sheet other than 周交办 is read as items when its header maps these fields.
ITEM_SHEET_FIELDS = ("lead_unit", "deadline", "status")


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int       # zero-based
    reason: str


@dataclass
class ReadTable(Table):
    """A located table with how its header was matched and which rows were skipped."""

    match: HeaderMatch | None = None
    skipped: list[SkippedRow] | None = None
    label: str = ""   # the sheet title this table was read from
    conflicts: list[tuple[int, str, int, int]] = field(default_factory=list)  # (row, field, col, other col)
    from_sections: bool = False   # 期次/交办日期 of some rows came from section title rows

    @property
    def title(self) -> str:
        return self.label or self.sheet.title

    def header(self, name: str) -> str:
        """The header of a field as the office wrote it (the standard header when not in the sheet)."""
        if self.match is not None and name in self.match.labels:
            return self.match.labels[name]
        return self.sheet.column(name).header


def _filled(grid: list[list[Any]], merges: Iterable[Merge], start: int) -> tuple[list[list[Any]], set[int]]:
    """Rows from `start` with vertically merged cells given their value on every row; and the rows
    that are one merged cell across (section titles, notes)."""
    rows = list(grid[start:])   # rows are copied only where a merge changes them
    copied: set[int] = set()
    across: set[int] = set()
    for r1, c1, r2, c2 in merges:
        if r2 < start:
            continue
        if c2 > c1 and r1 >= start and _alone_in_row(grid, r1, c1, c2):
            across.update(range(r1, r2 + 1))
            continue
        if r2 > r1 and r1 >= start:
            value = grid[r1][c1] if c1 < len(grid[r1]) else None
            for r in range(r1 + 1, min(r2, len(grid) - 1) + 1):
                if r not in copied:
                    rows[r - start] = list(rows[r - start])
                    copied.add(r)
                row = rows[r - start]
                if len(row) <= c2:
                    row.extend([None] * (c2 + 1 - len(row)))
                for c in range(c1, c2 + 1):
                    row[c] = value
    return rows, across


def _alone_in_row(grid: list[list[Any]], r: int, c1: int, c2: int) -> bool:
    """The merge's value is the only thing in its row, and the merge spans at least 3 columns."""
    if c2 - c1 < 2 or r >= len(grid):
        return False
    return all(_empty(v) for c, v in enumerate(grid[r]) if not c1 <= c <= c2)


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


class RowKind:
    """Tells why a row is not a record (or None for a record). Built once per table: the checks
    run on every row of a large ledger, so the common item row takes the short way through."""

    def __init__(self, match: HeaderMatch, header_keys: dict[str, str], keys: tuple[str, ...]):
        self.match = match
        self.key_cols = [match.columns[f] for f in keys if f in match.columns]
        # column -> the normalised header words that mean this column's field (a repeated header row)
        self.header_words: dict[int, set[str]] = defaultdict(set)
        for word, f in header_keys.items():
            if f in match.columns:
                self.header_words[match.columns[f]].add(word)
        self.again = max(2, len(match.columns) // 2)

    def __call__(self, values: list[Any]) -> str | None:
        if self._plain_record(values):
            return None
        filled = [(c, v) for c, v in enumerate(values) if v is not None and (type(v) is not str or v.strip())]
        if not filled or all(c == self.match.seq_col and _numbering(v) for c, v in filled):
            return BLANK
        if any(type(v) is str and len(v) <= 12 and v.lstrip()[:1] in "合总小共" and _total_word(v) for _c, v in filled[:3]):
            return TOTALS
        n = len(values)
        no_key = bool(self.key_cols) and all(c >= n or _empty(values[c]) for c in self.key_cols)
        if no_key or len(filled) == 1:
            first = normalise_header(filled[0][1]) if isinstance(filled[0][1], str) else ""
            if _NOTE_START.match(first):
                return NOTE
            if _SECTION.match(first):
                return SECTION
            if no_key:
                return NO_ITEM
        if str(filled[0][1]).strip() in ("1", "1.0") and _column_numbers([v for _c, v in filled]):
            return COLUMN_NUMBERS
        return HEADER_AGAIN if self._header_again(values) else None

    def _plain_record(self, values: list[Any]) -> bool:
        """The common row, decided without looking at every cell: every key field filled, the first
        one a text that is not its own header word (totals, notes, sections and 栏次 rows all leave a
        key field empty or hold a number or a header word there)."""
        n = len(values)
        if not self.key_cols:
            return False
        for c in self.key_cols:
            v = values[c] if c < n else None
            if v is None or (type(v) is str and not v.strip()):
                return False
        first = values[self.key_cols[0]]
        return type(first) is str and normalise_header(first) not in self.header_words.get(self.key_cols[0], ())

    def _header_again(self, values: list[Any]) -> bool:
        """The header repeated in the data: most key columns (and then most columns) hold their header."""
        n = len(values)

        def is_header(c: int) -> bool:
            v = values[c] if c < n else None
            return type(v) is str and len(v) <= 20 and normalise_header(v) in self.header_words.get(c, ())
        if sum(1 for c in self.key_cols if is_header(c)) < min(2, len(self.key_cols)):
            return False
        return sum(1 for c in self.header_words if is_header(c)) >= self.again


def _total_word(v: str) -> bool:
    t = normalise_header(v)
    return t in _TOTAL_WORDS or t.rstrip(":：") in _TOTAL_WORDS


def _numbering(v: Any) -> bool:
    """A 序号 value: a number or digits (pre-numbered empty rows carry nothing else)."""
    return isinstance(v, (int, float)) or str(v).strip().isdigit()


def _column_numbers(values: list[Any]) -> bool:
    """A 栏次 row under a header: 1, 2, 3 … (at least three, consecutive, as numbers or text)."""
    if len(values) < 3:
        return False
    try:
        numbers = [float(str(v).strip()) for v in values]
    except ValueError:
        return False
    return numbers == [float(i) for i in range(1, len(numbers) + 1)]


_SECTION_PERIOD = re.compile(r"第\s*([0-9]+)\s*期")
_SECTION_DATE = re.compile(r"((?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]?)")


class SectionContext:
    """期次 and 交办日期 carried by a section title row ("第39期（9月28日交办）") onto the items below it,
    for an item sheet whose rows leave them empty (or that has no such columns: a column is added
    at the right of the row, labelled 分段标题)."""

    def __init__(self, match: HeaderMatch, sheet: schema.Sheet, width: int = 0):
        self.match = match
        self.width = width   # the widest row: an added column goes right of any data
        self.active = sheet is schema.ITEMS
        self.values: dict[str, Any] = {}
        self.used = False

    def read(self, values: list[Any]) -> None:
        if not self.active:
            return
        text = " ".join(str(v) for v in values if not _empty(v))
        from .dates import arabic_numerals
        text = arabic_numerals(text)
        period, date = _SECTION_PERIOD.search(text), _SECTION_DATE.search(text)
        self.values = {}
        if period:
            self.values["period"] = int(period[1])
        if date:
            self.values["assigned"] = SectionDate(date[1].replace(" ", ""))

    def fill(self, values: list[Any]) -> list[Any]:
        if not self.values:
            return values
        for name, value in self.values.items():
            col = self.match.columns.get(name)
            if col is None:
                col = self.match.columns[name] = self._virtual_column(name)
            if col >= len(values) or _empty(values[col]):
                values = list(values) + [None] * max(0, col + 1 - len(values))
                values[col] = value
                self.used = True
        return values

    def _virtual_column(self, name: str) -> int:
        """A column right of every real one (and of one added before) to carry the section's value."""
        used = set(self.match.columns.values()) | set(self.match.unused)
        col = max(max(used, default=-1) + 1, self.width)
        self.width = col + 1
        self.match.labels[name] = "（分段标题）"
        self.match.how[name] = SECTION_HOW
        return col


SECTION_HOW = "分段标题"


class SectionDate(str):
    """A date taken from a section title: read without the typed-as-text warning."""


def _merge_duplicates(values: list[Any], match: HeaderMatch) -> tuple[list[Any], list[tuple[str, int, int]]]:
    """A field named by two columns (完成日期 and 办结日期) is read row by row: the first column's value,
    else the other's. Returns the row's values and (field, column, other column) where both are
    filled and differ."""
    conflicts = []
    for name, cols in match.duplicates.items():
        first = cols[0]
        for other in cols[1:]:
            a = values[first] if first < len(values) else None
            b = values[other] if other < len(values) else None
            if _empty(b):
                continue
            if _empty(a):
                values = list(values) + [None] * max(0, first + 1 - len(values))
                values[first] = b
            elif a != b:
                conflicts.append((name, first, other))
    return values, conflicts


def read_table(book: RawBook, title: str, sheet: schema.Sheet, *, user_names: dict[str, str] | None = None,
               match: HeaderMatch | None = None) -> ReadTable | None:
    """The table on sheet `title` read as `sheet`'s columns; None when the sheet is missing or has no header."""
    grid = book.grid(title)
    if grid is None:
        return None
    merges = book.merges.get(title, ())
    match = match or map_headers(grid, sheet, title=title, merges=merges, user_names=user_names)
    if match is None:
        return None
    start = match.last_row + 1
    rows, across = _filled(grid, merges, start)
    totals = book.totals_rows.get(title, set())
    keys = {normalise_header(c.header): c.name for c in sheet.columns}
    keys.update({normalise_header(match.labels[f]): f for f in match.labels})
    data: list[tuple[int, list[Any]]] = []
    skipped: list[SkippedRow] = []
    conflicts: list[tuple[int, str, int, int]] = []
    context = SectionContext(match, sheet, max((len(r) for r in rows), default=0))
    kind = RowKind(match, keys, KEY_FIELDS.get(sheet.key, ()))
    for r, values in enumerate(rows, start=start):
        reason = TOTALS if r in totals else MERGED if r in across else kind(values)
        if reason is None:
            if match.duplicates:
                values, found = _merge_duplicates(values, match)
                conflicts += [(r, *c) for c in found]
            data.append((r, context.fill(values)))
        else:
            if reason in (MERGED, SECTION):
                context.read(values)
            skipped.append(SkippedRow(title, r, reason))
    return ReadTable(sheet, match.last_row, dict(match.columns), data, {t: c for c, t in match.unused.items()},
                     match=match, skipped=skipped, label=title, conflicts=conflicts, from_sections=context.used)


def table_findings(table: ReadTable) -> list[Finding]:
    """What the reader says about a table: columns with content but no header, two columns of one
    field that disagree, rows not read."""
    out = headless_columns(table) + conflict_findings(table) + skipped_findings(table)
    if table.from_sections:
        out.append(Finding(INFO, table.title, cell_ref(table.header_row, 0), "期次、交办日期",
                           "期次、交办日期空着的事项，按其上方的分段标题（如“第39期（9月28日交办）”）读取",
                           "如某事项不属于其上方的那一期，请在该行填写期次和交办日期"))
    return out


def conflict_findings(table: ReadTable) -> list[Finding]:
    """An 错误 on each row where two columns of one field hold different values."""
    m = table.match
    out = []
    for r, name, col, other in table.conflicts:
        a, b = m.labels.get(name, ""), m.dup_labels.get(other, "")
        values = table.row_values(r)
        out.append(Finding(ERROR, table.title, cell_ref(r, other), table.header(name),
                           f"“{a}”（{column_letter(col)}列）是“{_quote(values, col)}”，“{b}”（{column_letter(other)}列）"
                           f"却是“{_quote(values, other)}”，不知以哪个为准",
                           "请删除其中一列，或把两列改成一致", name))
    return out


def _quote(values: list[Any], c: int) -> str:
    v = values[c] if c < len(values) else None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def headless_columns(table: ReadTable) -> list[Finding]:
    """A 警告 for each column that holds data below an empty header cell (e.g. a header merged
    across two columns): its content is not read."""
    m = table.match
    if m is None or not table.rows:
        return []
    named = set(m.columns.values()) | set(m.unused) | {c for cols in m.duplicates.values() for c in cols}
    if m.seq_col is not None:
        named.add(m.seq_col)
    width = max((len(v) for _r, v in table.rows), default=0)
    unnamed = [c for c in range(width) if c not in named]
    counts: dict[int, int] = defaultdict(int)
    for c in unnamed:   # usually none: every column has a header
        for _r, values in table.rows:
            if c < len(values) and not _empty(values[c]):
                counts[c] += 1
    out = []
    for c in sorted(counts):
        out.append(Finding(WARNING, table.title, cell_ref(m.last_row, c), "表头",
                           f"{column_letter(c)}列有内容（{counts[c]} 行）但没有表头，未读取",
                           "如需读取，请给这一列加上表头（如“交办领导”）；表头单元格不要跨列合并"))
    return out


def skipped_findings(table: ReadTable) -> list[Finding]:
    """One 提示 per sheet listing the rows that were not read as records (blank rows only counted)."""
    if not table.skipped:
        return []
    by_reason: dict[str, list[int]] = defaultdict(list)
    for s in table.skipped:
        by_reason[s.reason].append(s.row)
    blank = by_reason.pop(BLANK, [])
    last_data = max((r for r, _v in table.rows), default=-1)
    inner_blank = [r for r in blank if r < last_data]   # blank rows below the last item are not worth a word
    parts = [f"{reason} 第 {_rows_text(rows)} 行" for reason, rows in by_reason.items()]
    if inner_blank:
        parts.append(f"空行 第 {_rows_text(inner_blank)} 行")
    if not parts:
        return []
    first = min(r for rows in by_reason.values() for r in rows) if by_reason else inner_blank[0]
    what = "事项" if table.sheet is schema.ITEMS else "记录"
    return [Finding(INFO, table.label, cell_ref(first, 0), "整行",
                    f"以下行不是{what}，未计入：" + "；".join(parts),
                    f"如某行其实是{what}，请把它改成与其他{what}行相同的格式（不要合并单元格）")]


def _rows_text(rows: list[int], limit: int = 12) -> str:
    shown = "、".join(str(r + 1) for r in rows[:limit])
    return shown + (f" 等 {len(rows)} 行" if len(rows) > limit else "")


def item_sheets(book: RawBook, user_names: Callable[[str], dict[str, str]] = lambda _t: {},
                excluded: Iterable[str] = (), optional: Iterable[str] = ()) -> tuple[list[ReadTable], list[Finding]]:
    """周交办 and every other sheet whose header maps the item fields (month sheets, a renamed
    sheet), in workbook order with 周交办 first. Raises BadWorkbook when there is none.
    `optional`: required fields the caller supplies itself (adopt proposes 办理状态 from the progress)."""
    optional = frozenset(optional)
    needed = tuple(f for f in ITEM_SHEET_FIELDS if f not in optional)
    skip = set(NOT_ITEM_SHEETS) | set(excluded)
    tables: list[ReadTable] = []
    near: list[tuple[int, str, HeaderMatch]] = []
    findings: list[Finding] = []
    titles = [t for t in book.sheets if t == schema.ITEMS.title] + [t for t in book.sheets if t != schema.ITEMS.title]
    for title in titles:
        if title in skip:
            continue
        grid = book.grid(title)
        match = map_headers(grid, schema.ITEMS, title=title, merges=book.merges.get(title, ()),
                            user_names=user_names(title))
        if match is None:
            continue
        if title != schema.ITEMS.title and not all(f in match.columns for f in needed):
            if len(match.columns) >= 3:
                near.append((len(match.columns), title, match))
            continue
        table = read_table(book, title, schema.ITEMS, match=match)
        assert table is not None
        if title != schema.ITEMS.title and not table.rows:
            continue
        tables.append(table)
    if not tables:
        raise BadWorkbook(_no_item_sheet(near, list(book.sheets)))
    for table in tables:
        require_columns(table.match, schema.ITEMS, optional)
    for _n, title, match in sorted(near, reverse=True):
        findings.append(Finding(WARNING, title, cell_ref(match.last_row, 0), "表头",
                                f"工作表“{title}”的表头像是交办事项，但缺少 {_lacking(match)} 列，未作为事项读取",
                                "如果它是事项表，请补上这些列或在参数表【列名对照】中登记本单位列名；"
                                "如果不是，可在参数表【排除工作表】中登记它"))
    return tables, findings


def require_columns(match: HeaderMatch | None, sheet: schema.Sheet, optional: frozenset[str] = frozenset()) -> None:
    """Refuse a table lacking a column the scores need (other than `optional`), naming the closest header."""
    if match is None:
        raise BadWorkbook(f"工作表“{sheet.title}”中找不到表头。请保留表头行（如“{'、'.join(sheet.headers[:4])}…”）后再运行")
    missing = [c for c in sheet.columns if c.required and c.name not in match.columns and c.name not in optional]
    if not missing:
        return
    names = "、".join(f"“{m.header}”" for m in missing)
    hints = []
    for m in missing:
        like = resembling(m.header, match.unused.values(), m.aliases)
        if like:
            hints.append(f"表头中的“{like}”如果就是“{m.header}”，请改名或在参数表【列名对照】中登记“{like} → {m.header}”")
    hint = "；".join(hints) if hints else "请补上这些列，或在参数表【列名对照】中登记本单位使用的列名"
    raise BadWorkbook(f"工作表“{match.sheet}”第 {match.last_row + 1} 行的表头中缺少 {names} 列。{hint}")


def _lacking(match: HeaderMatch) -> str:
    """The item-sheet columns a header lacks, quoted: “完成时限”、“办理状态”."""
    return "、".join(f"“{schema.ITEMS.column(f).header}”" for f in ITEM_SHEET_FIELDS if f not in match.columns)


ADOPT_HINT = ("。原台账没有参数表、也没有办理状态列时，可用 duban adopt 原台账 -o 新台账.xlsm 转为 duban 台账"
              "（办理状态按进展情况推断，请核对）")


def _no_item_sheet(near: list[tuple[int, str, HeaderMatch]], titles: list[str]) -> str:
    if near:
        best = sorted(near, reverse=True)[:2]
        parts = []
        for _n, title, match in best:
            parts.append(f"“{title}”缺少 {_lacking(match)}")
        return ("找不到交办事项表（“周交办”或表头含 牵头单位、完成时限、办理状态 的工作表）。最接近的是："
                + "；".join(parts) + "。请补上这些列，或在参数表【列名对照】中登记本单位使用的列名"
                + (ADOPT_HINT if any("status" not in m.columns for _n, _t, m in best) else ""))
    return (f"找不到交办事项表：工作簿中的工作表（{'、'.join(titles[:12])}）都没有 牵头单位、完成时限、办理状态 这样的表头。"
            "请把事项放在名为“周交办”的工作表中，或用 duban new 生成模板对照")

"""Reading a table as the office keeps it: data rows below a found header, merged cells
filled down, rows that are not records skipped and reported (SPEC §7).

Shared by the in-place reader (`duban.read.ledger`) and `duban adopt`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from duban import schema
from duban.dates import arabic_numerals, parse_date
from duban.errors import BadWorkbook
from duban.findings import ERROR, INFO, WARNING, Finding, at
from duban.model import Table
from duban.names import normalise_name
from duban.read.answer_record import SUMMARY_TITLE as ANSWER_SUMMARY
from duban.read.answer_record import TITLE as ANSWER_RECORD
from duban.read.answer_record import cell_text
from duban.read.book import RawBook
from duban.read.headers import HeaderMatch, Merge, map_headers, normalise_header, resembling
from duban.xlsxio.cells import col_letters

TOTALS, MERGED, NOTE, SECTION, BLANK, HEADER_AGAIN, NO_ITEM, COLUMN_NUMBERS = (
    "合计行", "整行合并的标题行", "填写说明", "分段标题行", "空行", "重复的表头行", "没有事项内容的行", "栏次行")
HINT, EXAMPLE, OTHER_TABLE = ("表头下的填写提示行", "填写示例行",
                              "台账下方另起的表格（标题、表头及其各行，如汇总表）")
# Fields that make a row a record: a row with none of them filled is not an item (its other cells are
# a note, a section title, a pre-numbered empty row).
# Only item sheets: on the registers a half-filled row is a record with missing fields (an error).
KEY_FIELDS = {"items": ("lead_unit", "content", "deadline", "status")}

_TOTAL_WORDS = {"合计", "总计", "小计", "共计", "合计数", "总数"}
_NOTE_START = re.compile(r"^(填写说明|填表说明|填报说明|说明|注|备注|附注|提示|制表人|制表|审核人|审核|填报人|"
                         r"联系人|制表单位|制表日期|填报单位|填报日期|报送单位|单位负责人)")
# A row under the header telling how to fill each column: 自动生成 / 年/月/日 / 下拉选择 / 填写全称.
_HINT = re.compile(r"(自动|公式|下拉|选择|选填|必填|填写|填报|填全称|全称|格式|年/月/日|年-月-日|年\.月\.日|年月日|"
                   r"yyyy|mm|dd|如[:：]|例[:：]|示例|不填|无需|可不|请填|请选|文本|数字|日期型?$|是/否|好/较好)", re.I)
# Words of a header row of another table (a summary under the ledger: 单位 交办数 办结数 办结率).
_OTHER_HEADER = re.compile(r"(单位|名称|序号|数|率|合计|小计|排名|名次|得分|分值|类别|项目|件|情况|备注|月份|时间|"
                           r"汇总|统计|比例|占比|次数|金额|总计)")
_EXAMPLE = re.compile(r"^(示例|样例|范例|举例|例|填报示例|填写示例|填表示例|参考示例|例子)\d*[:：]?$")
_COUNT_HEADER = re.compile(r"(数|率|合计|小计|总计|序号|排名|名次|得分|比例|占比|次数|汇总)$|^(序号|合计|排名|名次)")
_SECTION = re.compile(r"^(第\s*[0-9一二三四五六七八九十百零〇]+\s*期|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")

# Sheets that are never item sheets: the tool's own and the other input sheets.
NOT_ITEM_SHEETS = ({s.title for s in schema.ALL_SHEETS if s is not schema.ITEMS}
                   | {schema.HOME_TITLE, schema.XLWINGS_CONF_TITLE, schema.STYLE_SHEET_TITLE, "导入说明", "催办提醒",
                      ANSWER_RECORD, ANSWER_SUMMARY})
# A sheet other than 周交办 is read as items when its header maps these fields.
ITEM_SHEET_FIELDS = ("lead_unit", "deadline", "status")


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int       # zero-based
    reason: str


@dataclass(kw_only=True)
class ReadTable(Table):
    """A located table with how its header was matched and which rows were skipped."""

    match: HeaderMatch
    skipped: list[SkippedRow]
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


def hint_row(values: list[Any]) -> bool:
    """A row of fill-in hints under the header: at least two texts, most of them hint phrases."""
    filled = [v for v in values if not _empty(v)]
    hints = sum(1 for v in filled if type(v) is str and _HINT.search(normalise_header(v) or v))
    return hints >= 2 and hints * 3 >= len(filled) * 2   # an example date cell among the hints is allowed


def example_row(values: list[Any]) -> bool:
    """A filled-in example under the header, marked in its first cell: 示例, 例, 样例, 填报示例 …"""
    first = next((v for v in values if not _empty(v)), None)
    return type(first) is str and _EXAMPLE.match(normalise_header(first)) is not None


def other_header(values: list[Any]) -> bool:
    """The header row of another table (below the ledger, after a gap): short texts without digits,
    at least half of them header words (单位, 交办数, 办结率 …)."""
    filled = [v for v in values if not _empty(v)]
    if len(filled) < 2 or not all(type(v) is str and len(v.strip()) <= 12 for v in filled):
        return False
    if sum(1 for v in filled if _OTHER_HEADER.search(v)) * 2 < len(filled):
        return False
    if sum(1 for v in filled if _COUNT_HEADER.search(v)) < 2:   # 交办数, 办结率, 序号, 合计 …
        return False
    return not any(parse_date(v, 2000).value for v in filled)   # an item typed as text has dates


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
        col = virtual_column(self.match, name, "（分段标题）", SECTION_HOW, self.width)
        self.width = col + 1
        return col


SECTION_HOW = "分段标题"
SHEET_NAME_HOW = "工作表名"


def virtual_column(match: HeaderMatch, name: str, label: str, how: str, width: int) -> int:
    """A column right of every real one (and of any added before, and of all data) to carry a value
    the sheet does not hold in a column of its own (a section title's, the sheet name's)."""
    used = set(match.columns.values()) | set(match.unused)
    col = max(max(used, default=-1) + 1, width)
    match.columns[name] = col
    match.labels[name] = label
    match.how[name] = how
    return col


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
               match: HeaderMatch | None = None, fixed: dict[str, Any] | None = None) -> ReadTable | None:
    """The table on sheet `title` read as `sheet`'s columns; None when the sheet is missing or has no header.
    `fixed` gives fields the sheet has no column for one value on every record (a sheet per unit:
    its 牵头单位), in a column added right of the data."""
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
    items = sheet.key in KEY_FIELDS
    gap = other = False   # after a gap a row may open another table, which runs to the next blank row
    for r, values in enumerate(rows, start=start):
        if other:
            other = kind(values) != BLANK
            skipped.append(SkippedRow(title, r, OTHER_TABLE if other else BLANK))
            gap = not other
            continue
        reason = TOTALS if r in totals else MERGED if r in across else kind(values)
        if reason is None and not data:   # hints on any sheet (单位 too); examples on item sheets
            reason = HINT if hint_row(values) else EXAMPLE if items and example_row(values) else None
        if items and gap and reason in (None, NO_ITEM) and other_header(values):
            reason, other = OTHER_TABLE, True
            if skipped and skipped[-1].row == r - 1 and skipped[-1].reason in _TITLE_LIKE:
                skipped[-1] = SkippedRow(title, r - 1, OTHER_TABLE)   # the block's own title
        gap = reason in _GAP
        if reason is None:
            if match.duplicates:
                values, found = _merge_duplicates(values, match)
                conflicts += [(r, *c) for c in found]
            data.append((r, context.fill(values)))
        else:
            if reason in (MERGED, SECTION):
                context.read(values)
            skipped.append(SkippedRow(title, r, reason))
    for name, value in (fixed or {}).items():
        col = virtual_column(match, name, f"（{SHEET_NAME_HOW}）", SHEET_NAME_HOW, context.width)
        context.width = col + 1
        data = [(r, _with(values, col, value)) for r, values in data]
    return ReadTable(sheet, match.last_row, dict(match.columns), data, {t: c for c, t in match.unused.items()},
                     match=match, skipped=skipped, label=title, conflicts=conflicts, from_sections=context.used)


_TITLE_LIKE = (MERGED, NO_ITEM, NOTE, SECTION)
_GAP = (BLANK, TOTALS) + _TITLE_LIKE   # rows after which another table may start


def _with(values: list[Any], col: int, value: Any) -> list[Any]:
    out = list(values) + [None] * max(0, col + 1 - len(values))
    out[col] = value
    return out


def table_findings(table: ReadTable) -> list[Finding]:
    """What the reader says about a table: columns with content but no header, two columns of one
    field that disagree, rows not read."""
    out = headless_columns(table) + conflict_findings(table) + skipped_findings(table)
    if table.from_sections:
        out.append(Finding("section-periods", INFO, table.title, *at(table.header_row, 0), "期次、交办日期",
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
        out.append(Finding("conflicting-columns", ERROR, table.title, *at(r, other), table.header(name),
                           f"“{a}”（{col_letters(col)}列）是“{_quote(values, col)}”，“{b}”（{col_letters(other)}列）"
                           f"却是“{_quote(values, other)}”，不知以哪个为准",
                           "请删除其中一列，或把两列改成一致", name))
    return out


def _quote(values: list[Any], c: int) -> str:
    v: Any = values[c] if c < len(values) else None
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
        out.append(Finding("headerless-column", WARNING, table.title, *at(m.last_row, c), "表头",
                           f"{col_letters(c)}列有内容（{counts[c]} 行）但没有表头，未读取",
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
    return [Finding("skipped-rows", INFO, table.label, *at(first, 0), "整行",
                    f"以下行不是{what}，未计入：" + "；".join(parts),
                    f"如某行其实是{what}，请把它改成与其他{what}行相同的格式（不要合并单元格）")]


def _rows_text(rows: list[int], limit: int = 12) -> str:
    shown = "、".join(str(r + 1) for r in rows[:limit])
    return shown + (f" 等 {len(rows)} 行" if len(rows) > limit else "")


def item_sheets(book: RawBook, user_names: Callable[[str], dict[str, str]] = lambda _t: {},
                excluded: Iterable[str] = (), unit_of: Callable[[str], str | None] = lambda _t: None,
                optional: Iterable[str] = ()) -> tuple[list[ReadTable], list[Finding]]:
    """周交办 and every other sheet whose header maps the item fields (month sheets, a renamed
    sheet), in workbook order with 周交办 first. A sheet named after a unit (`unit_of` its title)
    whose header lacks 牵头单位 gives its rows that unit. Copies of items held by another sheet are
    left out (drop_copies). Raises BadWorkbook when there is no item sheet, or when no item is
    read while a sheet that looks like items holds rows. `optional`: required fields the caller
    supplies itself (adopt proposes 办理状态 from the progress)."""
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
        fixed = {}
        if title != schema.ITEMS.title and not all(f in match.columns for f in needed):
            unit = unit_of(title) if _unit_sheet_header(match) else None
            if unit is None:
                if len(match.columns) >= 3:
                    near.append((len(match.columns), title, match))
                continue
            fixed = {"lead_unit": unit}
        table = read_table(book, title, schema.ITEMS, match=match, fixed=fixed)
        assert table is not None
        if title != schema.ITEMS.title and not table.rows:
            continue
        if fixed:
            findings.append(_unit_sheet_finding(table, fixed["lead_unit"], len(table.rows)))
        elif title != schema.ITEMS.title and (unit := unit_of(title)) is not None:
            filled = _fill_empty(table, "lead_unit", unit)
            if filled:
                findings.append(_unit_sheet_finding(table, unit, filled))
        tables.append(table)
    if not tables:
        raise BadWorkbook(_no_item_sheet(near, list(book.sheets)))
    for table in tables:
        require_columns(table.match, schema.ITEMS, optional)
    tables, copies = drop_copies(tables)
    findings += copies
    _refuse_unread_items(book, [n for n in near if _unit_sheet_header(n[2])], "")
    if not any(t.rows for t in tables):
        _refuse_unread_items(book, near, "“周交办”中没有事项，而")
    for _n, title, match in sorted(near, reverse=True):
        findings.append(Finding("not-item-table", WARNING, title, *at(match.last_row, 0), "表头",
                                f"工作表“{title}”的表头像是交办事项，但缺少 {_lacking(match)} 列，未作为事项读取",
                                "如果它是事项表，请补上这些列或在参数表【列名对照】中登记本单位列名；"
                                "如果不是，可在参数表【排除工作表】中登记它"))
    return tables, findings


def _unit_sheet_header(match: HeaderMatch) -> bool:
    """An item header but for 牵头单位: the layout of a sheet kept per unit."""
    return "lead_unit" not in match.columns and all(f in match.columns for f in ITEM_SHEET_FIELDS if f != "lead_unit")


def _unit_sheet_finding(table: ReadTable, unit: str, count: int) -> Finding:
    how = "没有“牵头单位”列" if table.match.how.get("lead_unit") == SHEET_NAME_HOW else f"有 {count} 行“牵头单位”空着"
    return Finding("lead-from-sheet-name", INFO, table.title, *at(table.header_row, 0), "牵头单位",
                   f"工作表“{table.title}”{how}，按表名把其中 {count} 件事项计为“{unit}”牵头",
                   "如果表中有别的单位牵头的事项，请加一列“牵头单位”逐行填写")


def _fill_empty(table: ReadTable, name: str, value: Any) -> int:
    """Give an empty cell of `name` the value on every row (a sheet per unit leaving 牵头单位 blank)."""
    col = table.columns[name]
    count = 0
    for i, (r, values) in enumerate(table.rows):
        if col >= len(values) or _empty(values[col]):
            table.rows[i] = (r, _with(values, col, value))
            count += 1
    return count


def _refuse_unread_items(book: RawBook, near: list[tuple[int, str, HeaderMatch]], lead: str) -> None:
    """Refuse when a sheet that looks like items holds rows that are not read: a sheet kept per unit
    whose name is not a registered unit (its items would be missing in silence), or any item-like
    sheet when no item is read at all (never an empty ranking)."""
    holding = []
    for _n, title, match in sorted(near, reverse=True):
        t = read_table(book, title, schema.ITEMS, match=match)
        if t is not None and t.rows:
            holding.append(f"“{title}”（{len(t.rows)} 行，缺少 {_lacking(match)} 列）")
    if not holding:
        return
    unit_hint = ("；如果这是一个单位一张表，请把表名改成“单位”表中登记的单位名称或简称（或在该单位的简称中登记表名），"
                 "表中没有“牵头单位”列时按表名计入该单位" if any("牵头单位" in h for h in holding) else "")
    raise BadWorkbook(f"{lead}这些工作表像是事项表却没有读取：" + "；".join(holding)
                      + "。请补上缺少的列，或在参数表【列名对照】中登记本单位列名" + unit_hint
                      + "；不是事项表的，可在参数表【排除工作表】中登记。为免得出缺少事项的排名，本次未运行")


# ---- copies of items held by another sheet ----------------------------------------------------------

def _key_text(v: Any) -> str:
    """A cell as compared across sheets: its text (answer_record.cell_text) without any spaces."""
    return "".join(cell_text(v).split())


def _id_text(v: Any) -> str:
    """An 编号 as compared across sheets: 001, 1 and 1.0 are one number."""
    t = _key_text(v)
    return str(int(t)) if t.isdigit() else t


class _Key(NamedTuple):
    """What tells two rows apart as items."""

    id: str
    content: str
    lead: Any                # as typed when there is an 编号, else normalised
    dates: tuple[str, str]   # 交办日期 and 完成时限


def _item_keys(table: ReadTable) -> list[_Key]:
    cols = [table.columns.get(n) for n in ("id", "content", "lead_unit", "assigned", "deadline")]

    def cell(values: list[Any], c: int | None) -> Any:
        return values[c] if c is not None and c < len(values) else None
    out = []
    for _r, v in table.rows:
        id_, content = _id_text(cell(v, cols[0])), _key_text(cell(v, cols[1]))
        dates = (_key_text(cell(v, cols[3])), _key_text(cell(v, cols[4])))
        # with an 编号 the lead unit is compared only when the content differs
        out.append(_Key(id_, content, cell(v, cols[2]) if id_ else normalise_name(cell(v, cols[2])), dates))
    return out


class _Seen:
    """Items of the sheets read so far. A row repeats one of them when it has the same 编号 and the same
    content, or the same 编号, lead unit, assignment date and deadline (a unit's copy may reword the
    content; month sheets numbered from 1 each are not copies of each other); without 编号, when lead
    unit, content, assignment date and deadline are all the same."""

    def __init__(self) -> None:
        self.by_id: dict[str, tuple[_Key, tuple[ReadTable, int, list[Any]]]] = {}
        self.by_row: dict[tuple, tuple[ReadTable, int, list[Any]]] = {}

    def master(self, key: _Key, table: ReadTable) -> tuple[ReadTable, int, list[Any]] | None:
        if key.id:
            hit = self.by_id.get(key.id)
            if hit is None or hit[1][0] is table:
                return None
            other = hit[0]
            same = (key.content and key.content == other.content) or (
                key.dates == other.dates and key.lead and normalise_name(key.lead) == normalise_name(other.lead))
            return hit[1] if same else None
        if not (key.lead and key.content):
            return None
        hit2 = self.by_row.get((key.lead, key.content, key.dates))
        return hit2 if hit2 is not None and hit2[0] is not table else None

    def add(self, key: _Key, where: tuple[ReadTable, int, list[Any]]) -> None:
        if key.id:
            self.by_id.setdefault(key.id, (key, where))
        elif key.lead and key.content:
            self.by_row.setdefault((key.lead, key.content, key.dates), where)


def drop_copies(tables: list[ReadTable]) -> tuple[list[ReadTable], list[Finding]]:
    """Rows that repeat an item of another sheet (a copy per unit beside the master, a copied 已办结
    sheet) are left out, each sheet's copies reported once. The sheet read is 周交办, else the one
    holding more items: copies are made from the master and lag behind it."""
    if sum(1 for t in tables if t.rows) < 2:   # the usual ledger: one item sheet
        return tables, []
    order = sorted(range(len(tables)), key=lambda i: (tables[i].title != schema.ITEMS.title, -len(tables[i].rows), i))
    seen = _Seen()
    findings: list[Finding] = []
    dropped: set[int] = set()
    for i in order:
        t = tables[i]
        keep, copies, kept_keys = [], [], []
        for (r, values), key in zip(t.rows, _item_keys(t)):
            master = seen.master(key, t)
            if master is not None:
                copies.append((r, values, master))
            else:
                keep.append((r, values))
                kept_keys.append(key)
        for (r, values), key in zip(keep, kept_keys):
            seen.add(key, (t, r, values))
        if copies:
            findings.append(_copy_finding(t, copies, whole=not keep))
            t.rows = keep
            if not keep and t.title != schema.ITEMS.title:
                dropped.add(i)
    return [t for i, t in enumerate(tables) if i not in dropped], findings


def _copy_finding(t: ReadTable, copies: list[tuple[int, list[Any], tuple[ReadTable, int, list[Any]]]],
                  whole: bool) -> Finding:
    masters = list(dict.fromkeys(m[0].title for _r, _v, m in copies))
    main = next(m[0] for _r, _v, m in copies)
    differ: list[str] = []
    names = [n for n in ("status", "completed", "adjusted_deadline", "grade") if n in t.columns]
    for r, values, (mt, _mr, mv) in copies:
        for name in names:
            if name in mt.columns and mt.value(mv, name) != t.value(values, name):
                a, b = _key_text(mt.value(mv, name)), _key_text(t.value(values, name))
                if a == b:
                    continue
                if len(differ) < 3:
                    label = _key_text(t.value(values, "id")) or f"第{r + 1}行"
                    differ.append(f"{label}：“{mt.title}”为“{a or '空'}”，本表为“{b or '空'}”（{t.header(name)}）")
                else:
                    differ.append("")
                break
    rows = [r for r, _v, _m in copies]
    what = "整张表都是" if whole else f"第 {_rows_text(rows)} 行是"
    msg = (f"工作表“{t.title}”{what}“{'”“'.join(masters)}”中已有事项的副本（{len(rows)} 件，编号相同，或牵头单位、内容和日期都相同），"
           "未计入统计和考评")
    if differ:
        msg += (f"；其中 {len(differ)} 件与“{main.title}”不同（{'；'.join(differ[:3])}{' 等' if len(differ) > 3 else ''}），"
                f"按“{main.title}”读取，因为它是总台账（{len(main.rows)} 件事项），副本往往没有随之更新")
    hint = (f"如副本中的办理情况更新，请抄回“{main.title}”；如果本表另有新事项，请给它们新的编号；"
            f"不需要时可在参数表【排除工作表】中登记“{t.title}”")
    return Finding("copy-sheet", WARNING, t.title, *at(rows[0], 0), "整行", msg, hint)


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

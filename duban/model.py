"""The ledger as typed records: what the readers make and the rules and renderers use.

Nothing here reads a file or computes a score: the readers (duban.read) fill these types, the rules
(duban.rules) and renderers (duban.render) only consume them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from duban import schema
from duban.findings import Finding
from duban.names import Register, split_aliases, without_invisible
from duban.schema import Sheet
from duban.workdays import Calendar

WARNING_MEASURE, ACCOUNTABILITY_MEASURE = "预警", "启动问责程序"
DEFAULT_DISTRICT = "示范区"


def text(v: Any) -> str:
    """Cell value as trimmed text ('' for empty); 3.0 -> '3'."""
    if v is None:
        return ""
    if type(v) is str:
        return v.strip()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()[:10]
    return str(v).strip()


def word(v: Any) -> str:
    """A vocabulary cell (办理状态, 点评等次, 事项类别) as text, characters that print as nothing removed."""
    return _clean_word(text(v))


@lru_cache(maxsize=4096)   # a vocabulary has few words: each is cleaned once
def _clean_word(t: str) -> str:
    return without_invisible(t).strip()


def raw_text(v: Any) -> str:
    """Like text() but keeps leading/trailing spaces, so validation can point them out."""
    if type(v) is str:
        return v if v.strip() else ""
    return text(v)


@dataclass
class Unit:
    row: int
    name: str
    short: str
    group: str
    leader: str
    evaluated: bool
    order: float


@dataclass
class Item:
    """One row of an item sheet (周交办, a month sheet …). Names are raw text; `lead_unit` is
    resolved by validation."""

    row: int
    id: str
    period: int | None
    assigned: dt.date | None
    leader: str
    lead_raw: str
    co_raw: str
    content: str
    category: str
    deadline: dt.date | None
    adjusted: dt.date | None
    status: str
    completed: dt.date | None
    progress: str
    feedback: dt.date | None
    grade: str
    lead_unit: str | None = None
    sheet: str = schema.ITEMS.title
    seq: str = ""               # 序号 where the sheet has one
    long_term: bool = False     # 长期/持续推进: no deadline, never due, never overdue
    extension_requested: dt.date | None = None   # 申请延期日期
    extensions: int | None = None                # 延期次数 as typed (None: empty or no such column)
    table: Any = field(default=None, repr=False, compare=False)  # the Table it was read from
    closed: dt.date | None = None   # 销号日期 (an optional column beside 完成日期; issue 20)

    @property
    def effective_deadline(self) -> dt.date | None:
        return self.adjusted or self.deadline

    @property
    def ref(self) -> str:
        """How the item is named to the user: its 编号, else its sheet and 序号 or row."""
        if self.id:
            return self.id
        where = "" if self.sheet == schema.ITEMS.title else f"“{self.sheet}”"
        return f"{where}序号{self.seq}" if self.seq else f"{where}第{self.row + 1}行"


@dataclass
class Review:
    row: int
    id: str
    date: dt.date | None
    category: str
    description: str
    unit_raw: str
    deadline: dt.date | None
    status: str
    resolved: dt.date | None
    unit: str | None = None
    revisit: dt.date | None = None   # 回头看日期 (optional column)
    revisit_finding: str = ""        # 回头看结论 (optional column; 参数【回头看结论】 says which reopen)


@dataclass
class Adjustment:
    row: int
    month: str | None
    unit_raw: str
    points: float | None
    reason: str
    unit: str | None = None


@dataclass
class HistoryRow:
    row: int
    month: str
    group: str
    rank: int | None
    unit: str
    score: float | None
    result: str
    state: str


@dataclass
class Ledger:
    settings: Settings
    year: int
    units: list[Unit]
    leaders: list[str]
    items: list[Item]
    reviews: list[Review]
    adjustments: list[Adjustment]
    history: list[HistoryRow]
    tables: dict[str, Table]
    findings: list[Finding] = field(default_factory=list)
    # Rows of the computed sheets the tool keeps across runs.
    kept: dict[str, list[list[Any]]] = field(default_factory=dict)
    # The version of the file these rows were read from (None when read through Excel).
    signature: tuple[int, int, int] | None = None
    # Every sheet read as items, 周交办 first; tables["items"] is the first of them.
    item_tables: Sequence[Table] = field(default_factory=list)
    has_leader_sheet: bool = True

    @property
    def keeps_closure(self) -> bool:
        """An item sheet has a 销号 column of its own (销号日期 beside 完成日期, 销号确认日期 …)."""
        return any("closed" in t.columns for t in self.item_tables)

    @property
    def keeps_revisits(self) -> bool:
        """周研判 has a 回头看日期 or 回头看结论 column."""
        t = self.tables.get("reviews")
        return t is not None and ("revisit" in t.columns or "revisit_finding" in t.columns)

    def item_table(self, item: Item) -> Table:
        """The table an item was read from."""
        return item.table or self.tables["items"]

    # Built once per ledger, so every rule shares one register and its resolution cache.
    @cached_property
    def unit_register(self) -> Register:
        return unit_register_of(self.units, self.settings.district)

    @cached_property
    def leader_register(self) -> Register:
        return Register(self.leaders)


def unit_register_of(units: list[Unit], district: str) -> Register:
    """The registered units, found by name, 简称 and, as a last resort, the standard abbreviations."""
    from duban.unitwords import unit_key

    return Register([u.name for u in units], {alias: u.name for u in units for alias in split_aliases(u.short)},
                    key=lambda name: unit_key(name, district))


@dataclass
class Table:
    """A sheet located by name, its columns located by header text."""

    sheet: Sheet
    header_row: int
    columns: dict[str, int]            # field name -> zero-based column
    rows: list[tuple[int, list[Any]]]  # (zero-based sheet row, values)
    extra: dict[str, int] = field(default_factory=dict)  # unknown header -> column
    _by_row: dict[int, list[Any]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.sheet.title

    def value(self, values: list[Any], name: str) -> Any:
        c = self.columns.get(name)
        if c is None:
            return None
        try:
            return values[c]
        except IndexError:
            return None

    def row_values(self, row: int) -> list[Any]:
        """The values of a zero-based sheet row ([] for a row that is not a data row)."""
        if self._by_row is None:
            self._by_row = dict(self.rows)
        return self._by_row.get(row, [])

    def pos(self, row: int, name: str) -> tuple[int, int]:
        """The 1-based (row, col) of a field's cell on a zero-based sheet row (column A if the field is absent)."""
        return row + 1, self.columns.get(name, 0) + 1

    def header(self, name: str) -> str:
        """The header of a field as shown to the user."""
        return self.sheet.column(name).header


@dataclass
class GroupRule:
    name: str
    reward_slots: int
    statement_slots: int
    rewards: dict[int, float] = field(default_factory=dict)  # rank -> amount


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder: from `months` consecutive 末位 months on, `measure`."""

    months: int
    measure: str
    counts: bool   # counted as 问责 (年度汇总 问责次数, red on 问责)


def default_ladder(accountability_months: int) -> list[Rung]:
    """The ladder of a ledger without 【问责阶梯】: 预警, then 启动问责程序 at 问责连续末位月数."""
    top = Rung(accountability_months, ACCOUNTABILITY_MEASURE, True)
    return [top] if accountability_months <= 1 else [Rung(1, WARNING_MEASURE, False), top]


@dataclass
class Letterhead:
    """The 通报's optional 版头 and 版记 (GB/T 9704 §7.2, §7.4); empty strings leave them out."""

    mark: str = ""          # 发文机关标志
    number: str = ""        # 发文字号, brackets normalised to 〔2026〕
    signer: str = ""        # 签发人
    copies: str = ""        # 抄送
    printer: str = ""       # 印发机关
    printed: Any = ""       # 印发日期 as typed, a date cell or text ('' -> the document's date)

    @property
    def has_head(self) -> bool:
        return bool(self.mark)

    @property
    def has_record(self) -> bool:
        return bool(self.copies or self.printer)


@dataclass
class Settings:
    district: str = "示范区"
    year: int | None = None
    month: str | None = None
    meeting_weekday: int = 0
    adjustment_cap: float = 10.0
    accountability_months: int = 2
    due_soon_workdays: int = 3
    answer_days: int = 7
    signature: str = "示范区督查室"   # 署名: the office's name on every document (default "<区县名称>督查室")
    office_contact: str = ""
    addressee: str = "各街道办事处，区直各单位"   # 通报主送
    letterhead: Letterhead = field(default_factory=lambda: Letterhead())   # 通报 版头/版记 (off by default)
    office_phone: str = ""
    reply_workdays: int = 2
    co_weight: float = 0.0     # 配合单位权重: how much an item counts for each cooperating unit
    first_report_workdays: int = 5
    report_channel: str = "通过答卷或OA报送"
    answer_discipline: bool = False   # 答卷纪律考核: count weeks without (漏报) or with late (迟报) answers
    answer_deadline_weekday: int = 4  # 答卷截止: the week's answers are due by this weekday (星期五)
    missed_points: float = 0.0        # 漏报扣分, deducted per week in 加减分
    late_points: float = 0.0          # 迟报扣分
    late_extension_original: bool = False   # 逾期申请延期按原时限计分: a late request scores against 完成时限
    smtp: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, GroupRule] = field(default_factory=dict)
    grades: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    status_done: dict[str, bool] = field(default_factory=dict)
    review_done: dict[str, bool] = field(default_factory=dict)
    item_categories: list[str] = field(default_factory=list)
    review_categories: list[str] = field(default_factory=list)
    # 列名对照: sheet title ('' = every sheet) -> {the office's header: standard header}.
    column_names: dict[str, dict[str, str]] = field(default_factory=dict)
    excluded_sheets: list[str] = field(default_factory=list)
    escalation: list[Rung] = field(default_factory=list)   # ascending by months; see ladder_step
    closure_required: bool = False   # 办结以销号为准: done only once 销号日期 is filled
    closure_row: int | None = None   # the 1-based 参数 row of that setting (for findings; None: not written)
    revisit_held: dict[str, bool] = field(default_factory=dict)   # 回头看结论 -> 是否巩固 (否 reopens)
    # 节假日安排: the registered days over the library and the statutory rule (a new one per read).
    calendar: Calendar = field(default_factory=Calendar)

    def ladder_step(self, run: int) -> Rung | None:
        """The measure for a unit 末位 `run` months in a row (the highest rung reached), if any."""
        ladder = self.escalation or default_ladder(self.accountability_months)
        reached = [r for r in ladder if r.months <= run]
        return reached[-1] if reached else None

    def next_counted_step(self, run: int) -> Rung | None:
        """The first rung counted as 问责 above `run` months (what the unit is warned of)."""
        ladder = self.escalation or default_ladder(self.accountability_months)
        return next((r for r in ladder if r.months > run and r.counts), None)

    @property
    def office(self) -> str:
        """The 署名 (the older name of 交办单/催办's setting 督办机构; use `signature`)."""
        return self.signature

    @property
    def issuer(self) -> str:
        """The 署名 (the older name of the 通报's setting 通报落款; use `signature`)."""
        return self.signature

    @property
    def default_name(self) -> bool:
        """True while the documents would still be signed with the template's 示范区."""
        return DEFAULT_DISTRICT in self.signature or self.district == DEFAULT_DISTRICT

    def user_names(self, sheet_title: str) -> dict[str, str]:
        """The office's own header names that apply to one sheet (sheet-specific ones win)."""
        return {**self.column_names.get("", {}), **self.column_names.get(sheet_title, {})}

    @property
    def done_status(self) -> set[str]:
        return {k for k, v in self.status_done.items() if v}

    @property
    def resolved_status(self) -> set[str]:
        return {k for k, v in self.review_done.items() if v}

    def reopens(self, finding: str) -> bool:
        """A 回头看结论 that reopens a resolved problem (registered in 【回头看结论】 as 否)."""
        return self.revisit_held.get(finding) is False


@dataclass
class RunEntry:
    """One row of 运行日志: when, what, who, on which file, the counts and the outcome.

    ``started`` (a time.perf_counter() reading, not shown) is when the run began: run.finish sets
    ``seconds`` from it just before the row is rendered, so the row times the whole run."""

    time: dt.datetime
    action: str
    user: str
    file_name: str
    counts: str
    result: str
    seconds: float = 0.0
    started: float | None = None

    @classmethod
    def now(cls, action: str, file_name: str, counts: str, result: str, started: float | None = None,
            seconds: float = 0.0) -> RunEntry:
        """An entry stamped with the current time and the login name ('' where the host has none)."""
        import getpass

        try:
            user = getpass.getuser()
        except Exception:  # no login name on some hosts
            user = ""
        return cls(dt.datetime.now().replace(microsecond=0), action, user, file_name, counts, result,
                   round(seconds, 2), started)

    def row(self) -> list[Any]:
        """The cells of the 运行日志 row, in the sheet's column order."""
        return [self.time, self.action, self.user, self.file_name, self.counts, self.result, self.seconds]

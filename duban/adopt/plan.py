"""From OLD as read to everything NEW will hold, and the report of how (no file is written here)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from duban import schema
from duban.adopt.cells import Typer
from duban.adopt.items import FIELDS, SOURCE_HEADER, ItemRows, _row_text
from duban.adopt.params_out import basic_values, params_rows
from duban.adopt.registers import (
    adjustment_rows,
    history_rows,
    leader_rows,
    read_others,
    register_units,
    review_rows,
    unit_rows,
)
from duban.adopt.report import Report, SheetCount
from duban.adopt.units import CHECK_HEADER, UnitRegister, district_from_title, infer_district
from duban.adopt.vocab import Vocabulary
from duban.dates import parse_date
from duban.findings import ERROR, WARNING
from duban.model import Settings, text
from duban.names import Register, split_aliases
from duban.read.book import RawBook
from duban.read.headers import match_findings, shown
from duban.read.params import SIGNATURE_KEY, default_settings, named_values, read_settings
from duban.read.tables import ReadTable, item_sheets
from duban.xlsxio.cells import col_letters

TEMPLATE_SHEETS = {schema.HOME_TITLE, schema.XLWINGS_CONF_TITLE, schema.STYLE_SHEET_TITLE}
GENERATED_FIELDS = ("id", "period")  # adopt fills them where OLD has none: no warning that they are missing
PROPOSED_FIELDS = ("status",)        # OLD may lack them: proposed from the progress text, marked 待确认
COMPUTED_TITLES = {s.title for s in schema.ALL_SHEETS if s.computed} | {"催办提醒", "导入说明"}


@dataclass
class Plan:
    rows: dict[str, list[list[Any]]]                      # sheet title -> data rows (schema order, then extras)
    extra_columns: dict[str, list[tuple[str, float]]]     # sheet title -> (header, width) right of the schema's
    report: Report


def ledger_year(tables: list[ReadTable], settings: Settings, today: dt.date) -> tuple[int, str]:
    """(year, where it comes from): 考评年度 of 参数, else the most common year of 交办日期 (date cells,
    then full text dates), else of 完成时限, else today's."""
    if settings.year:
        return settings.year, "参数"
    for field, basis in (("assigned", "交办日期"), ("deadline", "完成时限")):
        years: Counter[int] = Counter()
        for t in tables:
            for _r, v in t.rows:
                raw = t.value(v, field)
                d = raw if isinstance(raw, dt.date) else parse_date(raw).value if isinstance(raw, str) else None
                if d is not None:
                    years[d.year] += 1
        if years:
            return years.most_common(1)[0][0], basis
    return today.year, "今天的日期"


def plan(book: RawBook, source: str, target: str, today: dt.date) -> Plan:
    """Everything NEW will hold. Raises BadWorkbook (via item_sheets) when OLD has no ledger-shaped sheet."""
    old_params = book.grid(schema.PARAMS.title)
    settings = read_settings(old_params)[0] if old_params else default_settings()
    others = read_others(book, settings.user_names)
    tables, near = item_sheets(book, settings.user_names, settings.excluded_sheets,
                               unit_of=_sheet_units(others.get("units")), optional=PROPOSED_FIELDS)
    report = Report(source, target)
    report.notes += [f"注意：{f.message}" for f in near]
    for t in tables:
        for letter, label, standard, how in sorted(t.match.described(schema.ITEMS), key=lambda d: (len(d[0]), d[0])):
            report.columns.add(t.title, letter, label, standard, how)
        report.notes += [f"注意（{t.title}）：{f.message}" for f in match_findings(t.match, schema.ITEMS)
                         if f.level in (ERROR, WARNING) and f.name not in GENERATED_FIELDS
                         and f.name not in t.match.duplicates]  # said below, with how adopt reads them

    vocab = Vocabulary(settings)
    unit_cells, typed_leaders, taken_ids = _note_names(tables, others)
    basic = basic_values(old_params)
    titles = [text(c) for t in tables for row in (book.grid(t.title) or [])[:t.match.first_row] for c in row if text(c)]
    units = _unit_register(unit_cells, titles, others.get("units"), basic, vocab, report)

    year, year_basis = ledger_year(tables, settings, today)
    typer = Typer(year, report)
    items = ItemRows(typer, vocab, units, settings.meeting_weekday, report, taken_ids)
    for t in tables:
        _add_item_table(items, t, book.grid(t.title) or [], report)
    items.finish()
    _guesses(report, items, year, year_basis, settings)
    _questions(report, items, tables)

    rows: dict[str, list[list[Any]]] = {
        schema.UNITS.title: unit_rows(units, report),
        schema.LEADERS.title: leader_rows(others.get("leaders"), typed_leaders, report),
        schema.ITEMS.title: items.rows,
        schema.REVIEWS.title: review_rows(others.get("reviews"), typer, vocab, units),
        schema.ADJUSTMENTS.title: adjustment_rows(others.get("adjustments"), typer, units, report),
        schema.HISTORY.title: history_rows(others.get("history"), units),
    }
    for use in vocab.uses.values():
        report.words.add(use.field, use.word, use.result, use.how, use.count, use.note)
    param_rows, overflow = params_rows(settings, basic)
    rows[schema.PARAMS.title] = param_rows
    report.notes += [f"注意：参数【{b}】的内容超出模板预留的行数，下拉列表可能不含全部选项，请在参数表中核对" for b in overflow]
    _other_sheets(report, book, tables, others, rows, settings)
    extra: dict[str, list[tuple[str, float]]] = {
        schema.ITEMS.title: [(SOURCE_HEADER, 24), *((h, 14) for h in items.kept.headers)],
        schema.UNITS.title: [(CHECK_HEADER, 36)]}
    return Plan(rows, extra, report)


def _sheet_units(old_units: ReadTable | None) -> Callable[[str], str | None]:
    """The unit a sheet of OLD is named after, by OLD's 单位 sheet (a ledger kept one sheet per unit)."""
    if old_units is None:
        return lambda _title: None
    rows = [(text(old_units.value(v, "name")), text(old_units.value(v, "short"))) for _r, v in old_units.rows]
    return Register([n for n, _s in rows], {a: n for n, s in rows if n for a in split_aliases(s)}).sheet_unit


def _unit_register(unit_cells: list[str], titles: list[str], old_units: ReadTable | None, basic: dict[str, Any],
                   vocab: Vocabulary, report: Report) -> UnitRegister:
    """Every unit named in OLD, OLD's 单位 sheet first. 区县名称 (for the alias rules and the documents'
    署名) is OLD's, else the one OLD's title names (红旗县2026年重点工作督办台账), else the prefix its
    unit names share; a guessed one is written to NEW's 参数 with its 署名."""
    district = basic.get("区县名称")
    if not district:
        names = [text(old_units.value(v, "name")) for _r, v in old_units.rows] if old_units else []
        district = district_from_title(titles)
        how = f"按原台账标题取“{district}”" if district else ""
        if not district:
            district = infer_district(unit_cells + names)
            how = f"按单位名称的前缀取“{district}”"
        if district:
            for key, value in named_values(district).items():
                basic.setdefault(key, value)
            report.guesses.add("区县名称", f"{how}（用于文书标题和署名“{basic[SIGNATURE_KEY]}”；“{district}住建局”"
                                        "与“住建局”这类写法合并为一个单位）", "")
    units = UnitRegister(district or "")
    register_units(old_units, units, vocab)
    for cell in unit_cells:
        units.note(cell)
    units.settle()
    return units


def _add_item_table(items: ItemRows, t: ReadTable, grid: list[list[Any]], report: Report) -> None:
    """One item sheet into NEW's rows, with its count check and skipped rows in the report."""
    header = grid[t.match.last_row] if t.match.last_row < len(grid) else []

    def label(c: int) -> str:
        return shown(header[c]) if c < len(header) else ""

    seconds = {c: label(c) for cols in t.match.duplicates.values() for c in cols[1:]}
    for name, cols in t.match.duplicates.items():
        named = "、".join(f"“{label(c)}”（{col_letters(c)}列）" for c in cols)
        report.guesses.add(f"{schema.ITEMS.column(name).header}（{t.title}）",
                           f"{named}都是这一列：读第一列，它为空的行读后面的列；后面的列也原样带入", "")
    written, not_items = items.add_table(t, seconds)
    for s in t.skipped:
        report.skipped.add(t.title, s.row + 1, s.reason, _row_text(grid[s.row] if s.row < len(grid) else []))
    first, last = t.match.first_row + 1, t.match.last_row + 1
    report.counts.append(SheetCount(t.title, f"第{first}行" if first == last else f"第{first}–{last}行",
                                    len(grid) - last, written, not_items + len(t.skipped)))


def _note_names(tables: list[ReadTable], others: dict[str, ReadTable]) -> tuple[list[str], list[str], set[str]]:
    """Pass over OLD before converting: every cell naming units, every 交办领导 typed, every 编号 taken."""
    cells: list[str] = []
    leaders: list[str] = []
    ids: set[str] = set()
    for t in tables:
        for _r, v in t.rows:
            cells += [text(t.value(v, "lead_unit")), text(t.value(v, "co_units"))]
            leaders.append(text(t.value(v, "leader")))
            if text(t.value(v, "id")):
                ids.add(text(t.value(v, "id")))
    for key, field in (("reviews", "unit"), ("adjustments", "unit")):
        other = others.get(key)
        if other is not None:
            cells += [text(other.value(v, field)) for _r, v in other.rows]
    return [c for c in cells if c], leaders, ids


def _guesses(report: Report, items: ItemRows, year: int, year_basis: str, settings: Settings) -> None:
    g = report.guesses
    if not settings.year:
        g.add("考评年度", f"未设置，按{year_basis}取 {year} 年（“9月5日”这类不带年份的日期按此年份读取）", "")
    if items.derived_periods:
        g.add("期次", "原表没有期次，按交办日期所在周推算（参数“例会星期”）", items.derived_periods)
    if items.generated_ids:
        g.add("编号", "原表没有编号，按“年份-期次-序号”生成，没有期次和交办日期的按“年份-序号”生成"
                    "（同一原台账每次生成相同编号）", items.generated_ids)
    if items.proposed_statuses:
        g.add("办理状态", "原表没有办理状态，按进展情况推断（已完成/已办结/完成 → 已完成；空白或未启动 → 未启动；"
                      "其余 → 推进中），待确认，见“按进展情况推断的办理状态”", items.proposed_statuses)
    if items.sentence_statuses:
        g.add("办理状态", "原表的办理状态是一段文字，按其中的关键词判断；原文写入本周进展或备注", items.sentence_statuses)


def _questions(report: Report, items: ItemRows, tables: list[ReadTable]) -> None:
    """What OLD does not hold and adopt does not guess: asked of the office in 导入说明."""
    q = report.questions
    if items.without_assigned:
        has_column = any("assigned" in t.columns for t in tables)
        what = "交办日期为空" if has_column else "原台账没有交办日期列"
        q.add("交办日期", f"{what}（{items.without_assigned} 件事项）",
              "新台账“周交办”的交办日期留空，请按交办会议记录逐件补填（不按其他日期推测）。补填前：期次无法推算、"
              "编号按“年份-序号”生成；月度排名照常按完成时限计算")
    status, completed = FIELDS.index("status"), FIELDS.index("completed")
    done = [r for r in items.rows if r[status] in items.vocab.settings.done_status and r[completed] is None]
    if done:
        q.add("完成日期", f"{len(done)} 件已完成（或推断为已完成）的事项没有完成日期",
              "请补填完成日期（“建议的完成日期”中有从进展情况读出的日期，未填入）；补填前重算时为错误，这些事项不计入排名")
    if items.collective_leads:
        q.add("牵头单位", f"{items.collective_leads} 件事项的牵头单位是统称（如“各街道办事处”）",
              "请为每件事项确定牵头的一个单位，见“牵头单位是统称的事项”；改好前这些事项不计入排名")


def _other_sheets(report: Report, book: RawBook, tables: list[ReadTable], others: dict[str, ReadTable],
                  rows: dict[str, list[list[Any]]], settings: Settings) -> None:
    read = {t.title for t in tables}
    by_title = {t.title: key for key, t in others.items()}
    for title, grid in book.sheets.items():
        if title in read:
            continue
        n = sum(1 for r in grid if any(text(v) for v in r))
        if title in by_title:
            report.other_counts.append((title, title, len(rows.get(title, []))))
            report.sheets.add(title, f"导入新台账同名工作表（{len(rows.get(title, []))} 行）")
        elif title == schema.PARAMS.title:
            report.sheets.add(title, "设置和词表带入新台账“参数”；列名对照不再需要（新台账使用标准列名）")
        elif title in COMPUTED_TITLES:
            report.sheets.add(title, "程序生成的表，未导入；运行“重算排名”后重新生成")
        elif title in TEMPLATE_SHEETS:
            report.sheets.add(title, "模板自带，未导入")
        elif title in settings.excluded_sheets:
            report.sheets.add(title, "参数【排除工作表】中列出，未导入")
        elif n == 0:
            report.sheets.add(title, "空表，未导入")
        else:
            report.sheets.add(title, f"不是交办事项表（表头中没有 牵头单位、完成时限、办理状态），未导入（{n} 行有内容）")

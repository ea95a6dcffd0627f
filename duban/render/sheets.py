"""The computed sheets as grids of cells, ready for either writer (zip parts or xlwings)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from duban import schema
from duban.findings import Finding
from duban.model import Ledger, RunEntry, text
from duban.read.book import locate_table
from duban.render.pagefit import LINE_PT, PAGE_WIDTH_UNITS, fitted, row_heights
from duban.render.text import chinese_date, month_label, wrap_lines
from duban.render.unranked import empty_ranking_lines
from duban.rules.annual import AnnualRow
from duban.rules.evaluate import NOT_EVALUATED, NOT_RANKED, START_ACCOUNTABILITY, Evaluation, rank_change
from duban.rules.ranking import LAST, REWARD, STATEMENT
from duban.rules.stats import Stats
from duban.xlsxio.cells import col_letters
from duban.xlsxio.model import Cell, Grid

# 统计 layout: sections one under another, each a title row, a table in columns A-E and (where the
# section has one) a chart to its right from column G; the 交办领导 table (no chart) sits right of the
# overview instead. Positions are zero-based (row, col).
STATS_OVERVIEW = (3, 0)          # header row of the 总体情况 table (项目, 数值): rows 1-2 hold title and 制表 line
STATS_OVERVIEW_ROWS = 7
STATS_CHART_COL = 6              # column G
STATS_ROW_PX = 20                # default row height (15 pt) in pixels, for sizing charts to their rows
STATS_CHART_MIN_ROWS = 13        # a chart is at least this many rows tall
STATS_BESIDE_OVERVIEW = "leader"
# key -> (section title, table headers, capacity); the order is the order on the sheet.
STATS_SECTIONS = {
    "leader": ("各交办领导事项完成情况", ("交办领导", "交办事项", "已完成", "完成率"), 40),
    "category": ("各类别事项完成情况", ("类别", "交办事项", "已完成", "完成率"), 30),
    "review": ("周研判问题化解情况", ("问题类别", "问题数", "已化解", "化解率"), 20),
    "period": ("各期交办事项完成情况", ("期次", "交办日期", "交办事项", "已完成", "完成率"), 60),
    "unit": ("各牵头单位事项完成情况", ("牵头单位", "交办事项", "已完成", "完成率"), 80),
}
STATS_CHARTED = ("category", "review", "period", "unit")   # sections with a chart beside the table
# Rows the template's charts take beside their tables (the template has no 牵头单位 chart; the export has).
STATS_TEMPLATE_CHART_ROWS = {"category": STATS_CHART_MIN_ROWS, "review": STATS_CHART_MIN_ROWS, "period": 46}
STATS_ROWS_PER_PAGE = 48   # rows of 15 pt that surely fit an A4 portrait page (sections are never split)


CHART_FRAME_ROWS = 4   # title, legend and value axis of a bar chart, in rows of STATS_ROW_PX


def stats_chart_rows(categories: int) -> int:
    """Rows a bar chart of `categories` bars takes when each bar and its label get one row (20 px):
    every label shows, and the chart grows with the count."""
    return max(STATS_CHART_MIN_ROWS, categories + CHART_FRAME_ROWS)


def _shown_rows(key: str, counts: dict[str, int] | None) -> int:
    cap = STATS_SECTIONS[key][2]
    return cap if counts is None else min(max(counts.get(key, 0), 1), cap)


def stats_sections(counts: dict[str, int] | None = None) -> list[tuple[int, int]]:
    """(first row, last row) of each printed section, the overview first: a page break may fall
    between sections, never inside one."""
    return _stats_plan(counts)[1]


def stats_layout(counts: dict[str, int] | None = None) -> dict[str, tuple[tuple[int, int], tuple[str, ...], int]]:
    """key -> ((header row, col), headers, capacity). Without `counts` each section keeps room for its
    capacity (the template: fixed places the charts point at); with counts (rows per table) the
    sections follow each other with no empty rows (the export)."""
    return _stats_plan(counts)[0]


def _stats_plan(counts):
    out = {}
    beside = STATS_SECTIONS[STATS_BESIDE_OVERVIEW]
    out[STATS_BESIDE_OVERVIEW] = ((STATS_OVERVIEW[0], STATS_CHART_COL), beside[1], beside[2])
    body = max(STATS_OVERVIEW_ROWS + (counts or {}).get("overview", 0),   # 待销号/回头看 lines when kept
               _shown_rows(STATS_BESIDE_OVERVIEW, counts) + 1)  # rows (+ overflow note)
    row = STATS_OVERVIEW[0] + 1 + body + 1          # the next section's title row (after a gap row)
    spans = [(0, row - 1)]
    for key, (_title, heads, cap) in STATS_SECTIONS.items():
        if key == STATS_BESIDE_OVERVIEW:
            continue
        out[key] = ((row + 1, 0), heads, cap)
        shown = _shown_rows(key, counts)
        chart = (STATS_CHART_MIN_ROWS if counts is None else stats_chart_rows(shown)) if key in STATS_CHARTED else 0
        body = max(shown + 1, chart)
        spans.append((row, row + 1 + body))
        row += 1 + 1 + body + 1                       # title, header, body, gap
    return out, spans


STATS_TABLES = stats_layout()


def header(sheet: schema.Sheet) -> list[Cell]:
    return [Cell(h, "header") for h in sheet.headers]


def _outcome_role(result: str) -> str:
    if REWARD in result:
        return "good"
    if LAST in result or START_ACCOUNTABILITY in result:
        return "error"
    if STATEMENT in result or "预警" in result:
        return "warning"
    return "text"


# 月考评 columns appended after 说明 when 参数 答卷纪律考核 is 是 (absent otherwise: the sheet stays as it was).
DISCIPLINE_HEADERS = ("漏报周数", "迟报周数")
DISCIPLINE_WIDTH = 9


def monthly_extras(ev: Evaluation) -> list[tuple[str, float]]:
    """(header, width) of the 月考评 columns after 说明 that this evaluation shows."""
    out: list[tuple[str, float]] = [(h, DISCIPLINE_WIDTH) for h in DISCIPLINE_HEADERS] if ev.discipline is not None else []
    if ev.extensions is not None:
        out.append((schema.MONTHLY_EXTENSIONS.header, schema.MONTHLY_EXTENSIONS.width))
    return out


def monthly_grid(ev: Evaluation) -> Grid:
    """月考评; after 说明, 漏报周数/迟报周数 when 参数 答卷纪律考核 is 是 and 延期次数 when the ledger
    records extensions (Evaluation.extensions); without them the sheet is as it always was."""
    extra, ext = ev.discipline is not None, ev.extensions
    rows: list[list[Any]] = [header(schema.MONTHLY) + [Cell(h, "header") for h, _w in monthly_extras(ev)]]
    for m in ev.months:
        res = ev.results[m]
        for r in res.rows:
            st = res.standings.get(r.unit)
            rank = st.rank if st and st.rank is not None else _unranked(r)
            rows.append([m, r.unit, r.group, r.due, r.done, r.on_time, r.overdue, _rate(r.done_rate),
                         _rate(r.on_time_rate), r.quality, r.adjustment, r.score, rank,
                         ev.left_out.get(r.unit) or None, r.note]
                        + ([r.missed_weeks, r.late_weeks] if extra else [])
                        + ([ext.get((m, r.unit), 0)] if ext is not None else []))
    return Grid(rows)


def discipline_note(ev: Evaluation, group: str) -> str:
    """月讲评's line under a group's table (答卷纪律考核 on): the units that missed or were late
    answering in the month, with their weeks; '' when the switch is off."""
    if ev.discipline is None:
        return ""
    rows = [r for r in ev.results[ev.month].rows if r.group == group]
    if ev.month not in ev.discipline.months:
        return "答卷纪律：本月没有已结束且有答卷记录的周，未统计漏报、迟报。"
    missed = [f"{r.unit}{r.missed_weeks}周" for r in rows if r.missed_weeks]
    late = [f"{r.unit}{r.late_weeks}周" for r in rows if r.late_weeks]
    if not missed and not late:
        return "答卷纪律：本月没有漏报、迟报。"
    parts = [f"{word}{'、'.join(names)}" for word, names in (("漏报：", missed), ("迟报：", late)) if names]
    return "答卷纪律（一周一答卷）：" + "；".join(parts) + "。"


def _rate(v: Any) -> Any:
    """A percentage figure (0-100) shown with %."""
    return Cell(v, "rate") if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def report_heading(ledger: Ledger, title: str, today: dt.date, as_of: str = "") -> list[list[Any]]:
    """Title row, then 制表单位 and 制表日期 (and what the figures count, 截至…) on one line."""
    s = ledger.settings
    issuer = s.issuer or f"{s.district}督查委（督查室）"
    line = f"制表单位：{issuer}    制表日期：{chinese_date(today)}"
    if as_of:
        line += f"    统计口径：{as_of}"
    return [[Cell(title, "title")], [Cell(line, "note")]]


def month_review_grid(ledger: Ledger, ev: Evaluation, paragraphs: list[str], error_count: int,
                      today: dt.date, as_of: str = "") -> Grid:
    """月讲评: heading, a data-quality line, each group's ranking, then the 通报 text (the words of
    report.compose; its first two paragraphs, title and 主送, are the sheet's heading already)."""
    m = ev.month
    res = ev.results[m]
    rows = report_heading(ledger, f"{ledger.settings.district}{month_label(m)}月度讲评", today, as_of)
    if error_count:   # wrapped to the table's width, as the notes under it
        note = (f"注意：台账中有 {error_count} 处数据错误，{ev.excluded_items} 件事项未计入排名。"
                "排名依据存在错误的数据，请先更正“校验结果”中的错误后重算。")
        rows.extend([Cell(line, "error")] for line in wrap_lines(note, REVIEW_LINE))
    else:
        rows.append([Cell(f"数据已通过校验（{today.isoformat()}）。", "note")])
    if res.published:
        rows.append([Cell("本月排名已发布，以下为发布时的排名；重算不会改动已发布的结果。", "note")])
    why = empty_ranking_lines(ledger, ev) if ledger.items else {}
    for group in ledger.settings.groups:
        in_group = sorted(((u, st) for u, st in res.standings.items() if st.group == group),
                          key=lambda kv: (kv[1].rank or 0, kv[0]))
        rows.append([Cell(f"{group}（{len(in_group)} 个单位参与排名）", "subtitle")])
        if group in why:
            rows.extend([Cell(line, "note")] for line in wrap_lines(why[group], REVIEW_LINE))
        rows.append(header(schema.MONTH_REVIEW))
        for unit, st in in_group:
            rows.append([st.rank, _marked_unit(unit, ev.left_out.get(unit)), st.score, rank_change(ev, unit, m),
                         Cell(st.result, _outcome_role(st.result)), Cell(st.reward or None, "money")])
        marked = [f"{u}（{ev.left_out[u]} 件）" for u, _st in in_group if ev.left_out.get(u)]
        if marked:
            note = f"{LEFT_OUT_MARK} 有事项因数据错误未计入排名：{'、'.join(marked)}。"
            rows.extend([Cell(line, "note")] for line in wrap_lines(note, REVIEW_LINE))
        unranked = [r for r in res.rows if r.group == group and r.unit not in res.standings]
        for r in unranked:   # no rank: the 名次 cell stays empty, 结果 says why (a word never wraps in 名次)
            rows.append([None, r.unit, r.score, "—", Cell(_unranked(r), "text"), None])
        notes = [f"{r.unit}：{r.note}" for r in unranked if r.note and r.note != _unranked(r)]
        if notes:
            rows.extend([Cell(line, "para")] for line in wrap_lines("注：" + "；".join(notes) + "。", REVIEW_LINE))
        if answers := discipline_note(ev, group):
            rows.extend([Cell(line, "para")] for line in wrap_lines(answers, REVIEW_LINE))
    full = len(paragraphs) > 4   # title, 主送, body…, 落款, date (report.Notice.paragraphs)
    rows.append([Cell(paragraphs[0] if full else "月度通报", "subtitle")])
    body = paragraphs[2:-2] if full else paragraphs
    for p in body:   # 通报 paragraphs, first line indented two characters as in the document
        rows.extend([Cell(line, "para")] for line in wrap_lines(INDENT + p, REVIEW_LINE))
    for line in paragraphs[-2:] if full else ():   # 落款 and date, on the right
        rows.append([None, None, None, Cell(line, "para")])
    return Grid(rows, autofilter=False)


REVIEW_LINE = 38   # full-width characters of 11 pt text across the 月讲评 columns A:F
INDENT = "\u3000\u3000"


LEFT_OUT_MARK = "※"


def _marked_unit(unit: str, left_out: int | None) -> str:
    """The unit of a rank that had items left out of the scores, marked ※ (the note under the table says how
    many); the rank itself stays a number, right-aligned with the others."""
    return f"{unit}{LEFT_OUT_MARK}" if left_out else unit


def _unranked(r) -> str:
    return NOT_RANKED if r.unit_evaluated else NOT_EVALUATED


def keep_user_columns(existing: list[list[Any]] | None, sheet: schema.Sheet, new_rows: list[list[Any]],
                      orphan_note: tuple[str, str] | None = None) -> list[list[Any]]:
    """Carry user-typed columns (schema.user_columns and unknown headers) over to new rows by key.

    Rows whose key disappeared but which carry user text are appended, so nothing typed is lost.
    """
    t = locate_table(existing, sheet, strict=False) if existing else None
    head = header(sheet)
    if t is None:
        user_idx = [sheet.headers.index(sheet.column(n).header) for n in sheet.user_columns]
        return [head] + [_user_cells(list(r), user_idx) for r in new_rows]
    user_idx = [sheet.headers.index(sheet.column(n).header) for n in sheet.user_columns]
    key_idx = [sheet.headers.index(sheet.column(n).header) for n in sheet.key_fields]
    extra = list(t.extra.items())
    saved: dict[tuple, tuple[list[Any], list[Any]]] = {}
    for _r, v in t.rows:
        key = tuple(text(t.value(v, n)) for n in sheet.key_fields)
        user = [t.value(v, n) for n in sheet.user_columns]
        more = [v[c] if c < len(v) else None for _h, c in extra]
        if any(x not in (None, "") for x in user + more):
            saved[key] = ([t.value(v, c.name) for c in sheet.columns], more)
    out = [head + [Cell(h, "header") for h, _c in extra]]
    for row in new_rows:
        key = tuple(text(_plain(row[i])) for i in key_idx)
        values, more = saved.pop(key, (None, [None] * len(extra)))
        row = list(row)
        for i in user_idx:
            row[i] = values[i] if values is not None else row[i]
        out.append(_user_cells(row, user_idx) + [Cell(v, "input") for v in more])
    for values, more in saved.values():
        if orphan_note:
            col = sheet.headers.index(sheet.column(orphan_note[0]).header)
            values[col] = orphan_note[1]
        out.append(_user_cells(list(values), user_idx) + [Cell(v, "input") for v in more])
    return out


def _user_cells(row: list[Any], user_idx: list[int]) -> list[Any]:
    """User-typed columns keep an unlocked style so they stay editable on a protected sheet."""
    for i in user_idx:
        row[i] = Cell(_plain(row[i]), "input")
    return row


def _plain(v: Any) -> Any:
    return v.value if isinstance(v, Cell) else v


def accountability_grid(ledger: Ledger, ev: Evaluation) -> Grid:
    new = [[a.unit, a.group, a.month, a.run, Cell(a.advice, "error" if a.counts else "warning"), None]
           for a in sorted(ev.accountability, key=lambda a: (a.month, a.group, a.unit), reverse=False)]
    rows = keep_user_columns(ledger.kept.get(schema.ACCOUNTABILITY.title), schema.ACCOUNTABILITY, new,
                             orphan_note=("advice", "本次重算已无此项"))
    return Grid(rows)


def annual_grid(rows: list[AnnualRow]) -> Grid:
    out: list[list[Any]] = [header(schema.ANNUAL)]
    for r in rows:
        out.append([r.unit, r.group, *(r.scores[m] for m in range(1, 13)), r.regular, r.rewards, r.statements,
                    r.accountability, r.rank if r.rank is not None else (NOT_EVALUATED if not r.evaluated else "—")])
    return Grid(out)


def stats_tables(stats: Stats) -> dict[str, list[tuple]]:
    """The rows of each 统计 table: (labels..., Tally)."""
    return {
        "period": [(p, d, t) for p, d, t in stats.per_period],
        "category": [(k, t) for k, t in stats.per_category.items()],
        "leader": [(k, t) for k, t in stats.per_leader.items()],
        "unit": [(k, t) for k, t in stats.per_unit.items()],
        "review": [(k, t) for k, t in stats.per_review_category.items()],
    }


def stats_grid(ledger: Ledger, stats: Stats, today: dt.date, compact: bool = False) -> Grid:
    """统计 as sections one under another (stats_layout): fixed places, or `compact` (the export)."""
    tables = stats_tables(stats)
    layout = stats_layout({k: len(v) for k, v in tables.items()} | {"overview": len(overview_extra(stats))}
                          if compact else None)
    head = report_heading(ledger, f"{ledger.settings.district}{ledger.year}年督办工作统计", today, stats.as_of_text)
    grid: dict[tuple[int, int], Any] = {(0, 0): head[0][0], (1, 0): head[1][0]}
    r0, c0 = STATS_OVERVIEW
    grid[(r0 - 1, c0)] = Cell("总体情况", "subtitle")
    items_label = f"交办事项（含长期事项 {stats.long_term} 件）" if stats.long_term else "交办事项"
    overview = [("项目", "数值"), ("例会次数", stats.meetings), (items_label, stats.items.total),
                ("已办结", stats.items.done), ("办结率", stats.items.rate), ("研判问题", stats.reviews.total),
                ("已化解", stats.reviews.done), ("化解率", stats.reviews.rate)] + overview_extra(stats)
    for i, (label, value) in enumerate(overview):
        role = "header" if i == 0 else ("rate" if "率" in label else "int")
        grid[(r0 + i, c0)] = Cell(label, "header" if i == 0 else "text")
        grid[(r0 + i, c0 + 1)] = Cell(value, role)
    for key, ((hr, hc), heads, capacity) in layout.items():
        grid[(hr - 1, hc)] = Cell(STATS_SECTIONS[key][0], "subtitle")   # the section's title row
        for j, h in enumerate(heads):
            grid[(hr, hc + j)] = Cell(h, "header")
        for i, rec in enumerate(tables[key][:capacity], start=1):
            *labels, t = rec
            values = [*labels, t.total, t.done, t.rate]
            roles = ["int" if isinstance(v, int) else "text" for v in labels] + ["int", "int", "rate"]
            for j, (v, role) in enumerate(zip(values, roles)):
                grid[(hr + i, hc + j)] = Cell(v, "date" if isinstance(v, dt.date) else role)
        if len(tables[key]) > capacity:
            grid[(hr + capacity + 1, hc)] = Cell(f"另有 {len(tables[key]) - capacity} 项未列出", "note")
    counts = {k: len(v) for k, v in tables.items()}
    if compact:
        return Grid(_to_rows(grid), autofilter=False)
    hidden = stats_unused_rows(counts | {"overview": len(overview_extra(stats))})
    return Grid(_to_rows(grid), autofilter=False, charts=functools.partial(trim_stats_chart_refs, counts=counts),
                hidden=hidden, breaks=packed_breaks(stats_sections(), hidden))


def overview_extra(stats: Stats) -> list[tuple[str, Any]]:
    """总体情况 lines shown only when the ledger keeps the column: 待销号, 回头看 and 回头看反弹."""
    out: list[tuple[str, Any]] = []
    if stats.awaiting_closure is not None:
        out.append(("待销号", stats.awaiting_closure))
    if stats.revisits is not None:
        out += [("回头看", stats.revisits), ("回头看反弹", stats.reopened)]
    return out


def stats_unused_rows(counts: dict[str, int]) -> frozenset[int]:
    """The ledger's 统计 keeps room for each table's capacity (the template's charts point there); the rows
    neither the table nor its chart uses are hidden, so they do not print as blank pages."""
    layout = stats_layout()
    spans = dict(zip(["overview", *[k for k in STATS_SECTIONS if k != STATS_BESIDE_OVERVIEW]], stats_sections()))
    hidden: set[int] = set()
    for key, ((hr, _hc), _heads, cap) in layout.items():
        n = counts.get(key, 0)
        if n > cap:
            continue   # the "另有 … 项未列出" row and the full table show
        if key == STATS_BESIDE_OVERVIEW:
            used = max(STATS_OVERVIEW[0] + STATS_OVERVIEW_ROWS + counts.get("overview", 0), hr + n)
            end = spans["overview"][1] - 1   # the gap row before the next section stays
        else:
            used = max(hr + n, hr + STATS_TEMPLATE_CHART_ROWS.get(key, 1) - 1)
            end = spans[key][1]
        hidden.update(range(used + 1, end + 1))
    return frozenset(hidden)


def packed_breaks(sections: list[tuple[int, int]], hidden: frozenset[int] = frozenset(),
                  rows_per_page: int = STATS_ROWS_PER_PAGE) -> tuple[int, ...]:
    """Rows starting a printed page: a section (first row, last row) that does not fit in what is left of
    the page starts the next one (hidden rows take no room)."""
    breaks, used = [], 0
    for start, end in sections:
        size = sum(1 for r in range(start, end + 2) if r not in hidden)   # with the gap row after it
        if used and used + size > rows_per_page:
            breaks.append(start)
            used = 0
        used = (used + size) % rows_per_page if used + size > rows_per_page else used + size
    return tuple(breaks)


def trim_stats_chart_refs(chart_xml: bytes, counts: dict[str, int]) -> bytes:
    """A chart part of 统计 with its series ranges cut to the rows in use.

    The template points each series at a table's full capacity (e.g. A107:A166), so a chart of 8 期次
    would have 60 slots. The headless writer passes each chart of 统计 through this with the rows it
    wrote (at least one row is kept; tables not in `counts` are left alone)."""
    text = chart_xml.decode("utf-8")
    for key, n in counts.items():
        (row, col), headers, capacity = STATS_TABLES[key]
        last = row + 1 + max(1, min(n, capacity))
        for j in range(len(headers)):
            letters = col_letters(col + j)
            pattern = rf"(<c:f>'?{re.escape(schema.STATS.title)}'?!\${letters}\${row + 2}:\${letters}\$)\d+(</c:f>)"
            text = re.sub(pattern, rf"\g<1>{last}\g<2>", text)
    return text.encode("utf-8")


# Column widths of 统计 (tables in A-E, a gap F, G-J for the 交办领导 table or a chart).
STATS_COLUMN_WIDTHS = (18, 10, 9, 9, 9, 1.5, 10, 9, 9, 9)
WRAPPING_ROLES = ("text", "header", "input", "wrap")


def print_widths(title: str) -> list[float]:
    """The column widths a computed sheet has in the template (and the export): report tables wider
    than an A4 landscape page are narrowed to fit it (duban.render.pagefit.fitted)."""
    if title == schema.STATS.title:
        return list(STATS_COLUMN_WIDTHS)
    sheet = schema.BY_TITLE.get(title)
    if sheet is None:
        return []
    widths = [c.width for c in sheet.columns]
    if title in (schema.MONTH_REVIEW.title, schema.FINDINGS.title):
        return widths
    return fitted(widths, PAGE_WIDTH_UNITS[True])


def wrapped_text(v: Any) -> str | None:
    """A cell's text when its style wraps (text overflowing to the right needs no room), else None."""
    cell = v if isinstance(v, Cell) else Cell(v)
    return cell.value if cell.role in WRAPPING_ROLES and isinstance(cell.value, str) else None


def with_heights(grid: Grid, widths: list[float], line_pt: float = LINE_PT) -> Grid:
    """The grid with row heights for its wrapped text at these column widths (and line pitch)."""
    grid.heights = row_heights(grid.rows, widths, wrapped_text, line_pt)
    return grid


def _to_rows(cells: dict[tuple[int, int], Any]) -> list[list[Any]]:
    n_rows = max(r for r, _c in cells) + 1
    rows: list[list[Any]] = [[] for _ in range(n_rows)]
    for (r, c), v in sorted(cells.items()):
        row = rows[r]
        row.extend([None] * (c + 1 - len(row)))
        row[c] = v
    return rows


FINDINGS_HEADER_ROW = 2   # 校验结果: title, summary, then the table
FINDINGS_LINE = 60        # characters of 11 pt text across the 校验结果 table (130 width units)
GROUP_CELLS_SHOWN = 5     # cells named on a line that stands for several identical findings


def findings_summary(findings: list[Finding], checked: Any = None) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = sum(f.is_warning for f in findings)
    # The day the rules were applied (--today), not the clock: the same ledger checked on the same
    # day gives the same sheet (the run's time is on 首页 and in 运行日志).
    # One line no wider than the table (FINDINGS_LINE characters): longer, it ran past the table's edge.
    when = f"（{checked:%Y-%m-%d}校验）" if isinstance(checked, dt.date) else ""
    notes = len(findings) - errors - warnings
    also = f"另有 {notes} 条读取说明。" if notes else ""
    if not errors and not warnings:
        return f"未发现错误或警告{when}。{also}"
    text = f"共 {errors} 处错误、{warnings} 处警告{when}。"
    if errors:
        text += "错误影响排名，请更正后重新校验" + ("；" if warnings else "。")
    return text + ("警告不影响计分。" if warnings else "") + also


def findings_grid(findings: list[Finding], checked: Any = None) -> Grid:
    """校验结果: a summary line, then each distinct problem once (identical findings on one line with
    their count and first cells, linked to the first), then every finding one per row."""
    errors = sum(f.is_error for f in findings)
    rows: list[list[Any]] = [[Cell(schema.FINDINGS.title, "title")],
                             [Cell(findings_summary(findings, checked), "error" if errors else "note")],
                             header(schema.FINDINGS)]
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.level, f.sheet, f.field, f.message, f.suggestion), []).append(f)
    for same in groups.values():
        f = same[0]
        message = f.message
        if len(same) > 1:
            cells = "、".join(g.cell for g in same[:GROUP_CELLS_SHOWN]) + ("等" if len(same) > GROUP_CELLS_SHOWN else "")
            message += f"（共 {len(same)} 处：{cells}）"
        rows.append(_finding_row(f, message))
    if len(groups) < len(findings):
        rows.append([])
        rows.append([Cell("逐处明细", "subtitle"), None, None, None,
                     Cell("上表把相同的问题合并为一行，以下逐处列出", "note")])
        rows.append(header(schema.FINDINGS))
        rows.extend(_finding_row(f, f.message) for f in findings)
    return Grid(rows, autofilter=False)


def _finding_row(f: Finding, message: str) -> list[Any]:
    return [Cell(f.level, "error" if f.is_error else "warning" if f.is_warning else "text"), f.sheet,
            Cell(f.cell, "link", link=f.location()), f.field, message, f.suggestion]


def history_grid(rows: list[list[Any]]) -> Grid:
    return Grid([header(schema.HISTORY)] + [list(r) for r in rows])


def run_log_grid(ledger: Ledger, entry: RunEntry) -> Grid:
    """运行日志: the rows kept from the sheet, then this run's entry."""
    existing = ledger.kept.get(schema.RUN_LOG.title) or []
    t = locate_table(existing, schema.RUN_LOG, strict=False) if existing else None
    rows: list[list[Any]] = [header(schema.RUN_LOG)]
    if t is not None:
        rows += [[t.value(v, c.name) for c in schema.RUN_LOG.columns] for _r, v in t.rows]
    rows.append(entry.row())
    return Grid(rows)

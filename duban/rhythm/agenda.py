"""The agenda of the weekly analysis meeting (周研判, `duban agenda`).

Open 周研判 problems by category — the categories of 参数 【研判类别】 first (历史遗留问题,
信访积案, 问题楼盘, 征迁遗留问题 by default), then any other category met in the sheet — each
with 原因分析, 根源分析, 破题路径, 化解时限 and the days left or overdue (calendar days);
within a category, problems past their 化解时限 come first (longest overdue first), then by
化解时限, problems without one last. Per category: count, resolved and 化解率 as on 统计
(duban.rules.stats, as of the day). Written as a .docx in the 公文 layout — title with the meeting's date
and 期次, the summary, then one table row per problem (category, unit, 破题路径, 时限, state) — and
an .xlsx that also carries 原因分析 and 根源分析.

The meeting is the next 例会 on or after the day (参数 例会星期) unless given; its 期次 is the
ledger's 期次 held that day, else one after the last meeting before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.model import Ledger, Review, text
from duban.read.book import RawBook
from duban.read.ledger import load_ledger
from duban.render.gongwen import Gongwen
from duban.render.text import chinese_date
from duban.rhythm.common import NothingToDo, cn_date, office_name
from duban.rhythm.meetings import meetings
from duban.rhythm.staging import staged
from duban.rhythm.xlsxdoc import TableSheet, write_book
from duban.rules.closure import reopened, review_resolved
from duban.rules.stats import Tally, compute_stats

DEFAULT_DIR = "周研判"
FILE_PREFIX = "周研判议程_"
NO_CATEGORY = "未分类"


@dataclass
class Problem:
    review: Review
    cause: str
    root: str
    path: str
    days_left: int | None     # calendar days to 化解时限; negative: overdue; None: no 化解时限
    revisit: str = ""         # '11月10日回头看：反弹' for a problem a 回头看 reopened

    @property
    def status(self) -> str:
        """化解状态 as the agenda shows it: with the 回头看 that reopened it."""
        status = self.review.status or "未填写"
        return f"{status}（{self.revisit}）" if self.revisit else status

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def timing(self, today: dt.date) -> str:
        rv = self.review
        if rv.deadline is None:
            return "未定化解时限"
        when = f"化解时限{cn_date(rv.deadline, today)}"
        assert self.days_left is not None  # set whenever there is a 化解时限
        if self.days_left < 0:
            return f"{when}，已超过{-self.days_left}天"
        return f"{when}，今天到期" if self.days_left == 0 else f"{when}，还剩{self.days_left}天"


@dataclass
class Category:
    name: str
    tally: Tally
    problems: list[Problem] = field(default_factory=list)   # the open ones, in agenda order

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.problems)

    def rate_text(self) -> str:
        return f"{self.tally.rate:.1f}%" if self.tally.rate is not None else "—"


@dataclass
class AgendaPlan:
    ledger: Ledger
    today: dt.date
    categories: list[Category]
    meeting_date: dt.date | None = None
    meeting_number: int | None = None

    def meeting_words(self) -> str:
        """2026年11月30日　第48期 (either part when known)."""
        parts = [chinese_date(self.meeting_date) if self.meeting_date else "",
                 f"第{self.meeting_number}期" if self.meeting_number else ""]
        return "\u3000".join(p for p in parts if p)

    @property
    def open_count(self) -> int:
        return sum(len(c.problems) for c in self.categories)

    @property
    def overdue_count(self) -> int:
        return sum(c.overdue for c in self.categories)

    @property
    def file_stem(self) -> str:
        return f"{FILE_PREFIX}{self.today.isoformat()}"

    def headline(self) -> str:
        total = sum(c.tally.total for c in self.categories)
        done = sum(c.tally.done for c in self.categories)
        rate = Tally(total, done).rate
        return (f"截至{chinese_date(self.today)}，周研判问题{total}个，已化解{done}个，化解率{rate:.1f}%；"
                f"未化解{self.open_count}个，其中超过化解时限{self.overdue_count}个")

    def summary_rows(self) -> list[tuple[str, ...]]:
        return [(c.name, str(c.tally.total), str(c.tally.done), c.rate_text(), str(len(c.problems)), str(c.overdue))
                for c in self.categories]


def next_meeting(ledger: Ledger, day: dt.date) -> tuple[dt.date, int | None]:
    """The 例会 on or after `day` (参数 例会星期) and its 期次: the one the ledger holds on that date,
    else one after the last meeting before it (None when the ledger records none)."""
    when = day + dt.timedelta(days=(ledger.settings.meeting_weekday - day.weekday()) % 7)
    return when, meeting_number(ledger, when)


def meeting_number(ledger: Ledger, when: dt.date) -> int | None:
    found = meetings(ledger)
    same = [n for n, m in found.items() if m.date == when]
    if same:
        return same[0]
    earlier = [n for n, m in found.items() if m.date and m.date < when]
    return max(earlier) + 1 if earlier else None


def plan_agenda(book: RawBook, today: dt.date, meeting_date: dt.date | None = None) -> AgendaPlan:
    ledger = load_ledger(book)
    if not ledger.reviews:
        raise NothingToDo("“周研判”中还没有问题，无法生成研判议程。请先录入研判问题")
    table = ledger.tables["reviews"]
    tallies = compute_stats(ledger, today).per_review_category
    open_by: dict[str, list[Problem]] = {}
    for rv in ledger.reviews:
        if rv.date is not None and rv.date > today:
            continue   # not yet on the table (as 统计 counts)
        if review_resolved(ledger, rv, today):
            continue   # resolved, and no 回头看 found it back (反弹 …): off the agenda
        values = table.row_values(rv.row)
        cause, root, path = (text(table.value(values, name)) for name in ("cause", "root", "path"))
        open_by.setdefault(rv.category or NO_CATEGORY, []).append(Problem(
            rv, cause, root, path,
            (rv.deadline - today).days if rv.deadline else None,
            _revisit(rv, today) if reopened(ledger, rv, today) else ""))
    categories = []
    for name, tally in tallies.items():
        if tally.total or name in open_by:
            problems = sorted(open_by.get(name, []), key=_agenda_order)
            categories.append(Category(name, tally, problems))
    when, number = (meeting_date, meeting_number(ledger, meeting_date)) if meeting_date else next_meeting(ledger, today)
    plan = AgendaPlan(ledger, today, categories, when, number)
    if not plan.open_count:
        raise NothingToDo(f"{plan.headline()}。周研判问题已全部化解，本周没有需要研判的问题，未生成议程")
    return plan


def _revisit(rv: Review, today: dt.date) -> str:
    """'11月10日回头看：反弹' (the day left out when not filled)."""
    when = cn_date(rv.revisit, today) if rv.revisit else ""
    return f"{when}回头看：{rv.revisit_finding}"


def _agenda_order(p: Problem):
    if p.days_left is None:
        return (2, 0, p.review.row)
    return (0 if p.overdue else 1, p.days_left, p.review.row)


# ---- .docx ----------------------------------------------------------------

DOC_HEADERS = ["序号", "问题", "责任单位", "破题路径", "化解时限", "状态"]
DOC_WIDTHS_MM: list[float] = [9, 50, 20, 40, 22, 15]   # 156 mm: the text width
DOC_POINTS = 10.5                              # 五号, as 公文 tables commonly use


def deadline_cell(p: Problem, today: dt.date) -> str:
    """12月31日 and, on a second line, 超30天 / 剩5天 / 今天到期 (short: the column is narrow); 未定
    without a 化解时限."""
    if p.review.deadline is None:
        return "未定"
    when = cn_date(p.review.deadline, today)
    assert p.days_left is not None  # set whenever there is a 化解时限
    if p.days_left < 0:
        return f"{when}\n超{-p.days_left}天"
    return f"{when}\n今天到期" if p.days_left == 0 else f"{when}\n剩{p.days_left}天"


def problem_rows(plan: AgendaPlan) -> tuple[list[list[str]], list[int]]:
    """The problems table: per category a row naming it (the second list: their indexes, merged across
    the table), then one row per open problem, numbered through."""
    rows: list[list[str]] = []
    titles: list[int] = []
    n = 0
    for c in plan.categories:
        if not c.problems:
            continue
        titles.append(len(rows))
        rows.append([f"{c.name}（未化解{len(c.problems)}个，其中超过化解时限{c.overdue}个）"] + [""] * (len(DOC_HEADERS) - 1))
        for p in c.problems:
            n += 1
            rv = p.review
            rows.append([str(n), rv.description or "（未填写）", rv.unit or rv.unit_raw or "未填写",
                         p.path or "（未填写）", deadline_cell(p, plan.today), p.status])
    return rows, titles


def _tighten(table, size: float) -> None:
    """Cell text on an exact pitch of 1.3 lines of its size with 1 pt around it: a long list stays a few pages
    (single spacing of CJK fonts is up to 1.45 lines, and differs between Word, WPS and LibreOffice)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                fmt = p.paragraph_format
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = Pt(round(size * 1.3, 1))
                fmt.space_before = fmt.space_after = Pt(1)


def _merge_title_rows(table, titles: list[int]) -> None:
    """Each category row as one cell across the table, flush left, in 黑体 like the table's header."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    for i in titles:
        row = table.rows[i + 1]   # after the header row
        cell = row.cells[0].merge(row.cells[-1])
        for p in cell.paragraphs[1:]:   # the empty paragraphs of the merged cells
            p._p.getparent().remove(p._p)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for run in p.runs:
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")


def agenda_docx(plan: AgendaPlan) -> bytes:
    s = plan.ledger.settings
    office = office_name(s)
    doc = Gongwen(author=office, created=dt.datetime.combine(plan.today, dt.time()))
    when = plan.meeting_words()
    doc.title(f"{s.district}周研判会议议程" + (f"\n（{when}）" if when else ""))
    doc.para(f"{plan.headline()}。现将未化解问题按类别提请研判，超过化解时限的问题列在各类之首；"
             "原因分析、根源分析见同名 Excel 表。")
    doc.heading1("一、总体情况")
    doc.table(["问题类别", "问题数", "已化解", "化解率", "未化解", "超时限"], [list(r) for r in plan.summary_rows()],
              widths=[44, 22, 22, 24, 22, 22], size=12)
    doc.blank()
    doc.heading1("二、研判问题清单")
    rows, titles = problem_rows(plan)
    doc.table(DOC_HEADERS, rows, widths=DOC_WIDTHS_MM, size=DOC_POINTS, align=["c", "l", "l", "l", "c", "c"])
    _merge_title_rows(doc.doc.tables[-1], titles)
    _tighten(doc.doc.tables[-1], DOC_POINTS)
    doc.signature(office, plan.today)
    return doc.to_bytes()


# ---- .xlsx ----------------------------------------------------------------

def agenda_sheets(plan: AgendaPlan) -> list[TableSheet]:
    s = plan.ledger.settings
    rows: list[list[Any]] = []
    alerts: set[tuple[int, int]] = set()
    for c in plan.categories:
        for p in c.problems:
            rv = p.review
            if p.overdue:
                alerts.add((len(rows), 8))
            rows.append([c.name, rv.id, rv.description, rv.unit or rv.unit_raw, p.cause, p.root, p.path, rv.deadline,
                         p.timing(plan.today).split("，")[-1], p.status])
    problems = TableSheet(
        name="研判议程", title=f"{s.district}周研判会议议程（{plan.meeting_words() or chinese_date(plan.today)}）",
        headers=["问题类别", "编号", "问题描述", "责任单位", "原因分析", "根源分析", "破题路径", "化解时限", "时限情况",
                 "化解状态"],
        widths=[12, 13, 36, 14, 24, 24, 28, 11, 12, 9], rows=rows, above=[plan.headline() + "。"],
        centred={0, 8, 9}, alerts=alerts, signature=[office_name(s), chinese_date(plan.today)])
    summary = TableSheet(
        name="化解情况", title=f"周研判问题化解情况（截至{chinese_date(plan.today)}）",
        headers=["问题类别", "问题数", "已化解", "化解率", "未化解", "超时限"],
        widths=[18, 10, 10, 10, 10, 10], rows=[list(r) for r in plan.summary_rows()],
        centred={1, 2, 3, 4, 5}, landscape=False, one_page=True)
    return [problems, summary]


def write_agenda(plan: AgendaPlan, outdir: Path) -> list[Path]:
    s = plan.ledger.settings
    with staged(outdir) as st:
        st.path(plan.file_stem + ".docx").write_bytes(agenda_docx(plan))
        write_book(st.path(plan.file_stem + ".xlsx"), agenda_sheets(plan), title="周研判会议议程", author=office_name(s),
                   day=plan.today)
        names = list(st.names)
    return [outdir / n for n in names]


def default_outdir(ledger_path: Path) -> Path:
    return ledger_path.parent / DEFAULT_DIR

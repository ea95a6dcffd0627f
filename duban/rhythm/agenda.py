"""The agenda of the weekly analysis meeting (周研判, `duban agenda`).

Open 周研判 problems by category — the categories of 参数 【研判类别】 first (历史遗留问题,
信访积案, 问题楼盘, 征迁遗留问题 by default), then any other category met in the sheet — each
with 原因分析, 根源分析, 破题路径, 化解时限 and the days left or overdue (calendar days);
within a category, problems past their 化解时限 come first (longest overdue first), then by
化解时限, problems without one last. Per category: count, resolved and 化解率 as on 统计
(duban.stats, as of the day). Written as a .docx in the 公文 layout and an .xlsx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..book import RawBook
from ..gongwen import Gongwen
from ..ledger import Ledger, Review, text
from ..stats import Tally, compute_stats
from .common import NothingToDo, cn_date, full_date, load, shorten
from .staging import staged
from .xlsxdoc import TableSheet, write_book

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

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def timing(self, today: dt.date) -> str:
        rv = self.review
        if rv.deadline is None:
            return "未定化解时限"
        when = f"化解时限{cn_date(rv.deadline, today)}"
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
        return (f"截至{full_date(self.today)}，周研判问题{total}个，已化解{done}个，化解率{rate:.1f}%；"
                f"未化解{self.open_count}个，其中超过化解时限{self.overdue_count}个")

    def summary_rows(self) -> list[tuple[str, ...]]:
        return [(c.name, str(c.tally.total), str(c.tally.done), c.rate_text(), str(len(c.problems)), str(c.overdue))
                for c in self.categories]


def plan_agenda(book: RawBook, today: dt.date) -> AgendaPlan:
    ledger = load(book)
    if not ledger.reviews:
        raise NothingToDo("“周研判”中还没有问题，无法生成研判议程。请先录入研判问题")
    resolved = ledger.settings.resolved_status
    table = ledger.tables["reviews"]
    tallies = compute_stats(ledger, today).per_review_category
    open_by: dict[str, list[Problem]] = {}
    for rv in ledger.reviews:
        if rv.date is not None and rv.date > today:
            continue   # not yet on the table (as 统计 counts)
        if rv.status in resolved and (rv.resolved is None or rv.resolved <= today):
            continue
        values = table.row_values(rv.row)
        open_by.setdefault(rv.category or NO_CATEGORY, []).append(Problem(
            rv, *(text(table.value(values, name)) for name in ("cause", "root", "path")),
            (rv.deadline - today).days if rv.deadline else None))
    categories = []
    for name, tally in tallies.items():
        if tally.total or name in open_by:
            problems = sorted(open_by.get(name, []), key=_agenda_order)
            categories.append(Category(name, tally, problems))
    plan = AgendaPlan(ledger, today, categories)
    if not plan.open_count:
        raise NothingToDo(f"{plan.headline()}。周研判问题已全部化解，本周没有需要研判的问题，未生成议程")
    return plan


def _agenda_order(p: Problem):
    if p.days_left is None:
        return (2, 0, p.review.row)
    return (0 if p.overdue else 1, p.days_left, p.review.row)


# ---- .docx ----------------------------------------------------------------

NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 1 一, 10 十, 12 十二, 20 二十, 23 二十三."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


def agenda_docx(plan: AgendaPlan) -> bytes:
    s = plan.ledger.settings
    doc = Gongwen(author=s.office, created=dt.datetime.combine(plan.today, dt.time()))
    doc.title(f"{s.district}周研判会议议程")
    doc.para(f"{plan.headline()}。现将未化解问题按类别提请研判，超过化解时限的问题列在各类之首。")
    doc.heading1("一、总体情况")
    doc.table(["问题类别", "问题数", "已化解", "化解率", "未化解", "超时限"], [list(r) for r in plan.summary_rows()],
              widths=[44, 22, 22, 24, 22, 22], size=12)
    doc.blank()
    for k, c in enumerate((c for c in plan.categories if c.problems), start=2):
        doc.heading1(f"{cn_number(k)}、{c.name}",
                     f"（共{c.tally.total}个，已化解{c.tally.done}个，化解率{c.rate_text()}；"
                     f"未化解{len(c.problems)}个，其中超过化解时限{c.overdue}个）")
        for j, p in enumerate(c.problems, start=1):
            rv = p.review
            doc.heading2(f"（{cn_number(j)}）{shorten(rv.description, 60)}")
            doc.para(f"编号：{rv.id or '—'}；责任单位：{rv.unit or rv.unit_raw or '未填写'}；"
                     f"研判日期：{cn_date(rv.date, plan.today)}；{p.timing(plan.today)}；目前{rv.status or '未填写状态'}。")
            for label, value in (("原因分析", p.cause), ("根源分析", p.root), ("破题路径", p.path)):
                doc.para(f"{label}：{value or '（未填写）'}")
    doc.signature(s.office, plan.today)
    return doc.to_bytes()


# ---- .xlsx ----------------------------------------------------------------

def agenda_sheets(plan: AgendaPlan) -> list[TableSheet]:
    s = plan.ledger.settings
    rows, alerts = [], set()
    for c in plan.categories:
        for p in c.problems:
            rv = p.review
            if p.overdue:
                alerts.add((len(rows), 8))
            rows.append([c.name, rv.id, rv.description, rv.unit or rv.unit_raw, p.cause, p.root, p.path, rv.deadline,
                         p.timing(plan.today).split("，")[-1], rv.status])
    problems = TableSheet(
        name="研判议程", title=f"{s.district}周研判会议议程（{full_date(plan.today)}）",
        headers=["问题类别", "编号", "问题描述", "责任单位", "原因分析", "根源分析", "破题路径", "化解时限", "时限情况",
                 "化解状态"],
        widths=[12, 13, 36, 14, 24, 24, 28, 11, 12, 9], rows=rows, above=[plan.headline() + "。"],
        centred={0, 8, 9}, alerts=alerts, signature=[s.office, full_date(plan.today)])
    summary = TableSheet(
        name="化解情况", title=f"周研判问题化解情况（截至{full_date(plan.today)}）",
        headers=["问题类别", "问题数", "已化解", "化解率", "未化解", "超时限"],
        widths=[18, 10, 10, 10, 10, 10], rows=[list(r) for r in plan.summary_rows()],
        centred={1, 2, 3, 4, 5}, landscape=False, one_page=True)
    return [problems, summary]


def write_agenda(plan: AgendaPlan, outdir: Path) -> list[Path]:
    s = plan.ledger.settings
    with staged(outdir) as st:
        st.path(plan.file_stem + ".docx").write_bytes(agenda_docx(plan))
        write_book(st.path(plan.file_stem + ".xlsx"), agenda_sheets(plan), title="周研判会议议程", author=s.office,
                   day=plan.today)
        names = list(st.names)
    return [outdir / n for n in names]


def default_outdir(ledger_path: Path) -> Path:
    return ledger_path.parent / DEFAULT_DIR

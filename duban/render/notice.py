"""The month's 通报: one generator of its words (`compose`), two renderings: the text on the
月讲评 sheet (`Notice.paragraphs`, wrapped by `text.wrap_lines`) and the 公文 .docx (`write_docx`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from duban.model import Ledger, Letterhead
from duban.read.params import WARNING_MEASURE
from duban.render.text import chinese_date, month_label, text_width
from duban.rules.evaluate import NOT_RANKED, Accountability, Evaluation, rank_change
from duban.rules.extensions import granted_in, requested_late
from duban.rules.ranking import REWARD, STATEMENT
from duban.rules.stats import Stats


def money(amount: float) -> str:
    """An amount as GB/T 15835 writes it: 5万元, 2500元 (no thousands separator)."""
    if amount >= 10000 and amount % 10000 == 0:
        return f"{amount / 10000:g}万元"
    return f"{amount:.0f}元"


def _names(units: list[str]) -> str:
    return "、".join(units) if units else "无"


@dataclass
class Block:
    """One piece of the 通报 body: a paragraph, a heading (with optional run-in text) or a table."""

    kind: str                      # "para" | "heading1" | "heading2" | "table"
    text: str = ""
    body: str = ""                 # headings: text continuing the heading's paragraph
    headers: tuple[str, ...] = ()
    rows: list[list[Any]] = field(default_factory=list)
    widths: list[float] | None = None   # table columns in mm
    align: list[str] | None = None

    @property
    def line(self) -> str:
        return self.text + self.body


@dataclass
class Notice:
    """The month's 通报: the words of both renderings (月讲评 sheet text and the .docx)."""

    title: str
    addressee: str
    blocks: list[Block]
    office: str
    issued: dt.date
    errors: int = 0            # data errors in the ledger: the .docx is a 草稿 unless confirmed
    excluded: int = 0          # items those errors left out of the scores
    letterhead: Letterhead = field(default_factory=Letterhead)

    @property
    def draft_reason(self) -> str:
        """Why the 通报 is a draft ('' for a clean ledger), for the page header of the 草稿."""
        if not self.errors:
            return ""
        left_out = f"，{self.excluded}件事项未计入考评" if self.excluded else ""
        return f"台账尚有{self.errors}处数据错误{left_out}，更正后重新生成正式通报"

    def paragraphs(self) -> list[str]:
        """The text as paragraphs (tables left out: the 月讲评 sheet shows the rankings itself)."""
        return ([self.title, f"{self.addressee}："] + [b.line for b in self.blocks if b.kind != "table"]
                + [self.office, chinese_date(self.issued)])


RANK_HEADERS = ("名次", "单位", "综合得分", "较上月", "考评结果", "奖励经费（元）")
RANK_WIDTHS: list[float] = [16, 52, 22, 18, 26, 22]   # mm, 156 in all (the text width)
RANK_ALIGN = ["c", "l", "c", "c", "c", "r"]


def _score(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def _rank_rows(ev: Evaluation, group: str) -> list[list[Any]]:
    m = ev.month
    res = ev.results[m]
    in_group = sorted(((u, st) for u, st in res.standings.items() if st.group == group),
                      key=lambda kv: (kv[1].rank or 0, kv[0]))
    rows = [[st.rank, u, _score(st.score), rank_change(ev, u, m), st.result, f"{st.reward:.0f}" if st.reward else ""]
            for u, st in in_group]
    rows += [["—", r.unit, _score(r.score), "—", NOT_RANKED, ""] for r in _unranked(res, group)]
    return rows


def _unranked(res, group: str) -> list:
    """Units of the group that take part in the assessment but have no rank this month (units with
    参与考评 = 否 are outside the assessment and not in the 通报 at all)."""
    return [r for r in res.rows if r.group == group and r.unit not in res.standings and r.unit_evaluated]


def extensions_paragraph(ledger: Ledger, month: str) -> str:
    """The extensions granted on requests of the month, by unit ('' when none): 本月经审核同意延期事项3件…"""
    items = granted_in(ledger, month)
    if not items:
        return ""
    by_unit: dict[str | None, list[Any]] = {}
    for it in items:
        by_unit.setdefault(it.lead_unit, []).append(it)
    parts = "，".join(f"{unit}{len(its)}件（{'、'.join(it.ref for it in its)}）" for unit, its in by_unit.items())
    late = sum(requested_late(it) for it in items)
    return (f"{month_label(month)}经审核同意延期事项{len(items)}件：{parts}"
            + (f"；其中{late}件在完成时限后才申请延期" if late else "") + "。")


def compose(ledger: Ledger, ev: Evaluation, stats: Stats, error_count: int, issued: dt.date) -> Notice:
    """The words of the month's 通报, figures as at the evaluated month's end (stats.as_of)."""
    m = ev.month
    res = ev.results[m]
    label = month_label(m)
    s = ledger.settings
    blocks: list[Block] = []
    rate = stats.items.rate
    as_of = stats.as_of_text or "截至目前"
    # GB/T 15835: no space between Chinese and digits, no thousands separator (3707件)
    overview = (f"{as_of}，{ledger.year}年共召开周交办例会{stats.meetings}次，交办重点事项{stats.items.total}件，"
                f"已办结{stats.items.done}件，办结率{rate if rate is not None else 0:.1f}%。"
                + (f"周研判共分析研判问题{stats.reviews.total}个，已化解{stats.reviews.done}个，"
                   f"化解率{stats.reviews.rate or 0:.1f}%。" if stats.reviews.total else ""))
    blocks.append(Block("heading1", "一、总体情况"))
    blocks.append(Block("para", overview))
    granted = extensions_paragraph(ledger, m)
    if granted:
        blocks.append(Block("para", granted))
    blocks.append(Block("heading1", f"二、{label}考评排名情况"))
    numerals = "一二三四五六七八九十"
    shown = 0
    for group in s.groups:
        in_group = sorted(((u, st) for u, st in res.standings.items() if st.group == group),
                          key=lambda kv: kv[1].rank or 0)
        if not res.placed.get(group) and not in_group:
            continue
        rewarded = [(u, st) for u, st in in_group if REWARD in st.outcomes]
        statements = [u for u, st in in_group if STATEMENT in st.outcomes]
        reward_text = "、".join(f"{u}（第{st.rank}名，奖励工作经费{money(st.reward)}）" if st.reward
                                else f"{u}（第{st.rank}名）" for u, st in rewarded) or "无单位"
        text = f"{label}{group}综合考评中，{reward_text}位列前茅，予以通报表扬并奖励工作经费"
        if statements:
            text += f"；{_names(statements)}排名靠后，须在月度讲评会上作表态发言"
        heading = f"（{numerals[shown % 10]}）{group}组（{len(in_group)}个单位参与排名）。"
        shown += 1
        blocks.append(Block("heading2", heading, text + "。"))
        blocks.append(Block("table", headers=RANK_HEADERS, rows=_rank_rows(ev, group), widths=RANK_WIDTHS,
                            align=RANK_ALIGN))
        reasons = [f"{r.unit}{r.note.rstrip('。').removeprefix('该单位')}" for r in _unranked(res, group)
                   if r.note and r.note != NOT_RANKED]
        if reasons:
            blocks.append(Block("para", "注：" + "；".join(reasons) + "。"))
    this_month = [a for a in ev.accountability if a.month == m]
    if this_month:
        blocks.append(Block("heading1", "三、问责预警情况"))
    for measure, rows in _by_measure(a for a in this_month if a.counts):
        blocks.append(Block("para", "、".join(f"{a.unit}（连续{a.run}个月末位）" for a in rows)
                            + f"，按规定{measure}。"))
    for measure, rows in _by_measure(a for a in this_month if not a.counts):
        nxt = s.next_counted_step(max(a.run for a in rows))
        then = f"；连续{nxt.months}个月末位将{nxt.measure}" if nxt else ""
        names = _names([a.unit if a.run == 1 else f"{a.unit}（连续{a.run}个月末位）" for a in rows])
        verb = "予以" if measure == WARNING_MEASURE else "按规定"
        blocks.append(Block("para", f"{names}本月排名末位，{verb}{measure}{then}。"))
    # Data errors are the office's business, not the readers': the body never refers to internal sheets
    # or marks; a ledger with errors makes the .docx a 草稿 (Notice.draft_reason) instead.
    blocks.append(Block("para", "特此通报。"))
    title = f"关于{label}“周交办、周研判、月讲评”工作情况的通报"
    return Notice(title, s.addressee, blocks, s.signature, issued, error_count, ev.excluded_items, s.letterhead)


def _by_measure(rows: Iterable[Accountability]) -> list[tuple[str, list[Accountability]]]:
    """Accountability rows grouped by measure, in ladder order (the fewest months first)."""
    groups: dict[str, list[Accountability]] = {}
    for a in rows:
        groups.setdefault(a.advice, []).append(a)
    return sorted(groups.items(), key=lambda kv: min(a.run for a in kv[1]))


def write_docx(notice: Notice, path, author: str | None = None, *, final: bool = False):
    """The 通报 as a 公文 .docx (GB/T 9704-2012 layout, duban.render.gongwen); written atomically. With data
    errors in the ledger it is a 草稿 (marked in the page header) unless `final` (the office confirmed)."""
    from duban.render.gongwen import Gongwen

    created = dt.datetime.combine(notice.issued, dt.time(9, 0))
    doc = Gongwen(author=author or notice.office, created=created)
    doc.doc.core_properties.title = notice.title
    if notice.draft_reason and not final:
        doc.draft_mark(notice.draft_reason)
    head = notice.letterhead
    if head.has_head:
        doc.letterhead(head.mark, head.number, head.signer)
    doc.title(_title_lines(notice.title)).addressee(notice.addressee)
    render = {"para": lambda b: doc.para(b.text),
              "heading1": lambda b: doc.heading1(b.text, b.body or None),
              "heading2": lambda b: doc.heading2(b.text, b.body or None),
              "table": lambda b: doc.table(list(b.headers), b.rows, widths=b.widths, align=b.align,
                                           size=SIZE_TABLE)}
    for block in notice.blocks:
        render[block.kind](block)
    doc.signature(notice.office, notice.issued)
    if head.has_record:
        doc.record(head.copies, head.printer or notice.office, _printed(head.printed, notice.issued))
    return doc.save(path)


def _printed(typed: Any, issued: dt.date) -> dt.date:
    """印发日期 as typed in 参数 (a date cell or text such as 2026-11-27, 2026年11月27日), else the 成文日期."""
    from duban.dates import parse_date

    day = parse_date(typed, issued.year).value if typed not in (None, "") else None
    return day if isinstance(day, dt.date) else issued


SIZE_TABLE = 12.0   # 小四 for ranking tables: 40 units fit on about two pages
TITLE_LINE = 20     # characters of 2号 type on one line of the 156 mm text width


def _title_lines(title: str) -> str:
    """Break a long title into lines of sense (GB/T 9704: 梯形或菱形, words kept whole): before the
    opening quote (a short line, then the longer one), else after the closing quote, else in the
    middle. Lines that mix digits into Chinese are kept under a full line, since renderers space
    digits differently."""
    if text_width(title) <= TITLE_LINE - 2:
        return title
    for cut in (title.find("“"), title.find("”") + 1):
        head, tail = title[:cut], title[cut:]
        if cut > 0 and _fits(head) and _fits(tail):
            return head + "\n" + tail
    cut = (len(title) + 1) // 2
    return title[:cut] + "\n" + title[cut:]


def _fits(line: str) -> bool:
    return text_width(line) <= (TITLE_LINE if line.isascii() or not any(c.isdigit() for c in line)
                                else TITLE_LINE - 2)

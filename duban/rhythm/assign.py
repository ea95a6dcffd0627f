"""交办单 (`duban assign`): after meeting N, per lead unit, the items assigned to it.

Per unit a .docx notice in the 公文 layout of duban.render.gongwen and a one-page .xlsx with the
same content; for the office a summary .xlsx of the meeting. All files are written or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from duban.errors import BadArguments
from duban.model import Item, Ledger
from duban.read.book import RawBook
from duban.read.ledger import load_ledger
from duban.render.gongwen import TITLE_CHARS
from duban.render.gongwen import Gongwen as Document
from duban.render.text import chinese_date, text_width
from duban.rhythm.common import (
    cn_date,
    contact_sentence,
    contact_warning,
    item_ref,
    office_name,
    require_items,
    safe_file_part,
    unit_order,
    where,
)
from duban.rhythm.docfit import Layout, body_lines, keep_signature_with_text, set_pitch, table_height
from duban.rhythm.meetings import Meeting, describe, meetings
from duban.rhythm.staging import staged
from duban.rhythm.xlsxdoc import TableSheet, write_book

DEFAULT_DIR = "交办单"
HEADERS = ("序号", "编号", "事项内容", "交办领导", "完成时限", "配合单位")
DOC_WIDTHS_MM = (12, 25, 48, 19, 22, 30)   # 156 mm: the text width
TABLE_POINTS = 10.5   # 五号, as 公文 tables commonly use
XLSX_WIDTHS = (6, 14, 50, 10, 13, 24)


@dataclass
class AssignPlan:
    ledger: Ledger
    today: dt.date
    meeting: Meeting
    by_unit: dict[str, list[Item]] = field(default_factory=dict)
    left_out: list[tuple[Item, str]] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.meeting.number

    def docx_name(self, unit: str) -> str:
        return f"交办单_第{self.number}期_{safe_file_part(unit)}.docx"

    def xlsx_name(self, unit: str) -> str:
        return f"交办单_第{self.number}期_{safe_file_part(unit)}.xlsx"

    @property
    def summary_name(self) -> str:
        return f"交办汇总_第{self.number}期.xlsx"

    def headline(self) -> str:
        when = f"（{chinese_date(self.meeting.date)}）" if self.meeting.date else ""
        return (f"第{self.number}期例会{when}交办事项{len(self.meeting.items)}件，"
                f"涉及牵头单位{len(self.by_unit)}个")

    def left_out_lines(self) -> list[str]:
        return [f"{where(it)}（{it.ref}）：{why}" for it, why in self.left_out]

    @property
    def calendar_notice(self) -> str:
        """The one sentence on a year counted without its registered 调休 ('' when none); the first
        answer date is the only working-day count of a 交办单."""
        self.first_report()
        return self.ledger.settings.calendar.notice()

    def first_report(self) -> dt.date | None:
        """First progress report due: 参数 首次进展工作日 working days after the meeting (holidays and
        make-up working days as duban.workdays knows them)."""
        if self.meeting.date is None:
            return None
        return self.ledger.settings.calendar.add_workdays(self.meeting.date,
                                                      self.ledger.settings.first_report_workdays)

    @property
    def first_report_passed(self) -> bool:
        first = self.first_report()
        return first is not None and first < self.today

    def warnings(self) -> list[str]:
        """What the clerk should know before sending the notices."""
        out = []
        first = self.first_report()
        if self.first_report_passed:
            assert self.meeting.date is not None  # a first report date needs the meeting's
            out.append(f"注意：第{self.number}期例会（{chinese_date(self.meeting.date)}）后第"
                       f"{self.ledger.settings.first_report_workdays}个工作日即{cn_date(first, self.today, weekday=True)}"
                       "是首次进展的报送时间，已早于今天"
                       f"（{chinese_date(self.today)}）。交办单中写明该时间已过、请立即报送；如交办单是补发的，请核对"
                       "期次（--meeting）和成文日期（--today），或“参数”表的“首次进展工作日”")
        missing = contact_warning(self.ledger.settings, "交办单")
        if missing:
            out.append(missing)
        return out


def plan_assign(book: RawBook, today: dt.date, number: int | None = None) -> AssignPlan:
    ledger = load_ledger(book)
    require_items(ledger)
    found = meetings(ledger)
    if not found:
        raise BadArguments("台账中的交办事项都没有填写期次，也无法按交办日期确定例会，无法生成交办单。"
                           "请在“周交办”中填写期次或交办日期")
    if number is None:
        number = max(found)
    if number not in found:
        raise BadArguments(f"没有第{number}期的交办事项。{describe(found)}。请用 --meeting 指定存在的期次")
    plan = AssignPlan(ledger, today, found[number])
    grouped: dict[str, list[Item]] = {}
    for it in plan.meeting.items:
        if it.lead_unit:
            grouped.setdefault(it.lead_unit, []).append(it)
        else:
            plan.left_out.append((it, f"牵头单位“{it.lead_raw}”不在单位表中或填写了多个单位" if it.lead_raw.strip()
                                  else "没有填写牵头单位"))
    for unit in sorted(grouped, key=unit_order(ledger)):
        plan.by_unit[unit] = sorted(grouped[unit], key=lambda it: (it.effective_deadline or dt.date.max, it.row))
    return plan


# ---- content shared by the .docx and the .xlsx ------------------------------

def deadline_text(it: Item, today: dt.date) -> str:
    if it.long_term:
        return "长期"
    d = it.effective_deadline
    return cn_date(d, today) if d else "未填写"


def item_rows(plan: AssignPlan, items: list[Item]) -> list[list[str]]:
    return [[str(n), item_ref(it), it.content or "（未填写）", it.leader.strip() or "—",
             deadline_text(it, plan.today), it.co_raw.strip() or "—"] for n, it in enumerate(items, start=1)]


def opening(plan: AssignPlan, unit: str, items: list[Item]) -> str:
    when = f"{chinese_date(plan.meeting.date)}召开的" if plan.meeting.date else ""
    return (f"根据{when}第{plan.number}期周交办例会安排，现将由你单位牵头办理的{len(items)}件事项交办如下，"
            "请抓紧研究落实。")


def first_report_text(plan: AssignPlan) -> str:
    first = plan.first_report()
    if first is None:
        return ""
    when = cn_date(first, plan.today, weekday=True)
    if plan.first_report_passed:
        return f"首次进展应于{when}前报送，该时间已过，请立即报送，"
    return f"首次进展请于{when}前报送，"


def requirements(plan: AssignPlan) -> list[str]:
    s = plan.ledger.settings
    return [
        "一是明确责任。主要负责同志要亲自研究部署，明确分管领导和具体经办人；配合单位要主动对接、协同推进。",
        f"二是按周反馈。落实“一周一答卷”，{first_report_text(plan)}此后每周报送本周进展和下步打算。",
        "三是按时办结。请在完成时限内办结并报送办结情况和佐证材料；确需调整完成时限的，请在时限届满前书面说明理由。",
        f"四是纳入考评。办理情况请{s.report_channel}至{office_name(s)}，纳入月度考评。{contact_sentence(s)}",
    ]


def title_text(plan: AssignPlan) -> str:
    return f"{plan.ledger.settings.district}督办事项交办单（第{plan.number}期）"


# ---- the files ----------------------------------------------------------------

def unit_docx(plan: AssignPlan, unit: str, items: list[Item]) -> bytes:
    """The notice in the 公文 layout; up to about three items on one page: when the text runs over,
    the line pitch closes up (GB/T 9704 §7.3.5.1) rather than leaving the 落款 on a page of its own."""
    s = plan.ledger.settings
    office = office_name(s)
    doc = Document(author=office, created=dt.datetime.combine(plan.today, dt.time()))
    doc.title(title_text(plan))
    doc.addressee(unit)
    doc.para(opening(plan, unit, items))
    rows = item_rows(plan, items)
    doc.table(list(HEADERS), rows, widths=list(DOC_WIDTHS_MM), size=TABLE_POINTS,
              align=["c", "l", "l", "c", "c", "l"])
    doc.heading1("办理要求")
    for line in requirements(plan):
        doc.para(line)
    doc.signature(office, plan.today)
    pitch = unit_layout(plan, unit, items).pitch()
    if pitch is not None:
        set_pitch(doc.doc, pitch)
    keep_signature_with_text(doc.doc)
    return doc.to_bytes()


def unit_layout(plan: AssignPlan, unit: str, items: list[Item]) -> Layout:
    """The estimated parts of unit_docx, in the same order."""
    title_lines = 1 if text_width(title_text(plan)) <= TITLE_CHARS else 2
    body = 1 + 1 + body_lines(opening(plan, unit, items)) + 1 + sum(body_lines(t) for t in requirements(plan)) + 3
    return Layout(title_lines, body, table_height(list(HEADERS), item_rows(plan, items), list(DOC_WIDTHS_MM),
                                                  TABLE_POINTS))


def unit_sheet(plan: AssignPlan, unit: str, items: list[Item]) -> TableSheet:
    s = plan.ledger.settings
    when = f"交办日期：{chinese_date(plan.meeting.date)}　　" if plan.meeting.date else ""
    return TableSheet(
        name="交办单", title=title_text(plan), headers=list(HEADERS),
        widths=list(XLSX_WIDTHS), rows=item_rows(plan, items),
        above=[f"{when}牵头单位：{unit}　　事项：{len(items)}件", opening(plan, unit, items)],
        below=["办理要求："] + requirements(plan), signature=[office_name(s), chinese_date(plan.today)],
        centred={0, 3, 4}, one_page=True)


def summary_sheets(plan: AssignPlan) -> list[TableSheet]:
    s = plan.ledger.settings
    rows = [[unit, item_ref(it), it.content, it.leader.strip(), deadline_text(it, plan.today), it.co_raw.strip(),
             plan.docx_name(unit)] for unit, items in plan.by_unit.items() for it in items]
    rows += [[it.lead_raw or "（未填写）", item_ref(it), it.content, it.leader.strip(), deadline_text(it, plan.today),
              it.co_raw.strip(), f"未生成：{why}"] for it, why in plan.left_out]
    detail = TableSheet(
        name="交办明细", title=f"{s.district}第{plan.number}期交办事项汇总",
        headers=["牵头单位", "编号", "事项内容", "交办领导", "完成时限", "配合单位", "交办单"],
        widths=[20, 14, 48, 10, 12, 22, 38], rows=rows,
        above=[plan.headline() + "。"] + (["提示：" + plan.calendar_notice] if plan.calendar_notice else []),
        centred={3, 4}, alerts={(i, 6) for i in range(len(rows) - len(plan.left_out), len(rows))})
    counts = TableSheet(
        name="按单位", title=f"第{plan.number}期交办事项按牵头单位统计", headers=["牵头单位", "事项数", "交办单"],
        widths=[26, 10, 44], rows=[[u, len(items), plan.docx_name(u)] for u, items in plan.by_unit.items()],
        centred={1}, landscape=False)
    return [detail, counts]


def write_assign(plan: AssignPlan, outdir: Path) -> list[Path]:
    s = plan.ledger.settings
    prefix = f"交办单_第{plan.number}期_"
    with staged(outdir, (prefix,)) as st:
        for unit, items in plan.by_unit.items():
            st.path(plan.docx_name(unit)).write_bytes(unit_docx(plan, unit, items))
            write_book(st.path(plan.xlsx_name(unit)), [unit_sheet(plan, unit, items)],
                       title=f"第{plan.number}期交办单", author=office_name(s), day=plan.today)
        write_book(st.path(plan.summary_name), summary_sheets(plan), title=f"第{plan.number}期交办汇总",
                   author=office_name(s), day=plan.today)
        names = list(st.names)
    return [outdir / n for n in names]


def default_outdir(ledger_path: Path, number: int) -> Path:
    return ledger_path.parent / DEFAULT_DIR / f"第{number}期"

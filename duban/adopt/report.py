"""What adopt did, line by line: the 导入说明 sheet of NEW and the console report.

Every section is a list of rows under a header; the sheet shows them all, the console the
first lines of each. Nothing adopt decides is left out of here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SHEET_TITLE = "导入说明"


@dataclass
class SheetCount:
    sheet: str
    header_rows: str       # 第3行 / 第3–4行
    read: int              # rows below the header
    written: int
    skipped: int

    @property
    def adds_up(self) -> bool:
        return self.read == self.written + self.skipped


@dataclass
class Section:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    empty: str = "无"

    def add(self, *row: Any) -> None:
        self.rows.append(row)


@dataclass
class Report:
    source: str
    target: str
    counts: list[SheetCount] = field(default_factory=list)
    other_counts: list[tuple[str, str, int]] = field(default_factory=list)  # (sheet, written to, rows)
    columns: Section = field(default_factory=lambda: Section(
        "列名对照（原表头 → 标准列）", ("工作表", "列", "原表头", "标准列", "方式")))
    kept_columns: Section = field(default_factory=lambda: Section(
        "未对应标准列、原样带入“周交办”右侧的列", ("工作表", "列", "原表头", "新台账中的列名")))
    sheets: Section = field(default_factory=lambda: Section("其他工作表", ("工作表", "处理")))
    units: Section = field(default_factory=lambda: Section(
        "单位（请核对组别）", ("单位名称", "合并的其他写法", "组别", "依据", "核对")))
    leaders: Section = field(default_factory=lambda: Section("领导", ("姓名", "来源")))
    words: Section = field(default_factory=lambda: Section(
        "状态、等次、类别词语", ("字段", "原词", "新台账中", "处理", "次数", "说明")))
    guesses: Section = field(default_factory=lambda: Section("推算和补充", ("内容", "处理", "件数")))
    dates: Section = field(default_factory=lambda: Section(
        "改写的日期和时限（原文写入备注）", ("工作表", "单元格", "字段", "原文", "读作")))
    cells: Section = field(default_factory=lambda: Section(
        "无法读取或需要补填的单元格（原样带入，重算时会提示）", ("工作表", "单元格", "字段", "原文", "问题")))
    proposals: Section = field(default_factory=lambda: Section(
        "建议的完成日期（未填入，请核对后自行填写）", ("编号", "来源", "建议完成日期", "依据（本周进展等）")))
    skipped: Section = field(default_factory=lambda: Section("未计入的行", ("工作表", "行", "原因", "内容")))
    questions: Section = field(default_factory=lambda: Section(
        "需要补充的信息（原台账没有，未推测）", ("内容", "涉及", "请做什么")))
    statuses: Section = field(default_factory=lambda: Section(
        "按进展情况推断的办理状态（待确认，请逐件核对）", ("编号", "来源", "推断的办理状态", "依据（进展情况）", "核对")))
    collective: Section = field(default_factory=lambda: Section(
        "牵头单位是统称的事项（请确定牵头单位）", ("编号", "来源", "原牵头单位", "处理")))
    split_leads: Section = field(default_factory=lambda: Section(
        "牵头单位写了几个单位的事项（第一个作牵头单位，其余移入配合单位，待确认）",
        ("编号", "来源", "原文", "新台账中", "核对")))
    notes: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        return [self.questions, self.statuses, self.collective, self.split_leads, self.columns, self.kept_columns,
                self.sheets, self.units, self.leaders, self.words, self.guesses, self.dates, self.cells, self.proposals,
                self.skipped]

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.counts)

    @property
    def items_written(self) -> int:
        return sum(c.written for c in self.counts)

    @property
    def rows_skipped(self) -> int:
        return sum(c.skipped for c in self.counts)

    @property
    def adds_up(self) -> bool:
        return all(c.adds_up for c in self.counts)

    def count_line(self) -> str:
        check = "相符" if self.adds_up else "不相符，请核对“未计入的行”"
        return (f"读取事项行 {self.rows_read} 行 = 写入事项 {self.items_written} 件 + 未计入 {self.rows_skipped} 行"
                f"（{check}）")

    def summary(self) -> list[str]:
        lines = [f"原台账：{self.source}", f"新台账：{self.target}", self.count_line()]
        for c in self.counts:
            lines.append(f"  “{c.sheet}”：表头在{c.header_rows}，读取 {c.read} 行，写入 {c.written} 件，"
                         f"未计入 {c.skipped} 行")
        for sheet, to, n in self.other_counts:
            lines.append(f"  “{sheet}” → “{to}”：{n} 行")
        lines.append(f"单位 {len(self.units.rows)} 个（其中 {sum(1 for r in self.units.rows if r[4])} 个组别待确认），"
                     f"领导 {len(self.leaders.rows)} 人")
        asked = (self.questions, self.statuses, self.collective, self.split_leads)
        to_check = [f"{s.title.split('（')[0]} {len(s.rows)} 项" for s in asked if s.rows]
        if to_check:
            lines.append(f"待确认：{'；'.join(to_check)}（见下表和“导入说明”工作表）")
        return lines + self.notes

    def grid(self) -> list[tuple[str, tuple[Any, ...]]]:
        """The 导入说明 sheet as (style, row) pairs: title, summary lines, then each section."""
        out: list[tuple[str, tuple[Any, ...]]] = [("title", ("导入说明",))]
        out += [("para", (line,)) for line in self.summary()]
        out.append(("note", ("本表由 duban adopt 生成，逐项列出导入时的对应关系、推断和无法读取的内容；"
                             "核对无误后可删除本表。",)))
        for i, s in enumerate(self.sections, start=1):
            out.append(("blank", ()))
            out.append(("subtitle", (f"{_NUMERALS[i - 1]}、{s.title}（{len(s.rows)} 项）",)))
            if not s.rows:
                out.append(("para", (s.empty,)))
                continue
            out.append(("header", s.header))
            out += [("text", r) for r in s.rows]
        return out


_NUMERALS = [*"一二三四五六七八九十", *(f"十{c}" for c in "一二三四五六七八九")]

"""The corpus: office ledger layouts, each the base ledger (base.py) with one habit changed
(and a few combining several), with the October result worked out by hand or the refusal.

Every case runs with --today 2026-11-10 --month 2026-10. Unless its comment says otherwise a
case holds exactly the base ledger's data, so its expected result is base.BASE (worked out in
base.py's docstring); cases that change data work out the changed units in their comment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from duban import schema

from .base import BASE, CG, CZ, DG, FG, GC, JT, NG, OFFICES, XG, ZJ, U, Unit, with_units
from .builder import Col, ItemSheet, Ledger, Raw, standard


@dataclass(frozen=True)
class Case:
    name: str
    habit: str  # what the clerk does differently (Chinese, as an office would say it)
    change: Callable[[Ledger], None]
    expected: dict[str, Unit] | None  # None: the run must refuse (exit 2)
    exits: frozenset[int] = frozenset({0})  # exit codes of validate and recompute
    says: tuple[str, ...] = ()  # phrases the run must show (console or 校验结果)
    counts_report: bool = False  # check the 通报's meeting/item counts (rows that are not items)
    note: str = ""  # where the spec is silent: the reading chosen
    skipped: tuple[int, ...] = ()  # 周交办 rows (1-based) that must be reported as not items
    left_out_total: int | None = None  # items 月讲评 says were left out (default: the units' sum)

    def left_out(self) -> int:
        if self.left_out_total is not None:
            return self.left_out_total
        return sum(e.left_out for e in (self.expected or {}).values())

    def ledger(self) -> Ledger:
        led = standard()
        self.change(led)
        return led


CASES: dict[str, Case] = {}


def case(name: str, habit: str, expected: dict[str, Unit] | None = BASE, *, exits=(0,), says=(),
         counts_report: bool = False, note: str = "", skipped=(), left_out_total: int | None = None) -> Callable:
    def register(fn: Callable[[Ledger], None]) -> Callable[[Ledger], None]:
        assert name not in CASES, name
        CASES[name] = Case(name, habit, fn, expected, frozenset(exits), tuple(says), counts_report, note,
                           tuple(skipped), left_out_total)
        return fn
    return register


def section_title(first: dict[str, Any]) -> str:
    """第39期（9月28日交办） for the meeting of the group's first record."""
    return f"第{first['period']}期（{first['assigned'].month}月{first['assigned'].day}日交办）"


def chinese_month_day(d: dt.date) -> str:
    digits = "〇一二三四五六七八九"

    def num(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return f"{num(d.month)}月{num(d.day)}日"


def dates_as(records: list[dict[str, Any]], fields: tuple[str, ...], fmt: Callable[[dt.date], str]) -> None:
    for r in records:
        for f in fields:
            if isinstance(r.get(f), dt.date):
                r[f] = fmt(r[f])


# ---- 0. the template itself -------------------------------------------------------------------

@case("standard", "duban new 的模板原样使用（对照组）", counts_report=True)
def _(led: Ledger) -> None:
    pass


# ---- 1. headers -----------------------------------------------------------------------------------

@case("title_rows", "表头上方有标题行和“制表单位/日期”行")
def _(led):
    led.items.title_rows = ["示范区2026年重点工作督办事项台账"]
    led.items.above = [["制表单位：区委督查室", None, None, None, None, None, None, None, None, None,
                        "制表日期：2026年11月10日"]]


@case("two_row_header_status", "两行表头：“办理情况”合并在“办理状态/完成日期”之上，其余列上下合并",
      note="“办理情况”也是本周进展的同义词；作为合并的分组表头时不应被当作本周进展。")
def _(led):
    led.items.col("status").group = "办理情况"
    led.items.col("completed").group = "办理情况"


@case("two_row_header_unmerged", "两行表头但只合并了“办理情况”，其余列上格空着、表头写在下一行（WPS 常见）")
def _(led):
    led.items.col("status").group = "办理情况"
    led.items.col("completed").group = "办理情况"
    led.items.merge_single_headers = False


@case("two_row_header_deadline", "两行表头：“时限”合并在“完成时限/调整后时限”之上")
def _(led):
    led.items.col("deadline").group = "时限"
    led.items.col("adjusted_deadline").group = "时限"


@case("two_row_header_partial_words", "两行表头：“时限”合并在“完成/调整后”之上，“办理情况”合并在“状态/日期”之上",
      exits=(0, 2),
      note="下行只写半个词，合起来才是列名（完成时限、调整后时限）。读出来应与基准相同；"
           "若读不出，应拒绝运行（退出码 2），绝不能漏掉调整后时限而照常排名。")
def _(led):
    s = led.items
    s.col("deadline").group = s.col("adjusted_deadline").group = "时限"
    s.rename(deadline="完成", adjusted_deadline="调整后")
    s.col("status").group = s.col("completed").group = "办理情况"
    s.rename(status="状态", completed="完成日期")


@case("header_breaks_and_spaces", "表头里有换行、全角空格和多余空格")
def _(led):
    led.items.rename(deadline="完成\n时限", lead_unit="牵头　单位", status=" 办理状态 ",
                     adjusted_deadline="调整后\n时限", completed="完成 日期", grade="点评\r\n等次")


@case("header_bracket_notes", "表头带括号注释：完成时限（年月日）等")
def _(led):
    led.items.rename(deadline="完成时限（年月日）", completed="完成日期(年-月-日)",
                     grade="点评等次（好/较好/一般/差）", status="办理状态【下拉选择】",
                     adjusted_deadline="调整后时限（经区领导批准）")


@case("synonyms_a", "同义表头一：责任单位、办结时限、交办事项、完成情况、进展情况、办结日期、点评等级、延期时限、责任领导",
      says=("责任单位", "办结时限", "点评等级", "延期时限"))
def _(led):
    led.items.rename(lead_unit="责任单位", deadline="办结时限", content="交办事项", status="完成情况",
                     progress="进展情况", completed="办结日期", grade="点评等级",
                     adjusted_deadline="延期时限", leader="责任领导")


@case("synonyms_b", "同义表头二：承办单位、时限要求、督办事项、办结情况、办理情况、实际完成时间、评价等次、调整时限",
      says=("承办单位", "时限要求", "评价等次", "调整时限"))
def _(led):
    led.items.rename(lead_unit="承办单位", deadline="时限要求", content="督办事项", status="办结情况",
                     progress="办理情况", completed="实际完成时间", grade="评价等次",
                     adjusted_deadline="调整时限")


@case("synonyms_c", "同义表头三：主办单位、工作任务", says=("主办单位",))
def _(led):
    led.items.rename(lead_unit="主办单位", content="工作任务")


@case("grade_header_点评等级", "只把“点评等次”写成“点评等级”（忽略它会改变排名：城关/西关等得分全变）")
def _(led):
    # Ignoring the grade column would give 办事处 东关 100, 南关 100, 城关 52.38, 西关 52.38 and
    # 区直单位 区财政局 100, 区教体局 100, 区城管局 81.57 … — a different ranking.
    led.items.rename(grade="点评等级")


@case("extension_header_延期时限", "只把“调整后时限”写成“延期时限”（忽略它，东关 97.75 -> 82.75，奖励名次互换）")
def _(led):
    led.items.rename(adjusted_deadline="延期时限")


@case("column_map", "本单位自己的列名（不是内置同义词），在参数【列名对照】中登记",
      says=("牵头科室", "要求办结日", "督查评定"))
def _(led):
    led.items.rename(lead_unit="牵头科室", deadline="要求办结日", grade="督查评定", adjusted_deadline="批准延期日",
                     completed="销账日期")
    led.column_map({"牵头科室": "牵头单位", "要求办结日": "完成时限", "督查评定": "点评等次",
                    "批准延期日": "调整后时限", "销账日期": "完成日期"})


@case("column_map_wins", "列名对照胜过内置同义词：本单位“办理情况”是办理状态，“工作进展”才是本周进展",
      note="“办理情况”内置为本周进展的同义词；列名对照把它登记为办理状态，应以列名对照为准。")
def _(led):
    led.items.rename(status="办理情况", progress="工作进展")
    led.column_map({"办理情况": "办理状态", "工作进展": "本周进展"})


@case("extra_columns_reordered", "列顺序打乱，另有本单位自加的列（督办人、联系电话、是否重点）",
      says=("督办人", "是否重点"))
def _(led):
    s = led.items
    order = ["id", "content", "lead_unit", "deadline", "status", "completed", "grade", "period", "assigned",
             "leader", "co_units", "category", "adjusted_deadline", "progress", "feedback_date", "comment", "remark"]
    s.columns = [s.col(f) for f in order]
    s.columns.insert(3, Col("督办人", None, values=lambda r: "赵督查"))
    s.columns.insert(5, Col("联系电话", None, values=lambda r: "0931-1234567"))
    s.columns.append(Col("是否重点", None, values=lambda r: "是" if r["category"] == "重点项目" else "否"))


@case("first_col_offset", "台账从 B 列开始，A 列留空（常见的打印边距习惯）")
def _(led):
    led.items.first_col = 1
    led.items.title_rows = ["重点工作督办台账"]


@case("duplicate_header", "同一字段出现两次：既有“牵头单位”又有“责任单位”（内容相同）",
      expected=BASE, exits=(1, 2), says=("牵头单位", "E列", "R列"),
      note="规格只说“表头用了两次是错误”。接受退出码 1（错误，仍计算；两列内容相同所以排名同基准）"
           "或 2（拒绝运行）；消息须同时点名两列（E列、R列）。")
def _(led):
    led.items.columns.append(Col("责任单位", None, values=lambda r: r["lead_unit"]))


@case("duplicate_field_different_values", "后来加了一列“办结日期”：第41、44期的完成日期填在新列，旧“完成日期”列空着",
      expected=BASE, exits=(1, 2), says=("完成日期", "办结日期"),
      note="两列都是完成日期且内容不同。只读其中一列会把5件已完成事项当作缺完成日期而剔除，排名就变了。"
           "可接受：拒绝运行（退出码 2，点名两列），或两列合并读取（退出码 1，排名同基准）。")
def _(led):
    s = led.items
    s.columns.append(Col("办结日期", None, values=lambda r: r["completed"] if r["period"] in (41, 44) else None))
    s.col("completed").values = lambda r: r["completed"] if r["period"] in (37, 39) else None


@case("missing_field_resembles", "缺少必填列“完成时限”，而有一列未用的“要求完成时限”与之相似",
      expected=None, exits=(2,), says=("完成时限", "要求完成时限", "列名对照"),
      note="缺少完成时限无法计分，应退出码 2，并提示“要求完成时限”可能就是它（可在列名对照中登记）。")
def _(led):
    led.items.rename(deadline="要求完成时限")


@case("missing_field_mapped", "同上，“要求完成时限”已在【列名对照】中登记为完成时限", says=("要求完成时限",))
def _(led):
    led.items.rename(deadline="要求完成时限")
    led.column_map({"要求完成时限": "完成时限"})


# No grade is read (the grade column is headed 领导点评等次, not a synonym; SPEC §7: a 警告 naming both).
# base = (40·办结率 + 30·按时率) / 70 for every unit, 点评质量 absent:
#  东关 D2 C2 T2 -> 100; 南关 D2 C2 T2 -> 100 (equal on every key: both 1st);
#  城关 D3 C2 T1 -> (2666.67 + 1000) / 70 = 52.38; 西关 D3 C2 T1 -> 52.38 (both 3rd).
#  奖励 (fewer than 2 above): 东关, 南关; 表态发言 and 末位 (nobody below): 城关 and 西关.
#  区财政局 D2 C2 T2 -> 100, 区教体局 D1 C1 T1 -> 100 (both 1st); 区城管局 D2 C2 T1 ->
#  (4000 + 1500) / 70 = 78.571 + 3 = 81.57 (3rd); 区发改局 D3 C2 T2 -> 66.67 (4th);
#  区住建局 D2 C1 T0 -> 2000 / 70 = 28.57 (5th). 奖励: ranks 1, 1, 3; 表态发言: 区发改局, 区住建局; 末位 区住建局.
NO_GRADES = {
    DG: U(2, 2, 2, None, 0, 100.00, 1, "奖励"), NG: U(2, 2, 2, None, 0, 100.00, 1, "奖励"),
    GC: U(3, 2, 1, None, 0, 52.38, 3, "表态发言、末位"), XG: U(3, 2, 1, None, 0, 52.38, 3, "表态发言、末位"),
    CZ: U(2, 2, 2, None, 0, 100.00, 1, "奖励"), JT: U(1, 1, 1, None, 0, 100.00, 1, "奖励"),
    CG: U(2, 2, 1, None, 3, 81.57, 3, "奖励"), FG: U(3, 2, 2, None, 0, 66.67, 4, "表态发言"),
    ZJ: U(2, 1, 0, None, 0, 28.57, 5, "表态发言、末位"),
}


@case("grade_header_resembles", "点评等次列写成“领导点评等次”（不是同义词，未登记）：不读等次，警告点名两列",
      expected=NO_GRADES, exits=(0, 1), says=("点评等次", "领导点评等次"),
      note="规格：缺少字段而有相似未用表头时给警告。点评等次不是必填列，所以照常计算（不计点评质量）。"
           "这是退出码 0 而排名与办公室本意不同的情形——只靠一条警告；建议考虑对计分用到的列升级为错误。")
def _(led):
    led.items.rename(grade="领导点评等次")


# ---- 2. rows that are not items -------------------------------------------------------------------

@case("excel_table_totals", "周交办是一个 Excel 表格（插入→表格），带汇总行（合计/计数）", counts_report=True,
      skipped=(26,))
def _(led):
    led.items.table = True


@case("instructions_row", "表头下一行是合并单元格的“填写说明”", counts_report=True, skipped=(2,))
def _(led):
    led.items.instructions = ("填写说明：1.日期格式为2026-09-14；2.办理状态从下拉列表选择（未启动/推进中/已完成）；"
                              "3.已完成的事项须填写完成日期。")


# rows: header 1; 第37期 2, items 3–7; 第39期 8, items 9–16; 第41期 17, items 18–26; 第44期 27, items 28–29.
@case("section_rows", "每期事项前有一行合并的分期标题：第39期（9月28日交办）", counts_report=True,
      skipped=(2, 8, 17, 27))
def _(led):
    led.items.sections = section_title


# rows: header 1; items 2–6, blank 7–8; items 9–16, blank 17–18; items 19–27, blank 28–29; items 30–31.
@case("blank_rows", "每期事项之间空两行", counts_report=True, skipped=(7, 8, 17, 18, 28, 29))
def _(led):
    led.items.blank_between = 2


@case("merged_meeting_cells", "期次、交办日期、交办领导按例会上下合并", counts_report=True)
def _(led):
    led.items.merge_down = ("period", "assigned", "leader")


@case("manual_totals_row", "表尾手工加一行“合计：共24项”（不是Excel表格）", counts_report=True, skipped=(26,),
      note="规格列出的非事项行不含手工合计行。按办公室的预期：编号/序号格写“合计/小计/总计”、"
           "且没有牵头单位和完成时限的行是合计行，跳过并报告，不是事项错误。")
def _(led):
    led.items.records.append({"id": "合计", "period": 99, "assigned": None, "content": "共24项，已办结18项"})


@case("footer_note_rows", "表尾有“注：…”说明行和“制表人/审核人”行（未合并，只写在A列）",
      counts_report=True, skipped=(26, 27), note="说明行（只在首列有文字、其余为空）按规格的 instruction rows 跳过。")
def _(led):
    led.items.records.append({"id": "注：1.本台账每周一更新；2.逾期事项标红；3.调整时限须经分管区领导批准。",
                              "period": 98, "assigned": None})
    led.items.records.append({"id": "制表人：张三        审核人：李四", "period": 97, "assigned": None})


@case("prenumbered_empty_rows", "表尾预先编好号的空行（025–040 只有编号，其余为空）", counts_report=True,
      skipped=tuple(range(26, 42)),
      note="只有编号/序号、其余全空的行按空行跳过（办公室预先拉好的序号），不是缺必填项的错误。")
def _(led):
    led.items.records += [{"id": f"{n:03d}", "period": None, "assigned": None} for n in range(25, 41)]


@case("summary_sheet", "另有一张“按单位汇总”表，表头也有“牵头单位”（交办数/办结数/办结率）",
      note="只有一两个字段像周交办的表不是事项表，不读、不报错。")
def _(led):
    rows = [["牵头单位", "交办数", "办结数", "办结率"]]
    for u in OFFICES + [FG, CZ, ZJ, CG, JT]:
        mine = [r for r in led.items.records if r["lead_unit"] == u]
        rows.append([u, len(mine), sum(r["status"] == "已完成" for r in mine), None])
    led.insert_sheet("按单位汇总", rows, before=schema.REVIEWS.title)


@case("column_number_row", "表头下一行是栏次行 1、2、3……17（公文表格习惯）", counts_report=True, skipped=(2,),
      note="栏次行（整行是 1..n 的连续序号）不是事项，按说明行跳过。")
def _(led):
    led.items.after_header = [list(range(1, len(led.items.columns) + 1))]


_UNIT_ORDER = OFFICES + [FG, CZ, ZJ, CG, JT]


@case("grouped_by_unit", "按责任单位分组：每个单位一行合并的小标题“一、城关街道办事处”，牵头单位上下合并",
      counts_report=True)
def _(led):
    s = led.items
    s.records.sort(key=lambda r: (_UNIT_ORDER.index(r["lead_unit"]), r["id"]))
    s.group_by = lambda r: r["lead_unit"]
    numerals = "一二三四五六七八九"
    s.sections = lambda first: f"{numerals[_UNIT_ORDER.index(first['lead_unit'])]}、{first['lead_unit']}"
    s.merge_down = ("lead_unit",)


# ---- 3. item sheets -----------------------------------------------------------------------------

def _split_by_month(led: Ledger, table: bool = False) -> None:
    """Sept meetings on 9月, Oct on 10月, 周交办 keeps only November (the office started the
    template in November and kept its month sheets)."""
    records = led.items.records
    led.items.records = [r for r in records if r["assigned"].month == 11]
    for month in (9, 10):
        sheet = ItemSheet(f"{month}月", [r for r in records if r["assigned"].month == month], table=table)
        led.insert_sheet(sheet.title, sheet, before=schema.ITEMS.title)


@case("month_sheets", "事项按月分表（9月、10月），周交办只有11月的事项", counts_report=True,
      says=("9月", "10月"))
def _(led):
    _split_by_month(led)


@case("month_sheets_long_names", "月表名为“2026年9月台账”“10月份”，周交办只有11月的事项",
      counts_report=True)
def _(led):
    _split_by_month(led)
    led.rename_sheet("9月", "2026年9月台账")
    led.rename_sheet("10月", "10月份")


@case("done_items_archive_sheet", "已办结的事项（10月20日前办结的）剪切到“已办结事项”表", counts_report=True)
def _(led):
    records = led.items.records
    moved = [r for r in records if r["completed"] and r["completed"] < dt.date(2026, 10, 20)]
    led.items.records = [r for r in records if r not in moved]
    led.insert_sheet("已办结事项", ItemSheet("已办结事项", moved), before=schema.REVIEWS.title)


@case("renamed_items_sheet", "没有“周交办”，事项在“交办事项台账”工作表", says=("交办事项台账",))
def _(led):
    led.rename_sheet(schema.ITEMS.title, "交办事项台账")


@case("no_items_sheet", "没有任何像周交办的工作表（事项在“工作台账”，只有序号/工作内容/备注）",
      expected=None, exits=(2,), says=("周交办", "工作台账"))
def _(led):
    led.rename_sheet(schema.ITEMS.title, "工作台账")
    led.item_sheet("工作台账").columns = [Col("序号", None, values=lambda r: int(r["id"])),
                                          Col("工作内容", "content"), Col("备注", "remark")]


@case("excluded_sheet", "另有一张同样表头的“填报示例”工作表（示例行），在参数【排除工作表】中登记")
def _(led):
    # Read as an item sheet, the sample would add an open item of 城关 due 10-20 (D4 C2 T1).
    sample = [dict(led.items.records[0], id="示例1", lead_unit=GC, content="（示例）某项工作", deadline=dt.date(2026, 10, 20),
                   status="推进中", completed=None, grade=None, progress="示例：本周完成方案初稿")]
    led.insert_sheet("填报示例", ItemSheet("填报示例", sample), before=schema.REVIEWS.title)
    led.fill_block("排除工作表", ["工作表", "说明"], [["填报示例", "填表示例，不是事项"]])


# ---- 4. keys --------------------------------------------------------------------------------------

@case("no_period_column", "没有“期次”列（期次按交办日期所在周推出）")
def _(led):
    led.items.drop("period")


@case("period_as_text", "期次写成“第37期”", note="“第37期”就是期次 37，照常读取；期次不影响计分。")
def _(led):
    led.items.col("period").values = lambda r: f"第{r['period']}期"


@case("serial_not_id", "没有“编号”，只有“序号”1、2、3…")
def _(led):
    led.items.col("id").header = "序号"
    led.items.col("id").values = lambda r: int(r["id"])


# ---- 5. dates and phrases ---------------------------------------------------------------------------

@case("dates_text_punct", "日期按文本录入：2026.9.14、2026/9/28、2026年10月12日",
      note="文本日期按规格读出并给警告；只有警告时退出码为 0。")
def _(led):
    styles = {9: lambda d: f"{d.year}.{d.month}.{d.day}", 10: lambda d: f"{d.year}/{d.month}/{d.day}",
              11: lambda d: f"{d.year}年{d.month}月{d.day}日"}
    for r in led.items.records:
        for f in ("assigned", "deadline", "adjusted_deadline", "completed"):
            if isinstance(r.get(f), dt.date):
                r[f] = styles[r[f].month if r[f].month in styles else 11](r[f])


@case("dates_text_chinese", "完成日期写成 10月14日、十月二十日、10月15号、2026年10月26号")
def _(led):
    s = led.items
    s.set("003", completed="10月14日").set("012", completed=chinese_month_day(dt.date(2026, 10, 20)))
    s.set("009", completed="10月15号").set("019", completed="2026年10月26号")
    s.set("002", completed="十月八日").set("007", adjusted_deadline="10月30号")


@case("deadline_phrases", "完成时限写成“10月底前”“10月19日前”“本月底前”“10月16日前”",
      note="本月底前按交办日期所在月（10月12日交办 -> 10月31日）。")
def _(led):
    s = led.items
    s.set("014", deadline="10月底前").set("015", deadline="10月底前").set("020", deadline="本月底前")
    s.set("010", deadline="10月19日前").set("009", deadline="10月16日前").set("007", adjusted_deadline="10月30日前")


# 018 (区发改局, dl 10-30, open) becomes 持续推进: no deadline, never due. 区发改局 keeps 004 and 017:
# D2 C2 T2, q 100 -> 40 + 30 + 30 = 100.00. 022 (区教体局) 长期 and 023 (东关) 长期坚持 were due in
# November: no change in October. 区直单位: 区发改局 100.00 (1), 区财政局 95.50 (2), 区教体局 91.00 (3)
# 奖励; 区城管局 85.75 (4), 区住建局 41.00 (5) 表态发言; 末位 区住建局.
LONG_TERM = with_units(BASE, **{
    FG: U(2, 2, 2, 100, 0, 100.00, 1, "奖励"),
    CZ: U(2, 2, 2, 85, 0, 95.50, 2, "奖励"),
    JT: U(1, 1, 1, 70, 0, 91.00, 3, "奖励"),
    CG: U(2, 2, 1, 92.5, 3, 85.75, 4, "表态发言"),
    ZJ: U(2, 1, 0, 70, 0, 41.00, 5, "表态发言、末位"),
})


@case("long_term_items", "完成时限写“持续推进”“长期”“长期坚持”（无时限，永不到期）", expected=LONG_TERM,
      note="长期事项即使本月有进展也不计入应办结；退出码 0（不是错误）。")
def _(led):
    led.items.set("018", deadline="持续推进").set("022", deadline="长期").set("023", deadline="长期坚持")


@case("datetimes_with_time", "日期带时分（从OA系统导出）：完成日期 2026-10-26 17:30 等",
      note="区财政局 019 时限 10月26日、完成 10月26日17:30：按日期比较，按时办结。")
def _(led):
    for r in led.items.records:
        for f in ("completed", "feedback_date"):
            if isinstance(r.get(f), dt.date):
                r[f] = dt.datetime.combine(r[f], dt.time(17, 30))


# 017 (区发改局, 已完成) has no 完成日期: an error (SPEC §4) and the item is left out (its completion
# date decides C and T). 区发改局 keeps 004 (on time 好) and 018 (open): D2 C1 T1, q 100 ->
# 0.4·50 + 0.3·50 + 0.3·100 = 20 + 15 + 30 = 65.00, still 4th.
DONE_NO_DATE = with_units(BASE, **{FG: U(2, 1, 1, 100, 0, 65.00, 4, "表态发言", left_out=1)})


@case("done_without_date", "一行办理状态“已完成”却没填完成日期", expected=DONE_NO_DATE, exits=(1,),
      says=("完成日期",), note="按规格：无法确定完成日期的事项不计入排名（同“无法识别的完成日期”）。")
def _(led):
    led.items.set("017", completed=None)


@case("no_year_param", "参数中考评年度留空，完成时限和完成日期写“10月15日”不带年份",
      note="年度取交办日期最多的年份（2026），规格 §4 读作 2026 年。")
def _(led):
    for r in led.params:
        if r and r[0] == "考评年度":
            r[1] = None
    dates_as(led.items.records, ("deadline", "completed"), lambda d: f"{d.month}月{d.day}日")


# 018 (区发改局, open) deadline typed 10月下旬: ambiguous -> an error suggesting a reading; the item is
# left out. 区发改局 keeps 004 and 017 (both on time, 好): D2 C2 T2 q100 -> 100.00, 1st;
# 区财政局 95.50 (2), 区教体局 91.00 (3) 奖励; 区城管局 85.75 (4) and 区住建局 41.00 (5) 表态发言.
DEADLINE_UNREADABLE = with_units(LONG_TERM, **{FG: U(2, 2, 2, 100, 0, 100.00, 1, "奖励", left_out=1)})


@case("deadline_unreadable", "完成时限写“10月下旬”（含糊）", expected=DEADLINE_UNREADABLE, exits=(1,),
      says=("10月下旬",))
def _(led):
    led.items.set("018", deadline="10月下旬")


# 020 (区住建局, open, dl 10-31) names 区住建委 (not a unit): the item is left out. 区住建局 keeps 010
# (done 10-23, late, 一般): D1 C1 T0 q70 -> 40 + 0 + 21 = 61.00, still 5th (区发改局 76.67).
# The item belongs to no known unit, so no unit's 未计入事项 counts it; 月讲评 says 1 item in all.
UNKNOWN_LEAD = with_units(BASE, **{ZJ: U(1, 1, 0, 70, 0, 61.00, 5, "表态发言、末位")})


@case("unknown_lead_unit", "牵头单位写成“区住建委”（单位表中没有）", expected=UNKNOWN_LEAD, exits=(1,),
      says=("区住建委", "区住建局"), left_out_total=1,
      note="未知牵头单位的事项不归入任何单位的“未计入事项”（不猜它属于建议的单位），只计入月讲评的总数。")
def _(led):
    led.items.set("020", lead_unit="区住建委")


@case("non_scoring_field_errors", "计分不用的字段有错：配合单位“区水务局”、事项类别“乡村振兴”、交办领导“赵副区长”",
      exits=(1,), says=("区水务局", "乡村振兴", "赵副区长"),
      note="规格 §3：这些错误不剔除事项，排名与基准相同，未计入 0 件。")
def _(led):
    led.items.set("003", co_units="区水务局").set("010", category="乡村振兴").set("021", leader="赵副区长")


# ---- 6. words -------------------------------------------------------------------------------------

@case("alias_cell", "单位简称一格写多个：“城关、城关街道，城关街道办”，事项里用简称")
def _(led):
    aliases = {OFFICES[0]: "城关、城关街道，城关街道办", OFFICES[1]: "东关街道 东关办",
               FG: "发改局；区发改委", CZ: "财政局;区财政"}
    for row in led.units[1:]:
        if row[0] in aliases:
            row[1] = aliases[row[0]]
    s = led.items
    s.set("003", lead_unit="城关街道办").set("006", lead_unit="城关").set("014", lead_unit="城关街道")
    s.set("005", lead_unit="东关办").set("004", lead_unit="发改局").set("017", lead_unit="区发改委")
    s.set("009", lead_unit="区财政")


# 003 (城关) and 019 (区财政局) typed 已办结, not registered: an error on each; the item is left out
# (its status decides C and T). 城关 keeps 006 (done late 较好) and 014 (open): D2 C1 T0, q 85 ->
# 0.4·50 + 0 + 0.3·85 = 45.50. 办事处: 东关 97.75, 南关 95.50 奖励; 西关 54.67 (3); 城关 45.50 (4)
# 表态发言、末位. 区财政局 keeps 009 (on time 较好): D1 C1 T1, q 85 -> 95.50, still first.
STATUS_LEFT_OUT = with_units(BASE, **{
    GC: U(2, 1, 0, 85, 0, 45.50, 4, "表态发言、末位", left_out=1),
    XG: U(3, 2, 1, 60, 0, 54.67, 3, ""),
    CZ: U(1, 1, 1, 85, 0, 95.50, 1, "奖励", left_out=1),
})


@case("status_word_unregistered", "两行办理状态写成“已办结”（词表外，参数未登记）", expected=STATUS_LEFT_OUT,
      exits=(1,), says=("已办结", "已完成", "办理状态", "参数"),
      note="规格未说词表外的办理状态怎样计分。按“错误只剔除它涉及的内容”：状态决定是否办结，"
           "故该事项不计入排名（月考评写明剔除件数）。")
def _(led):
    led.items.set("003", status="已办结").set("019", status="已办结")


@case("status_word_registered", "全台账用“已办结/正在办理”，并在参数【办理状态】登记")
def _(led):
    for r in led.items.records:
        r["status"] = "已办结" if r["status"] == "已完成" else "正在办理"
    led.add_param_rows("办理状态", [["已办结", "是"], ["正在办理", "否"]])


@case("status_yes_no", "“是否办结”列填 是/否：列名对照登记为办理状态，参数【办理状态】登记 是/否")
def _(led):
    led.items.rename(status="是否办结")
    for r in led.items.records:
        r["status"] = "是" if r["status"] == "已完成" else "否"
    led.column_map({"是否办结": "办理状态"})
    led.add_param_rows("办理状态", [["是", "是"], ["否", "否"]])


# 003 graded 优秀 (not registered): only the grade is left out. 城关 q = 85 (006 only):
# 26.667 + 10 + 25.5 = 62.1667 -> 62.17, still third.
GRADE_LEFT_OUT = with_units(BASE, **{GC: U(3, 2, 1, 85, 0, 62.17, 3, "")})

# 优秀 registered in 【点评等次】 as 95: 城关 q = (95 + 85) / 2 = 90 -> 26.667 + 10 + 27 = 63.6667 -> 63.67.
GRADE_95 = with_units(BASE, **{GC: U(3, 2, 1, 90, 0, 63.67, 3, "")})


@case("grade_word_unregistered", "点评等次写“优秀”（词表外，参数未登记）", expected=GRADE_LEFT_OUT,
      exits=(1,), says=("优秀", "点评等次", "参数"))
def _(led):
    led.items.set("003", grade="优秀")


@case("grade_word_registered", "点评等次“优秀”已在参数【点评等次】登记为 95 分", expected=GRADE_95)
def _(led):
    led.items.set("003", grade="优秀")
    led.add_param_rows("点评等次", [["优秀", 95]])


@case("grade_vocabulary_four_levels", "点评等次用“优秀/良好/合格/不合格”（公开的督办考核办法常见），在参数【点评等次】中替换登记为 100/85/70/50")
def _(led):
    words = {"好": "优秀", "较好": "良好", "一般": "合格", "差": "不合格"}
    for r in led.items.records:
        if r["grade"]:
            r["grade"] = words[r["grade"]]
    led.replace_param_block("点评等次", [["优秀", 100], ["良好", 85], ["合格", 70], ["不合格", 50]])


# 单位 组别 typed 街道办事处 for the four offices (not registered): an error on each; those units
# have no group and are not ranked (rank None); 区直单位 as the base.
GROUP_UNKNOWN = with_units(BASE, **{u: U(None, None, None, None, None, None, None, "") for u in OFFICES})


@case("group_word_unregistered", "单位表的组别写“街道办事处”（词表外，参数未登记）", expected=GROUP_UNKNOWN,
      exits=(1,), says=("街道办事处", "办事处", "考评组别", "参数"),
      note="规格未说组别不明的单位如何处理；按办公室的预期：这些单位不参与排名（不能猜它在哪一组），"
           "区直单位照常排名。")
def _(led):
    for row in led.units[1:]:
        if row[2] == "办事处":
            row[2] = "街道办事处"


@case("group_word_registered", "组别“街道办事处”已在参数【考评组别】【奖励经费】登记（替换“办事处”）")
def _(led):
    for row in led.units[1:]:
        if row[2] == "办事处":
            row[2] = "街道办事处"
    led.replace_param_block("考评组别", [["街道办事处", 2, 1], ["区直单位", 3, 2]])
    led.replace_param_block("奖励经费", [["街道办事处", 1, 50000], ["街道办事处", 2, 30000],
                                        ["区直单位", 1, 30000], ["区直单位", 2, 20000], ["区直单位", 3, 10000]])


@case("unit_names_spaces", "牵头单位带多余空格和全角空格（“区财政局 ”“城关街道办事处　”）",
      note="规格：名称中多余空格是警告，事项照常计入。")
def _(led):
    led.items.set("009", lead_unit="区财政局 ").set("003", lead_unit="城关街道办事处\u3000")
    led.items.set("010", lead_unit=" 区住建局")


@case("units_sheet_own_layout", "单位表有标题行，表头用“单位全称/单位简称/考评组别/是否参与考评”")
def _(led):
    header = ["单位全称", "单位简称", "考评组别", "分管领导", "联络员", "联系电话", "是否参与考评", "顺序"]
    led.sheets[schema.UNITS.title] = [["示范区2026年度考评单位名单"], header] + led.units[1:]


@case("adjustment_month_forms", "加减分的月份写成“2026年10月”，表头“考评月份/被考评单位/加减分值”")
def _(led):
    led.sheets[schema.ADJUSTMENTS.title] = [["考评月份", "被考评单位", "加减分值", "加减分事由", "文件依据", "审核人"],
                                           ["2026年10月", CG, 3, "省级督查通报表扬", "督查通报〔2026〕12号", "张主任"]]


# ---- 7. 加减分 ------------------------------------------------------------------------------------

# 区城管局 one row +12 (beyond the cap: counts, with a 警告) -> sum clipped to +10: 82.75 + 10 = 92.75.
# 区住建局 -6 and -7 (each within the cap) -> sum -13 clipped to -10: 41.00 - 10 = 31.00.
# 区直单位: 区财政局 95.50 (1), 区城管局 92.75 (2), 区教体局 91.00 (3) 奖励; 区发改局 76.67 (4)
# 表态发言; 区住建局 31.00 (5) 表态发言、末位.
ADJUST_CAP = with_units(BASE, **{
    CG: U(2, 2, 1, 92.5, 10, 92.75, 2, "奖励"),
    JT: U(1, 1, 1, 70, 0, 91.00, 3, "奖励"),
    ZJ: U(2, 1, 0, 70, -10, 31.00, 5, "表态发言、末位"),
})


@case("adjustment_over_cap", "加减分单条 +12 超过上限；另一单位两条 -6、-7 合计超限", expected=ADJUST_CAP,
      says=("12",))
def _(led):
    led.adjustments[1:] = [["2026-10", CG, 12, "承办全省现场会", "区委办〔2026〕5号", "张主任"],
                           ["2026-10", ZJ, -6, "问题楼盘投诉", "督查通报〔2026〕13号", "张主任"],
                           ["2026-10", ZJ, -7, "扬尘治理被省通报", "督查通报〔2026〕14号", "张主任"]]


# ---- 8. several habits at once ------------------------------------------------------------------

@case("combo_county", "县区常见台账：标题和制表行、序号无编号、无期次、交办日期/责任领导按例会合并、"
      "分期标题行、同义表头（责任单位/办结时限/督办事项/办结情况/进展情况/办结日期/点评等级/延期时限）",
      counts_report=True)
def _(led):
    s = led.items
    s.title_rows = ["示范区重点工作督办台账（2026年）"]
    s.above = [["制表单位：区政府督查室", None, None, None, None, None, None, "截至：2026年11月10日"]]
    s.drop("period")
    s.col("id").header = "序号"
    s.col("id").values = lambda r: int(r["id"])
    s.rename(lead_unit="责任单位", deadline="办结时限", content="督办事项", status="办结情况",
             progress="进展情况", completed="办结日期", grade="点评等级", adjusted_deadline="延期时限",
             leader="责任领导")
    s.merge_down = ("assigned", "leader")
    s.sections = section_title


@case("combo_month_tables", "按月分表且每个月表是带汇总行的 Excel 表格，表头带括号注释",
      counts_report=True)
def _(led):
    _split_by_month(led, table=True)
    for title in ("9月", "10月"):
        led.item_sheet(title).rename(deadline="完成时限（年月日）", completed="完成日期（年月日）")


@case("combo_words", "本单位的词：列名对照、已办结/正在办理、优秀=95、组别街道办事处、多个简称",
      expected=GRADE_95)
def _(led):
    CASES["status_word_registered"].change(led)
    CASES["group_word_registered"].change(led)
    CASES["alias_cell"].change(led)
    led.items.set("003", grade="优秀")
    led.add_param_rows("点评等次", [["优秀", 95]])
    led.items.rename(lead_unit="牵头科室", deadline="要求办结日")
    led.column_map({"牵头科室": "牵头单位", "要求办结日": "完成时限"})


@case("combo_text_dates", "交办日期按例会合并、每期之间空行、完成日期文本、时限短语",
      counts_report=True)
def _(led):
    s = led.items
    s.merge_down = ("period", "assigned", "leader")
    s.blank_between = 1
    dates_as(s.records, ("completed",), lambda d: f"{d.month}月{d.day}日")
    s.set("014", deadline="10月底前").set("010", deadline="10月19日前").set("020", deadline="本月底前")


# ---- cells as Excel and WPS store them (issue 16 point 1, point 5) -------------------------------

# 007 (东关, dl 10-16, 调整后时限 10-30, done 10-28) read without its 调整后时限 value: the item is
# left out (an error on the cell), never scored against 10-16. 东关: 005 only -> D1 C1 T1, q 100:
# 40 + 30 + 30 = 100.00, still first. (Read as blank it would be T1 of D2: 82.75, silently.)
NO_EXTENSION_VALUE = with_units(BASE, **{DG: U(1, 1, 1, 100, 0, 100.00, 1, "奖励", left_out=1)})


def _extension_days(led, days) -> None:
    """A 延期天数 column (R, right of the schema's 17) holding `days` on item 007 only."""
    led.items.columns.append(Col("延期天数", None, values=lambda r: days if r["id"] == "007" else None))


@case("formula_without_cached_value", "调整后时限是公式 =IF(延期天数=\"\",\"\",完成时限+延期天数)，"
      "文件最后由程序保存，公式没有计算结果", expected=NO_EXTENSION_VALUE, exits=(1,), says=("公式没有计算结果",),
      note="a formula without a cached value is an error on its cell (ask for a save), never a blank")
def _(led):
    from cellxml import uncomputed
    _extension_days(led, 14)                          # 10-16 + 14 = 10-30 once computed
    led.items.set("007", adjusted_deadline=Raw(uncomputed('IF(R8="","",I8+R8)')))


@case("error_value_in_adjusted_deadline", "延期天数填了“31天”，调整后时限 =完成时限+延期天数 显示 #VALUE!",
      expected=NO_EXTENSION_VALUE, exits=(1,), says=("单元格显示 #VALUE!",))
def _(led):
    from cellxml import error
    _extension_days(led, "31天")
    led.items.set("007", adjusted_deadline=Raw(error("#VALUE!", "I8+R8")))


# 010 (区住建局, 一般) shows #N/A: only its grade is left out. 区住建局: 010 late, 020 open:
# D2 C1 T0 and no graded item: (40·50 + 30·0) / 70 = 28.5714 -> 28.57, still last.
@case("grade_lookup_na", "点评等次用 VLOOKUP 按编号从点评表取，编号打错的一行显示 #N/A",
      expected=with_units(BASE, **{ZJ: U(2, 1, 0, None, 0, 28.57, 5, "表态发言、末位")}), exits=(1,),
      says=("单元格显示 #N/A",))
def _(led):
    from cellxml import error
    led.items.set("010", grade=Raw(error("#N/A", "VLOOKUP(A11,点评!A:B,2,0)")))


@case("stray_cell_at_last_row", "按 Ctrl+End 后在最末一行（A1048576）留下了内容", says=("远在数据区",))
def _(led):
    from cellxml import text
    led.raw[schema.ITEMS.title] = {"A1048576": text("x")}

# ---- 9. what is not an item, sheets per unit, cells as typed (issue 16) -----------------------------

_SHORT = {GC: "城关街道", DG: "东关街道", XG: "西关街道", NG: "南关街道"}


def _sheets_per_unit(led, title: Callable[[int, str], str], keep_lead_column: bool = False) -> None:
    """周交办 left with its header only; each unit's items on a sheet of its own named title(i, unit)
    (i from 1), without the 牵头单位 column, or with it left blank."""
    records = led.items.records
    led.items.records = []
    for i, unit in enumerate(_UNIT_ORDER, start=1):
        mine = [r for r in records if r["lead_unit"] == unit]
        sheet = (ItemSheet(title(i, unit), [dict(r, lead_unit=None) for r in mine]) if keep_lead_column
                 else ItemSheet(title(i, unit), mine).drop("lead_unit"))
        led.insert_sheet(title(i, unit), sheet, before=schema.REVIEWS.title)


def _older(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies as a unit's sheet holds them: made before 10-20, so items done since are still 推进中."""
    out = []
    for r in records:
        r = dict(r)
        if r["completed"] and r["completed"] >= dt.date(2026, 10, 20):
            r.update(status="推进中", completed=None, grade=None, progress="正在推进")
        out.append(r)
    return out


@case("unit_copy_sheets", "总台账旁边每个单位一张副本表（城关街道、东关街道……区住建局），状态是旧的",
      counts_report=True, says=("城关街道", "副本", "周交办", "已完成", "推进中"),
      note="与“周交办”编号和内容相同的行是副本：不计入统计和考评，按表报告；状态不同时以“周交办”"
           "（总台账，事项最多）为准并说明。区住建局的副本没有牵头单位列（按表名计入），同样是副本。")
def _(led):
    # 城关 006 (done 10-25) is 推进中 on its copy; 区住建局 010 (done 10-23) too. Counting the copies
    # would give 46 items; the 通报 must still say 3 meetings, 22 items, 17 completed.
    for unit in OFFICES + [ZJ]:
        title = _SHORT.get(unit, unit)
        copy = ItemSheet(title, _older([r for r in led.items.records if r["lead_unit"] == unit]))
        if unit == ZJ:
            copy.drop("lead_unit")
        led.insert_sheet(title, copy, before=schema.REVIEWS.title)


@case("done_items_copied_sheet", "已办结事项复制（不是剪切）到“已办结”表，周交办仍保留全部事项",
      counts_report=True, says=("已办结", "副本"),
      note="“已办结”表的事项在周交办中都有（编号、内容相同）：是副本，不是新事项。剪切过去的见 done_items_archive_sheet。")
def _(led):
    done = [dict(r) for r in led.items.records if r["completed"]]
    led.insert_sheet("已办结", ItemSheet("已办结", done), before=schema.REVIEWS.title)


def _summary_rows(led: Ledger) -> list[list[Any]]:
    head = ["序号", "单位", "交办数", "已办结", "未办结", "办结率", "按时办结"]
    rows = [head]
    for i, u in enumerate(_UNIT_ORDER, start=1):
        mine = [r for r in led.items.records if r["lead_unit"] == u]
        done = sum(1 for r in mine if r["completed"])
        rows.append([i, u, len(mine), done, len(mine) - done, f"{100 * done / len(mine):.1f}%",
                     sum(1 for r in mine if r["completed"] and r["completed"] <= r["deadline"])])
    rows.append(["合计", None, 24, 19, 5, "79.2%", 14])
    return rows


# rows: header 1, items 2–25, blank 26–27, title 28 (merged A:G), summary header 29, units 30–38, 合计 39.
@case("summary_block_below", "台账下方空两行后有“各单位办理情况汇总”小表：标题、表头、9个单位、合计",
      counts_report=True, skipped=tuple(range(28, 40)),
      note="空行之后、以自己的表头开始的一段（表头是短文字、多为“单位/数/率”等词）是另一张表，"
           "到下一个空行为止整段跳过并报告；它的数字落在牵头单位、事项内容列也不当作事项。")
def _(led):
    led.items.below = [[], [], []] + _summary_rows(led)
    led.merges[schema.ITEMS.title] = [(27, 0, 27, 6, "各单位办理情况汇总（截至10月31日）")]


@case("hint_row_under_header", "表头下一行是各列的填写提示：自动生成 / 年/月/日 / 下拉选择 / 填写全称",
      counts_report=True, skipped=(2,))
def _(led):
    hints = {"id": "自动生成", "period": "数字", "assigned": "年/月/日", "leader": "下拉选择",
             "lead_unit": "填写全称", "co_units": "填写全称，多个用顿号隔开", "content": "简要填写",
             "category": "下拉选择", "deadline": "年/月/日", "adjusted_deadline": "年/月/日（经批准）",
             "status": "下拉选择", "completed": "年/月/日", "progress": "每周一更新", "feedback_date": "年/月/日",
             "grade": "下拉选择（督查室填写）", "comment": "督查室填写", "remark": "选填"}
    led.items.after_header = [[hints[c.field] for c in led.items.columns]]


@case("header_repeated_page_break", "打印分页处又抄了一遍表头（第13件事项之前），上面隔一空行",
      counts_report=True, skipped=(14, 15),
      note="自己的表头再次出现是重复表头行，其下照常是事项——不能当作“另起的表格”把后面的事项丢掉。")
def _(led):
    led.items.repeat_header_after = 12


@case("unit_sheets_empty_master", "周交办只有表头；每个单位一张表（城关街道……区教体局），表中没有牵头单位列",
      counts_report=True, says=("城关街道", "牵头单位", "按表名", "计为“城关街道办事处”牵头"),
      note="表名是登记的单位名称或简称、表头缺牵头单位的表，其事项按表名计入该单位（提示）。")
def _(led):
    _sheets_per_unit(led, lambda _i, unit: _SHORT.get(unit, unit))


@case("unit_sheets_unknown_names", "周交办只有表头；每个单位一张表但表名是“城关片”“东关片”…（未登记的叫法），表中没有牵头单位列",
      expected=None, exits=(2,), says=("城关片", "牵头单位", "简称"),
      note="读出 0 件事项而有像事项表的工作表：拒绝运行（退出码 2）并点名这些表，绝不以空排名“校验通过”。")
def _(led):
    _sheets_per_unit(led, lambda _i, unit: unit[:2] + "片" if unit in OFFICES else unit)


@case("dates_weekday_notes", "交办日期写“2026年9月28日（星期一）”，完成时限写“2026年10月19日（周一）”",
      counts_report=True, note="括号里的星期读掉；与日期不符时才报错（见 date_weekday_mismatch）。")
def _(led):
    for r in led.items.records:
        d = r["assigned"]
        r["assigned"] = f"{d.year}年{d.month}月{d.day}日（星期一）"
    led.items.set("010", deadline="2026年10月19日（周一）").set("016", completed="2026年10月29日(周四)")


@case("dates_fullwidth", "日期用全角数字和全角点录入：２０２６．１０．１４、２０２６－１０－２０、2026。10。12",
      counts_report=True)
def _(led):
    s = led.items
    s.set("003", completed="２０２６．１０．１４").set("012", completed="２０２６－１０－２０")
    for r in s.records:
        if r["period"] == 41:
            r["assigned"] = "2026。10。12"


# 021 (区城管局, dl 10-28, done 10-30 较好) has its 完成日期 unreadable: left out. 区城管局 keeps 011
# (dl 10-14, done 10-13 好): D1 C1 T1, q 100 -> 100 + 3 = 103.00, first. 区直单位: 区城管局 103.00 (1),
# 区财政局 95.50 (2), 区教体局 91.00 (3) 奖励; 区发改局 76.67 (4) 表态发言; 区住建局 41.00 (5) 表态发言、末位.
CG_021_OUT = with_units(BASE, **{
    CG: U(1, 1, 1, 100, 3, 103.00, 1, "奖励", left_out=1),
    CZ: U(2, 2, 2, 85, 0, 95.50, 2, "奖励"),
    JT: U(1, 1, 1, 70, 0, 91.00, 3, "奖励"),
})


@case("date_number_ambiguous", "完成日期在“常规”格式单元格里输入 10.30，单元格存成数字 10.3",
      expected=CG_021_OUT, exits=(1,), says=("10.3", "10月3日", "10月30日"),
      note="10.3 可能是 10.3 也可能是 10.30：两种读法都说出来，不读作 1900 年的序列号。")
def _(led):
    led.items.set("021", completed=10.3)


@case("date_weekday_mismatch", "完成日期写“2026年10月30日（星期四）”，而10月30日是星期五",
      expected=CG_021_OUT, exits=(1,), says=("2026年10月30日（星期四）", "星期五"))
def _(led):
    led.items.set("021", completed="2026年10月30日（星期四）")


@case("date_numbers_month_day", "交办日期在“常规”单元格里输入 9.14、9.28，完成日期输入 10.29（都是数字）",
      counts_report=True, note="整数部分是月、小数两位是日，没有歧义：读出并给警告。")
def _(led):
    for r in led.items.records:
        if r["period"] in (37, 39):
            r["assigned"] = float(f"{r['assigned'].month}.{r['assigned'].day}")
    led.items.set("016", completed=10.29)


@case("date_serials_as_text", "从系统导出的日期是文本形式的序列号（“46307”）", counts_report=True)
def _(led):
    for r in led.items.records:
        if r["period"] == 41:
            r["assigned"] = "46307"   # 2026-10-12
    led.items.set("003", completed="46309")   # 2026-10-14


# 区教体局 参与考评 ×: not ranked. 区直单位 without it: 区财政局 95.50 (1), 区城管局 85.75 (2),
# 区发改局 76.67 (3) — all three rewarded (fewer than 3 above); 表态发言 (fewer than 2 below, not
# rewarded): 区住建局 41.00 (4), also 末位.
JT_NOT_EVALUATED = with_units(BASE, **{
    JT: U(None, None, None, None, None, None, None, ""),
    CG: U(2, 2, 1, 92.5, 3, 85.75, 2, "奖励"),
    FG: U(3, 2, 2, 100, 0, 76.67, 3, "奖励"),
    ZJ: U(2, 1, 0, 70, 0, 41.00, 4, "表态发言、末位"),
})


@case("evaluated_ticks", "单位表“参与考评”用 √ 和 ×（区教体局打 ×）", expected=JT_NOT_EVALUATED)
def _(led):
    for row in led.units[1:]:
        row[6] = "×" if row[0] == JT else "√"


@case("status_flags_ticked", "参数【办理状态】的“是否办结”列打 √ 和 ×，登记本单位的“已办结/在办”",
      note="√/× 在参数的是否办结列中读作 是/否。")
def _(led):
    for r in led.items.records:
        r["status"] = "已办结" if r["status"] == "已完成" else "在办"
    led.replace_param_block("办理状态", [["未启动", "×"], ["在办", "×"], ["已办结", "√"]])


@case("names_invisible_characters", "牵头单位从微信复制，带零宽空格、BOM、不换行空格（看起来一模一样）",
      says=("E4", "看不见的字符", "零宽空格"))
def _(led):
    led.items.set("003", lead_unit="城关街道\u200b办事处").set("009", lead_unit="\ufeff区财政局")
    led.items.set("010", lead_unit="区住建局\u00a0").set("019", lead_unit="区财政局\u200b")


@case("summary_block_beside", "台账右边空一列放“各单位汇总”小表（标题、表头、9个单位、合计），行数比台账多",
      counts_report=True,
      note="右侧没有台账表头的列不读（提示/警告点名这些列）；汇总小表比台账长出的行只有右侧内容，不是事项。")
def _(led):
    rows = _summary_rows(led)
    led.items.beside = rows + [[None]] * 5 + [["注：办结率=已办结/交办数"]] * 6


@case("example_row_under_header", "表头下一行是一条填好的“示例”（编号格写“示例”，其余按真实事项填写）",
      counts_report=True, skipped=(2,),
      note="首格写“示例/例/样例/填报示例”的表头下方行是填写示例，不是事项。")
def _(led):
    example = dict(led.items.records[0], id="示例", lead_unit=GC, content="（示例）某某小区改造", status="推进中",
                   completed=None, grade=None, deadline=dt.date(2026, 10, 20))
    led.items.after_header = [[example.get(c.field) for c in led.items.columns]]


@case("unit_sheets_suffixed_names", "周交办只有表头；每个单位一张表，表名是“1.城关街道台账”“区财政局（督办事项）”这样的写法，没有牵头单位列",
      counts_report=True, says=("计为“城关街道办事处”牵头",),
      note="表名去掉编号、括号注释和“台账/事项/清单”后是登记的单位名称或简称，就按该单位读取。")
def _(led):
    _sheets_per_unit(led, lambda i, unit: f"{i}.{_SHORT[unit]}台账" if unit in _SHORT else f"{unit}（督办事项）")


@case("copy_sheet_numeric_ids", "月份表“10月交办”是周交办10月事项的复制，编号写成数字 14、15…（周交办是“014”）",
      counts_report=True, says=("10月交办", "副本"),
      note="编号 014 与 14 是同一个编号。")
def _(led):
    october = [dict(r, id=int(r["id"])) for r in led.items.records if r["period"] == 41]
    led.insert_sheet("10月交办", ItemSheet("10月交办", october), before=schema.REVIEWS.title)


# rows: header 1; 第37期 2, items 3–7 (序号 1–5); 第39期 8, items 9–16 (1–8); 第41期 17, items 18–26 (1–9);
# 第44期 27, items 28–29 (1–2).
@case("serial_restarts_per_section", "没有编号，序号每期从1重新编起（分期标题行隔开）", counts_report=True,
      skipped=(2, 8, 17, 27), note="序号重复不是编号重复，也不是副本。")
def _(led):
    s = led.items
    s.sections = section_title
    s.col("id").header = "序号"

    def serial(r: dict[str, Any]) -> int:
        return [x["id"] for x in s.records if x["period"] == r["period"]].index(r["id"]) + 1
    s.col("id").values = serial


@case("unit_sheets_lead_left_blank", "周交办只有表头；每个单位一张表，有“牵头单位”列但都空着（表名就是单位）",
      counts_report=True, says=("有 3 行“牵头单位”空着", "计为“城关街道办事处”牵头"),
      note="表名是登记的单位时，空着的牵头单位按表名读取（提示），不当作缺必填项而把事项全部剔除。")
def _(led):
    _sheets_per_unit(led, lambda _i, unit: _SHORT.get(unit, unit), keep_lead_column=True)


@case("unit_names_role_notes", "牵头单位写成“区住建局（牵头）”“城关街道办事处(主办)”，配合单位“区住建局（配合）”",
      says=("区住建局（牵头）", "括号注释"), note="单位名后括号里的角色（牵头/主办/配合…）读掉，给提示。")
def _(led):
    led.items.set("010", lead_unit="区住建局（牵头）").set("003", lead_unit="城关街道办事处(主办)", co_units="区住建局（配合）")


@case("sheet_copy_backup", "用“移动或复制工作表”留了一份旧的“周交办 (2)”（9月底的状态），放在最后",
      counts_report=True, says=("周交办 (2)", "副本", "整张表"))
def _(led):
    backup = ItemSheet("周交办 (2)", _older(led.items.records))
    led.insert_sheet("周交办 (2)", backup, before=schema.HISTORY.title)


@case("month_sheets_ids_restart", "按月分表（9月、10月），每张月表的编号都从 1 编起，周交办只有11月的事项",
      exits=(1,), counts_report=True, says=("编号", "重复"),
      note="编号相同而内容、日期不同的不是副本：照常计入，编号重复按规格报错误（排名不受影响）。")
def _(led):
    _split_by_month(led)
    for title in ("9月", "10月"):
        for i, r in enumerate(led.item_sheet(title).records, start=1):
            r["id"] = i
    for i, r in enumerate(led.items.records, start=1):
        r["id"] = i


@case("units_sheet_hint_row", "单位表表头下一行是填写提示：填写全称 / 用顿号隔开 / 下拉选择 / 是/否")
def _(led):
    led.units.insert(1, ["填写全称", "多个简称用顿号隔开", "下拉选择", "下拉选择", "填写姓名", "填写手机号", "是/否", "数字"])

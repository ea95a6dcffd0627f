"""Validation rules of SPEC §4, each once failing and once passing.

Every ledger is written to a real .xlsx (tests/ledgers.py) and read back the
way the headless path reads it, then run through `duban.run.analyse`.

Column letters of the input sheets (header in row 1, first entry in row 2):
  周交办: A 编号, B 期次, C 交办日期, D 交办领导, E 牵头单位, F 配合单位, G 事项内容,
          H 事项类别, I 完成时限, J 调整后时限, K 办理状态, L 完成日期, M 本周进展,
          N 反馈日期, O 点评等次, P 点评意见, Q 备注
  周研判: A 编号, B 研判日期, C 问题类别, D 问题描述, E 责任单位, F 原因分析, G 根源分析,
          H 破题路径, I 化解时限, J 化解状态, K 化解日期, L 备注
  加减分: A 月份, B 单位, C 分值, D 事由, E 依据, F 审核人
"""

from __future__ import annotations

import re

import pytest

from duban import schema
from duban.findings import ERROR, WARNING
from duban.read import params
from duban.run import analyse

from ledgers import DEPARTMENTS, D, done, item, make_ledger, unit_rows

# A Tuesday in February: January is the last complete month, 2026-02-03 is seven days back.
TODAY = D(2026, 2, 10)
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---- helpers ---------------------------------------------------------------

def review(id="Y1", unit="区住建局", *, date=D(2026, 1, 5), category="问题楼盘", description="某楼盘逾期交房",
           deadline=D(2026, 6, 30), status="化解中", resolved=None):
    """One 周研判 row in schema order."""
    return [id, date, category, description, unit, "资金链断裂", "监管缺位", "引入纾困资金", deadline, status,
            resolved, None]


def adjustment(unit="区住建局", points=2, month="2026-01", reason="获市级表彰"):
    """One 加减分 row in schema order."""
    return [month, unit, points, reason, "区委督查通报", "张三"]


def blank(row: list, field: str) -> list:
    """A 周交办 row with one cell left empty."""
    row = list(row)
    row[[c.name for c in schema.ITEMS.columns].index(field)] = None
    return row


def at(findings, sheet: str, cell: str):
    return [f for f in findings if f.sheet == sheet and f.cell == cell]


def one(findings, level: str, sheet: str, cell: str, field: str):
    """The single finding at sheet!cell, checked for level, field and plain Chinese text."""
    found = at(findings, sheet, cell)
    assert len(found) == 1, f"expected one finding at {sheet}!{cell}, got {found} (all: {findings})"
    f = found[0]
    assert (f.level, f.sheet, f.cell, f.field) == (level, sheet, cell, field)
    assert CJK.search(f.message), f.message
    assert f.suggestion == "" or CJK.search(f.suggestion) or re.search(r"\d{4}-\d{2}-\d{2}", f.suggestion)
    return f


@pytest.fixture
def check(tmp_path, read):
    """check(items=..., reviews=..., ...) -> Analysis of that ledger, validation only unless score=True."""
    counter = iter(range(10**6))

    def run(*, today=TODAY, score=False, month=None, **rows):
        path = make_ledger(tmp_path / f"ledger{next(counter)}.xlsx", **rows)
        return analyse(read(path), today, month, score=score)

    return run


CLEAN = item("1", "区住建局", D(2026, 1, 30))  # assigned Monday 2026-01-05, 期次 1, 推进中, with progress


# ---- a clean ledger ----------------------------------------------------------

def test_clean_ledger_has_no_findings(check):
    a = check(
        items=[
            CLEAN,
            done("2", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", co="区财政局、区城管局"),
            item("3", "区财政局", D(2026, 2, 27), assigned=D(2026, 1, 12), adjusted=D(2026, 3, 31),
                 category="民生实事", feedback=D(2026, 2, 9), leader="李明"),
        ],
        reviews=[review(), review("Y2", "东关街道办事处", category="信访积案", status="已化解",
                                  resolved=D(2026, 2, 1))],
        adjustments=[adjustment(), adjustment("区财政局", -1.5)],
        score=True,
    )
    assert a.findings == []
    assert a.errors == 0 and a.warnings == 0
    assert a.evaluation.excluded_items == 0


# ---- missing required fields --------------------------------------------------

@pytest.mark.parametrize("field, cell, header", [
    ("id", "A2", "编号"),
    ("period", "B2", "期次"),
    ("assigned", "C2", "交办日期"),
    ("leader", "D2", "交办领导"),
    ("lead_unit", "E2", "牵头单位"),
    ("content", "G2", "事项内容"),
    ("deadline", "I2", "完成时限"),
    ("status", "K2", "办理状态"),
])
def test_missing_required_item_field(check, field, cell, header):
    a = check(items=[blank(CLEAN, field)])
    f = one(a.findings, ERROR, "周交办", cell, header)
    assert f.message == f"{header}未填写"
    assert f.suggestion.startswith(f"请填写{header}")
    assert a.findings == [f]  # nothing else is reported for this row


def test_required_item_fields_present_pass(check):
    assert check(items=[CLEAN]).findings == []


def test_missing_required_review_and_adjustment_fields(check):
    r = review()
    r[4] = None                                # 责任单位 (E) empty
    adj = adjustment()
    adj[2] = None                              # 分值 (C) empty
    a = check(reviews=[r], adjustments=[adj])
    assert one(a.findings, ERROR, "周研判", "E2", "责任单位").message == "责任单位未填写"
    assert one(a.findings, ERROR, "加减分", "C2", "分值").message == "分值未填写"
    assert len(a.findings) == 2


# ---- units and leaders against the registers ---------------------------------

def test_lead_unit_not_in_register_suggests_closest(check):
    a = check(items=[item("1", "区住建委", D(2026, 1, 30))])
    f = one(a.findings, ERROR, "周交办", "E2", "牵头单位")
    assert (f.code, f.row, f.col) == ("unknown-unit", 2, 5) and "区住建委" in f.message
    assert "“区住建局”" in f.suggestion            # 是否为“区住建局”？
    assert a.findings == [f]


def test_lead_unit_in_register_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30))]).findings == []


def test_co_unit_not_in_register_suggests_closest(check):
    a = check(items=[item("1", "区财政局", D(2026, 1, 30), co="区城管局、区住建委")])
    f = one(a.findings, ERROR, "周交办", "F2", "配合单位")
    assert "区住建委" in f.message
    assert "“区住建局”" in f.suggestion
    assert a.findings == [f]                    # 区城管局 is fine


def test_co_units_in_register_pass(check):
    assert check(items=[item("1", "区财政局", D(2026, 1, 30), co="区城管局、区住建局")]).findings == []


def test_review_unit_not_in_register_suggests_closest(check):
    a = check(reviews=[review(unit="区住建委")])
    f = one(a.findings, ERROR, "周研判", "E2", "责任单位")
    assert (f.code, f.row, f.col) == ("unknown-unit", 2, 5) and "区住建委" in f.message
    assert "“区住建局”" in f.suggestion
    assert a.findings == [f]


def test_review_unit_in_register_passes(check):
    assert check(reviews=[review(unit="区住建局")]).findings == []


def test_adjustment_unit_not_in_register_suggests_closest(check):
    a = check(adjustments=[adjustment("区住建委", 3)])
    f = one(a.findings, ERROR, "加减分", "B2", "单位")
    assert (f.code, f.row, f.col) == ("unknown-unit", 2, 2) and "区住建委" in f.message
    assert "“区住建局”" in f.suggestion
    assert a.findings == [f]


def test_adjustment_unit_in_register_passes(check):
    assert check(adjustments=[adjustment("区住建局", 3)]).findings == []


def test_unknown_unit_with_nothing_close_has_no_guess(check):
    a = check(items=[item("1", "人民医院", D(2026, 1, 30))])
    f = one(a.findings, ERROR, "周交办", "E2", "牵头单位")
    assert "是否为" not in f.suggestion        # no nonsense guess
    assert "单位" in f.suggestion              # still says where to pick from


def test_leader_not_in_register_suggests_closest(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), leader="王建军")])
    f = one(a.findings, ERROR, "周交办", "D2", "交办领导")
    assert (f.code, f.row, f.col) == ("unknown-leader", 2, 4) and "王建军" in f.message
    assert "“王建国”" in f.suggestion
    assert a.findings == [f]


def test_leader_in_register_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), leader="李明")]).findings == []


def test_lead_unit_naming_two_units(check):
    a = check(items=[item("1", "区住建局、区城管局", D(2026, 1, 30))])
    f = one(a.findings, ERROR, "周交办", "E2", "牵头单位")
    assert "区住建局、区城管局" in f.message
    # keep the first, move the others to 配合单位
    assert "区住建局" in f.suggestion and "区城管局" in f.suggestion and "配合单位" in f.suggestion
    assert a.findings == [f]


def test_one_lead_unit_and_cooperating_unit_pass(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), co="区城管局")]).findings == []


def test_short_name_is_a_warning_and_resolves(check):
    a = check(items=[item("1", "城关街道", D(2026, 1, 20))], score=True)
    f = one(a.findings, WARNING, "周交办", "E2", "牵头单位")
    assert "简称" in f.message
    assert "城关街道办事处" in f.suggestion
    rows = {r.unit: r for r in a.evaluation.results["2026-01"].rows}
    assert rows["城关街道办事处"].due == 1  # the item still counts


# ---- dates -----------------------------------------------------------------

def test_unreadable_date(check):
    a = check(items=[item("1", "区住建局", "下月底")])
    f = one(a.findings, ERROR, "周交办", "I2", "完成时限")
    assert "下月底" in f.message and "无法识别" in f.message
    assert "2026-03-09" in f.suggestion          # shows the expected format
    assert a.findings == [f]


def test_impossible_date_is_unreadable(check):
    a = check(items=[item("1", "区住建局", "2026.2.30")])  # 30 February
    f = one(a.findings, ERROR, "周交办", "I2", "完成时限")
    assert "2026.2.30" in f.message and "不是有效日期" in f.message


def test_readable_date_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 2, 28))]).findings == []


def test_deadline_before_assignment(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 2))])  # assigned 2026-01-05
    f = one(a.findings, ERROR, "周交办", "I2", "完成时限")
    assert (f.code, f.row, f.col) == ("date-before-start", 2, 9)
    assert "2026-01-02" in f.message and "2026-01-05" in f.message
    assert a.findings == [f]


def test_deadline_on_assignment_day_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 5))]).findings == []


def test_adjusted_deadline_before_assignment(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), adjusted=D(2026, 1, 4))])
    f = one(a.findings, ERROR, "周交办", "J2", "调整后时限")
    assert f.code == "date-before-start" and "2026-01-04" in f.message
    assert a.findings == [f]


def test_adjusted_deadline_after_assignment_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), adjusted=D(2026, 2, 27))]).findings == []


def test_done_without_completion_date(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), status="已完成")])
    f = one(a.findings, ERROR, "周交办", "L2", "完成日期")
    assert f.code == "done-without-date" and "已完成" in f.message
    assert a.findings == [f]


def test_done_with_completion_date_passes(check):
    assert check(items=[done("1", "区住建局", D(2026, 1, 30), D(2026, 1, 29))]).findings == []


def test_completion_date_in_the_future(check):
    a = check(items=[done("1", "区住建局", D(2026, 1, 30), D(2026, 2, 11))])  # today is 2026-02-10
    f = one(a.findings, ERROR, "周交办", "L2", "完成日期")
    assert (f.code, f.row, f.col) == ("date-in-future", 2, 12)
    assert "2026-02-11" in f.message and "2026-02-10" in f.message
    assert a.findings == [f]


def test_completion_date_today_passes(check):
    assert check(items=[done("1", "区住建局", D(2026, 1, 30), TODAY)]).findings == []


def test_completion_date_future_depends_on_today(check):
    rows = [done("1", "区住建局", D(2026, 1, 30), D(2026, 2, 11))]
    assert check(items=rows, today=D(2026, 2, 11)).findings == []


def test_completion_date_before_assignment(check):
    a = check(items=[done("1", "区住建局", D(2026, 1, 30), D(2026, 1, 2))])  # assigned 2026-01-05
    f = one(a.findings, ERROR, "周交办", "L2", "完成日期")
    assert "2026-01-02" in f.message and "早于交办日期" in f.message
    assert a.findings == [f]


def test_completion_on_assignment_day_passes(check):
    assert check(items=[done("1", "区住建局", D(2026, 1, 30), D(2026, 1, 5))]).findings == []


def test_completion_date_on_unfinished_item_warns(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), completed=D(2026, 1, 20))])  # 推进中
    f = one(a.findings, WARNING, "周交办", "L2", "完成日期")
    assert "推进中" in f.message and "完成日期" in f.message
    assert "已完成" in f.suggestion
    assert a.findings == [f]


def test_unfinished_item_without_completion_date_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), status="未启动")]).findings == []


@pytest.mark.parametrize("typed", ["2026.3.9", "2026/3/9", "2026年3月9日", "3月9日"])
def test_text_dates_are_read_with_a_warning(check, typed):
    # 考评年度 is 2026 (make_ledger's default), so "3月9日" is 2026-03-09.
    a = check(items=[item("1", "区住建局", typed)])
    f = one(a.findings, WARNING, "周交办", "I2", "完成时限")
    assert f"“{typed}”" in f.message and "文本" in f.message and "已读作 2026-03-09" in f.message
    assert "2026-03-09" in f.suggestion
    assert a.ledger.items[0].deadline == D(2026, 3, 9)
    assert a.findings == [f]


def test_month_day_text_uses_the_ledger_year(check):
    a = check(items=[item("1", "区住建局", "3月9日")], year=2027,
              today=D(2027, 2, 10))  # 考评年度 2027; 交办日期 2026-01-05 stays as typed
    assert a.ledger.items[0].deadline == D(2027, 3, 9)


def test_date_typed_as_a_serial_number_is_read_with_a_warning(check):
    # 46090 is Excel's serial number of 2026-03-09, in a cell without date format.
    a = check(items=[item("1", "区住建局", 46090)])
    f = one(a.findings, WARNING, "周交办", "I2", "完成时限")
    assert "数字" in f.message and "46090" in f.message and "2026-03-09" in f.message
    assert "2026-03-09" in f.suggestion
    assert a.ledger.items[0].deadline == D(2026, 3, 9)


def test_date_typed_as_yyyymmdd_number_is_read(check):
    a = check(items=[item("1", "区住建局", 20260309)])
    f = one(a.findings, WARNING, "周交办", "I2", "完成时限")
    assert "20260309" in f.message and "2026-03-09" in f.suggestion
    assert a.ledger.items[0].deadline == D(2026, 3, 9)


def test_real_date_cell_has_no_text_warning(check):
    a = check(items=[item("1", "区住建局", D(2026, 3, 9))])
    assert a.findings == []
    assert a.ledger.items[0].deadline == D(2026, 3, 9)


# ---- vocabularies ------------------------------------------------------------

@pytest.mark.parametrize("overrides, cell, header, typed, allowed", [
    ({"status": "办结"}, "K2", "办理状态", "办结", "未启动、推进中、已完成"),
    ({"grade": "优秀"}, "O2", "点评等次", "优秀", "好、较好、一般、差"),
    ({"category": "重点工程"}, "H2", "事项类别", "重点工程", "重点项目、民生实事"),
])
def test_item_value_outside_vocabulary(check, overrides, cell, header, typed, allowed):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), **overrides)])
    f = one(a.findings, ERROR, "周交办", cell, header)
    assert f"“{typed}”" in f.message and "不在可选范围内" in f.message
    assert allowed in f.suggestion
    assert a.findings == [f]


@pytest.mark.parametrize("overrides", [{"status": "未启动"}, {"grade": "较好"}, {"category": "其他"}])
def test_item_value_inside_vocabulary_passes(check, overrides):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), **overrides)]).findings == []


def test_review_category_outside_vocabulary(check):
    a = check(reviews=[review(category="拆迁问题")])
    f = one(a.findings, ERROR, "周研判", "C2", "问题类别")
    assert "拆迁问题" in f.message
    assert "历史遗留问题、信访积案、问题楼盘、征迁遗留问题" in f.suggestion
    assert a.findings == [f]


def test_review_status_outside_vocabulary(check):
    a = check(reviews=[review(status="已解决")])
    f = one(a.findings, ERROR, "周研判", "J2", "化解状态")
    assert "已解决" in f.message
    assert "未化解、化解中、已化解" in f.suggestion
    assert a.findings == [f]


@pytest.mark.parametrize("category, status", [("征迁遗留问题", "未化解"), ("历史遗留问题", "化解中")])
def test_review_vocabularies_pass(check, category, status):
    assert check(reviews=[review(category=category, status=status)]).findings == []


def test_review_resolved_without_date_and_in_future(check):
    a = check(reviews=[review("Y1", status="已化解"),
                       review("Y2", status="已化解", resolved=D(2026, 2, 11)),
                       review("Y3", status="已化解", resolved=D(2026, 1, 1))])   # 研判日期 2026-01-05
    assert one(a.findings, ERROR, "周研判", "K2", "化解日期").code == "done-without-date"
    assert one(a.findings, ERROR, "周研判", "K3", "化解日期").code == "date-in-future"
    assert one(a.findings, ERROR, "周研判", "K4", "化解日期").code == "date-before-start"
    assert len(a.findings) == 3


# ---- duplicate 编号 ------------------------------------------------------------

def test_duplicate_item_id(check):
    a = check(items=[item("J-1", "区住建局", D(2026, 1, 30)), item("J-1", "区城管局", D(2026, 1, 30))])
    f = one(a.findings, ERROR, "周交办", "A3", "编号")   # the second occurrence
    assert "J-1" in f.message and "第 2 行" in f.message
    assert a.findings == [f]


def test_distinct_item_ids_pass(check):
    assert check(items=[item("J-1", "区住建局", D(2026, 1, 30)),
                        item("J-2", "区城管局", D(2026, 1, 30))]).findings == []


def test_duplicate_review_id(check):
    a = check(reviews=[review("Y1"), review("Y1", "区城管局", description="另一个问题")])
    f = one(a.findings, ERROR, "周研判", "A3", "编号")
    assert "Y1" in f.message and "第 2 行" in f.message
    assert a.findings == [f]


def test_distinct_review_ids_pass(check):
    assert check(reviews=[review("Y1"), review("Y2", "区城管局")]).findings == []


# ---- 加减分 ---------------------------------------------------------------------

def test_adjustment_over_cap_is_a_warning(check):
    # SPEC §3: a single row beyond the cap still counts, with a 警告; only the month's sum is clipped.
    a = check(adjustments=[adjustment("区住建局", 12), adjustment("区城管局", -10.5)])
    f = one(a.findings, WARNING, "加减分", "C2", "分值")
    assert "12" in f.message and "±10" in f.message     # default cap 10
    g = one(a.findings, WARNING, "加减分", "C3", "分值")
    assert "-10.5" in g.message
    assert len(a.findings) == 2


def test_adjustment_at_cap_passes(check):
    assert check(adjustments=[adjustment("区住建局", 10), adjustment("区城管局", -10)]).findings == []


def test_adjustment_not_a_number_and_month_unreadable(check):
    a = check(adjustments=[adjustment("区住建局", "两分"), adjustment("区城管局", 1, month="上个月")])
    assert "两分" in one(a.findings, ERROR, "加减分", "C2", "分值").message
    assert "上个月" in one(a.findings, ERROR, "加减分", "A3", "月份").message
    assert len(a.findings) == 2


@pytest.mark.parametrize("month", ["2026-01", "2026年1月", D(2026, 1, 15)])
def test_adjustment_month_forms_pass(check, month):
    a = check(adjustments=[adjustment("区住建局", 1, month=month)])
    assert a.findings == []
    assert a.ledger.adjustments[0].month == "2026-01"


# ---- meeting dates ---------------------------------------------------------------

def test_assignment_not_on_meeting_weekday(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), assigned=D(2026, 1, 6))])  # a Tuesday
    f = one(a.findings, WARNING, "周交办", "C2", "交办日期")
    assert "2026-01-06" in f.message and "星期二" in f.message and "星期一" in f.message
    assert a.findings == [f]


def test_assignment_on_monday_passes(check):
    assert check(items=[item("1", "区住建局", D(2026, 1, 30), assigned=D(2026, 1, 12))]).findings == []


def test_different_dates_within_one_period(check):
    a = check(items=[
        item("1", "区住建局", D(2026, 1, 30)),
        item("2", "区城管局", D(2026, 1, 30)),
        item("3", "区财政局", D(2026, 1, 30), assigned=D(2026, 1, 12), period=1),  # a Monday, but 期次 1
    ])
    f = one(a.findings, WARNING, "周交办", "C4", "交办日期")
    assert "第 1 期" in f.message and "2026-01-12" in f.message and "2026-01-05" in f.message
    assert "2026-01-05" in f.suggestion      # the date most rows of 期次 1 carry
    assert a.findings == [f]


def test_same_date_within_each_period_passes(check):
    assert check(items=[
        item("1", "区住建局", D(2026, 1, 30)),
        item("2", "区城管局", D(2026, 1, 30)),
        item("3", "区财政局", D(2026, 1, 30), assigned=D(2026, 1, 12)),  # 期次 2
    ]).findings == []


# ---- likely duplicate item ------------------------------------------------------

def test_likely_duplicate_item(check):
    a = check(items=[
        item("1", "区住建局", D(2026, 1, 30), content="推进老旧小区改造"),
        item("2", "区住建局", D(2026, 2, 27), content="推进老旧小区 改造", assigned=D(2026, 1, 12)),
    ])
    f = one(a.findings, WARNING, "周交办", "G3", "事项内容")
    assert "第 2 行" in f.message and "编号 1" in f.message and "重复" in f.message
    assert a.findings == [f]


def test_same_content_for_another_unit_passes(check):
    assert check(items=[
        item("1", "区住建局", D(2026, 1, 30), content="推进老旧小区改造"),
        item("2", "区城管局", D(2026, 1, 30), content="推进老旧小区改造"),
    ]).findings == []


# ---- 一周一答卷 ----------------------------------------------------------------------

def test_open_item_without_progress_for_more_than_seven_days(check):
    a = check(items=[item("1", "区住建局", D(2026, 3, 31), progress=None)])  # assigned 2026-01-05
    f = one(a.findings, WARNING, "周交办", "M2", "本周进展")
    assert "7 天" in f.message and "本周进展" in f.message
    assert "一周一答卷" in f.suggestion
    assert a.findings == [f]


def test_last_feedback_older_than_seven_days(check):
    a = check(items=[item("1", "区住建局", D(2026, 3, 31), feedback=D(2026, 2, 2))])  # 8 days before today
    f = one(a.findings, WARNING, "周交办", "M2", "本周进展")
    assert "2026-02-02" in f.message
    assert a.findings == [f]


@pytest.mark.parametrize("feedback", [D(2026, 2, 3), D(2026, 2, 9)])  # exactly 7 days ago; yesterday
def test_recent_feedback_passes(check, feedback):
    assert check(items=[item("1", "区住建局", D(2026, 3, 31), feedback=feedback)]).findings == []


def test_new_or_finished_items_need_no_progress(check):
    assert check(items=[
        item("1", "区住建局", D(2026, 3, 31), assigned=D(2026, 2, 9), progress=None),   # assigned yesterday
        done("2", "区城管局", D(2026, 1, 30), D(2026, 1, 20), progress=None),           # finished
    ]).findings == []


# ---- names with stray spaces or full-width characters --------------------------------

def test_name_with_inner_space_warns_and_still_counts(check):
    a = check(items=[item("1", "区住建 局", D(2026, 1, 20))], score=True)
    f = one(a.findings, WARNING, "周交办", "E2", "牵头单位")
    assert "区住建 局" in f.message and "空格" in f.message
    assert "“区住建局”" in f.suggestion
    rows = {r.unit: r for r in a.evaluation.results["2026-01"].rows}
    assert rows["区住建局"].due == 1            # a warning does not leave the item out
    assert a.evaluation.excluded_items == 0


def test_name_with_full_width_characters_warns(check):
    units = unit_rows(departments=DEPARTMENTS + ["区12345热线中心"])
    a = check(units=units, items=[item("1", "区１２３４５热线中心", D(2026, 1, 20))], score=True)
    f = one(a.findings, WARNING, "周交办", "E2", "牵头单位")
    assert "全角" in f.message
    assert "“区12345热线中心”" in f.suggestion
    rows = {r.unit: r for r in a.evaluation.results["2026-01"].rows}
    assert rows["区12345热线中心"].due == 1


def test_leader_with_full_width_space_warns(check):
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), leader="李　明")])  # U+3000 inside
    f = one(a.findings, WARNING, "周交办", "D2", "交办领导")
    assert "“李明”" in f.suggestion
    assert a.findings == [f]


def test_exact_names_pass(check):
    units = unit_rows(departments=DEPARTMENTS + ["区12345热线中心"])
    assert check(units=units, items=[item("1", "区12345热线中心", D(2026, 1, 30), leader="李明")]).findings == []


def test_registered_name_with_chinese_parentheses_passes(check):
    units = unit_rows(departments=DEPARTMENTS + ["区政府办公室（区外事办）"])
    a = check(units=units, items=[item("1", "区政府办公室（区外事办）", D(2026, 1, 30))])
    assert a.findings == []


def test_trailing_space_in_name_warns(check):
    a = check(items=[item("1", "区住建局 ", D(2026, 1, 30))])
    one(a.findings, WARNING, "周交办", "E2", "牵头单位")


def test_date_far_from_the_ledger_year_is_an_error(check):
    # 2016 typed for 2026: an error (the item is left out) instead of ten years of empty months.
    a = check(items=[item("1", "区住建局", D(2026, 1, 30), assigned=D(2016, 1, 5), period=1)], score=True,
              month="2026-01")
    f = one(a.findings, ERROR, "周交办", "C2", "交办日期")
    assert "相差超过一年" in f.message
    assert a.evaluation.months[0] >= "2025-01"


# ---- 单位 / 领导 registers --------------------------------------------------------------

def test_register_problems(check):
    units = unit_rows()
    units[0] = list(units[0])
    units[0][2] = "街道"          # 组别 not in 【考评组别】 -> C2
    units[1] = list(units[1])
    units[1][6] = "Y"             # 参与考评 not 是/否 -> G3
    units.append(list(units[2]))  # 西关街道办事处 registered twice -> A12
    a = check(units=units)
    assert "街道" in one(a.findings, ERROR, "单位", "C2", "组别").message
    assert "“Y”" in one(a.findings, ERROR, "单位", "G3", "参与考评").message
    assert "第 4 行" in one(a.findings, ERROR, "单位", "A12", "单位名称").message
    assert len(a.findings) == 3


# ---- errors leave rows out of the scores ------------------------------------------------

def test_rows_with_errors_are_left_out_of_scoring(check):
    good = done("1", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "好")
    clean = check(items=[good, item("2", "区住建局", D(2026, 1, 30))], score=True)
    bad = check(items=[good, item("2", "区住建局", D(2026, 1, 30), status="办结")], score=True)

    def row(a):
        return {r.unit: r for r in a.evaluation.results["2026-01"].rows}["区住建局"]

    # clean: D=2, C=1, T=1, 好 -> (40*50 + 30*50 + 30*100)/100 = 65.00
    assert (row(clean).due, row(clean).done, row(clean).score) == (2, 1, 65.0)
    assert clean.evaluation.excluded_items == 0
    # row 3 has an error (办理状态 “办结”): only item 1 counts -> D=1, C=1, T=1 -> 100.00
    assert (row(bad).due, row(bad).done, row(bad).score) == (1, 1, 100.0)
    assert bad.evaluation.excluded_items == 1
    assert bad.errors == 1


def test_month_review_says_how_many_items_were_left_out(check):
    from duban.render.sheets import month_review_grid

    a = check(items=[done("1", "区住建局", D(2026, 1, 20), D(2026, 1, 19)),
                     item("2", "区住建委", D(2026, 1, 30))], score=True)
    grid = month_review_grid(a.ledger, a.evaluation, a.notice.paragraphs(), a.errors, a.today)
    texts = [getattr(c, "value", c) for row in grid.rows for c in row]
    assert any(isinstance(t, str) and "1 处数据错误" in t and "1 件事项未计入排名" in t for t in texts)


def test_warnings_do_not_leave_rows_out(check):
    a = check(items=[item("1", "区住建局", "2026.1.30"),                       # text date
                     item("2", "区住建局", D(2026, 1, 30), assigned=D(2026, 1, 6), period=2)],  # a Tuesday
              score=True)
    assert a.errors == 0 and a.warnings == 2
    assert a.evaluation.excluded_items == 0
    assert {r.unit: r for r in a.evaluation.results["2026-01"].rows}["区住建局"].due == 2


def test_adjustment_over_cap_counts_and_the_sum_is_clipped(check):
    # One item done on time, graded 好: base 100. Rows +12 and -3 both count: sum 9 -> score 109.
    a = check(items=[done("1", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "好")],
              adjustments=[adjustment("区住建局", 12), adjustment("区住建局", -3)], score=True)
    row = {r.unit: r for r in a.evaluation.results["2026-01"].rows}["区住建局"]
    assert row.adjustment == 9.0
    assert row.score == 109.0
    assert a.evaluation.excluded_adjustments == 0
    # Rows +12 and +3: sum 15, clipped to the cap: 100 + 10.
    b = check(items=[done("1", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "好")],
              adjustments=[adjustment("区住建局", 12), adjustment("区住建局", 3)], score=True)
    row = {r.unit: r for r in b.evaluation.results["2026-01"].rows}["区住建局"]
    assert (row.adjustment, row.score) == (10.0, 110.0)


def test_adjustment_with_error_is_left_out(check):
    a = check(items=[done("1", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "好")],
              adjustments=[adjustment("区住建局", "三分"), adjustment("区住建局", -3)], score=True)
    row = {r.unit: r for r in a.evaluation.results["2026-01"].rows}["区住建局"]
    assert row.adjustment == -3.0          # the unreadable row is an error and does not count
    assert row.score == 97.0
    assert a.evaluation.excluded_adjustments == 1


# ---- 参数 problems ----------------------------------------------------------------------

def params_with(**values):
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] in values:
            r[1] = values[r[0]]
    return rows


def basic_cell(key: str) -> str:
    """Value cell (column B) of a key of 【基本设置】 as the template lays it out."""
    row = next(i for i, r in enumerate(params.template_rows()) if r and r[0] == key)
    return f"B{row + 1}"


def test_non_numeric_adjustment_cap_falls_back_to_ten(check):
    assert basic_cell("加减分上限") == "B6"  # 【基本设置】 title, header, 区县名称, 考评年度, 例会星期, 加减分上限
    a = check(params_rows=params_with(加减分上限="十分", 考评年度=2026),
              adjustments=[adjustment("区住建局", 10), adjustment("区城管局", 11)])
    f = one(a.findings, ERROR, "参数", "B6", "加减分上限")
    assert "十分" in f.message and "10" in f.message
    assert a.ledger.settings.adjustment_cap == 10
    one(a.findings, WARNING, "加减分", "C3", "分值")        # 11 is over the default cap
    assert not at(a.findings, "加减分", "C2")               # 10 is not
    assert len(a.findings) == 2


def test_numeric_adjustment_cap_is_used(check):
    a = check(params_rows=params_with(加减分上限=5, 考评年度=2026),
              adjustments=[adjustment("区住建局", 5), adjustment("区城管局", 6)])
    assert a.ledger.settings.adjustment_cap == 5
    assert "±5" in one(a.findings, WARNING, "加减分", "C3", "分值").message
    assert len(a.findings) == 1


def test_bad_year_and_meeting_weekday(check):
    a = check(params_rows=params_with(考评年度="二〇二六", 例会星期="礼拜一"))
    assert "二〇二六" in one(a.findings, ERROR, "参数", basic_cell("考评年度"), "考评年度").message
    assert "礼拜一" in one(a.findings, ERROR, "参数", basic_cell("例会星期"), "例会星期").message
    assert a.ledger.settings.meeting_weekday == 0


def test_meeting_weekday_setting_is_used(check):
    a = check(params_rows=params_with(例会星期="星期二", 考评年度=2026),
              items=[item("1", "区住建局", D(2026, 1, 30), assigned=D(2026, 1, 6)),
                     item("2", "区城管局", D(2026, 1, 30), assigned=D(2026, 1, 5), period=2)])
    assert not at(a.findings, "周交办", "C2")                       # Tuesday is the meeting day
    assert "星期二" in one(a.findings, WARNING, "周交办", "C3", "交办日期").message


def test_missing_params_block_falls_back_with_a_warning(check):
    rows = params.template_rows()
    start = rows.index(["【事项类别】"])
    end = next(i for i in range(start + 1, len(rows)) if rows[i][:1] and str(rows[i][0]).startswith("【"))
    rows = rows[:start] + rows[end:]             # the whole 【事项类别】 block removed
    for r in rows:
        if r[:1] == ["考评年度"]:
            r[1] = 2026
    a = check(params_rows=rows, items=[CLEAN])
    f = one(a.findings, WARNING, "参数", "A1", "事项类别")
    assert "默认值" in f.message
    assert "重点项目" in a.ledger.settings.item_categories


# ---- cells follow the headers, wherever they are ------------------------------------------

def test_cell_references_follow_moved_columns_and_a_title_row(check):
    # The office added a title row above the header and reversed the column order:
    # 19 columns, 牵头单位 (5th) is now the 15th column (O) and the first entry is on row 3.
    headers = schema.ITEMS.headers[::-1]
    rows = [item("1", "区住建委", D(2026, 1, 30))[::-1],
            done("2", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "好")[::-1]]
    a = check(extra_sheets={"周交办": [["2026年周交办台账"], headers] + rows}, score=True)
    f = one(a.findings, ERROR, "周交办", "O3", "牵头单位")
    assert "区住建委" in f.message
    assert len(a.findings) == 1
    assert a.evaluation.excluded_items == 1
    assert {r.unit: r for r in a.evaluation.results["2026-01"].rows}["区住建局"].due == 1

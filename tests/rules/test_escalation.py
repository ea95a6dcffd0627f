"""The escalation ladder (issue 20 item 5): consequences by consecutive 末位 months, from 参数【问责阶梯】."""

from __future__ import annotations

from typing import Any

from duban.read import params
from duban.render.sheets import accountability_grid
from duban.rules.annual import annual_rows

import ledgers
from ledgers import D, analyse_ledger
from test_accountability import DECEMBER, january_items

NOVEMBER = [
    ["2025-11", "办事处", 1, "城关街道办事处", 95.0, "奖励", "已发布"],
    ["2025-11", "办事处", 2, "东关街道办事处", 90.0, "奖励", "已发布"],
    ["2025-11", "办事处", 3, "南关街道办事处", 80.0, "—", "已发布"],
    ["2025-11", "办事处", 4, "西关街道办事处", 60.0, "表态发言、末位", "已发布"],
]
# 西关 is 末位 in 2025-11 and 2025-12 (历史排名) and again in 2026-01 (computed): a run of 3.
# 区财政局 is 末位 among departments in 2026-01 only: a run of 1.
LADDER = [
    [1, "预警", "否"],
    [2, "由分管区领导约谈", "是"],
    [3, "由区政府主要领导约谈", "是"],
    [4, "启动问责程序", "是"],
]


def params_with(ladder: list[list[Any]] | None = None, **basic: Any) -> list[list[Any]]:
    """The template's 参数 rows with the 【问责阶梯】 rows replaced and 基本设置 values set."""
    rows = ledgers.params_with(**basic)
    if ladder is not None:
        start = rows.index([f"【{params.ESCALATION}】"]) + 2
        end = start
        while end < len(rows) and rows[end]:
            end += 1
        rows[start:end] = [list(x) for x in ladder]
    return rows


def analyse(tmp_path, prm):
    return analyse_ledger(tmp_path / "e.xlsx", D(2026, 2, 10), "2026-01", items=january_items(),
                          history=NOVEMBER + DECEMBER, params_rows=prm)


def test_template_ladder_is_the_seed_rule(tmp_path):
    # The shipped ladder (1 → 预警, 2 → 启动问责程序) gives what 问责连续末位月数 = 2 gave: 西关 3 months → 问责.
    a = analyse(tmp_path, params_with())
    acc = {x.unit: x for x in a.evaluation.accountability if x.month == "2026-01"}
    assert (acc["西关街道办事处"].run, acc["西关街道办事处"].advice, acc["西关街道办事处"].counts) == (3, "启动问责程序", True)
    assert (acc["区财政局"].run, acc["区财政局"].advice, acc["区财政局"].counts) == (1, "预警", False)
    assert "区财政局本月排名末位，予以预警；连续2个月末位将启动问责程序。" in a.notice.paragraphs()


def test_a_longer_ladder_names_each_step(tmp_path):
    a = analyse(tmp_path, params_with(LADDER))
    acc = {x.unit: x for x in a.evaluation.accountability if x.month == "2026-01"}
    # Run 3 reaches the third rung (not yet the fourth).
    assert (acc["西关街道办事处"].run, acc["西关街道办事处"].advice) == (3, "由区政府主要领导约谈")
    assert acc["区财政局"].advice == "预警"
    assert "西关街道办事处（连续3个月末位），按规定由区政府主要领导约谈。" in a.notice.paragraphs()
    # The warning names the next counted rung: 2 months → 由分管区领导约谈.
    assert "区财政局本月排名末位，予以预警；连续2个月末位将由分管区领导约谈。" in a.notice.paragraphs()
    # Counted rungs are 问责 in 年度汇总; 预警 is not.
    annual = {r.unit: r for r in annual_rows(a.ledger, a.evaluation)}
    assert annual["西关街道办事处"].accountability == 1 and annual["区财政局"].accountability == 0
    # 问责 sheet: the measure, red (error role) when counted, yellow (warning role) for 预警.
    rows = {(r[0], r[2]): r for r in accountability_grid(a.ledger, a.evaluation).rows[1:]}
    west, finance = rows[("西关街道办事处", "2026-01")], rows[("区财政局", "2026-01")]
    assert (west[3], west[4].value, west[4].role) == (3, "由区政府主要领导约谈", "error")
    assert (finance[3], finance[4].value, finance[4].role) == (1, "预警", "warning")


def test_no_rung_for_one_month_means_no_row(tmp_path):
    # An office that does not warn: only 2+ months count. 区财政局 (1 month) gets no row.
    a = analyse(tmp_path, params_with([[2, "启动问责程序", "是"]]))
    units = {x.unit for x in a.evaluation.accountability if x.month == "2026-01"}
    assert units == {"西关街道办事处"}
    assert not any("予以预警" in p for p in a.notice.paragraphs())


def test_older_key_still_decides_with_the_shipped_ladder(tmp_path):
    # 问责连续末位月数 = 4 and the ladder as shipped: the key decides (西关's run of 3 is only 预警).
    a = analyse(tmp_path, params_with(问责连续末位月数=4))
    acc = {x.unit: x for x in a.evaluation.accountability if x.month == "2026-01"}
    assert (acc["西关街道办事处"].advice, acc["西关街道办事处"].counts) == ("预警", False)
    assert not any(f.field == "问责连续末位月数" for f in a.findings)


def test_customised_ladder_and_other_key_warn(tmp_path):
    a = analyse(tmp_path, params_with(LADDER, 问责连续末位月数=3))
    found = [f for f in a.findings if f.field == "问责连续末位月数"]
    # 问责连续末位月数 = 3 but the ladder counts from 2 months: the ladder wins, with one 警告 on the key's cell
    # (row 7: 【基本设置】 title, header, 区县名称, 考评年度, 例会星期, 加减分上限, 问责连续末位月数).
    assert [(f.level, f.cell) for f in found] == [("警告", "B7")]
    assert "已按【问责阶梯】计算" in found[0].message


def test_bad_ladder_rows_are_errors_on_their_cells(tmp_path):
    a = analyse(tmp_path, params_with([[1, "预警", "否"], ["两个月", "启动问责程序", "是"], [3, "", "是"],
                                       [2, "启动问责程序", "对"]]))
    bad = {(f.field, f.level) for f in a.findings if f.sheet == "参数"}
    assert ("连续末位月数", "错误") in bad and ("措施", "错误") in bad and ("计入问责次数", "错误") in bad
    acc = {x.unit: x for x in a.evaluation.accountability if x.month == "2026-01"}
    # The rows that were read: 1 → 预警, 2 → 启动问责程序 ("对" read as 是).
    assert (acc["西关街道办事处"].advice, acc["西关街道办事处"].counts) == ("启动问责程序", True)

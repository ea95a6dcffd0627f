"""Monthly scores worked out by hand (SPEC §3), through the whole core."""

from __future__ import annotations

import pytest

from duban.rules.scoring import base_score, completion_rate, round_half_up

from ledgers import D, analyse_ledger, done, item, unit_rows

TODAY = D(2026, 2, 10)


def rows_of(a, month="2026-01"):
    return {r.unit: r for r in a.evaluation.results[month].rows}


@pytest.fixture
def january(tmp_path):
    items = [
        # 城关: two items due in January. One on time (好), one finished in February.
        # D=2, C=1, T=1 -> 办结率 50, 按时率 50, 点评质量 100 -> (40*50+30*50+30*100)/100 = 65.00
        done("A1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
        done("A2", "城关街道办事处", D(2026, 1, 30), D(2026, 2, 3)),
        # 东关: a December item still open on 1 January is carried into January (逾期结转),
        # finished late on 10 January: D=1, C=1, T=0, no grade -> (40*100+30*0)/70 = 57.142857 -> 57.14
        done("B1", "东关街道办事处", D(2025, 12, 20), D(2026, 1, 10), assigned=D(2025, 12, 1), period=1),
        # ... and a December item finished in December is not carried.
        done("B2", "东关街道办事处", D(2025, 12, 20), D(2025, 12, 19), assigned=D(2025, 12, 1), period=1),
        # 西关: deadline 15 January moved to 31 January (调整后时限), finished 25 January -> on time.
        # A second item: deadline 20 January moved to 15 February -> not due in January.
        # D=1, C=1, T=1, 较好 -> (40*100+30*100+30*85)/100 = 95.50
        done("C1", "西关街道办事处", D(2026, 1, 15), D(2026, 1, 25), "较好", adjusted=D(2026, 1, 31)),
        item("C2", "西关街道办事处", D(2026, 1, 20), adjusted=D(2026, 2, 15)),
        # 南关: nothing due in January -> not ranked, with the reason.
        item("D1", "南关街道办事处", D(2026, 3, 31)),
        # 区发改局: on time, 一般 -> (40*100+30*100+30*70)/100 = 91.00; +6 +6 clipped to +10 -> 101.00
        done("E1", "区发改局", D(2026, 1, 20), D(2026, 1, 20), "一般"),
        # 区财政局: open and overdue: D=1, C=0 -> 0.00; -3 -> -3.00
        item("F1", "区财政局", D(2026, 1, 20)),
        # 区住建局 takes no part in the evaluation (参与考评 = 否) but is still scored: 100.00
        done("G1", "区住建局", D(2026, 1, 20), D(2026, 1, 12), "好"),
    ]
    adjustments = [
        ["2026-01", "区发改局", 6, "市级表扬", "", ""],
        ["2026年1月", "区发改局", 6, "省级表扬", "", ""],
        ["2026-01", "区财政局", -3, "被通报", "", ""],
        ["2026-02", "区财政局", -5, "不计入一月", "", ""],
    ]
    return analyse_ledger(tmp_path / "jan.xlsx", TODAY, "2026-01", items=items, adjustments=adjustments,
                          units=unit_rows(not_evaluated=("区住建局",)))


def test_counts_and_rates(january):
    r = rows_of(january)
    assert (r["城关街道办事处"].due, r["城关街道办事处"].done, r["城关街道办事处"].on_time,
            r["城关街道办事处"].overdue) == (2, 1, 1, 1)
    assert r["城关街道办事处"].done_rate == 50.0 and r["城关街道办事处"].on_time_rate == 50.0
    assert r["城关街道办事处"].quality == 100.0
    assert r["城关街道办事处"].score == 65.0


def test_carried_overdue_item(january):
    r = rows_of(january)["东关街道办事处"]
    assert (r.due, r.done, r.on_time, r.overdue) == (1, 1, 0, 0)
    assert r.quality is None
    assert r.score == 57.14


def test_adjusted_deadline(january):
    r = rows_of(january)["西关街道办事处"]
    assert (r.due, r.done, r.on_time) == (1, 1, 1)
    assert r.score == 95.5


def test_adjusted_deadline_moves_item_to_its_month(tmp_path):
    # C2 alone: deadline 20 January moved to 15 February; open on 10 March.
    a = analyse_ledger(tmp_path / "feb.xlsx", D(2026, 3, 10), "2026-02",
                       items=[item("C2", "西关街道办事处", D(2026, 1, 20), adjusted=D(2026, 2, 15))])
    assert rows_of(a, "2026-01")["西关街道办事处"].due == 0
    feb = rows_of(a, "2026-02")["西关街道办事处"]
    assert (feb.due, feb.done, feb.overdue, feb.score) == (1, 0, 1, 0.0)


def test_no_due_items_not_ranked_with_reason(january):
    r = rows_of(january)["南关街道办事处"]
    assert r.due == 0 and r.score is None and not r.evaluated
    assert "不参与排名" in r.note
    assert "南关街道办事处" not in january.evaluation.results["2026-01"].standings


def test_adjustment_clipped_at_cap(january):
    r = rows_of(january)
    assert r["区发改局"].adjustment == 10.0
    assert r["区发改局"].score == 101.0
    assert r["区财政局"].adjustment == -3.0 and r["区财政局"].score == -3.0


def test_not_evaluated_unit_scored_but_not_ranked(january):
    r = rows_of(january)["区住建局"]
    assert r.score == 100.0 and not r.evaluated and r.note == "该单位不参与考评"
    standings = january.evaluation.results["2026-01"].standings
    assert "区住建局" not in standings
    # 区直单位: 区发改局 101 first, 区财政局 -3 second; both rewarded (3 reward places, 2 units).
    assert standings["区发改局"].rank == 1 and standings["区财政局"].rank == 2


def test_monthly_sheet_rows(january):
    from duban.render.sheets import monthly_grid

    grid = monthly_grid(january.evaluation).rows
    header = [c.value for c in grid[0]]
    assert header == ["月份", "单位", "组别", "应办结", "已办结", "按时办结", "逾期未办结", "办结率", "按时率",
                      "点评质量", "加减分", "综合得分", "组内排名", "未计入事项", "说明"]
    jan = {row[1]: row for row in grid[1:] if row[0] == "2026-01"}
    assert jan["城关街道办事处"][11] == 65.0 and jan["城关街道办事处"][12] == 2
    assert jan["南关街道办事处"][12] == "不参与排名"
    assert jan["区住建局"][12] == "不参与考评"
    # months run from January of the ledger's year (the December item is carried, December itself is
    # last year's ledger's business) to the evaluated month
    assert sorted({row[0] for row in grid[1:]}) == ["2026-01"]


def test_round_half_away_from_zero():
    assert round_half_up(2.675) == 2.68
    assert round_half_up(-2.675) == -2.68
    assert round_half_up(57.142857) == 57.14
    assert round_half_up(0.125) == 0.13


def test_base_score_uses_existing_components_only():
    assert base_score({"办结率": 100.0, "按时率": 0.0, "点评质量": None}) == pytest.approx(4000 / 70)
    assert base_score({"办结率": None, "按时率": None, "点评质量": 85.0}) == 85.0
    assert base_score({"办结率": None, "按时率": None, "点评质量": None}) is None


def test_completion_rate():
    assert completion_rate(["已完成", "推进中", None, "", "已完成", "未启动"]) == 50.0
    assert completion_rate([None, ""]) is None

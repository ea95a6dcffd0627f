"""Ranking boundaries with ties, in both groups (SPEC §3)."""

from __future__ import annotations

from duban.rules.ranking import competition_ranks, place, rank_key

from ledgers import D, analyse_ledger, done, item

OFFICE = dict(reward_slots=2, statement_slots=1, rewards={1: 50000, 2: 30000})
DEPT = dict(reward_slots=3, statement_slots=2, rewards={1: 30000, 2: 20000, 3: 10000})


def results(keys, **rule):
    return {p.unit: (p.rank, p.result, p.reward) for p in place({k: (v,) for k, v in keys.items()}, **rule)}


def test_competition_ranks_skip_after_ties():
    assert competition_ranks([90, 85, 85, 80]) == [1, 2, 2, 4]
    assert competition_ranks([70, 70, 70]) == [1, 1, 1]


def test_office_reward_boundary_tie_rewards_both():
    # 95 | 90 90 | 80 | 70 70: fewer than 2 above -> ranks 1, 2, 2 rewarded (rank-2 amount for both).
    r = results({"a": 95, "b": 90, "c": 90, "d": 80, "e": 70, "f": 70}, **OFFICE)
    assert r["a"] == (1, "奖励", 50000)
    assert r["b"] == (2, "奖励", 30000) and r["c"] == (2, "奖励", 30000)
    assert r["d"] == (4, "—", 0.0)
    # no unit below the two 70s: both make a statement and both are last.
    assert r["e"] == (5, "表态发言、末位", 0.0) and r["f"] == (5, "表态发言、末位", 0.0)


def test_office_statement_is_only_the_last():
    r = results({"a": 95, "b": 90, "c": 85, "d": 80}, **OFFICE)
    assert [r[u][1] for u in "abcd"] == ["奖励", "奖励", "—", "表态发言、末位"]


def test_department_boundaries_with_ties():
    # 100 | 95 95 95 | 80 | 60 60: reward while fewer than 3 above (ranks 1, 2, 2, 2);
    # 80 has 2 units below (not fewer than 2) -> nothing; the 60s -> 表态发言、末位.
    r = results({"a": 100, "b": 95, "c": 95, "d": 95, "e": 80, "f": 60, "g": 60}, **DEPT)
    assert [r[u][:2] for u in "abcdefg"] == [(1, "奖励"), (2, "奖励"), (2, "奖励"), (2, "奖励"), (5, "—"),
                                            (6, "表态发言、末位"), (6, "表态发言、末位")]
    assert r["b"][2] == 20000


def test_department_second_from_bottom_makes_statement():
    r = results({"a": 100, "b": 90, "c": 80, "d": 70, "e": 60, "f": 50}, **DEPT)
    assert [r[u][1] for u in "abcdef"] == ["奖励", "奖励", "奖励", "—", "表态发言", "表态发言、末位"]


def test_department_tie_at_statement_boundary():
    # 60 60 | 50: fewer than 2 below -> both 60s (1 below) and 50 make a statement.
    r = results({"a": 100, "b": 90, "c": 80, "d": 70, "e": 60, "f": 60, "g": 50}, **DEPT)
    assert [r[u][1] for u in "efg"] == ["表态发言", "表态发言", "表态发言、末位"]


def test_rewarded_unit_is_not_also_statement_or_last():
    # Three departments: all rewarded, nobody makes a statement (decision recorded in docs).
    r = results({"a": 90, "b": 80, "c": 70}, **DEPT)
    assert [r[u][1] for u in "abc"] == ["奖励", "奖励", "奖励"]


def test_tie_broken_by_on_time_then_done_rate():
    assert rank_key(90.0, 80.0, 70.0) > rank_key(90.0, 75.0, 99.0)
    assert rank_key(90.0, 66.666, 70.0) == rank_key(90.0, 66.67, 70.0)  # rates compared at 2 decimals
    assert rank_key(90.0, 80.0, 71.0) > rank_key(90.0, 80.0, 70.0)
    assert rank_key(90.0, None, None) < rank_key(90.0, 0.0, 0.0)  # a missing rate sorts last


def test_tie_break_end_to_end(tmp_path):
    # Both offices score 85.00: 城关 (100 done, 50 on time, quality 100 ->  (4000+1500+3000)/100 = 85.00)
    # 东关 (100 done, 100 on time, quality 50 -> (4000+3000+1500)/100 = 85.00) -> 东关 first on 按时率.
    items = [
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
        done("2", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 22), "好"),
        done("3", "东关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "差"),
        item("4", "西关街道办事处", D(2026, 1, 20)),
    ]
    a = analyse_ledger(tmp_path / "t.xlsx", D(2026, 2, 10), "2026-01", items=items)
    st = a.evaluation.results["2026-01"].standings
    assert st["城关街道办事处"].score == st["东关街道办事处"].score == 85.0
    assert st["东关街道办事处"].rank == 1 and st["城关街道办事处"].rank == 2
    assert st["西关街道办事处"].result == "表态发言、末位"

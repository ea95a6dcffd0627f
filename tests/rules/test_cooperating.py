"""Crediting cooperating units (issue 20 item 6): 参数 配合单位权重, default 0 (lead units only)."""

from __future__ import annotations

from ledgers import D, analyse_ledger, done, item, params_with


def october_items():
    return [
        # 1: 区发改局 leads, 区住建局 cooperates (and the lead named again, which credits nobody twice);
        #    done on time, graded 好 (100).
        done("1", "区发改局", D(2026, 10, 20), D(2026, 10, 19), "好", assigned=D(2026, 10, 5),
             co="区住建局、区发改局"),
        # 2: 区住建局 leads, still open: overdue at the month's end.
        item("2", "区住建局", D(2026, 10, 20), assigned=D(2026, 10, 5)),
        # 3: an unknown cooperating unit credits nobody (and is a validation error on 配合单位).
        done("3", "区城管局", D(2026, 10, 20), D(2026, 10, 19), "较好", assigned=D(2026, 10, 5), co="区不存在局"),
    ]


def monthly(a, unit):
    return next(r for r in a.evaluation.results["2026-10"].rows if r.unit == unit)


def test_default_weight_counts_lead_units_only(tmp_path):
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10", items=october_items(),
                       params_rows=params_with())
    z = monthly(a, "区住建局")
    # Only item 2: due 1, done 0 → 办结率 0, 按时率 0, no grade → base 0.
    assert (z.due, z.done, z.on_time, z.overdue, z.quality, z.score) == (1, 0, 0, 1, None, 0.0)
    assert isinstance(z.due, int)


def test_half_weight_credits_the_cooperating_unit(tmp_path):
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10", items=october_items(),
                       params_rows=params_with(配合单位权重=0.5))
    z = monthly(a, "区住建局")
    # Own item 2 (weight 1, open) + item 1 as cooperating unit (weight 0.5, done on time, 好 = 100):
    # D = 1.5, C = 0.5, T = 0.5; 办结率 = 按时率 = 100·0.5/1.5 = 33.33; 点评质量 = 100·0.5/0.5 = 100;
    # base = (40·33.333 + 30·33.333 + 30·100) / 100 = 53.33.
    assert (z.due, z.done, z.on_time, z.overdue) == (1.5, 0.5, 0.5, 1.0)
    assert (z.done_rate, z.on_time_rate, z.quality, z.score) == (33.33, 33.33, 100.0, 53.33)
    # The lead unit's own score is unchanged (item 1 counts once for it: D = C = T = 1, quality 100).
    fg = monthly(a, "区发改局")
    assert (fg.due, fg.done, fg.score) == (1, 1, 100.0)
    # 区城管局 leads item 3 alone (the unknown 配合单位 credits nobody): D = C = T = 1, 较好 85 →
    # (4000 + 3000 + 30·85) / 100 = 95.5.
    assert monthly(a, "区城管局").score == 95.5


def test_weight_above_one_is_an_error_and_ignored(tmp_path):
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10", items=october_items(),
                       params_rows=params_with(配合单位权重=2))
    bad = [f for f in a.findings if f.field == "配合单位权重"]
    assert [f.level for f in bad] == ["错误"]
    assert monthly(a, "区住建局").due == 1

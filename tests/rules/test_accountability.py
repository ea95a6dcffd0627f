"""末位 runs, 问责 and 预警, 历史排名 drafts and published months (SPEC §3)."""

from __future__ import annotations

from duban.rules.annual import annual_rows

from ledgers import D, analyse_ledger, done, item

# A new year's ledger: it holds only 2026. December 2025 comes from 历史排名.
DECEMBER = [
    ["2025-12", "办事处", 1, "城关街道办事处", 95.0, "奖励", "已发布"],
    ["2025-12", "办事处", 2, "东关街道办事处", 90.0, "奖励", "已发布"],
    ["2025-12", "办事处", 3, "南关街道办事处", 80.0, "—", "已发布"],
    ["2025-12", "办事处", 4, "西关街道办事处", 60.0, "表态发言、末位", "已发布"],
]


def january_items():
    # January: 西关 is last again (open, overdue: 0.00); 区财政局 is last among departments for the first time.
    return [
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),      # 100
        done("2", "东关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "较好"),    # 95.5
        done("3", "南关街道办事处", D(2026, 1, 20), D(2026, 1, 25), "一般"),    # (4000+0+2100)/100 = 61
        item("4", "西关街道办事处", D(2026, 1, 20)),                             # 0
        done("5", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "好"),
        done("6", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "较好"),
        done("7", "区城管局", D(2026, 1, 20), D(2026, 1, 19), "一般"),
        item("8", "区财政局", D(2026, 1, 20)),
    ]


def test_last_in_december_and_january_starts_accountability(tmp_path):
    a = analyse_ledger(tmp_path / "y.xlsx", D(2026, 2, 10), "2026-01", items=january_items(), history=DECEMBER)
    acc = {(x.unit, x.month): x for x in a.evaluation.accountability}
    west = acc[("西关街道办事处", "2026-01")]
    assert (west.run, west.advice) == (2, "启动问责程序")
    finance = acc[("区财政局", "2026-01")]
    assert (finance.run, finance.advice) == (1, "预警")
    assert set(acc) == {("西关街道办事处", "2026-01"), ("区财政局", "2026-01")}
    # The 通报 names the unit under accountability.
    assert any("西关街道办事处（连续2个月末位）" in p and "启动问责程序" in p for p in a.notice.paragraphs())
    annual = {r.unit: r for r in annual_rows(a.ledger, a.evaluation)}
    assert annual["西关街道办事处"].accountability == 1 and annual["区财政局"].accountability == 0


def test_unranked_month_breaks_the_run(tmp_path):
    # 西关 last in December (history) but has nothing due in January (not ranked) and is last in February.
    items = [i for i in january_items() if i[0] != "4"] + [
        item("9", "西关街道办事处", D(2026, 2, 20)),
        done("10", "城关街道办事处", D(2026, 2, 20), D(2026, 2, 19), "好"),
        done("11", "东关街道办事处", D(2026, 2, 20), D(2026, 2, 19), "好"),
        done("12", "南关街道办事处", D(2026, 2, 20), D(2026, 2, 19), "好"),
    ]
    a = analyse_ledger(tmp_path / "b.xlsx", D(2026, 3, 10), "2026-02", items=items, history=DECEMBER)
    acc = {(x.unit, x.month): x for x in a.evaluation.accountability}
    assert "西关街道办事处" not in a.evaluation.results["2026-01"].standings
    assert (acc[("西关街道办事处", "2026-02")].run, acc[("西关街道办事处", "2026-02")].advice) == (1, "预警")


def test_history_drafts_replaced_published_kept(tmp_path):
    stale_draft = [["2026-01", "办事处", 1, "西关街道办事处", 99.0, "奖励", "草稿"]]
    a = analyse_ledger(tmp_path / "h.xlsx", D(2026, 2, 10), "2026-01", items=january_items(),
                       history=DECEMBER + stale_draft)
    rows = a.evaluation.history_rows
    assert [r for r in rows if r[0] == "2025-12"] == DECEMBER
    jan = {(r[3]): r for r in rows if r[0] == "2026-01"}
    assert jan["西关街道办事处"][2] == 4 and jan["西关街道办事处"][5] == "表态发言、末位"
    assert jan["西关街道办事处"][6] == "草稿"
    assert jan["城关街道办事处"][2:] == [1, "城关街道办事处", 100.0, "奖励", "草稿"]


def test_published_month_is_not_recomputed_and_differences_reported(tmp_path):
    published = [
        ["2026-01", "办事处", 1, "东关街道办事处", 96.0, "奖励", "已发布"],
        ["2026-01", "办事处", 2, "城关街道办事处", 95.0, "奖励", "已发布"],
        ["2026-01", "办事处", 3, "南关街道办事处", 61.0, "—", "已发布"],
        ["2026-01", "办事处", 4, "西关街道办事处", 0.0, "表态发言、末位", "已发布"],
    ]
    a = analyse_ledger(tmp_path / "p.xlsx", D(2026, 2, 10), "2026-01", items=january_items(), history=published)
    res = a.evaluation.results["2026-01"]
    assert res.published
    assert res.standings["东关街道办事处"].rank == 1          # the published order counts
    assert res.computed["城关街道办事处"].rank == 1           # what the data give now
    assert [r for r in a.evaluation.history_rows if r[0] == "2026-01" and r[1] == "办事处"] == published
    diffs = [f for f in a.findings if f.sheet == "历史排名"]
    assert any("城关街道办事处" in f.message and "已发布为第 2 名" in f.message for f in diffs)


def test_rank_change_against_previous_month(tmp_path):
    from duban.rules.evaluate import rank_change

    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 2, 10), "2026-01", items=january_items(), history=DECEMBER)
    # 东关 was 2nd in December, 2nd now; 南关 3rd -> 3rd; 城关 1st -> 1st
    assert rank_change(a.evaluation, "东关街道办事处", "2026-01") == "持平"
    assert rank_change(a.evaluation, "区发改局", "2026-01") == "—"


def test_new_year_ledger_does_not_recompute_last_year(tmp_path):
    # December's ranking is a draft from last year's ledger; this year's ledger carries one December item.
    december_draft = [r[:6] + ["草稿"] for r in DECEMBER]
    carried = done("C1", "西关街道办事处", D(2025, 12, 26), D(2026, 1, 8), assigned=D(2025, 12, 1), period=1)
    a = analyse_ledger(tmp_path / "n.xlsx", D(2026, 2, 10), "2026-01", items=january_items() + [carried],
                       history=december_draft)
    assert a.evaluation.months == ["2026-01"]
    assert [r for r in a.evaluation.history_rows if r[0] == "2025-12"] == december_draft
    # the carried item still counts in January (D=2 for 西关: the open item 4 and the late C1)
    west = {r.unit: r for r in a.evaluation.results["2026-01"].rows}["西关街道办事处"]
    assert (west.due, west.done, west.on_time) == (2, 1, 0)


def test_partly_published_month_is_left_alone(tmp_path):
    rows = [["2026-01", "办事处", 1, "东关街道办事处", 96.0, "奖励", "已发布"],
            ["2026-01", "区直单位", 1, "区财政局", 99.0, "奖励", "草稿"]]
    a = analyse_ledger(tmp_path / "pp.xlsx", D(2026, 2, 10), "2026-01", items=january_items(), history=rows)
    assert a.evaluation.results["2026-01"].published
    assert [r for r in a.evaluation.history_rows if r[0] == "2026-01"] == rows

"""Closure review (销号), items sent back (退回重办) and 回头看 (issue 20 item 2), on hand-worked ledgers.

Defaults leave scores as they were: a ledger without a 销号/回头看 column computes as before, and a
ledger whose only completion column is headed 销号日期 keeps reading it as 完成日期.
"""

from __future__ import annotations

from typing import Any

from duban import schema
from duban.commands.main import main

from ledgers import D, analyse_ledger, done, item, make_ledger, params_with, read_raw

UNIT = "区发改局"


def items_sheet(rows: list[list[Any]], closed: list[Any] | None = None, rename: dict[str, str] | None = None,
                closure_header: str = "销号日期") -> dict[str, list[list[Any]]]:
    """周交办 as written by ledgers.item(), headers renamed by `rename`, with a 销号 column appended
    when `closed` gives its values (one per row)."""
    headers = [(rename or {}).get(h, h) for h in schema.ITEMS.headers]
    if closed is None:
        return {schema.ITEMS.title: [headers] + rows}
    return {schema.ITEMS.title: [headers + [closure_header]] + [r + [c] for r, c in zip(rows, closed)]}


def monthly(a, month: str, unit: str = UNIT):
    return next(r for r in a.evaluation.results[month].rows if r.unit == unit)


def messages(a, level: str | None = None) -> list[str]:
    return [f.message for f in a.findings if level is None or f.level == level]


# ---- 销号 ----------------------------------------------------------------------

def test_a_lone_closure_column_is_still_the_completion_date(tmp_path):
    """An office heading its only completion column 销号日期 keeps its ranking, setting on or off."""
    rows = [done("1", UNIT, D(2026, 10, 20), D(2026, 10, 19), assigned=D(2026, 10, 5))]
    sheet = items_sheet(rows, rename={"完成日期": "销号日期"})
    for setting in ("否", "是"):
        a = analyse_ledger(tmp_path / f"c{setting}.xlsx", D(2026, 11, 10), "2026-10", extra_sheets=sheet,
                           params_rows=params_with(办结以销号为准=setting))
        z = monthly(a, "2026-10")
        # D = C = T = 1, no grade: base = (40·100 + 30·100) / 70 = 100.
        assert (z.due, z.done, z.on_time, z.score) == (1, 1, 1, 100.0)
        assert a.ledger.items[0].completed == D(2026, 10, 19) and a.ledger.items[0].closed is None
        assert a.stats.awaiting_closure is None   # no 销号 column of its own: no 待销号 line
    # With the setting on, the office is told that there is no separate column to read it from.
    assert any("办结以销号为准" in m and "没有单独的销号列" in m for m in messages(a, "警告"))


def closure_ledger(tmp_path, setting: str, name: str = "c.xlsx", closure_header: str = "销号日期"):
    rows = [
        # 1: done on time 10-19, 销号 10-23, graded 好 (100)
        done("1", UNIT, D(2026, 10, 20), D(2026, 10, 19), "好", assigned=D(2026, 10, 5)),
        # 2: done on time 10-18, not yet 销号, graded 较好 (85)
        done("2", UNIT, D(2026, 10, 20), D(2026, 10, 18), "较好", assigned=D(2026, 10, 5)),
        # 3: done late 10-28 (deadline 10-25), 销号 11-03, no grade
        done("3", UNIT, D(2026, 10, 25), D(2026, 10, 28), assigned=D(2026, 10, 5)),
    ]
    closed = [D(2026, 10, 23), None, D(2026, 11, 3)]
    path = tmp_path / name
    make_ledger(path, extra_sheets=items_sheet(rows, closed, closure_header=closure_header),
                params_rows=params_with(办结以销号为准=setting))
    return path


def analyse_path(path, today, month):
    from duban.run import analyse

    return analyse(read_raw(path), today, month)


def test_closure_beside_completion_is_its_own_field(tmp_path):
    a = analyse_path(closure_ledger(tmp_path, "否"), D(2026, 12, 2), "2026-10")
    assert [(it.completed, it.closed) for it in a.ledger.items] == [
        (D(2026, 10, 19), D(2026, 10, 23)), (D(2026, 10, 18), None), (D(2026, 10, 28), D(2026, 11, 3))]
    # Two columns are not "a header used twice"
    assert not [f for f in a.findings if f.level == "错误"]


def test_closure_setting_off_keeps_the_seed_scores(tmp_path):
    a = analyse_path(closure_ledger(tmp_path, "否"), D(2026, 12, 2), "2026-10")
    z = monthly(a, "2026-10")
    # D = 3, C = 3, T = 2 (item 3 late); quality (100 + 85) / 2 = 92.5;
    # base = (40·100 + 30·66.667 + 30·92.5) / 100 = 87.75.
    assert (z.due, z.done, z.on_time, z.quality, z.score) == (3, 3, 2, 92.5, 87.75)


def test_closure_setting_on_counts_done_from_the_closure_date(tmp_path):
    path = closure_ledger(tmp_path, "是")
    october = analyse_path(path, D(2026, 12, 2), "2026-10")
    z = monthly(october, "2026-10")
    # Only item 1 is 销号 by 10-31 (item 2 never, item 3 on 11-03): D = 3, C = 1, T = 1;
    # 办结率 = 按时率 = 33.33, quality 100 (item 1); base = (40·33.333 + 30·33.333 + 30·100) / 100 = 53.33.
    assert (z.due, z.done, z.on_time, z.overdue, z.quality, z.score) == (3, 1, 1, 2, 100.0, 53.33)
    november = analyse_path(path, D(2026, 12, 2), "2026-11")
    z = monthly(november, "2026-11")
    # Item 1 was done before November: not due. Items 2 (never 销号) and 3 (销号 11-03) are carried over:
    # D = 2, C = 1 (item 3), T = 0 (completed 10-28 after its deadline 10-25: 按时 still reads 完成日期);
    # no grade: base = (40·50 + 30·0) / 70 = 28.57.
    assert (z.due, z.done, z.on_time, z.quality, z.score) == (2, 1, 0, None, 28.57)
    # 统计 as at 10-31: 1 item of 3 counts as done; 待销号 = items 2 and 3 (not 销号 by then).
    assert (october.stats.items.total, october.stats.items.done, october.stats.awaiting_closure) == (3, 1, 2)


def test_awaiting_closure_on_stats_and_findings(tmp_path):
    path = closure_ledger(tmp_path, "否")
    assert main(["recompute", str(path), "--month", "2026-10", "--today", "2026-12-02"]) == 0
    book = read_raw(path)
    overview = {row[0]: row[1] for row in book.sheets["统计"][3:14] if row and row[0]}
    # As at 10-31: item 2 (never) and item 3 (销号 11-03) await 销号; all three count as done (setting off).
    assert overview["待销号"] == 2 and overview["已办结"] == 3
    findings = [r for r in book.sheets["校验结果"] if r and r[0] == "提示" and "待销号" in str(r[4])]
    # Today (12-02) only item 2 is still waiting; the note stands on the 销号日期 header (column T: after the 19 columns of 周交办 with 申请延期日期 and 延期次数).
    assert len(findings) == 1 and "有 1 件待销号" in findings[0][4] and findings[0][2] == "T1"


def test_a_dedicated_closure_header_alone_is_a_closure_column(tmp_path):
    a = analyse_path(closure_ledger(tmp_path, "是", closure_header="销号确认日期"), D(2026, 12, 2), "2026-10")
    assert (monthly(a, "2026-10").done, a.stats.awaiting_closure) == (1, 2)


def test_closure_date_on_an_open_item_or_before_completion_is_a_warning(tmp_path):
    rows = [item("1", UNIT, D(2026, 10, 20), assigned=D(2026, 10, 5)),
            done("2", UNIT, D(2026, 10, 20), D(2026, 10, 18), assigned=D(2026, 10, 5))]
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10",
                       extra_sheets=items_sheet(rows, [D(2026, 10, 21), D(2026, 10, 17)]), params_rows=params_with())
    warned = messages(a, "警告")
    assert "办理状态为“推进中”却填写了销号日期" in warned
    assert "销号日期 2026-10-17 早于完成日期 2026-10-18" in warned


# ---- 退回重办 ------------------------------------------------------------------

def test_sent_back_item_with_an_old_completion_date_is_not_done(tmp_path):
    rows = [
        # 退回重办 on 10-10's work: new deadline 11-20 in 调整后时限, the old 完成日期 left in place
        item("1", UNIT, D(2026, 10, 15), status="退回重办", completed=D(2026, 10, 10), adjusted=D(2026, 11, 20),
             assigned=D(2026, 10, 5), grade="好"),
    ]
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 12, 2), "2026-11", items=rows, params_rows=params_with())
    # Due in November (the new deadline), not done: D = 1, C = T = 0, the grade of an undone item is not
    # counted: base = (40·0 + 30·0) / 70 = 0.
    z = monthly(a, "2026-11")
    assert (z.due, z.done, z.on_time, z.overdue, z.quality, z.score) == (1, 0, 0, 1, None, 0.0)
    assert "退回重办" not in " ".join(messages(a, "错误"))   # a registered word
    assert "办理状态为“退回重办”却填写了完成日期" in messages(a, "警告")
    assert (a.stats.items.total, a.stats.items.done) == (1, 0)


def test_sent_back_without_a_new_deadline_is_overdue_and_warned(tmp_path):
    rows = [item("1", UNIT, D(2026, 10, 15), status="退回重办", completed=D(2026, 10, 10), assigned=D(2026, 10, 5))]
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10", items=rows, params_rows=params_with())
    z = monthly(a, "2026-10")
    assert (z.due, z.done, z.overdue, z.score) == (1, 0, 1, 0.0)
    assert "办理状态为“退回重办”，但未填写调整后时限" in messages(a, "警告")


# ---- 回头看 ------------------------------------------------------------------

REVISIT_HEADERS = schema.REVIEWS.headers + ["回头看日期", "回头看结论"]


def problem(id, status, resolved, revisit=None, finding=None, category="问题楼盘"):
    return [id, D(2026, 3, 2), category, f"问题{id}", "城关街道办事处", f"原因{id}", f"根源{id}", f"路径{id}",
            D(2026, 9, 30), status, resolved, None, revisit, finding]


PROBLEMS = [
    problem("P1", "已化解", D(2026, 9, 30), D(2026, 11, 10), "反弹"),     # reopened by the 回头看
    problem("P2", "已化解", D(2026, 9, 15), D(2026, 11, 12), "已巩固"),   # held
    problem("P3", "化解中", None),                                        # open all along
    problem("P4", "已化解", D(2026, 11, 5), D(2026, 10, 20), "问题复发"),  # resolved anew after the 回头看
]


def revisit_ledger(tmp_path, problems=PROBLEMS):
    return make_ledger(tmp_path / "r.xlsx", params_rows=params_with(),
                       extra_sheets={schema.REVIEWS.title: [REVISIT_HEADERS] + problems})


def test_revisit_reopening_changes_the_resolution_rate_on_stats(tmp_path):
    path = revisit_ledger(tmp_path)
    assert main(["recompute", str(path), "--month", "2026-11", "--today", "2026-12-02"]) == 0
    stats = read_raw(path).sheets["统计"]
    overview = {row[0]: row[1] for row in stats[3:14] if row and row[0]}
    # As at 11-30: resolved P2 and P4 (P1 反弹 on 11-10 after its 化解日期 9-30) = 2 of 4 = 50.0%
    # (75.0% without the 回头看); 回头看 on P1, P2, P4 = 3, of which 反弹 1.
    assert (overview["研判问题"], overview["已化解"], overview["化解率"]) == (4, 2, 50.0)
    assert (overview["回头看"], overview["回头看反弹"]) == (3, 1)
    review_table = {row[0]: row[1:4] for row in stats if row and row[0] == "问题楼盘"}
    assert review_table["问题楼盘"] == [4, 2, 50.0]


def test_revisit_before_the_month_end_only(tmp_path):
    from duban.run import analyse

    # As at 10-31 the 11-10 反弹 had not happened: P1 and P2 resolved, P4 reopened (问题复发 10-20 and its
    # new 化解日期 11-05 still ahead): 2 of 4.
    a = analyse(read_raw(revisit_ledger(tmp_path)), D(2026, 12, 2), "2026-10")
    assert (a.stats.reviews.total, a.stats.reviews.done, a.stats.revisits, a.stats.reopened) == (4, 2, 1, 1)


def test_reopened_problem_is_on_the_agenda_with_its_revisit(tmp_path):
    from duban.rhythm.agenda import agenda_sheets, plan_agenda

    plan = plan_agenda(read_raw(revisit_ledger(tmp_path)), D(2026, 12, 2))
    open_ids = {c.name: [p.review.id for p in c.problems] for c in plan.categories}
    assert open_ids == {"问题楼盘": ["P1", "P3"]}
    assert plan.summary_rows() == [("问题楼盘", "4", "2", "50.0%", "2", "2")]
    p1 = plan.categories[0].problems[0]
    assert p1.status == "已化解（11月10日回头看：反弹）"
    assert agenda_sheets(plan)[0].rows[0][-1] == "已化解（11月10日回头看：反弹）"


def test_unknown_revisit_finding_is_an_error_naming_the_block(tmp_path):
    from duban.run import analyse

    problems = [problem("P1", "已化解", D(2026, 9, 30), D(2026, 11, 10), "有所反复")]
    a = analyse(read_raw(revisit_ledger(tmp_path, problems)), D(2026, 12, 2), "2026-11")
    errors = [f for f in a.findings if f.level == "错误" and f.name == "revisit_finding"]
    assert len(errors) == 1 and errors[0].cell == "N2" and "【回头看结论】" in errors[0].suggestion
    assert a.stats.reviews.done == 1   # an unknown finding reopens nothing


def test_revisit_columns_without_any_revisit_show_zero(tmp_path):
    problems = [problem("P1", "已化解", D(2026, 9, 30))]
    path = revisit_ledger(tmp_path, problems)
    assert main(["recompute", str(path), "--month", "2026-11", "--today", "2026-12-02"]) == 0
    overview = {row[0]: row[1] for row in read_raw(path).sheets["统计"][3:14] if row and row[0]}
    assert (overview["化解率"], overview["回头看"], overview["回头看反弹"]) == (100.0, 0, 0)
    assert "待销号" not in overview


def test_closure_left_of_completion_is_still_the_closure(tmp_path):
    """Column order does not matter: 销号日期 before 完成日期 is the 销号, 完成日期 the completion."""
    row = done("1", UNIT, D(2026, 10, 20), D(2026, 10, 19), assigned=D(2026, 10, 5))
    headers = list(schema.ITEMS.headers)
    k = headers.index("完成日期")
    sheet = {schema.ITEMS.title: [headers[:k] + ["销号日期"] + headers[k:], row[:k] + [D(2026, 11, 2)] + row[k:]]}
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 12, 2), "2026-10", extra_sheets=sheet,
                       params_rows=params_with(办结以销号为准="是"))
    assert (a.ledger.items[0].completed, a.ledger.items[0].closed) == (D(2026, 10, 19), D(2026, 11, 2))
    # 销号 only on 11-02: not done in October (D = 1, C = T = 0 → 0 points).
    assert (monthly(a, "2026-10").done, monthly(a, "2026-10").score) == (0, 0.0)
    assert not [f for f in a.findings if f.level == "错误"]


def test_unreadable_closure_setting_is_an_error_and_reads_no(tmp_path):
    a = analyse_path(closure_ledger(tmp_path, "要"), D(2026, 12, 2), "2026-10")
    errors = [f for f in a.findings if f.level == "错误" and f.sheet == "参数"]
    assert len(errors) == 1 and "办结以销号为准" in errors[0].message and errors[0].cell.startswith("B")
    assert monthly(a, "2026-10").score == 87.75   # as with 否


def test_answer_files_do_not_offer_sent_back(tmp_path):
    import openpyxl

    rows = params_with()
    if ["退回重办", "否"] not in rows:   # registered by the office (the template ships it)
        k = rows.index(["已完成", "是"])
        rows.insert(k + 1, ["退回重办", "否"])
    path = make_ledger(tmp_path / "c.xlsx", items=[item("A1", UNIT, D(2026, 12, 20), assigned=D(2026, 11, 2))],
                       params_rows=rows)
    assert main(["split", str(path), "--today", "2026-11-27", "-o", str(tmp_path / "答卷")]) == 0
    ws = openpyxl.load_workbook(next((tmp_path / "答卷").glob("答卷_*.xlsx"))).worksheets[0]
    lists = [v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"]
    # 退回重办 and 已延期 are the office's words; a unit may ask for an extension (申请延期)
    assert lists == ['"未启动,推进中,已完成,申请延期"']


# ---- invariants of the monthly counts under 销号 ----------------------------------

def test_same_day_closure_changes_nothing_and_closure_keeps_items_due():
    import datetime as dt

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duban.rules.scoring import ScoreItem, month_counts

    days = st.dates(D(2026, 8, 1), D(2026, 12, 31))
    entries = st.tuples(st.sampled_from(["甲", "乙"]), days, st.booleans(), st.one_of(st.none(), days),
                        st.one_of(st.none(), st.integers(0, 40)))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(entries, max_size=30), st.sampled_from(["2026-09", "2026-10", "2026-11"]))
    def check(rows, month):
        start = D(int(month[:4]), int(month[5:]), 1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        plain = [ScoreItem(u, dl, done, comp, None) for u, dl, done, comp, _lag in rows]
        # 办结以销号为准: done only with a 销号日期 (lag days after completion), done from that day on
        closed = [ScoreItem(u, dl, done and lag is not None, comp, None,
                            closed=comp + dt.timedelta(days=lag) if comp and lag is not None else None)
                  for u, dl, done, comp, lag in rows]
        same_day = [i._replace(closed=i.completed) for i in plain]
        before, after = month_counts(plain, start, end), month_counts(closed, start, end)
        assert month_counts(same_day, start, end) == before
        for c in after.values():
            assert c.on_time <= c.done and c.done <= c.due
        for unit, c in before.items():
            # an item due without 销号 stays due until it is 销号 (carried over): never fewer due items
            got = after.get(unit)
            assert got is not None and got.due >= c.due

    check()


def test_extra_overview_lines_never_overlap_the_next_section(tmp_path):
    """统计 with 待销号 and 回头看 lines: in the ledger (rows kept visible) and compact (the export)."""
    from duban.render.sheets import stats_grid
    from duban.run import analyse

    rows = [done("1", UNIT, D(2026, 10, 20), D(2026, 10, 19), assigned=D(2026, 10, 5))]
    make_ledger(tmp_path / "x.xlsx", params_rows=params_with(),
                extra_sheets={**items_sheet(rows, [None]), schema.REVIEWS.title: [REVISIT_HEADERS] + PROBLEMS})
    a = analyse(read_raw(tmp_path / "x.xlsx"), D(2026, 12, 2), "2026-11")
    for compact in (False, True):
        grid = stats_grid(a.ledger, a.stats, a.today, compact=compact)
        cells = [[getattr(c, "value", c) for c in r[:2]] + [None] * 2 for r in grid.rows]
        labels = [r[0] for r in cells]
        k = labels.index("化解率")
        # 待销号 as at 11-30: item 1 (已完成, no 销号日期) = 1; 回头看 by 11-30: P1, P2, P4 = 3, reopened P1 = 1.
        # Then a gap row before the next section; none of the lines hidden (one 交办领导 beside them).
        assert [r[:2] for r in cells[k + 1:k + 4]] == [["待销号", 1], ["回头看", 3], ["回头看反弹", 1]]
        assert labels[k + 4] in (None, "")
        assert not {k + 1, k + 2, k + 3} & set(getattr(grid, "hidden", None) or ())

"""Extension requests (issue 20 item 1): statuses 申请延期/已延期, 申请延期日期, 延期次数,
参数 逾期申请延期按原时限计分, remind and the 通报."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_col_to_name

from duban import schema
from duban.read import params
from duban.render.sheets import monthly_grid

from ledgers import D, analyse_ledger, done, item, make_ledger, params_with, read_raw

LATE_KEY = params.LATE_EXTENSION_KEY


def cell(field: str, row: int) -> str:
    """The 周交办 cell of a field on the item in data row `row` (1 = the first item, sheet row 2)."""
    return f"{xl_col_to_name([c.name for c in schema.ITEMS.columns].index(field))}{row + 1}"


def monthly(a, unit, month="2026-10"):
    return next(r for r in a.evaluation.results[month].rows if r.unit == unit)


def on(a, field: str):
    return [f for f in a.findings if f.sheet == schema.ITEMS.title and f.name == field]


# ---- vocabulary ---------------------------------------------------------------

def test_statuses_are_registered_and_not_done(tmp_path):
    assert [r for r in params.DEFAULT_BLOCKS[params.STATUS][1] if r[0] in ("申请延期", "已延期")] == [
        ["申请延期", "否"], ["已延期", "否"]]
    items = [
        # 区发改局: asked on 10-12 for its 10-15 deadline, not yet decided: still due in October, open.
        item("1", "区发改局", D(2026, 10, 15), assigned=D(2026, 10, 5), status="申请延期",
             extension_requested=D(2026, 10, 12)),
        # 区财政局: extension granted to 11-13: not due in October.
        item("2", "区财政局", D(2026, 10, 15), assigned=D(2026, 10, 5), status="已延期", adjusted=D(2026, 11, 13),
             extension_requested=D(2026, 10, 12), extensions=1),
    ]
    a = analyse_ledger(tmp_path / "v.xlsx", D(2026, 11, 10), "2026-10", items=items, params_rows=params_with())
    assert not [f for f in a.findings if f.is_error], [f.message for f in a.findings if f.is_error]
    assert not on(a, "status")
    fg = monthly(a, "区发改局")
    assert (fg.due, fg.done, fg.overdue, fg.score) == (1, 0, 1, 0.0)   # 申请延期 is not 办结
    assert monthly(a, "区财政局").due == 0


def test_template_setting_defaults_to_adjusted_deadline():
    s = params.default_settings()
    assert s.late_extension_original is False
    assert {"申请延期", "已延期"} <= set(s.status_done) and not ({"申请延期", "已延期"} & s.done_status)


def test_bad_setting_is_an_error_on_its_cell(tmp_path):
    a = analyse_ledger(tmp_path / "p.xlsx", D(2026, 11, 10), "2026-10",
                       items=[item("1", "区发改局", D(2026, 10, 15))], params_rows=params_with(**{LATE_KEY: "看情况"}))
    bad = [f for f in a.findings if f.field == LATE_KEY]
    assert [f.level for f in bad] == ["错误"] and "看情况" in bad[0].message
    assert a.ledger.settings.late_extension_original is False


# ---- a request after the deadline --------------------------------------------

def late_items():
    return [
        # 1 区发改局: 完成时限 10-15, asked on 10-16 (the day after: late), extended to 10-31,
        #   done 10-25, graded 好 (100).
        done("1", "区发改局", D(2026, 10, 15), D(2026, 10, 25), "好", assigned=D(2026, 10, 5),
             adjusted=D(2026, 10, 31), extension_requested=D(2026, 10, 16), extensions=1),
        # 2 区财政局: the same, but asked on 10-15, the deadline day itself: in time.
        done("2", "区财政局", D(2026, 10, 15), D(2026, 10, 25), "好", assigned=D(2026, 10, 5),
             adjusted=D(2026, 10, 31), extension_requested=D(2026, 10, 15), extensions=1),
    ]


def test_request_after_the_deadline_is_a_warning_the_deadline_day_is_not(tmp_path):
    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 10), "2026-10", items=late_items(),
                       params_rows=params_with())
    late = on(a, "extension_requested")
    assert [(f.level, f.cell) for f in late] == [("警告", cell("extension_requested", 1))]
    assert "2026-10-16" in late[0].message and "2026-10-15" in late[0].message
    assert LATE_KEY in late[0].suggestion and "调整后时限 2026-10-31" in late[0].suggestion


def test_setting_off_scores_against_the_approved_deadline(tmp_path):
    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 10), "2026-10", items=late_items(),
                       params_rows=params_with(**{LATE_KEY: "否"}))
    # Deadline 10-31, done 10-25: D = C = T = 1 → 100, 100, 好 100 → 100.
    for unit in ("区发改局", "区财政局"):
        r = monthly(a, unit)
        assert (r.due, r.done, r.on_time, r.score) == (1, 1, 1, 100.0)


def test_setting_on_scores_a_late_request_against_the_original_deadline(tmp_path):
    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 10), "2026-10", items=late_items(),
                       params_rows=params_with(**{LATE_KEY: "是"}))
    # 区发改局 asked late: deadline 10-15, done 10-25 → D = C = 1, T = 0:
    # 办结率 100, 按时率 0, 点评质量 100 → (40·100 + 30·0 + 30·100) / 100 = 70.
    fg = monthly(a, "区发改局")
    assert (fg.due, fg.done, fg.on_time, fg.done_rate, fg.on_time_rate, fg.score) == (1, 1, 0, 100.0, 0.0, 70.0)
    # 区财政局 asked on the deadline day: its extension stands → 100.
    assert monthly(a, "区财政局").score == 100.0
    late = on(a, "extension_requested")
    assert len(late) == 1 and "按原完成时限 2026-10-15 计分" in late[0].suggestion


def test_extended_without_a_new_deadline_is_a_warning(tmp_path):
    a = analyse_ledger(tmp_path / "x.xlsx", D(2026, 11, 10), "2026-10",
                       items=[item("1", "区发改局", D(2026, 10, 15), assigned=D(2026, 10, 5), status="已延期")],
                       params_rows=params_with())
    found = on(a, "adjusted_deadline")
    assert [(f.level, f.cell) for f in found] == [("警告", cell("adjusted_deadline", 1))]
    assert monthly(a, "区发改局").due == 1   # until the date is typed, 完成时限 counts


def test_negative_count_is_an_error_that_keeps_the_item(tmp_path):
    a = analyse_ledger(tmp_path / "n.xlsx", D(2026, 11, 10), "2026-10",
                       items=[item("1", "区发改局", D(2026, 10, 15), assigned=D(2026, 10, 5), extensions=-1)],
                       params_rows=params_with())
    assert [(f.level, f.cell) for f in on(a, "extensions")] == [("错误", cell("extensions", 1))]
    assert monthly(a, "区发改局").due == 1


# ---- 延期次数 on 月考评 -----------------------------------------------------------

def count_items():
    return [
        # 区住建局
        # e1: 10-10 → 10-20, 延期次数 2, done 10-18: due in October → 2.
        done("e1", "区住建局", D(2026, 10, 10), D(2026, 10, 18), assigned=D(2026, 10, 5),
             adjusted=D(2026, 10, 20), extensions=2),
        # e2: 10-05 → 10-25, 延期次数 blank but the deadline moved → 1; still open: due in October and
        #     again (carried overdue) in November.
        item("e2", "区住建局", D(2026, 10, 5), assigned=D(2026, 9, 28), adjusted=D(2026, 10, 25)),
        # e3: 11-10 → 11-20, 延期次数 1: due in November only.
        item("e3", "区住建局", D(2026, 11, 10), assigned=D(2026, 10, 5), adjusted=D(2026, 11, 20), extensions=1),
        # 区城管局: an item due in October without extension → 0.
        item("c1", "区城管局", D(2026, 10, 20), assigned=D(2026, 10, 5)),
    ]


def test_extension_counts_per_unit_and_month(tmp_path):
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 12, 5), "2026-11", items=count_items(),
                       params_rows=params_with())
    ext = a.evaluation.extensions
    # October: e1 (2) + e2 (1) = 3; November: e2 carried overdue (1) + e3 (1) = 2.
    assert ext[("2026-10", "区住建局")] == 3
    assert ext[("2026-11", "区住建局")] == 2
    assert ("2026-10", "区城管局") not in ext
    grid = monthly_grid(a.evaluation)
    head = [getattr(c, "value", c) for c in grid.rows[0]]
    assert head[-1] == "延期次数" and len(head) == len(schema.MONTHLY.columns) + 1
    by = {(r[0], r[1]): r[-1] for r in grid.rows[1:]}
    assert (by[("2026-10", "区住建局")], by[("2026-11", "区住建局")], by[("2026-10", "区城管局")]) == (3, 2, 0)


def test_no_column_without_extension_records(tmp_path):
    # 调整后时限 alone (as the shipped sample keeps it) does not add the column: 月考评 stays as it was.
    items = [item("1", "区住建局", D(2026, 10, 5), assigned=D(2026, 9, 28), adjusted=D(2026, 10, 25))]
    a = analyse_ledger(tmp_path / "c.xlsx", D(2026, 11, 10), "2026-10", items=items, params_rows=params_with())
    assert a.evaluation.extensions is None
    head = [getattr(c, "value", c) for c in monthly_grid(a.evaluation).rows[0]]
    assert head == schema.MONTHLY.headers


# ---- remind ---------------------------------------------------------------------

def test_remind_does_not_chase_a_pending_request(tmp_path):
    from duban.rhythm.remind import office_list, plan_remind

    today = D(2026, 11, 27)
    items = [
        # Both overdue since 11-20; 区住建局 asked for an extension on 11-19, the office has not decided.
        item("P-1", "区住建局", D(2026, 11, 20), assigned=D(2026, 11, 2), status="申请延期",
             extension_requested=D(2026, 11, 19), feedback=D(2026, 11, 26)),
        item("O-1", "区城管局", D(2026, 11, 20), assigned=D(2026, 11, 2), feedback=D(2026, 11, 26)),
    ]
    path = make_ledger(tmp_path / "r.xlsx", items=items, params_rows=params_with())
    plan = plan_remind(read_raw(path), today)
    assert list(plan.messages) == ["区城管局"]
    assert [it.id for it in plan.chases.pending] == ["P-1"]
    text = office_list(plan)
    assert "另有1件事项已申请延期、待督查室审批，本次未催办（P-1）" in text
    assert "逾期1件" in plan.headline()


# ---- the 通报 ------------------------------------------------------------------

def test_bulletin_lists_extensions_granted_in_the_month(tmp_path):
    items = [
        # Granted on requests of October: 区住建局 two (one asked after its deadline), 区城管局 one.
        item("A", "区住建局", D(2026, 10, 15), assigned=D(2026, 10, 5), status="已延期", adjusted=D(2026, 11, 30),
             extension_requested=D(2026, 10, 9)),
        item("B", "区住建局", D(2026, 10, 15), assigned=D(2026, 10, 5), status="已延期", adjusted=D(2026, 11, 30),
             extension_requested=D(2026, 10, 20)),
        item("C", "区城管局", D(2026, 10, 23), assigned=D(2026, 10, 5), status="已延期", adjusted=D(2026, 11, 30),
             extension_requested=D(2026, 10, 21)),
        # Not listed: still pending, and a request of November.
        item("D", "区城管局", D(2026, 10, 23), assigned=D(2026, 10, 5), status="申请延期",
             extension_requested=D(2026, 10, 22)),
        item("E", "区财政局", D(2026, 11, 20), assigned=D(2026, 10, 5), status="已延期", adjusted=D(2026, 12, 20),
             extension_requested=D(2026, 11, 2)),
    ]
    a = analyse_ledger(tmp_path / "b.xlsx", D(2026, 11, 10), "2026-10", items=items, params_rows=params_with())
    paragraph = [p for p in a.notice.paragraphs() if "同意延期" in p]
    assert paragraph == ["2026年10月经审核同意延期事项3件：区住建局2件（A、B），区城管局1件（C）；"
                         "其中1件在完成时限后才申请延期。"]


def test_bulletin_without_extensions_has_no_such_paragraph(tmp_path):
    a = analyse_ledger(tmp_path / "b.xlsx", D(2026, 11, 10), "2026-10",
                       items=[item("1", "区住建局", D(2026, 10, 15), assigned=D(2026, 10, 5), adjusted=D(2026, 11, 30))],
                       params_rows=params_with())
    assert not [p for p in a.notice.paragraphs() if "延期" in p]


# ---- answer files ------------------------------------------------------------------

def test_a_unit_asks_with_its_answer_but_cannot_grant_itself(tmp_path, capsys):
    """The answer's dropdown offers 申请延期, not 已延期; collect applies a unit's 申请延期 and refuses its 已延期."""
    import openpyxl

    from duban.answers import layout
    from duban.answers.checks import REJECTED
    from duban.answers.collect import plan_collect
    from duban.commands.main import main
    from duban.read.book import read_book

    items = [item("Z1", "区住建局", D(2026, 3, 20), period=1), item("Z2", "区住建局", D(2026, 3, 20), period=1)]
    ledger = make_ledger(tmp_path / "台账.xlsx", items=items, params_rows=params_with())
    assert main(["split", str(ledger), "--today", "2026-03-02", "-o", str(tmp_path / "下发")]) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(tmp_path / "下发" / "答卷_区住建局.xlsx")
    ws = wb[layout.ANSWER_TITLE]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    status_col = [c.name for c in layout.ANSWER.columns].index("status") + 1
    rule = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert rule.formula1 == '"未启动,推进中,已完成,申请延期"'
    ws.cell(rows["Z1"], status_col).value = "申请延期"
    ws.cell(rows["Z2"], status_col).value = "已延期"
    back = tmp_path / "答卷"
    back.mkdir()
    wb.save(back / "答卷_区住建局.xlsx")
    plan = plan_collect(read_book(ledger), [back], D(2026, 3, 2))
    refused = [n for n in plan.notices if n.level == REJECTED]
    assert [n.item_id for n in refused] == ["Z2"] and "督查室批准延期后填写" in refused[0].message
    assert {(c.item_id, c.name, c.new) for c in plan.changes} == {("Z1", "status", "申请延期")}


# ---- invariant: the switch only touches late requests ----------------------------------

def _random_items(draw_days):
    """Items of 区住建局/区城管局 in October and November from (deadline day, delay, asked offset, done) tuples."""
    out = []
    for k, (day, delay, asked, finished) in enumerate(draw_days):
        deadline = D(2026, 10, 1) + dt.timedelta(days=day)
        adjusted = deadline + dt.timedelta(days=delay) if delay else None
        extra = {"extension_requested": deadline + dt.timedelta(days=asked)} if asked is not None else {}
        unit = ("区住建局", "区城管局")[k % 2]
        if finished is not None:
            out.append(done(f"H{k}", unit, deadline, deadline + dt.timedelta(days=finished - 5), "好",
                            assigned=D(2026, 9, 28), adjusted=adjusted, **extra))
        else:
            out.append(item(f"H{k}", unit, deadline, assigned=D(2026, 9, 28), adjusted=adjusted,
                            status=params.EXTENDED if adjusted else "推进中", **extra))
    return out


_ITEM = st.tuples(st.integers(0, 40), st.sampled_from([0, 0, 5, 20]), st.one_of(st.none(), st.integers(-5, 5)),
                  st.one_of(st.none(), st.integers(0, 15)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ITEM, min_size=1, max_size=6))
@example(spec=[(0, 0, None, 0)])  # done before it was assigned: an error leaves the only item out
def test_switch_changes_only_late_requested_items(tmp_path, spec):
    """逾期申请延期按原时限计分 = 是 gives the same months and scores as 否 on the ledger where every late
    request's 调整后时限 is erased (the original deadline then counts: what the switch means)."""
    from duban.rules.extensions import requested_late

    today = D(2026, 12, 5)
    items = _random_items(spec)
    on = analyse_ledger(tmp_path / "on.xlsx", today, "2026-11", items=items,
                        params_rows=params_with(**{LATE_KEY: "是"}))
    adjusted = [c.name for c in schema.ITEMS.columns].index("adjusted_deadline")
    erased = [list(r) for r in items]
    for r, it in zip(erased, on.ledger.items):
        if requested_late(it):
            r[adjusted] = None
    off = analyse_ledger(tmp_path / "off.xlsx", today, "2026-11", items=erased,
                         params_rows=params_with(**{LATE_KEY: "否"}))
    # the months start at the first scored item's: an item whose error leaves it out can leave only November
    assert list(on.evaluation.results) == list(off.evaluation.results)
    for m in on.evaluation.results:
        score = lambda a, m=m: [(r.unit, r.due, r.done, r.on_time, r.score) for r in a.evaluation.results[m].rows]  # noqa: E731
        assert score(on) == score(off)

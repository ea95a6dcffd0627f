"""Weekly-answer discipline (issue 20 item 3, 一周一答卷): 漏报/迟报 weeks per unit and month from
反馈日期 and 变更记录, shown on 月考评 and 月讲评, with a deduction per week (参数, default 0)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from duban import schema
from duban.read import answer_record as R
from duban.read import params
from duban.render.sheets import month_review_grid, monthly_grid

from ledgers import D, analyse_ledger, done, item, params_with

# 例会 on Mondays. November 2026's meeting days: 11-02, 11-09, 11-16, 11-23, 11-30 (that week ends on
# Sunday 12-06 and counts for November). 答卷截止 星期五: 11-06, 11-13, 11-20, 11-27, 12-04.
ITEMS = [
    # 区发改局, open all month: answered Fri 11-06 (on time, the deadline day itself), Sat 11-14 (late: the
    # day after), nothing in the week of 11-16 (漏报), Fri 11-27 (on time), Sat 12-05 (late).
    item("1", "区发改局", D(2026, 12, 31), assigned=D(2026, 10, 5), feedback=D(2026, 12, 5)),
    # 区发改局 again: done Sat 11-14 (answered that day, late in the week of 11-09 as item 1 is), on time, 好.
    done("5", "区发改局", D(2026, 11, 20), D(2026, 11, 14), "好", assigned=D(2026, 11, 2), feedback=D(2026, 11, 14)),
    # 区住建局: assigned at the meeting of 11-16, done Wed 11-18 and answered that day. Weeks of 11-02 and
    # 11-09: nothing open, nothing owed; week of 11-16: on time; from 11-23 on: done before, nothing owed.
    done("2", "区住建局", D(2026, 11, 30), D(2026, 11, 18), "好", assigned=D(2026, 11, 16), feedback=D(2026, 11, 18)),
    # 区城管局: completed mid-month (Thu 11-12). Week of 11-02: answered Sat 11-07 only (迟报); week of
    # 11-09: answered 11-12 (on time); afterwards done, nothing owed.
    done("3", "区城管局", D(2026, 11, 15), D(2026, 11, 12), "较好", assigned=D(2026, 10, 12), feedback=D(2026, 11, 12)),
    # 区财政局: overdue since 11-10 and never answered: 5 weeks 漏报.
    item("6", "区财政局", D(2026, 11, 10), assigned=D(2026, 10, 5), progress=None),
]
CHANGES = [schema.CHANGE_LOG.headers,
           ["1", "反馈日期", D(2026, 10, 30), D(2026, 11, 6), "区发改局答卷.xlsx 第 2 行", "2026-11-07 09:00:00"],
           ["1", "反馈日期", D(2026, 11, 6), D(2026, 11, 14), "区发改局答卷.xlsx 第 2 行", "2026-11-15 09:00:00"],
           ["1", "本周进展", "已开工", "主体完工", "区发改局答卷.xlsx 第 2 行", "2026-11-15 09:00:00"],
           ["1", "反馈日期", D(2026, 11, 14), D(2026, 11, 27), "区发改局答卷.xlsx 第 2 行", "2026-11-28 09:00:00"],
           ["1", "反馈日期", D(2026, 11, 27), D(2026, 12, 5), "区发改局答卷.xlsx 第 2 行", "2026-12-06 09:00:00"],
           ["3", "反馈日期", None, D(2026, 11, 7), "区城管局答卷.xlsx 第 2 行", "2026-11-08 09:00:00"],
           ["3", "反馈日期", D(2026, 11, 7), D(2026, 11, 12), "区城管局答卷.xlsx 第 2 行", "2026-11-13 09:00:00"]]
ADJUSTMENTS = [["2026-11", "区财政局", -3, "信息报送不及时", "督查通报", "张三"]]


def run(tmp_path, today=D(2026, 12, 10), changes=CHANGES, **basic):
    extra = {schema.CHANGE_LOG.title: changes} if changes else None
    return analyse_ledger(tmp_path / "d.xlsx", today, "2026-11", items=ITEMS, adjustments=ADJUSTMENTS,
                          extra_sheets=extra, params_rows=params_with(**basic))


def row(a, unit, month="2026-11"):
    return next(r for r in a.evaluation.results[month].rows if r.unit == unit)


def weeks(a, month="2026-11"):
    return {r.unit: (r.missed_weeks, r.late_weeks) for r in a.evaluation.results[month].rows
            if r.group == "区直单位"}


def test_weeks_missed_and_late_by_hand(tmp_path):
    a = run(tmp_path, 答卷纪律考核="是")
    assert weeks(a) == {"区发改局": (1, 2), "区财政局": (5, 0), "区住建局": (0, 0), "区城管局": (0, 1),
                        "区教体局": (0, 0), "区民政局": (0, 0)}
    # October lies before the first answer collect recorded (11-06): not judged, cells left empty.
    assert set(weeks(a, "2026-10").values()) == {(None, None)}
    notes = [f for f in a.findings if f.level == "提示" and f.sheet == "变更记录"]
    assert len(notes) == 1
    assert notes[0].message.startswith("答卷纪律从 2026-11-02 开始的一周起统计（“变更记录”中最早汇总的答卷为 2026-11-06）")
    # Deductions default to 0: the scores are those of the switch off.
    assert [row(a, u).score for u in ("区发改局", "区住建局", "区城管局", "区财政局")] == [100.0, 100.0, 95.5, -3.0]


def test_week_counts_only_once_it_has_ended(tmp_path):
    # On Sunday 12-06 the week of 11-30 has not ended: 区发改局's late answer of 12-05 and 区财政局's fifth
    # week are not counted yet.
    a = run(tmp_path, today=D(2026, 12, 6), 答卷纪律考核="是")
    assert weeks(a)["区发改局"] == (1, 1) and weeks(a)["区财政局"] == (4, 0)


def test_deadline_weekday_is_a_setting(tmp_path):
    # 答卷截止 星期六: 11-14 and 11-07 become on time; 12-05 (Saturday) too.
    a = run(tmp_path, 答卷纪律考核="是", 答卷截止="星期六")
    assert weeks(a)["区发改局"] == (1, 0) and weeks(a)["区城管局"] == (0, 0)


def test_deductions_change_scores_by_hand(tmp_path):
    a = run(tmp_path, 答卷纪律考核="是", 漏报扣分=2, 迟报扣分=0.5)
    # 区发改局: base 100 (item 5 done on time, 好); 1·2 + 2·0.5 = 3 → 加减分 −3, 97.
    assert (row(a, "区发改局").adjustment, row(a, "区发改局").score) == (-3.0, 97.0)
    # 区城管局: base (40·100 + 30·100 + 30·85)/100 = 95.5; one late week → −0.5 → 95.
    assert row(a, "区城管局").score == 95.0
    # 区财政局: base 0 (overdue); −3 typed in 加减分 and 5·2 = 10 → −13, clipped to the cap −10.
    assert (row(a, "区财政局").adjustment, row(a, "区财政局").score) == (-10.0, -10.0)
    assert row(a, "区住建局").score == 100.0


def test_sheets_show_the_weeks(tmp_path):
    a = run(tmp_path, 答卷纪律考核="是")
    grid = monthly_grid(a.evaluation).rows
    assert [c.value for c in grid[0][-3:]] == ["说明", "漏报周数", "迟报周数"]
    fg = next(r for r in grid if r[0] == "2026-11" and r[1] == "区发改局")
    assert fg[-2:] == [1, 2]
    review = month_review_grid(a.ledger, a.evaluation, a.notice.paragraphs(), a.errors, a.today).rows
    text = "".join(c.value for r in review for c in r[:1] if isinstance(getattr(c, "value", None), str))
    # one note per group under its table, wrapped to the page like the other notes
    assert "答卷纪律（一周一答卷）：漏报：区发改局1周、区财政局5周；迟报：区发改局2周、区城管局1周。" in text
    assert "答卷纪律：本月没有漏报、迟报。" in text     # 办事处: nobody owed an answer
    assert all(len(r) <= 6 for r in review)        # within the 月讲评 columns A:F


def test_switch_off_changes_nothing(tmp_path):
    a = run(tmp_path)
    assert a.evaluation.discipline is None
    assert set(weeks(a).values()) == {(None, None)}
    grid = monthly_grid(a.evaluation).rows
    assert [c.value for c in grid[0]] == list(schema.MONTHLY.headers)
    assert not any("答卷纪律" in f.message for f in a.findings)
    assert [row(a, u).score for u in ("区发改局", "区住建局", "区城管局", "区财政局")] == [100.0, 100.0, 95.5, -3.0]


def test_without_history_nothing_is_judged(tmp_path):
    a = run(tmp_path, changes=None, 答卷纪律考核="是", 漏报扣分=2)
    assert set(weeks(a).values()) == {(None, None)}
    assert row(a, "区财政局").score == -3.0
    assert any(f.level == "提示" and "无法知道以往各周是否答卷" in f.message for f in a.findings)


@pytest.mark.parametrize("key,value", [("答卷纪律考核", "也许"), ("答卷截止", "周八"), ("漏报扣分", -1)])
def test_bad_settings_are_errors_on_the_cell(key, value):
    settings, findings = params.read_settings(params_with(**{key: value}))
    assert [f.level for f in findings if f.field == key] == ["错误"]
    assert (settings.answer_discipline, settings.answer_deadline_weekday, settings.missed_points) == (False, 4, 0)


def test_answer_record_supplies_earlier_dates(tmp_path):
    # The split of 11-09 sent 区财政局's item 6 with 反馈日期 11-11 (typed by the office, overwritten since):
    # `_答卷记录` keeps it, so the week of 11-09 was answered on time and 区财政局 missed 4 weeks, not 5.
    record = [R.HEADERS, [R.SENT, "B1", "6", "区财政局", "推进中", "", "", "2026-11-11", "", "", ""]]
    a = analyse_ledger(tmp_path / "r.xlsx", D(2026, 12, 10), "2026-11", items=ITEMS, adjustments=ADJUSTMENTS,
                       extra_sheets={schema.CHANGE_LOG.title: CHANGES, R.TITLE: record},
                       params_rows=params_with(答卷纪律考核="是"))
    assert weeks(a)["区财政局"] == (4, 0)

UNITS = ["区发改局", "区财政局", "区住建局"]
days = st.dates(D(2026, 10, 1), D(2026, 12, 8))


@st.composite
def ledgers(draw):
    items, changes = [], [schema.CHANGE_LOG.headers]
    for n in range(draw(st.integers(1, 5))):
        assigned = draw(days)
        deadline = draw(st.dates(assigned, D(2026, 12, 31)))
        answers = sorted(draw(st.lists(st.dates(assigned, D(2026, 12, 8)), max_size=4, unique=True)))
        finished = draw(st.one_of(st.none(), st.dates(assigned, D(2026, 12, 8))))
        kw = dict(assigned=assigned, feedback=answers[-1] if answers else None)
        unit = draw(st.sampled_from(UNITS))
        items.append(done(str(n + 1), unit, deadline, finished, "好", **kw) if finished
                     else item(str(n + 1), unit, deadline, **kw))
        changes += [[str(n + 1), "反馈日期", old, new, "答卷.xlsx", "2026-12-08 09:00:00"]
                    for old, new in zip([None] + answers, answers)]
    return items, changes, draw(st.integers(-12, 12))


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers())
def test_invariants(tmp_path, case):
    """Weeks counted ≤ the month's ended weeks; with no deduction the scores are those of the switch off; a
    deduction is 漏报·p + 迟报·q inside the one clipped 加减分."""
    items, changes, manual = case
    adj = [["2026-11", "区发改局", manual, "事由", "依据", "张三"]]

    def go(**basic):
        return analyse_ledger(tmp_path / "h.xlsx", D(2026, 12, 9), "2026-11", items=items, adjustments=adj,
                              extra_sheets={schema.CHANGE_LOG.title: changes}, params_rows=params_with(**basic))

    off, zero, paid = go(), go(答卷纪律考核="是"), go(答卷纪律考核="是", 漏报扣分=1.5, 迟报扣分=0.5)
    for m in off.evaluation.months:
        mondays = 5 if m in ("2026-11",) else 4   # 10-05…10-26; 11-02…11-30 (11-30's week ends 12-06)
        for r0, r1, r2 in zip(*(x.evaluation.results[m].rows for x in (off, zero, paid))):
            assert r0.score == r1.score
            if r1.missed_weeks is None:
                continue
            assert r1.missed_weeks + r1.late_weeks <= mondays
            expected = max(-10.0, min(10.0, (manual if (r2.unit, m) == ("区发改局", "2026-11") else 0)
                                      - 1.5 * r2.missed_weeks - 0.5 * r2.late_weeks))
            assert r2.adjustment == pytest.approx(expected)

"""Working days after the years chinese-calendar knows (issue 17): the statutory rule, the office's
own 参数【节假日安排】, the one notice per run, `duban holidays`.

2027 worked by hand from 《全国年节及纪念日放假办法》 (2024) and the lunar calendar:
元旦 Fri 01-01; 春节 除夕 Fri 02-05 (正月初一 is Sat 02-06) to 初三 Mon 02-08; 清明 Mon 04-05;
劳动节 Sat 05-01, Sun 05-02; 端午 (五月初五) Wed 06-09; 中秋 (八月十五) Wed 09-15;
国庆 Fri 10-01 to Sun 10-03. No 调休 is known until the State Council publishes it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban import schema
from duban.commands.main import main
from duban.read import params
from duban.workdays import LIBRARY, REGISTERED, STATUTORY, Calendar, Day, statutory_holidays

from ledgers import D, item, make_ledger, read_raw

HOLIDAYS_2027 = {
    D(2027, 1, 1): "元旦",
    D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",
    D(2027, 4, 5): "清明节", D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
    D(2027, 6, 9): "端午节", D(2027, 9, 15): "中秋节",
    D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
}
# An arrangement an office might register for 2027: Sat 02-20 a make-up working day (班), Tue 02-09
# an extra day off (休).
REGISTERED_2027 = [[D(2027, 2, 9), "休", "春节"], [D(2027, 2, 20), "班", "春节调休上班"]]


def params_with(rows: list[list]) -> list[list]:
    """The template's 参数 with rows under 【节假日安排】 (its last block)."""
    out = [list(r) for r in params.template_rows()]
    while out and not out[-1]:
        out.pop()
    assert out[-1] == ["日期", "类型", "名称"]
    return out + [list(r) for r in rows]


def calendar_of(rows: list[list]) -> tuple[Calendar, list]:
    s, findings = params.read_settings(params_with(rows))
    return s.calendar, findings


# ---- the statutory rule ---------------------------------------------------------

def test_statutory_holidays_2027_by_hand():
    assert statutory_holidays(2027) == HOLIDAYS_2027


def test_rule_agrees_with_the_published_2026_holidays_it_would_replace():
    """The rule's days off in 2026 are all days off in the State Council's 2026 arrangement."""
    import chinese_calendar

    for d in statutory_holidays(2026):
        assert chinese_calendar.is_holiday(d), d


@pytest.mark.parametrize("today, deadline, left", [
    (D(2026, 12, 30), D(2027, 1, 1), 1),     # Thu 12-31 only: 元旦 is off (the example)
    (D(2026, 12, 31), D(2027, 1, 4), 1),     # 01-01 off, weekend, Mon 01-04
    (D(2027, 2, 4), D(2027, 2, 9), 1),       # 除夕 02-05 to 初三 02-08 off, Tue 02-09
    (D(2027, 2, 9), D(2027, 2, 4), -1),      # overdue across the holiday: one working day late
    (D(2027, 6, 8), D(2027, 6, 10), 1),      # 端午 Wed 06-09
    (D(2027, 9, 30), D(2027, 10, 8), 5),     # 10-01..03 off (Fri-Sun), Mon 10-04 .. Fri 10-08
])
def test_workdays_left_in_2027(today, deadline, left):
    assert Calendar().workdays_left(deadline, today) == left


def test_add_workdays_skips_new_year_and_spring_festival():
    cal = Calendar()
    # The issue: remind on Wed 2026-12-30 asked for a reply "于2027年1月1日（星期五）前".
    assert cal.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert cal.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 9)


def test_registered_days_win_over_rule_and_library():
    cal, findings = calendar_of(REGISTERED_2027 + [[D(2026, 10, 9), "休", "本地假日"]])
    assert findings == []
    assert not cal.is_workday(D(2027, 2, 9))         # registered extra 休 (a Tuesday)
    assert cal.is_workday(D(2027, 2, 20))            # registered 调休 Saturday
    assert cal.add_workdays(D(2027, 2, 4), 1) == D(2027, 2, 10)
    # Fri 02-19 -> Sat 02-20 (班) is the next working day
    assert cal.add_workdays(D(2027, 2, 19), 1) == D(2027, 2, 20)
    assert not cal.is_workday(D(2026, 10, 9))        # over the library's 2026 (a Friday, normally worked)
    assert Calendar().is_workday(D(2026, 10, 9))
    days = {d.date: d for d in cal.days(2027)}
    assert days[D(2027, 2, 20)] == Day(D(2027, 2, 20), "班", "春节调休上班", REGISTERED)
    assert days[D(2027, 2, 5)].source == STATUTORY
    assert {d.source for d in cal.days(2026) if d.date != D(2026, 10, 9)} == {LIBRARY}


@settings(max_examples=60, deadline=None)
@given(st.dates(D(2026, 11, 1), D(2028, 2, 1)), st.integers(0, 40))
def test_add_workdays_and_workdays_left_agree(start, n):
    cal, _ = calendar_of(REGISTERED_2027)
    end = cal.add_workdays(start, n)
    assert cal.is_workday(end)
    if n >= 1:
        assert cal.workdays_left(end, start) == n
        assert cal.workdays_left(start, end) == -n     # overdue by the same working days


# ---- the notice -----------------------------------------------------------------

def test_notice_names_unregistered_years_only():
    cal = Calendar()
    cal.workdays_left(D(2026, 12, 1), D(2026, 11, 20))
    assert cal.notice() == ""                        # 2026: the library knows it
    cal.workdays_left(D(2027, 1, 8), D(2026, 12, 28))
    assert cal.notice().startswith("2027年的节假日调休安排尚未登记")
    assert "“参数”表【节假日安排】" in cal.notice()
    registered, _ = calendar_of(REGISTERED_2027)
    registered.workdays_left(D(2027, 3, 1), D(2027, 1, 1))
    assert registered.notice() == ""


# ---- 参数【节假日安排】 -------------------------------------------------------------

def test_bad_rows_are_errors_naming_their_cell():
    rows = params_with([[D(2027, 1, 2), "班", "元旦调休"],        # row r0
                        ["2027-13-40", "休", "错日期"],           # unreadable date -> A
                        [D(2027, 2, 10), "放假", "春节"],         # type not 休/班 -> B
                        ["2027年2月11日", "休", "春节"],           # a date typed as text is read
                        [D(2027, 1, 2), "休", "重复"]])           # the same day again, other type -> B
    r0 = len(rows) - 5 + 1   # 1-based row of the first data row
    s, findings = params.read_settings(rows)
    got = [(f.level, f.cell, f.field) for f in findings]
    assert got == [("错误", f"A{r0 + 1}", "日期"), ("错误", f"B{r0 + 2}", "类型"), ("错误", f"B{r0 + 4}", "类型")]
    assert "“2027-13-40”无法识别" in findings[0].message
    assert "“放假”无法识别" in findings[1].message and "“休”" in findings[1].suggestion
    assert sorted(s.calendar.registered) == [D(2027, 1, 2), D(2027, 2, 11)]
    assert s.calendar.registered[D(2027, 1, 2)].kind == "班"


def test_missing_block_is_no_warning():
    rows = [r for r in params.template_rows()]
    cut = rows.index(["【节假日安排】"])
    s, findings = params.read_settings(rows[:cut])
    assert findings == [] and s.calendar.registered == {}


# ---- the commands -----------------------------------------------------------------

UNIT = "城关街道办事处"


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def year_end_ledger(tmp_path):
    """Two open items on Wed 2026-12-30: due on 元旦 2027-01-01 and due Mon 2027-01-04."""
    from test_macros_remote import with_style_sheet

    items = [item("Y1", UNIT, D(2027, 1, 1), assigned=D(2026, 12, 28), feedback=D(2026, 12, 29)),
             item("Y2", UNIT, D(2027, 1, 4), assigned=D(2026, 12, 28), feedback=D(2026, 12, 29))]
    return with_style_sheet(make_ledger(tmp_path / "台账.xlsx", items=items))


def test_remind_at_year_end_counts_new_year_and_says_so_once(year_end_ledger, tmp_path, capsys):
    out = tmp_path / "催办"
    code, text = run(capsys, "remind", year_end_ledger, "--today", "2026-12-30", "-o", out)
    assert code == 0, text
    body = (out / f"催办_{UNIT}.txt").read_text("utf-8-sig")
    # Thu 12-31 (1), Fri 01-01 元旦, weekend, Mon 01-04 (2): not "2027年1月1日（星期五）".
    assert "于2027年1月4日（星期一）前将办理情况通过答卷或OA报送" in body
    assert "编号Y1：事项Y1（完成时限2027年1月1日，还剩1个工作日" in body
    assert "编号Y2：事项Y2（完成时限2027年1月4日，还剩2个工作日" in body
    assert "调休" not in body                                    # the units' texts carry no office note
    assert text.count("2027年的节假日调休安排尚未登记") == 1
    office = (out / "催办清单_2026-12-30.txt").read_text("utf-8-sig")
    assert office.count("2027年的节假日调休安排尚未登记") == 1
    sheet = read_raw(year_end_ledger).sheets[schema.REMINDERS.title]
    notes = [r for r in sheet if any(isinstance(v, str) and "调休安排尚未登记" in v for v in r)]
    assert len(notes) == 1 and notes[0][4] == "提示"


def test_remind_quiet_once_the_year_is_registered(tmp_path, capsys):
    from test_macros_remote import with_style_sheet

    rows = params_with([[D(2027, 1, 1), "休", "元旦"], [D(2027, 1, 2), "班", "元旦调休"]])
    for r in rows:
        if r and r[0] == "考评年度":
            r[1] = 2026
    path = with_style_sheet(make_ledger(
        tmp_path / "台账.xlsx", params_rows=rows,
        items=[item("Y1", UNIT, D(2027, 1, 4), assigned=D(2026, 12, 28), feedback=D(2026, 12, 29))]))
    out = tmp_path / "催办"
    code, text = run(capsys, "remind", path, "--today", "2026-12-30", "-o", out)
    assert code == 0, text
    assert "尚未登记" not in text
    body = (out / f"催办_{UNIT}.txt").read_text("utf-8-sig")
    # Thu 12-31 (1), 01-01 off, Sat 01-02 registered 班 (2): reply by Saturday; Y1 Mon 01-04 is 3 away.
    assert "于2027年1月2日（星期六）前" in body
    assert "还剩3个工作日" in body


def test_assign_notice_once(tmp_path, capsys):
    items = [item("A1", UNIT, D(2027, 3, 31), assigned=D(2027, 1, 4), period=1)]
    path = make_ledger(tmp_path / "台账.xlsx", items=items, year=2027)
    code, text = run(capsys, "assign", path, "--today", "2027-01-04", "-o", tmp_path / "交办单")
    assert code == 0, text
    assert text.count("2027年的节假日调休安排尚未登记") == 1


def test_holidays_command_2027(capsys):
    code, text = run(capsys, "holidays", "2027")
    assert code == 0, text
    lines = [ln for ln in text.splitlines() if "2027-" in ln]
    assert len(lines) == 13
    assert "2027-02-05" in lines[1] and "星期五" in lines[1] and "春节" in lines[1] and "法定规则" in lines[1]
    assert "共 13 天放假、0 天调休上班" in text
    assert text.count("2027年的节假日调休安排尚未登记") == 1


def test_holidays_command_with_ledger(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", params_rows=params_with(REGISTERED_2027 + [["某日", "休", ""]]))
    code, text = run(capsys, "holidays", "2027", "--file", path)
    assert code == 1, text                                   # the bad row is reported
    row = next(ln for ln in text.splitlines() if "2027-02-20" in ln)
    assert "星期六" in row and "班" in row and "参数" in row
    assert "共 14 天放假、1 天调休上班" in text
    assert "尚未登记" not in text
    assert "“某日”无法识别" in text and "参数!A" in text
    code, text = run(capsys, "holidays", "2026", "--today", "2026-12-06")
    assert code == 0 and "chinese-calendar" in text and "2026-10-01" in text


def test_holidays_command_bad_year(capsys):
    code, text = run(capsys, "holidays", "二〇二七")
    assert code == 2 and "年份“二〇二七”无法识别" in text and "Traceback" not in text


# ---- the workbook's own formulas (LibreOffice headless recalculation) --------------

# (today, deadline) -> working days left, by hand; the registered days are REGISTERED_2027 plus
# Fri 2026-10-09 as an extra 休 inside the library's 2026.
FORMULA_CASES = [
    ((D(2026, 12, 30), D(2027, 1, 1)), 1),    # 元旦 by the statutory rule (built-in list)
    ((D(2027, 2, 4), D(2027, 2, 10)), 1),     # 春节 02-05..08 built-in, 02-09 registered 休
    ((D(2027, 2, 19), D(2027, 2, 22)), 2),    # Sat 02-20 registered 班, Mon 02-22
    ((D(2026, 2, 12), D(2026, 2, 24)), 3),    # library 2026: Fri 13, Sat 14 班, Tue 24
    ((D(2026, 10, 8), D(2026, 10, 12)), 2),   # Fri 10-09 registered 休, Sat 10-10 library 班, Mon 10-12
    ((D(2027, 9, 30), D(2027, 10, 8)), 5),    # 国庆 Fri-Sun, then Mon-Fri
]
# 周交办 rows for the yellow rule on "today" 2027-02-04 (临期提醒工作日 3): deadline -> yellow?
YELLOW_ROWS = [(D(2027, 2, 10), True), (D(2027, 2, 12), True), (D(2027, 2, 15), False)]


def test_conditional_format_counts_holidays_like_python(tmp_path):
    """The yellow rule's working-day count, recalculated by LibreOffice, equals Calendar.workdays_left."""
    import json
    import subprocess

    from duban.template import lists
    from duban.template.builder import build_workbook

    import test_workbook_libreoffice as lo

    if lo.SOFFICE is None or not lo._uno_python():
        pytest.skip("LibreOffice with python3-uno is not installed")
    registered = REGISTERED_2027 + [[D(2026, 10, 9), "休", "本地假日"]]
    cal, _ = calendar_of(registered)
    path = tmp_path / "probe.xlsx"
    build_workbook(path, macros=False, rows={
        schema.PARAMS.title: params_with(registered),
        schema.UNITS.title: [[UNIT, "城关街道", "办事处"]],
        schema.ITEMS.title: [lo._item(d, None, "推进中") for d, _ in YELLOW_ROWS]})

    def lo_date(d: dt.date) -> str:
        return f"DATE({d.year},{d.month},{d.day})"

    counts = {("=" + lists.workdays_left_formula(lo_date(t), lo_date(d))).replace(",", ";"): (t, d, want)
              for (t, d), want in FORMULA_CASES}
    _overdue, soon = lists.due_rules(["已完成"], today=lo_date(D(2027, 2, 4)))
    yellow = {lo._lo_formula(soon, i + 2): want for i, (_d, want) in enumerate(YELLOW_ROWS)}
    args = [lo.UNO_PYTHON, str(lo.PROBE), str(path), "--timeout", "50"]
    for f in [*counts, *yellow]:
        args += ["--formula", f]
    done = subprocess.run(args, capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)["formulas"]
    for f, (t, d, want) in counts.items():
        assert cal.workdays_left(d, t) == want, (t, d)
        assert got[f] == str(want), (t, d, got[f])
    assert [got[f] for f in yellow] == [str(w).upper() for w in yellow.values()]


# ---- the worksheet functions ------------------------------------------------------

def test_udfs_read_the_holiday_range():
    """=DB_WORKDAYS_LEFT(deadline, today, 节假日安排): the range as xlwings passes it (rows of values,
    dates as datetimes, blank spare rows); without it, the built-in calendar."""
    import udfs

    table = [[dt.datetime(2027, 2, 9), "休", "春节"], [dt.datetime(2027, 2, 20), "班", None],
             [None, None, None], [None, None, None]]
    today = dt.datetime(2027, 2, 4)
    assert udfs.DB_WORKDAYS_LEFT(D(2027, 2, 10), today) == 2            # 02-05..08 off, Tue 09, Wed 10
    assert udfs.DB_WORKDAYS_LEFT(D(2027, 2, 10), today, table) == 1     # 02-09 registered 休
    assert udfs.DB_WORKDAYS_LEFT(D(2027, 2, 22), D(2027, 2, 19), table) == 2   # Sat 02-20 班
    assert udfs.DB_WORKDAYS_LEFT(D(2027, 2, 22), D(2027, 2, 19), table[1]) == 2  # one row: a flat list
    assert udfs.DB_WORKDAYS_LEFT(D(2027, 1, 1), D(2026, 12, 30)) == 1   # the 元旦
    bad = udfs.DB_WORKDAYS_LEFT(D(2027, 2, 10), today, [[dt.datetime(2027, 2, 9), "放", None]])
    assert bad.startswith("节假日安排有误") and "“放”" in bad
    # Fri 02-12 from Thu 02-04: 09, 10, 11, 12 = 4 working days; with 02-09 registered 休, 3.
    assert udfs.DB_ALERT(D(2027, 2, 12), "推进中", None, 3, today) == "绿"
    assert udfs.DB_ALERT(D(2027, 2, 12), "推进中", None, 3, today, table) == "黄"


def test_recompute_says_once_when_items_fall_due_in_an_unregistered_year(year_end_ledger, capsys):
    code, text = run(capsys, "validate", year_end_ledger, "--today", "2026-12-30")
    assert code == 0, text
    assert "没有发现错误或警告（另有 1 条提示）" in text       # the note is listed in the console table
    rows = read_raw(year_end_ledger).sheets[schema.FINDINGS.title]
    notes = [r for r in rows if any(isinstance(v, str) and "调休安排尚未登记" in v for v in r)]
    assert len(notes) == 1 and notes[0][0] == "提示" and notes[0][1] == "参数"
    # In November the items are more than a month away: nothing to say.
    code, text = run(capsys, "validate", year_end_ledger, "--today", "2026-11-20")
    assert "没有发现错误或警告" in text and "提示" not in text


def test_items_due_later_do_not_raise_the_notice(tmp_path, capsys):
    """In March 2027 an item due in 2028 is far from 临期: its count stops within 临期提醒工作日,
    so the run says nothing about 2028 (2027 is registered here)."""
    rows = params_with([[D(2027, 1, 1), "休", "元旦"]])
    path = make_ledger(tmp_path / "台账.xlsx", params_rows=rows, items=[
        item("L1", UNIT, D(2028, 1, 20), assigned=D(2027, 3, 1), feedback=D(2027, 3, 2))])
    from duban.rhythm.remind import plan_remind

    plan = plan_remind(read_raw(path), D(2027, 3, 3))
    assert plan.chases.chases == [] and plan.calendar_notice == ""
    cal = Calendar()
    assert cal.workdays_left(D(2028, 1, 20), D(2027, 3, 3), cap=3) == 4
    assert 2028 not in cal.unregistered_used

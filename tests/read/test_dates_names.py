"""Dates, months, 期次, names and registers, working days with Chinese holidays, alert colours."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.dates import (
    add_months,
    from_serial,
    last_complete_month,
    month_bounds,
    month_of,
    parse_date,
    parse_month,
    period_of,
    to_excel_date,
    valid_month_text,
)
from duban.names import Register, has_stray_characters, normalise_name, split_units
from duban.rules.alerts import GREEN, RED, YELLOW, alert_colour
from duban.workdays import is_workday, workdays_left

from ledgers import unit_rows

D = dt.date


# ---- parse_date ---------------------------------------------------------------

@pytest.mark.parametrize("value", [D(2026, 3, 9), dt.datetime(2026, 3, 9, 14, 30)])
def test_real_dates_are_read_without_warning(value):
    p = parse_date(value)
    assert (p.value, p.typed_as_text, p.error) == (D(2026, 3, 9), False, "")


@pytest.mark.parametrize("text", [
    "2026-03-09", "2026-3-9", "2026.3.9", "2026/3/9", "2026年3月9日", "2026 年 3 月 9 日", "2026年3月9",
    "20260309", " 2026.03.09 ", "2026-03-09 08:30", "2026/3/9 8:30:15",
])
def test_text_dates_with_year(text):
    p = parse_date(text)
    assert (p.value, p.typed_as_text, p.error) == (D(2026, 3, 9), True, "")


@pytest.mark.parametrize("text", ["3月9日", "3月9", "03月09日", "3.9"])
def test_month_day_text_takes_the_ledger_year(text):
    assert parse_date(text, 2026).value == D(2026, 3, 9)
    assert parse_date(text, 2022).value == D(2022, 3, 9)
    assert parse_date(text, 2026).typed_as_text


def test_month_day_text_without_year_is_an_error():
    p = parse_date("3月9日", None)
    assert p.value is None and "没有年份" in p.error and "考评年度" in p.error


def test_serial_numbers():
    # Excel 1900 date system: serial 46090 is 2026-03-09; 1 is 1900-01-01 (epoch 1899-12-30).
    p = parse_date(46090.0)
    assert (p.value, p.typed_as_text) == (D(2026, 3, 9), True)
    assert parse_date(46090).value == D(2026, 3, 9)
    assert from_serial(1) == D(1899, 12, 31)
    assert to_excel_date(D(2026, 3, 9)) == 46090
    assert from_serial(to_excel_date(D(2026, 10, 1))) == D(2026, 10, 1)


@pytest.mark.parametrize("value, words", [
    ("2026.2.30", "不是有效日期"),      # no 30 February
    ("2026-13-01", "不是有效日期"),
    ("13月1日", "不是有效日期"),
    ("下月底", "无法识别为日期"),
    ("2026年3月", "无法识别为日期"),    # a month is not a date
    (True, "不是日期"),
    (-5, "不是日期"),
    (0.5, "不是日期"),
])
def test_unreadable_dates(value, words):
    p = parse_date(value, 2026)
    assert p.value is None and words in p.error


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_date_cells(value):
    p = parse_date(value, 2026)
    assert (p.value, p.typed_as_text, p.error) == (None, False, "")


# ---- parse_month, month helpers ------------------------------------------------------

@pytest.mark.parametrize("value, year", [
    ("2026-03", None), ("2026-3", None), ("2026年3月", None), ("2026年3月份", None), ("2026.3", None),
    ("2026/03", None), ("3月", 2026), ("3月份", 2026), (D(2026, 3, 15), None),
    (dt.datetime(2026, 3, 31, 23, 59), None), (46090.0, None), ("2026-03-09", None), ("2026.3.9", None),
])
def test_parse_month_forms(value, year):
    assert parse_month(value, year) == ("2026-03", "")


@pytest.mark.parametrize("value, year", [("2026-13", None), ("三月", 2026), ("3月", None), ("0月", 2026),
                                         (-1.0, None)])
def test_parse_month_errors(value, year):
    month, err = parse_month(value, year)
    assert month is None and "月份" in err


def test_parse_month_empty():
    assert parse_month(None) == (None, "")
    assert parse_month("") == (None, "")


def test_month_bounds():
    assert month_bounds("2026-02") == (D(2026, 2, 1), D(2026, 2, 28))
    assert month_bounds("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))   # leap year
    assert month_bounds("2026-12") == (D(2026, 12, 1), D(2026, 12, 31))
    assert month_bounds("2026-04") == (D(2026, 4, 1), D(2026, 4, 30))


@pytest.mark.parametrize("month, n, expected", [
    ("2026-01", -1, "2025-12"), ("2026-11", 2, "2027-01"), ("2026-03", -15, "2024-12"), ("2026-03", 0, "2026-03"),
    ("2026-12", 1, "2027-01"), ("2026-01", 24, "2028-01"),
])
def test_add_months(month, n, expected):
    assert add_months(month, n) == expected


def test_month_of_and_last_complete_month():
    assert month_of(D(2026, 3, 9)) == "2026-03"
    assert last_complete_month(D(2026, 3, 9)) == "2026-02"
    assert last_complete_month(D(2026, 1, 1)) == "2025-12"


@pytest.mark.parametrize("text, ok", [("2026-03", True), ("2026-12", True), ("2026-3", False), ("2026-13", False),
                                      ("2026-00", False), ("", False), ("2026年3月", False)])
def test_valid_month_text(text, ok):
    assert valid_month_text(text) is ok


# ---- 期次 ------------------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [
    (D(2026, 1, 1), 0),      # Thursday before the year's first Monday
    (D(2026, 1, 4), 0),
    (D(2026, 1, 5), 1),      # first Monday of 2026
    (D(2026, 1, 11), 1),
    (D(2026, 1, 12), 2),
    (D(2026, 3, 9), 10),
    (D(2026, 12, 28), 52),
    (D(2026, 12, 31), 52),
])
def test_period_of_monday_meetings(day, expected):
    assert period_of(day) == expected


def test_period_of_other_meeting_weekday():
    # Meetings on Thursday (weekday 3): 2026-01-01 is itself a Thursday -> 期次 1.
    assert period_of(D(2026, 1, 1), 3) == 1
    assert period_of(D(2026, 1, 7), 3) == 1
    assert period_of(D(2026, 1, 8), 3) == 2
    # 2024-01-01 is a Monday: first Monday meeting is that day.
    assert period_of(D(2024, 1, 1)) == 1


# ---- names -----------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("区住建局", "区住建局"),
    (" 区住建局 ", "区住建局"),
    ("区住建 局", "区住建局"),
    ("区住建\u3000局", "区住建局"),          # full-width (ideographic) space
    ("区１２３４５热线中心", "区12345热线中心"),  # full-width digits
    ("ＡＢＣ", "ABC"),
    ("区住建局\n", "区住建局"),
    (None, ""),
    (12345, "12345"),
])
def test_normalise_name(typed, expected):
    assert normalise_name(typed) == expected


@pytest.mark.parametrize("typed, stray", [
    ("区住建局", False), ("", False), ("区住建 局", True), ("区住建\u3000局", True), ("区１号", True),
    ("区住建局 ", True),
])
def test_has_stray_characters(typed, stray):
    assert has_stray_characters(typed) is stray


@pytest.mark.parametrize("cell, expected", [
    ("区住建局、区城管局", ["区住建局", "区城管局"]),
    ("区住建局,区城管局；区财政局", ["区住建局", "区城管局", "区财政局"]),
    ("区住建局，区城管局;区财政局", ["区住建局", "区城管局", "区财政局"]),
    ("区住建局/区城管局\n区财政局", ["区住建局", "区城管局", "区财政局"]),
    ("区住建局／区城管局", ["区住建局", "区城管局"]),
    ("、、区住建局、 ", ["区住建局"]),
    (" 区住建局 ", ["区住建局"]),
    ("", []),
    (None, []),
])
def test_split_units(cell, expected):
    assert split_units(cell) == expected


@pytest.fixture
def units():
    rows = unit_rows()
    return Register([r[0] for r in rows], {r[1]: r[0] for r in rows if r[1]})


@pytest.mark.parametrize("typed, expected", [
    ("区住建局", ("区住建局", "exact")),
    ("区住建 局", ("区住建局", "normalised")),
    ("区住建\u3000局", ("区住建局", "normalised")),
    ("城关街道", ("城关街道办事处", "short")),          # 简称
    ("城关 街道", ("城关街道办事处", "short")),
    ("区住建委", (None, "")),
    ("", (None, "")),
])
def test_register_resolve(units, typed, expected):
    assert units.resolve(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("区住建委", "区住建局"),
    ("区发改委", "区发改局"),
    ("住建局", "区住建局"),
    ("城关街道办", "城关街道办事处"),
    ("城关街", "城关街道办事处"),          # through the short name
    ("东关", "东关街道办事处"),
    ("人民医院", None),                  # nothing close: no guess
])
def test_register_closest(units, typed, expected):
    assert units.closest(typed) == expected


def test_register_contains_and_leaders():
    leaders = Register(["王建国", "李明", ""])
    assert "王建国" in leaders and "王建军" not in leaders
    assert leaders.names == ["王建国", "李明"]
    assert leaders.closest("王建军") == "王建国"
    assert leaders.closest("张三") is None
    assert leaders.resolve("李 明") == ("李明", "normalised")


# ---- working days with Chinese holidays (chinese-calendar) ---------------------------------

def test_national_day_2026_calendar():
    # 2026 National Day (with Mid-Autumn on 25 Sept): 1–7 October off; Sunday 20 September and
    # Saturday 10 October are adjusted working days (调休上班).
    assert [is_workday(D(2026, 10, d)) for d in range(1, 11)] == \
        [False, False, False, False, False, False, False, True, True, True]
    assert is_workday(D(2026, 9, 20)) is True      # a Sunday, worked
    assert is_workday(D(2026, 10, 11)) is False    # an ordinary Sunday
    assert is_workday(D(2026, 9, 25)) is False     # Mid-Autumn Festival (a Friday)


@pytest.mark.parametrize("today, deadline, expected", [
    (D(2026, 9, 30), D(2026, 9, 30), 0),     # due today
    (D(2026, 9, 29), D(2026, 9, 30), 1),     # due the next working day
    (D(2026, 9, 30), D(2026, 10, 7), 0),     # whole holiday: no working day in between
    (D(2026, 9, 30), D(2026, 10, 8), 1),     # 8 Oct is the first working day after the holiday
    (D(2026, 9, 30), D(2026, 10, 9), 2),
    (D(2026, 9, 30), D(2026, 10, 10), 3),    # Saturday 10 Oct is a working day
    (D(2026, 9, 30), D(2026, 10, 11), 3),    # Sunday 11 Oct is not
    (D(2026, 9, 30), D(2026, 10, 12), 4),
    (D(2026, 9, 18), D(2026, 9, 21), 2),     # Sat 19 off, Sun 20 worked, Mon 21
    (D(2026, 9, 24), D(2026, 9, 28), 1),     # Fri 25 Mid-Autumn, weekend, Mon 28
    (D(2026, 10, 8), D(2026, 9, 30), -1),    # one working day late (8 Oct)
    (D(2026, 10, 9), D(2026, 9, 30), -2),
    (D(2026, 10, 12), D(2026, 9, 30), -4),   # 8, 9, 10, 12 Oct
    (D(2026, 10, 5), D(2026, 9, 30), 0),     # late, but no working day has passed yet
])
def test_workdays_left_across_national_day(today, deadline, expected):
    assert workdays_left(deadline, today) == expected


def test_workdays_left_outside_known_years_counts_monday_to_friday():
    # chinese-calendar does not know 2099: plain weekdays.
    assert workdays_left(D(2099, 1, 12), D(2099, 1, 9)) == 1     # Friday -> Monday
    assert workdays_left(D(2099, 1, 16), D(2099, 1, 9)) == 5


@pytest.mark.parametrize("today, deadline, done, expected", [
    (D(2026, 9, 30), D(2026, 9, 29), False, RED),      # overdue and open
    (D(2026, 9, 30), D(2026, 9, 29), True, GREEN),     # finished: never red
    (D(2026, 9, 30), D(2026, 9, 30), False, YELLOW),   # due today
    (D(2026, 9, 30), D(2026, 10, 10), False, YELLOW),  # 3 working days left across the holiday
    (D(2026, 9, 30), D(2026, 10, 12), False, GREEN),   # 4 working days left
    (D(2026, 9, 28), D(2026, 10, 3), False, YELLOW),   # 29, 30 Sept only
    (D(2026, 9, 30), None, False, GREEN),              # no deadline
])
def test_alert_colour(today, deadline, done, expected):
    assert alert_colour(deadline, done, today) == expected


def test_alert_colour_due_soon_setting():
    # 临期提醒工作日 = 1: two working days left is green; 0 never yellow unless due today.
    assert alert_colour(D(2026, 10, 9), False, D(2026, 9, 30), soon_workdays=1) == GREEN
    assert alert_colour(D(2026, 10, 8), False, D(2026, 9, 30), soon_workdays=1) == YELLOW
    assert alert_colour(D(2026, 10, 8), False, D(2026, 9, 30), soon_workdays=0) == GREEN
    assert alert_colour(D(2026, 9, 30), False, D(2026, 9, 30), soon_workdays=0) == YELLOW


# ---- dates and names as people type them (issue 16) ---------------------------------------------

@pytest.mark.parametrize("text", [
    "2026年9月28日（星期一）", "2026年9月28日(周一)", "2026-9-28 星期一", "9月28日（周一）", "2026.9.28（礼拜一）",
    "九月二十八日（星期一）", "２０２６．９．２８", "２０２６－０９－２８", "2026。9。28", "2026.9.28.", "9/28", "9-28",
])
def test_dates_with_weekday_notes_full_width_digits_and_trailing_marks(text):
    p = parse_date(text, 2026)
    assert (p.value, p.typed_as_text, p.error) == (D(2026, 9, 28), True, "")


def test_a_weekday_note_that_contradicts_the_date_is_an_error_naming_both():
    p = parse_date("2026年10月30日（星期四）", 2026)   # 30 October 2026 is a Friday
    assert p.value is None
    assert "星期五" in p.error and "星期四" in p.error and "2026年10月30日（星期四）" in p.error
    assert "2026-10-30" in p.suggestion


@pytest.mark.parametrize("number, a, b", [(10.1, "10月1日", "10月10日"), (10.3, "10月3日", "10月30日"),
                                          (9.2, "9月2日", "9月20日")])
def test_a_number_like_10_1_in_a_date_cell_says_both_readings(number, a, b):
    p = parse_date(number, 2026)
    assert p.value is None and a in p.error and b in p.error and "1900" not in p.error


@pytest.mark.parametrize("number, want", [(9.28, D(2026, 9, 28)), (10.29, D(2026, 10, 29)), (10.4, D(2026, 10, 4)),
                                          (2.3, D(2026, 2, 3)), (12.31, D(2026, 12, 31))])
def test_a_month_day_number_without_ambiguity_is_read_with_a_warning(number, want):
    # 10.4 can only be 10月4日 (there is no 10月40日); 2.3 only 2月3日 (no 2月30日)
    p = parse_date(number, 2026)
    assert (p.value, p.typed_as_text) == (want, True)


def test_month_day_number_without_a_year_is_an_error():
    assert "考评年度" in parse_date(9.28, None).error


@pytest.mark.parametrize("text, want", [("46293", D(2026, 9, 28)), ("46307.0", D(2026, 10, 12)),
                                        ("４６２９３", D(2026, 9, 28))])
def test_serials_stored_as_text_are_read(text, want):
    p = parse_date(text, 2026)
    assert (p.value, p.typed_as_text) == (want, True)


@pytest.mark.parametrize("text", ["12345", "99999", "4629"])   # outside 2000–2099, or not five digits
def test_other_digit_texts_are_not_read_as_serials(text):
    assert parse_date(text, 2026).value is None


def test_invisible_characters_in_names_resolve_and_are_named():
    from duban.names import invisible_characters
    reg = Register(["城关街道办事处", "区财政局"], {"城关街道": "城关街道办事处"})
    for typed, want in [("城关街道\u200b办事处", "城关街道办事处"), ("\ufeff区财政局", "区财政局"),
                        ("区财政局\u00a0", "区财政局"), ("城关\u2060街道", "城关街道办事处")]:
        assert reg.resolve(typed)[0] == want, typed
    assert normalise_name("城关\u200b街道") == "城关街道"
    assert invisible_characters("城关街道\u200b办事处") == ["零宽空格 U+200B"]
    assert invisible_characters("\ufeff区财政局\u00a0") == ["BOM（零宽不换行空格） U+FEFF", "不换行空格 U+00A0"]
    assert invisible_characters("区财政局") == []


@pytest.mark.parametrize("mark, want", [("是", True), ("√", True), ("✓", True), ("✔", True), (" √ ", True),
                                        ("否", False), ("×", False), ("✗", False), ("Y", None), ("待定", None),
                                        ("", None)])
def test_yes_no_marks(mark, want):
    from duban.names import yes_no
    assert yes_no(mark) is want


def test_sheet_named_after_a_unit():
    reg = Register(["城关街道办事处", "区财政局"], {"城关街道": "城关街道办事处", "城关": "城关街道办事处"})
    assert reg.sheet_unit("城关街道") == "城关街道办事处"
    assert reg.sheet_unit("区财政局 ") == "区财政局"
    assert reg.sheet_unit("10月") is None


def test_a_day_number_alone_is_not_a_1900_date():
    p = parse_date(28, 2026)
    assert p.value is None and "只有一个数" in p.error and "1900" not in p.error


@pytest.mark.parametrize("bracket", ["（{}）", "({})", "【{}】", "[{}]", " （{}） "])
def test_one_role_pattern_for_resolving_and_for_reading_roles(bracket):
    """Every role word a ledger writes after a unit is dropped when resolving the name and read as the
    unit's role by adopt (unitwords.split_role): one pattern for both."""
    from duban.names import CO_ROLES, LEAD_ROLES
    from duban.unitwords import CO, LEAD, split_role

    register = Register(["区住建局"])
    for role, expected in [(r, LEAD) for r in LEAD_ROLES] + [(r, CO) for r in CO_ROLES]:
        written = "区住建局" + bracket.format(role)
        assert split_role(written) == ("区住建局", expected), written
        assert register.resolve(written) == ("区住建局", "note"), written
    assert split_role("区住建局（）") == ("区住建局（）", "")
    assert register.resolve("区住建局（说明）") == (None, "")

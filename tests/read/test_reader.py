"""The in-place reader's parts (duban.read.headers, duban.read.tables, duban.dates): unit cases worked by
hand, and invariants over layouts — how a clerk lays the ledger out never changes the scores."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban import schema
from duban.dates import parse_deadline
from duban.read.book import RawBook, read_book
from duban.read.headers import map_headers, normalise_header
from duban.read.tables import COLUMN_NUMBERS, SECTION, read_table
from duban.run import analyse

from layouts import MONTH, TODAY, expected
from layouts.builder import Col, write
from layouts.cases import CASES

D = dt.date
DAY = D.fromisoformat(TODAY)


# ---- dates and deadline phrases (SPEC §7) ---------------------------------------------------------

@pytest.mark.parametrize("typed, assigned, want", [
    ("十月二十日", D(2026, 10, 5), D(2026, 10, 20)),
    ("10月16号", D(2026, 10, 5), D(2026, 10, 16)),
    ("2026年10月16号", D(2026, 10, 5), D(2026, 10, 16)),
    ("二〇二六年十月二十日", D(2026, 10, 5), D(2026, 10, 20)),
    ("10月底前", D(2026, 10, 5), D(2026, 10, 31)),        # the month's last day
    ("2026年2月底", D(2026, 2, 2), D(2026, 2, 28)),
    ("10月19日前", D(2026, 10, 5), D(2026, 10, 19)),      # that day
    ("10月19日之前完成", D(2026, 10, 5), D(2026, 10, 19)),
    ("本月底前", D(2026, 9, 28), D(2026, 9, 30)),         # the assignment month's end
    ("年底前", D(2026, 3, 2), D(2026, 12, 31)),
    ("1月底前", D(2026, 12, 7), D(2027, 1, 31)),          # yearless, before the assignment: next year
    ("9月5日", D(2026, 10, 5), D(2026, 9, 5)),            # but not a year later: reported as before assignment
    ("2026年1月底前", D(2026, 12, 7), D(2026, 1, 31)),    # a year typed is kept
])
def test_deadline_phrases(typed, assigned, want):
    assert parse_deadline(typed, 2026, assigned).value == want


@pytest.mark.parametrize("typed", ["长期", "长期坚持", "持续推进", "常态化"])
def test_long_term_deadline(typed):
    p = parse_deadline(typed, 2026, D(2026, 10, 5))
    assert p.long_term and p.value is None and not p.error


@pytest.mark.parametrize("typed, suggestion", [("10月中旬", "2026-10-20"), ("10月下旬", "2026-10-31"),
                                               ("10月上旬", "2026-10-10")])
def test_ambiguous_deadline_is_an_error_with_a_reading(typed, suggestion):
    p = parse_deadline(typed, 2026, D(2026, 10, 5))
    assert p.value is None and p.error and suggestion in p.suggestion


# ---- headers ------------------------------------------------------------------------------------

def test_normalise_header():
    assert normalise_header("完成时限\n（年月日）") == "完成时限"
    assert normalise_header("＊牵 头\u3000单位：") == "牵头单位"
    assert normalise_header("完成日期(必填)") == "完成日期"


def test_two_row_header_with_a_group_label():
    # Row 1: title (merged A1:E1). Rows 2-3: 办理情况 merged over 办理状态/完成日期; the other headers
    # merged down both rows (their text in row 2).
    grid = [["2026年督办台账", None, None, None, None],
            ["牵头单位", "事项内容", "完成时限", "办理情况", None],
            [None, None, None, "办理状态", "完成日期"],
            ["区财政局", "预算", D(2026, 10, 30), "已完成", D(2026, 10, 20)]]
    merges = [(0, 0, 0, 4), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 4)]
    m = map_headers(grid, schema.ITEMS, merges=merges)
    assert (m.first_row, m.last_row) == (1, 2)
    assert m.columns == {"lead_unit": 0, "content": 1, "deadline": 2, "status": 3, "completed": 4}


def test_user_names_win_over_synonyms():
    grid = [["责任单位", "工作任务", "时限", "办理情况", "工作进展"]]
    plain = map_headers(grid, schema.ITEMS)
    assert plain.columns["progress"] == 3 and "status" not in plain.columns     # 办理情况 = 本周进展 by default
    mine = map_headers(grid, schema.ITEMS, user_names={"办理情况": "办理状态", "工作进展": "本周进展"})
    assert mine.columns["status"] == 3 and mine.columns["progress"] == 4 and mine.how["status"] == "列名对照"


# ---- rows ---------------------------------------------------------------------------------------

def _table(rows, merges=()):
    book = RawBook({"周交办": rows}, merges={"周交办": list(merges)})
    return read_table(book, "周交办", schema.ITEMS)


def test_column_number_and_section_rows_are_skipped_and_sections_give_period_and_date():
    header = ["序号", "牵头单位", "事项内容", "完成时限", "办理状态"]
    t = _table([header, [1, 2, 3, 4, 5],
                ["第39期（9月28日交办）", None, None, None, None],
                [1, "区财政局", "预算", D(2026, 10, 30), "推进中"],
                ["第四十一期（十月十二日交办）", None, None, None, None],
                [2, "区住建局", "棚改", D(2026, 10, 30), "推进中"]])
    assert [(s.row, s.reason) for s in t.skipped] == [(1, COLUMN_NUMBERS), (2, SECTION), (4, SECTION)]
    assert [t.value(v, "period") for _r, v in t.rows] == [39, 41]
    assert [str(t.value(v, "assigned")) for _r, v in t.rows] == ["9月28日", "10月12日"]


def test_section_rows_carry_period_and_date_onto_items_that_lack_those_columns(tmp_path):
    """The section_rows layout with its 期次 and 交办日期 columns removed scores as the base ledger."""
    led = CASES["section_rows"].ledger()
    led.items.drop("period", "assigned")
    a = analyse(read_book(write(led, tmp_path / "s.xlsx")), DAY, MONTH)
    got = {r.unit: (r.score, a.evaluation.results[MONTH].standings[r.unit].rank)
           for r in a.evaluation.results[MONTH].rows if r.unit in a.evaluation.results[MONTH].standings}
    want = {u: (e.score, e.rank) for u, e in expected("section_rows").items() if e.rank is not None}
    assert got == want
    assert a.errors == 0 and {it.period for it in a.ledger.items} == {37, 39, 41, 44}


# ---- invariant: the layout never changes the scores ---------------------------------------------

SYNONYMS = {c.name: [c.header, *c.aliases] for c in schema.ITEMS.columns}
BASE_SCORES: dict[str, tuple] = {}


def _scores(path) -> dict[str, tuple]:
    a = analyse(read_book(path), DAY, MONTH)
    res = a.evaluation.results[MONTH]
    return {r.unit: (r.due, r.done, r.on_time, r.score, res.standings[r.unit].rank if r.unit in res.standings else None)
            for r in res.rows}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), titles=st.integers(0, 3), offset=st.integers(0, 2))
def test_any_column_order_synonyms_and_title_rows_give_the_same_scores(tmp_path_factory, seed, titles, offset):
    folder = tmp_path_factory.mktemp("perm")
    if not BASE_SCORES:
        BASE_SCORES.update(_scores(write(CASES["standard"].ledger(), folder / "base.xlsx")))
    rng = random.Random(seed)
    led = CASES["standard"].ledger()
    sheet = led.items
    # Unambiguous synonyms only: 办理情况 means 本周进展, 领导/类别/状态 are kept apart by other columns.
    sheet.columns = [Col(rng.choice([s for s in SYNONYMS[c.field] if s not in ("办理情况",)]), c.field)
                     for c in sheet.columns]
    rng.shuffle(sheet.columns)
    sheet.title_rows = [f"标题{i}" for i in range(titles)]
    sheet.first_col = offset
    names = [normalise_header(c.header) for c in sheet.columns]
    if len(set(names)) < len(names):    # two fields given the same word (类别/状态 …): not a real layout
        return
    assert _scores(write(led, folder / f"p{seed}.xlsx")) == BASE_SCORES


# ---- rows and sheets that are not items (issue 16) ---------------------------------------------

@pytest.mark.parametrize("row, hint", [
    (["自动生成", "数字", "年/月/日", "下拉选择", "填写全称", None, "简要填写", "下拉选择", "年/月/日"], True),
    (["如：001", "必填", "格式：2026-09-14", "选填"], True),
    (["001", 37, D(2026, 9, 14), "王建国", "南关街道办事处", "", "背街小巷路灯维修", "城市管理"], False),
    (["001", "37", "2026.9.14", "王建国", "南关街道办事处", "", "填写材料报送工作", "其他"], False),
])
def test_hint_rows(row, hint):
    from duban.read.tables import hint_row
    assert hint_row(row) is hint


@pytest.mark.parametrize("row, header", [
    (["序号", "单位", "交办数", "已办结", "未办结", "办结率", "按时办结"], True),
    (["单位名称", "10月交办数", "办结率"], True),
    (["名次", "单位", "得分"], True),
    (["区统计局", "统计数据核查", "推进中"], False),           # an item row made only of text: too few header words
    (["001", "区统计局", "人口普查数据汇总", "推进中"], False),
    (["013", "区统计局", "2026年10月20日", "统计年报"], False),  # a text date: an item
    (["各单位办理情况汇总"], False),                          # a title alone is not a header
])
def test_other_table_headers(row, header):
    from duban.read.tables import other_header
    assert other_header(row) is header


def test_copy_sheet_names_the_sheet_read_and_why_and_a_reworded_copy_is_still_a_copy(tmp_path):
    """unit_copy_sheets: 城关's copy has 006 still 推进中 (done 10-25 in 周交办). One 警告 on the copy sheet
    says which rows are copies, that 周交办 is read because it is the master, and names 006's states.
    A copy whose content was reworded is a copy still (same 编号, same lead unit)."""
    led = CASES["unit_copy_sheets"].ledger()
    led.item_sheet("城关街道").set("003", content="老旧小区改造项目开工（已开工）")
    a = analyse(read_book(write(led, tmp_path / "c.xlsx")), DAY, MONTH)
    assert len(a.ledger.items) == 24 and {it.sheet for it in a.ledger.items} == {"周交办"}
    copy = [f for f in a.findings if f.sheet == "城关街道" and "副本" in f.message]
    assert len(copy) == 1 and copy[0].level == "警告" and copy[0].cell == "A2"
    msg = copy[0].message
    assert "整张表" in msg and "3 件" in msg and "按“周交办”读取" in msg and "总台账（24 件事项）" in msg
    assert "006：“周交办”为“已完成”，本表为“推进中”" in msg
    assert a.stats.items.total == 22   # as at 2026-10-31


def test_rows_that_are_new_on_a_copy_sheet_are_read(tmp_path):
    """A month sheet holding copies of 周交办's October items plus one item of its own: the copies are
    left out, the new item is read (and reported rows are only the copies)."""
    from duban.read.tables import drop_copies
    led = CASES["copy_sheet_numeric_ids"].ledger()
    sheet = led.item_sheet("10月交办")
    sheet.records.append(dict(sheet.records[0], id=25, content="新增：防汛物资盘点"))
    a = analyse(read_book(write(led, tmp_path / "m.xlsx")), DAY, MONTH)
    extra = [it for it in a.ledger.items if it.sheet == "10月交办"]
    assert [it.id for it in extra] == ["25"] and len(a.ledger.items) == 25
    copy = [f for f in a.findings if f.sheet == "10月交办" and "副本" in f.message]
    assert len(copy) == 1 and "第 2、3、4、5、6、7、8、9、10 行" in copy[0].message
    assert drop_copies([]) == ([], [])   # nothing to compare

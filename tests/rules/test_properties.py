"""Property tests (hypothesis): ranking invariants and validation/scoring invariants.

The ledger properties build a RawBook in memory (grids from A1, as python-calamine
gives them: numbers as float, dates as datetime.date, empty cells as None), which
is much faster than writing a workbook per example.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban import schema
from duban.findings import ERROR, WARNING
from duban.read import params
from duban.read.book import RawBook
from duban.rules.ranking import LAST, REWARD, STATEMENT, competition_ranks, place, rank_key
from duban.run import analyse

from ledgers import DEPARTMENTS, LEADERS, OFFICES, unit_rows

D = dt.date
CJK = re.compile(r"[\u4e00-\u9fff]")
CELL = re.compile(r"^([A-Z]+)([0-9]+)$")

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEDGER = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])


# ---- ranking -----------------------------------------------------------------

small_ints = st.integers(min_value=0, max_value=6)   # few distinct values -> many ties
key_lists = st.lists(small_ints, min_size=0, max_size=12)


@FAST
@given(key_lists)
def test_rank_is_one_plus_number_strictly_greater(values):
    ranks = competition_ranks(values)
    assert len(ranks) == len(values)
    for v, r in zip(values, ranks):
        assert r == 1 + sum(1 for w in values if w > v)


@FAST
@given(key_lists)
def test_ties_share_a_rank_and_ranks_skip_after_ties(values):
    ranks = competition_ranks(values)
    for i, v in enumerate(values):
        for j, w in enumerate(values):
            assert (ranks[i] == ranks[j]) == (v == w)
            if v > w:
                assert ranks[i] < ranks[j]
    # sorted ranks read like 1, 2, 2, 4: each rank is its position or repeats the one before
    s = sorted(ranks)
    for p, r in enumerate(s):
        assert r == p + 1 or (p > 0 and r == s[p - 1])
    for r, n in Counter(ranks).items():
        assert r + n > max(ranks) or (r + n) in ranks  # the next rank skips the tied places


@FAST
@given(key_lists, st.randoms(use_true_random=False))
def test_ranks_follow_a_permutation(values, rnd):
    perm = list(range(len(values)))
    rnd.shuffle(perm)
    ranks = competition_ranks(values)
    shuffled = competition_ranks([values[i] for i in perm])
    assert shuffled == [ranks[i] for i in perm]


@FAST
@given(key_lists, st.integers(min_value=-1000, max_value=1000))
def test_adding_a_constant_keeps_ranks(values, c):
    assert competition_ranks([v + c for v in values]) == competition_ranks(values)


# keys as evaluate builds them: (综合得分, 按时率, 办结率); small alphabets to force ties
score_keys = st.tuples(st.integers(60, 64), st.sampled_from([50.0, 100.0]), st.sampled_from([50.0, 100.0]))


@st.composite
def groups(draw):
    n = draw(st.integers(0, 9))
    keys = {f"单位{i}": draw(score_keys) for i in range(n)}
    reward_slots = draw(st.integers(0, 4))
    statement_slots = draw(st.integers(0, 3))
    rewards = {r: float(1000 * (10 - r)) for r in range(1, reward_slots + 1)}
    return keys, reward_slots, statement_slots, rewards


@FAST
@given(groups())
def test_place_outcomes_follow_the_definitions(g):
    keys, k_reward, k_statement, rewards = g
    placed = place(keys, k_reward, k_statement, rewards)
    assert sorted(p.unit for p in placed) == sorted(keys)
    assert [p.rank for p in placed] == sorted(p.rank for p in placed)   # returned in rank order
    for p in placed:
        v = keys[p.unit]
        above = sum(1 for w in keys.values() if w > v)
        below = sum(1 for w in keys.values() if w < v)
        assert p.rank == 1 + above
        rewarded = above < k_reward
        assert (REWARD in p.outcomes) == rewarded
        # the lead's documented decision: a rewarded unit is never also 表态发言 or 末位
        assert (STATEMENT in p.outcomes) == (below < k_statement and not rewarded)
        assert (LAST in p.outcomes) == (below == 0 and not rewarded)
        assert p.reward == (rewards.get(p.rank, 0.0) if rewarded else 0.0)
        assert p.result == ("、".join(p.outcomes) if p.outcomes else "—")


@FAST
@given(groups(), st.integers(-50, 50))
def test_place_is_unchanged_by_a_constant_added_to_scores(g, c):
    keys, k_reward, k_statement, rewards = g
    shifted = {u: (s + c, a, b) for u, (s, a, b) in keys.items()}
    before = {p.unit: (p.rank, p.outcomes, p.reward) for p in place(keys, k_reward, k_statement, rewards)}
    after = {p.unit: (p.rank, p.outcomes, p.reward) for p in place(shifted, k_reward, k_statement, rewards)}
    assert before == after


rates = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False),
                  st.sampled_from([100 / 3, 33.33, 200 / 3, 66.67, 66.665, 50.0]))


def _rounded(rate):
    from duban.rules.scoring import round_half_up
    return float("-inf") if rate is None else round_half_up(rate)


@FAST
@given(st.integers(-10, 110), rates, rates, rates, rates)
def test_rank_key_orders_by_score_then_rounded_on_time_then_done(score, on_time_a, done_a, on_time_b, done_b):
    a = rank_key(score, on_time_a, done_a)
    b = rank_key(score, on_time_b, done_b)
    ta, tb = _rounded(on_time_a), _rounded(on_time_b)
    if ta != tb:                       # 按时率 (as a percentage to 2 decimals) decides
        assert (a > b) == (ta > tb)
    else:                              # then 办结率; a missing rate sorts last
        da, db = _rounded(done_a), _rounded(done_b)
        assert (a > b) == (da > db) and (a == b) == (da == db)
    # a higher 综合得分 wins whatever the rates
    assert rank_key(score + 0.01, None, None) > rank_key(score, 100.0, 100.0)


# ---- ledgers in memory --------------------------------------------------------

TODAY = D(2026, 3, 16)
MONTHS_OF_2026 = [D(2026, 1, 5) + dt.timedelta(days=7 * i) for i in range(9)]  # Mondays of 期次 1..9

dates = st.one_of(
    st.dates(min_value=D(2025, 12, 1), max_value=D(2026, 4, 30)),
    st.sampled_from(MONTHS_OF_2026),
    st.sampled_from(["2026.1.5", "2026/1/12", "2026年2月2日", "3月2日", "20260119", "2026-02-30",
                     "下周一", "  ", "13月1日", "2026-01-26 09:30", 46027.0, 46060.0, 0.5, -3.0, True]),
    st.none(),
)
ids = st.sampled_from(["1", "2", "3", "A-1", 1.0, 2.0, "", None])
periods = st.one_of(st.integers(0, 10).map(float), st.sampled_from(["第3期", "三", "2.5", "", None]))
unit_names = st.sampled_from(OFFICES + DEPARTMENTS + [
    "区住建委", "区住建局、区城管局", " 区住建局", "区住建　局", "城关街道", "人民医院", "", None])
co_units = st.sampled_from(["", None, "区财政局", "区财政局、区住建委", "区城管局，区财政局", "区１２３"])
leaders = st.sampled_from(["王建国", "李明", "王建军", "李 明", "", None])
contents = st.sampled_from(["事项甲", "事项乙", "事项 甲", "事项丙", None])
categories = st.sampled_from(["重点项目", "民生实事", "其他", "乱写", None])
statuses = st.sampled_from(["未启动", "推进中", "已完成", "已完成", "办结", "", None])
progress = st.sampled_from(["按计划推进", "", None])
grades = st.sampled_from(["好", "较好", "一般", "差", "优", None])

item_rows = st.lists(st.tuples(
    ids, periods, dates, leaders, unit_names, co_units, contents, categories, dates, dates, statuses, dates,
    progress, dates, grades, st.just(None), st.just(None),
).map(list), max_size=8)


@st.composite
def good_item_rows(draw):
    """Mostly valid rows, so that the scoring properties see ranked units."""
    rows = []
    for i in range(draw(st.integers(0, 16))):
        week = draw(st.integers(0, 8))
        assigned = MONTHS_OF_2026[week]
        deadline = assigned + dt.timedelta(days=draw(st.integers(0, 60)))
        status = draw(st.sampled_from(["未启动", "推进中", "已完成", "已完成"]))
        completed = None
        if status == "已完成":
            completed = min(assigned + dt.timedelta(days=draw(st.integers(0, 50))), TODAY)
        rows.append([f"G{i}", float(week + 1), assigned, draw(st.sampled_from(["王建国", "李明"])),
                     draw(st.sampled_from(OFFICES + DEPARTMENTS)), None, f"事项G{i}", "重点项目", deadline,
                     draw(st.sampled_from([None, deadline + dt.timedelta(days=14)])), status, completed,
                     "按计划推进", None, draw(st.sampled_from(["好", "较好", "一般", "差", None])) if completed else None,
                     None, None])
    return rows


review_rows = st.lists(st.tuples(
    ids, dates, st.sampled_from(["问题楼盘", "信访积案", "拆迁问题", None]), st.sampled_from(["描述", None]),
    unit_names, st.just(None), st.just(None), st.just(None), dates,
    st.sampled_from(["未化解", "化解中", "已化解", "已解决", None]), dates, st.just(None),
).map(list), max_size=4)

adjustment_rows = st.lists(st.tuples(
    st.sampled_from(["2026-01", "2026年2月", D(2026, 2, 15), "三月", "", None, 46030.0]),
    unit_names,
    st.one_of(st.sampled_from([12.0, -15.0, 10.0, -10.0, "两分", "+3", "－2", None]),
              st.floats(-12, 12, allow_nan=False).map(lambda x: round(x, 1))),
    st.just("事由"), st.just(None), st.just(None),
).map(list), max_size=5)


@st.composite
def ledgers(draw):
    excluded = draw(st.sets(st.sampled_from(OFFICES + DEPARTMENTS), max_size=3))
    units = [[float(v) if isinstance(v, int) else v for v in r] for r in unit_rows(not_evaluated=excluded)]
    prm = [list(r) for r in params.template_rows()]
    for r in prm:
        if r[:1] == ["考评年度"]:
            r[1] = 2026.0
        if r[:1] == ["加减分上限"]:
            r[1] = draw(st.sampled_from([10.0, 5.0, "十分"]))
    items = draw(good_item_rows()) + draw(item_rows)
    sheets = {
        schema.PARAMS.title: prm,
        schema.UNITS.title: [schema.UNITS.headers] + units,
        schema.LEADERS.title: [schema.LEADERS.headers] + [list(r) for r in LEADERS],
        schema.ITEMS.title: [schema.ITEMS.headers] + items,
        schema.REVIEWS.title: [schema.REVIEWS.headers] + draw(review_rows),
        schema.ADJUSTMENTS.title: [schema.ADJUSTMENTS.headers] + draw(adjustment_rows),
        schema.HISTORY.title: [schema.HISTORY.headers],
    }
    return RawBook(sheets), excluded


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@LEDGER
@given(ledgers())
def test_analyse_never_raises_and_findings_point_to_cells(case):
    book, _excluded = case
    a = analyse(book, TODAY)            # scores the default month, 2026-02
    for f in a.findings:
        assert f.level in (ERROR, WARNING, "提示")
        m = CELL.match(f.cell)
        assert m, f
        assert f.sheet in book.sheets, f
        grid = book.sheets[f.sheet]
        row, col = int(m[2]) - 1, _column_index(m[1])
        assert 0 <= row < max(len(grid), 1), f
        assert col < max((len(r) for r in grid), default=1), f
        assert f.field, f
        assert f.message and CJK.search(f.message), f
        assert not f.suggestion or CJK.search(f.suggestion), f


@LEDGER
@given(ledgers())
def test_scores_are_bounded_rounded_and_not_evaluated_units_unranked(case):
    book, excluded = case
    a = analyse(book, TODAY)
    ev = a.evaluation
    assert ev.month == "2026-02"
    for m in ev.months:
        res = ev.results[m]
        for r in res.rows:
            if r.score is not None:
                assert -10 <= r.score <= 110, r
                assert round(r.score, 2) == r.score, r
            assert -10 <= r.adjustment <= 10
            assert r.due == r.done + r.overdue and r.on_time <= r.done <= r.due
            if r.unit in excluded:
                assert not r.evaluated
        ranked = {p.unit for ps in res.placed.values() for p in ps}
        assert not (ranked & excluded)
        assert not (set(res.standings) & excluded)
        assert all(st.rank is not None for st in res.standings.values())
    for row in a.annual:
        if row.unit in excluded:
            assert row.rank is None


@LEDGER
@given(ledgers())
def test_rows_with_errors_never_count(case):
    book, _excluded = case
    a = analyse(book, TODAY)
    # SPEC §3: an error in a field the score reads leaves the item out; other errors leave it in.
    from duban.rules.evaluate import SCORE_FIELDS
    items = schema.ITEMS.title
    error_rows = {int(CELL.match(f.cell)[2]) - 1 for f in a.findings
                  if f.level == ERROR and f.sheet == items and f.name in SCORE_FIELDS}
    clean = [it for it in a.ledger.items if it.row not in error_rows and it.lead_unit]
    assert a.evaluation.excluded_items == len(error_rows & {it.row for it in a.ledger.items})
    for m in a.evaluation.months:
        due = sum(r.due for r in a.evaluation.results[m].rows)
        assert due <= len(clean)


def _book(items):
    prm = [list(r) for r in params.template_rows()]
    for r in prm:
        if r[:1] == ["考评年度"]:
            r[1] = 2026.0
    return RawBook({
        schema.PARAMS.title: prm,
        schema.UNITS.title: [schema.UNITS.headers] + unit_rows(),
        schema.LEADERS.title: [schema.LEADERS.headers] + [list(r) for r in LEADERS],
        schema.ITEMS.title: [schema.ITEMS.headers] + items,
        schema.REVIEWS.title: [schema.REVIEWS.headers],
        schema.ADJUSTMENTS.title: [schema.ADJUSTMENTS.headers],
    })


def _scores(a):
    return [(m, r.unit, r.due, r.done, r.on_time, r.score, a.evaluation.results[m].standings.get(r.unit))
            for m in a.evaluation.months for r in a.evaluation.results[m].rows]


@LEDGER
@given(good_item_rows(), st.data())
def test_warnings_never_change_scores(rows, data):
    """Stray spaces, full-width characters and text dates are warnings: the scores stay the same."""
    base = analyse(_book(rows), TODAY, "2026-02")
    assert base.findings == []                      # the generator's rows are clean
    noisy_rows = []
    for r in rows:
        r = list(r)
        how = data.draw(st.sampled_from(["same", "space", "fullwidth", "text date"]))
        if how == "space":
            r[4] = r[4][:2] + " " + r[4][2:]         # 牵头单位 with a space inside
        elif how == "fullwidth":
            r[4] = r[4][:2] + "\u3000" + r[4][2:]    # ... with a full-width space inside
        elif how == "text date":
            d = r[8]
            r[8] = f"{d.year}.{d.month}.{d.day}"     # 完成时限 typed as text
        noisy_rows.append(r)
    noisy = analyse(_book(noisy_rows), TODAY, "2026-02")
    assert noisy.errors == 0
    assert noisy.warnings == sum(1 for a, b in zip(rows, noisy_rows) if a != b)
    assert _scores(noisy) == _scores(base)

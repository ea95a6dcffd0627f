"""The sample-ledger generator: deterministic, valid when clean, broken on purpose when dirty."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest

from duban import schema
from duban.read.params import DEFAULT_BLOCKS, ITEM_CATEGORIES, REVIEW_CATEGORIES
from workbook.sample import DIRTY_KINDS, generate, generate_dirty

TODAY = dt.date(2026, 11, 27)
KW = dict(months=11, today=TODAY)

STATUSES = {"未启动", "推进中", "已完成"}
GRADES = {"好", "较好", "一般", "差"}
REVIEW_STATUSES = {"未化解", "化解中", "已化解"}
ITEM_CATS = {r[0] for r in DEFAULT_BLOCKS[ITEM_CATEGORIES][1]}
REVIEW_CATS = {r[0] for r in DEFAULT_BLOCKS[REVIEW_CATEGORIES][1]}


def col(sheet: schema.Sheet) -> dict[str, int]:
    return {c.name: i for i, c in enumerate(sheet.columns)}


IT = col(schema.ITEMS)
R = col(schema.REVIEWS)
A = col(schema.ADJUSTMENTS)
U = col(schema.UNITS)


@pytest.fixture(scope="module")
def clean():
    return generate(2026, **KW)


@pytest.fixture(scope="module")
def dirty():
    return generate_dirty(2026, **KW)


def test_deterministic(clean):
    assert generate(2026, **KW) == clean
    assert generate(2027, **KW) != clean
    assert generate_dirty(7, n_items=500, **KW) == generate_dirty(7, n_items=500, **KW)


def test_rows_follow_schema_column_order(clean):
    for sheet in (schema.UNITS, schema.LEADERS, schema.ITEMS, schema.REVIEWS, schema.ADJUSTMENTS):
        rows = clean[sheet.title]
        assert rows, sheet.title
        assert all(len(r) == len(sheet.columns) for r in rows), sheet.title
        for r in rows:
            for v in r:
                assert v is None or type(v) in (str, int, float, dt.date), (sheet.title, v)
    assert clean[schema.HISTORY.title] == []


def test_registers(clean):
    units = clean[schema.UNITS.title]
    groups = Counter(r[U["group"]] for r in units)
    assert len(units) == 40
    assert 8 <= groups["办事处"] <= 10 and 25 <= groups["区直单位"] <= 30
    assert all(r[U["name"]].endswith("街道办事处") for r in units if r[U["group"]] == "办事处")
    assert len({r[U["name"]] for r in units}) == len(units)
    assert [r[U["order"]] for r in units] == list(range(1, 41))
    assert 1 <= sum(r[U["evaluated"]] == "否" for r in units) <= 2
    leaders = {r[0] for r in clean[schema.LEADERS.title]}
    assert 6 <= len(leaders) <= 10
    assert all(r[U["leader"]] in leaders for r in units)
    assert any("区长" in r[1] for r in clean[schema.LEADERS.title])


def test_clean_items_are_valid(clean):
    items = clean[schema.ITEMS.title]
    units = {r[U["name"]] for r in clean[schema.UNITS.title]}
    leaders = {r[0] for r in clean[schema.LEADERS.title]}
    assert len(items) == 4000
    ids = [r[IT["id"]] for r in items]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"2026-\d{2}-\d{3}", i) for i in ids)
    dates_by_period = defaultdict(set)
    seen = set()
    for r in items:
        a, dl, adj, done = r[IT["assigned"]], r[IT["deadline"]], r[IT["adjusted_deadline"]], r[IT["completed"]]
        for name in ("id", "period", "assigned", "leader", "lead_unit", "content", "deadline", "status"):
            assert r[IT[name]] not in (None, ""), (name, r)
        assert a.weekday() == 0 and a.year == 2026 and a <= TODAY
        assert dt.date(2026, 1, 5) <= a <= dt.date(2026, 11, 23)
        dates_by_period[r[IT["period"]]].add(a)
        assert r[IT["lead_unit"]] in units
        co = r[IT["co_units"]]
        if co:
            parts = co.split("、")
            assert all(p in units for p in parts) and r[IT["lead_unit"]] not in parts
        assert r[IT["leader"]] in leaders
        assert dt.timedelta(days=4) <= dl - a <= dt.timedelta(weeks=8)
        assert adj is None or adj > dl
        assert r[IT["status"]] in STATUSES
        assert r[IT["category"]] in ITEM_CATS
        if r[IT["status"]] == "已完成":
            assert done is not None and a <= done <= TODAY
        else:
            assert done is None and r[IT["grade"]] is None
            # 一周一答卷: open items older than a week were answered within the last week
            if a < TODAY - dt.timedelta(days=7):
                assert r[IT["progress"]] and TODAY - dt.timedelta(days=7) < r[IT["feedback_date"]] <= TODAY
        fb = r[IT["feedback_date"]]
        assert fb is None or a <= fb <= TODAY
        assert r[IT["grade"]] is None or r[IT["grade"]] in GRADES
        key = (r[IT["lead_unit"]], r[IT["content"]])
        assert key not in seen, key
        seen.add(key)
    assert all(len(d) == 1 for d in dates_by_period.values())
    assert sorted(dates_by_period) == list(range(1, len(dates_by_period) + 1))
    assert len(dates_by_period) == 47  # Mondays 2026-01-05 .. 2026-11-23


def test_item_mix_is_plausible(clean):
    items = clean[schema.ITEMS.title]
    status = Counter(r[IT["status"]] for r in items)
    assert status["推进中"] > 100 and status["未启动"] > 10 and status["已完成"] > 3000
    # items due long before today: mostly done on time, some late, a few still open
    old = [r for r in items if (r[IT["adjusted_deadline"]] or r[IT["deadline"]]) < dt.date(2026, 9, 1)]
    on_time = sum(r[IT["status"]] == "已完成" and r[IT["completed"]] <= (r[IT["adjusted_deadline"]] or r[IT["deadline"]])
                  for r in old) / len(old)
    still_open = sum(r[IT["status"]] != "已完成" for r in old) / len(old)
    assert 0.7 <= on_time <= 0.9 and 0.02 <= still_open <= 0.15
    # items not yet due are mostly open
    future = [r for r in items if r[IT["deadline"]] > TODAY + dt.timedelta(days=14)]
    assert future and sum(r[IT["status"]] != "已完成" for r in future) / len(future) > 0.5
    done = [r for r in items if r[IT["status"]] == "已完成"]
    graded = sum(r[IT["grade"]] is not None for r in done) / len(done)
    assert 0.6 <= graded <= 0.8
    assert set(Counter(r[IT["grade"]] for r in done if r[IT["grade"]])) == GRADES
    adjusted = sum(r[IT["adjusted_deadline"]] is not None for r in items) / len(items)
    assert 0.05 <= adjusted <= 0.11
    # units differ: on-time rate per unit spreads out
    per = defaultdict(lambda: [0, 0])
    for r in old:
        p = per[r[IT["lead_unit"]]]
        p[0] += 1
        p[1] += r[IT["status"]] == "已完成" and r[IT["completed"]] <= (r[IT["adjusted_deadline"]] or r[IT["deadline"]])
    rates = [b / a for a, b in per.values() if a >= 20]
    assert max(rates) - min(rates) > 0.15
    lead = Counter(r[IT["lead_unit"]] for r in items)
    assert lead.most_common(1)[0][1] > 3 * min(lead.values())


def test_reviews_and_adjustments(clean):
    reviews = clean[schema.REVIEWS.title]
    units = {r[U["name"]] for r in clean[schema.UNITS.title]}
    evaluated = {r[U["name"]] for r in clean[schema.UNITS.title] if r[U["evaluated"]] == "是"}
    assert 120 <= len(reviews) <= 180
    assert {r[R["category"]] for r in reviews} == REVIEW_CATS
    housing = [r for r in reviews if r[R["category"]] == "问题楼盘"]
    assert len(housing) == 14 and sum(r[R["status"]] == "已化解" for r in housing) == 13
    assert len({r[R["id"]] for r in reviews}) == len(reviews)
    for r in reviews:
        assert r[R["unit"]] in units and r[R["status"]] in REVIEW_STATUSES
        assert all(r[R[k]] for k in ("cause", "root", "path", "description"))
        assert r[R["date"]] <= TODAY and r[R["deadline"]] >= r[R["date"]]
        if r[R["status"]] == "已化解":
            assert r[R["date"]] <= r[R["resolved"]] <= TODAY
        else:
            assert r[R["resolved"]] is None
    adj = clean[schema.ADJUSTMENTS.title]
    assert 20 <= len(adj) <= 40
    sums = Counter()
    for r in adj:
        assert re.fullmatch(r"2026-(0[1-9]|10)", r[A["month"]])  # complete months only
        assert r[A["unit"]] in evaluated
        assert -5 <= r[A["points"]] <= 5 and r[A["points"]] != 0
        assert r[A["reason"]] and r[A["basis"]]
        sums[(r[A["month"]], r[A["unit"]])] += r[A["points"]]
    assert all(abs(v) <= 10 for v in sums.values())
    assert any(r[A["points"]] > 0 for r in adj) and any(r[A["points"]] < 0 for r in adj)


def test_defaults_and_sizes():
    rows = generate(1, n_items=600, units=30)
    items = rows[schema.ITEMS.title]
    assert len(items) == 600 and len(rows[schema.UNITS.title]) == 30
    assert max(r[IT["assigned"]] for r in items) == dt.date(2026, 12, 28)  # 52 Mondays by default
    assert max(r[IT["period"]] for r in items) == 52
    assert all(r[IT["completed"]] is None or r[IT["completed"]] <= dt.date(2026, 12, 31) for r in items)
    short = generate(1, n_items=200, months=3)
    assert max(r[IT["assigned"]] for r in short[schema.ITEMS.title]) == dt.date(2026, 3, 30)
    big = generate(1, n_items=2000, units=60, **KW)
    assert len({r[IT["lead_unit"]] for r in big[schema.ITEMS.title]}) == 60
    with pytest.raises(ValueError):
        generate(1, units=200)


def _dirty_checks(rows):
    """kind -> whether the rows show it, checked on the data itself."""
    items = rows[schema.ITEMS.title]
    units = {r[U["name"]] for r in rows[schema.UNITS.title]}
    leaders = {r[0] for r in rows[schema.LEADERS.title]}

    def date(v):
        return v if isinstance(v, dt.date) else None

    ids = Counter(r[IT["id"]] for r in items)
    by_period = defaultdict(set)
    for r in items:
        if date(r[IT["assigned"]]):
            by_period[r[IT["period"]]].add(r[IT["assigned"]])
    pairs = Counter((r[IT["lead_unit"]], r[IT["content"]]) for r in items if r[IT["content"]])
    adj = rows[schema.ADJUSTMENTS.title]
    rv = rows[schema.REVIEWS.title]
    return {
        "missing_required": any(r[IT[k]] in (None, "") for r in items for k in ("content", "deadline", "leader")),
        "unknown_unit": {"区住建委", "城关街到办事处"} <= {r[IT["lead_unit"]] for r in items},
        "two_lead_units": any("、" in str(r[IT["lead_unit"]]) for r in items),
        "unknown_leader": any(r[IT["leader"]] and str(r[IT["leader"]]).endswith("区长") for r in items),
        "unreadable_date": any(r[IT["deadline"]] == "2026-13-45" for r in items),
        "deadline_before_assignment": any(date(r[IT["deadline"]]) and date(r[IT["assigned"]])
                                          and r[IT["deadline"]] < r[IT["assigned"]] for r in items),
        "done_without_date": any(r[IT["status"]] == "已完成" and r[IT["completed"]] is None for r in items),
        "completion_in_future": any(date(r[IT["completed"]]) and r[IT["completed"]] > TODAY for r in items),
        "completion_before_assignment": any(date(r[IT["completed"]]) and date(r[IT["assigned"]])
                                            and r[IT["completed"]] < r[IT["assigned"]] for r in items),
        "bad_status": any(r[IT["status"]] == "已办结" for r in items),
        "bad_grade": any(r[IT["grade"]] == "优秀" for r in items),
        "duplicate_id": any(n > 1 for n in ids.values()),
        "meeting_not_monday": any(date(r[IT["assigned"]]) and r[IT["assigned"]].weekday() == 2 for r in items),
        "period_two_dates": any(len(d) > 1 for d in by_period.values()),
        "likely_duplicate": any(n > 1 for n in pairs.values()),
        "stale_progress": any(r[IT["status"]] != "已完成" and date(r[IT["assigned"]])
                              and r[IT["assigned"]] < TODAY - dt.timedelta(days=7)
                              and (r[IT["feedback_date"]] is None or r[IT["feedback_date"]] < TODAY - dt.timedelta(days=7))
                              for r in items),
        "completion_on_open": any(r[IT["status"] ] == "推进中" and r[IT["completed"]] is not None for r in items),
        "stray_characters": (any(str(r[IT["lead_unit"]]).endswith(" ") for r in items)
                             and any("\u3000" in str(r[IT["co_units"]]) for r in items)
                             and any("\u3000" in str(r[IT["leader"]]) for r in items)),
        "text_date": all(any(isinstance(r[IT[f]], str) and re.fullmatch(p, r[IT[f]]) for r in items for f in
                             ("assigned", "deadline", "completed"))
                         for p in (r"\d{4}\.\d{1,2}\.\d{1,2}", r"\d{4}/\d{1,2}/\d{1,2}",
                                   r"\d{4}年\d{1,2}月\d{1,2}日", r"\d{1,2}月\d{1,2}日")),
        "review_bad_status": any(r[R["status"]] not in REVIEW_STATUSES for r in rv),
        "review_resolved_without_date": any(r[R["status"]] == "已化解" and r[R["resolved"]] is None for r in rv),
        "adjustment_unknown_unit": any(r[A["unit"]] not in units for r in adj),
        "adjustment_over_cap": any(abs(r[A["points"]]) > 10 for r in adj),
        "month_text_formats": (any(isinstance(r[A["month"]], dt.date) for r in adj)
                               and any("年" in str(r[A["month"]]) for r in adj)),
        "_leaders_ok": leaders is not None,
    }


def test_dirty_sample_has_every_kind(dirty):
    rows, injections = dirty
    checks = _dirty_checks(rows)
    kinds = {k.kind for k in DIRTY_KINDS}
    assert kinds == {k for k in checks if not k.startswith("_")}
    missing = [k for k in kinds if not checks[k]]
    assert not missing
    assert {i.kind for i in injections} == kinds
    assert 25 <= len(injections) <= 45
    # every injection points at a row that holds the injected value
    for inj in injections:
        sheet = schema.BY_TITLE[inj.sheet]
        c = [x.header for x in sheet.columns].index(inj.header)
        if inj.kind != "meeting_not_monday":
            assert rows[inj.sheet][inj.row][c] == inj.value, inj


def test_clean_sample_shows_no_dirty_kind(clean):
    checks = _dirty_checks(clean)
    assert [k for k, v in checks.items() if v and not k.startswith("_")] == []


def test_dirty_keeps_everything_else(clean, dirty):
    rows, injections = dirty
    assert rows[schema.UNITS.title] == clean[schema.UNITS.title]
    assert rows[schema.LEADERS.title] == clean[schema.LEADERS.title]
    items = list(rows[schema.ITEMS.title])
    assert len(items) == len(clean[schema.ITEMS.title]) + 1
    copy = next(i.row for i in injections if i.kind == "likely_duplicate")
    del items[copy]
    changed = sum(a != b for a, b in zip(clean[schema.ITEMS.title], items))
    assert changed < 150  # one meeting moved to Wednesday plus a few dozen single rows


def _validate(rows):
    validate = pytest.importorskip("duban.rules.validate")
    ledger_mod = pytest.importorskip("duban.read.ledger")
    from duban.read.book import RawBook
    from duban.read.params import template_rows

    load = getattr(ledger_mod, "load_ledger", None)
    if load is None:
        pytest.skip("duban.read.ledger.load_ledger is not there")
    sheets = {title: [list(schema.BY_TITLE[title].headers)] + [list(r) for r in data]
              for title, data in rows.items()}
    sheets[schema.PARAMS.title] = template_rows()
    return validate.validate(load(RawBook(sheets)), TODAY)


def test_clean_sample_passes_validation(clean):
    """The project's own validator finds nothing wrong with the clean sample."""
    findings = _validate(clean)
    assert [f for f in findings if f.sheet != schema.PARAMS.title] == []


def test_validation_reports_every_injected_problem(dirty):
    """Each injected problem is reported at its own cell (header row 1, data from row 2)."""
    rows, injections = dirty
    findings = _validate(rows)
    at = {(f.sheet, f.cell) for f in findings}
    missed = []
    for inj in injections:
        kind = next(k for k in DIRTY_KINDS if k.kind == inj.kind)
        c = [x.header for x in schema.BY_TITLE[inj.sheet].columns].index(inj.header)
        letters = ""
        n = c + 1
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(65 + rem) + letters
        cell = f"{letters}{inj.row + 2}"
        if kind.level == "无":  # readable alternative formats: no error there
            assert not any(f.sheet == inj.sheet and f.cell == cell and f.level == "错误" for f in findings), inj
            continue
        if inj.kind == "stale_progress":
            ok = any(s == inj.sheet and re.fullmatch(r"[A-Z]+" + str(inj.row + 2), x) for s, x in at)
        else:
            ok = (inj.sheet, cell) in at
        if not ok:
            missed.append((inj.kind, inj.sheet, cell, inj.value))
    assert missed == []


def test_main_writes_both_workbooks(tmp_path):
    pytest.importorskip("duban.template.builder")
    from python_calamine import CalamineWorkbook

    from workbook.sample import main

    assert main(["--out-dir", str(tmp_path), "--items", "300"]) == 0
    for name, n in (("duban-sample.xlsm", 300), ("duban-sample-dirty.xlsm", 301)):
        wb = CalamineWorkbook.from_path(str(tmp_path / name))
        grid = wb.get_sheet_by_name("周交办").to_python()
        ids = [r[0] for r in grid if r and str(r[0]).startswith("2026-")]
        assert len(ids) == n
        assert len(wb.get_sheet_by_name("单位").to_python()) >= 41


# Digests of the generated rows, taken before workbook/sample.py became the package workbook/sample/
# (words, generator, dirt): the same seed must keep giving the same ledger, byte for byte.
ROW_DIGESTS = {
    "default-300": "b2931cb2ae20bf11",
    "sample-4000": "b7226035f17b974f",
    "dirty-4000": "118d2e74dad86758",
    "seed7-dirty-small": "771cbc7022a6f71f",
}


def _digest(obj) -> str:
    import hashlib

    return hashlib.sha256(repr(obj).encode()).hexdigest()[:16]


@pytest.mark.parametrize("name", sorted(ROW_DIGESTS))
def test_generated_rows_are_unchanged(name):
    made = {
        "default-300": lambda: generate(2026, n_items=300),
        "sample-4000": lambda: generate(2026, n_items=4000, units=40, **KW),
        "dirty-4000": lambda: generate_dirty(2026, n_items=4000, units=40, **KW),
        "seed7-dirty-small": lambda: generate_dirty(7, n_items=500, units=20, months=6),
    }[name]()
    assert _digest(made) == ROW_DIGESTS[name]


def test_sample_generator_stays_out_of_the_runtime():
    """The wheel's packages (pyproject find include/exclude) leave workbook.sample out, and no module of
    duban imports workbook."""
    import ast
    import tomllib
    from pathlib import Path

    from setuptools import find_packages

    root = Path(__file__).resolve().parents[2]
    find = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(str(root), include=find["include"], exclude=find.get("exclude", ()))
    assert "workbook" in packages and "duban" in packages
    assert not [p for p in packages if p.startswith("workbook.sample")]
    imports = set()
    for path in (root / "duban").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.add((path.name, node.module.split(".")[0]))
            elif isinstance(node, ast.Import):
                imports.update((path.name, a.name.split(".")[0]) for a in node.names)
    assert not [p for p, top in imports if top == "workbook"]

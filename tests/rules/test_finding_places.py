"""Findings are matched by (code, sheet, row, col) (issue 19): the main kinds land on the cell the user
must fix, and validation only judges: name resolution happens in loading, validate() changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban import schema
from duban.findings import ERROR, WARNING, Finding
from duban.read.book import read_book
from duban.read.ledger import load_ledger
from duban.rules.validate import sort_findings, validate

from cellxml import put_cells, text, uncomputed
from ledgers import DEPARTMENTS, OFFICES, D, done, item, make_ledger

CG = "城关街道办事处"
TODAY = dt.date(2026, 2, 10)
ITEMS = schema.ITEMS.title


def col(header: str) -> int:
    """1-based column of a 周交办 header in the standard layout."""
    return schema.ITEMS.headers.index(header) + 1


def findings(path: Path) -> list[Finding]:
    return validate(load_ledger(read_book(path)), TODAY)


def places(path: Path, code: str) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.level, f.sheet, f.row, f.col) for f in findings(path) if f.code == code]


def test_missing_lead_unit(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[done("1", CG, D(2026, 1, 20), D(2026, 1, 19)),
                                                    item("2", "", D(2026, 1, 20))])
    assert places(path, "missing-value") == [(ERROR, ITEMS, 3, col("牵头单位"))]


def test_bad_date(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[item("1", CG, "2026-13-45")])
    assert places(path, "bad-date") == [(ERROR, ITEMS, 2, col("完成时限"))]


def test_unknown_unit(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[item("1", CG, D(2026, 1, 20)), item("2", "区住建委", D(2026, 1, 20))])
    assert places(path, "unknown-unit") == [(ERROR, ITEMS, 3, col("牵头单位"))]


def test_formula_without_value(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[item("1", CG, D(2026, 1, 20))])
    ref = f"{chr(64 + col('调整后时限'))}2"
    path = put_cells(path, ITEMS, {ref: uncomputed(f"{chr(64 + col('完成时限'))}2+7")})
    assert places(path, "formula-without-value") == [(ERROR, ITEMS, 2, col("调整后时限"))]


def test_far_cell(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[item("1", CG, D(2026, 1, 20))])
    path = put_cells(path, ITEMS, {"AZ1048576": text("x")})
    (far,) = [f for f in findings(path) if f.code == "far-cell"]
    assert (far.level, far.sheet, far.row, far.col, far.cell) == (WARNING, ITEMS, 1048576, 52, "AZ1048576")


def test_copy_sheet(tmp_path):
    rows = [item(str(i), CG, D(2026, 1, 20)) for i in range(1, 4)]
    path = make_ledger(tmp_path / "a.xlsx", items=rows, extra_sheets={"周交办副本": [schema.ITEMS.headers] + rows})
    assert places(path, "copy-sheet") == [(WARNING, "周交办副本", 2, 1)]


def test_sort_orders_by_row_then_column_number():
    def at(row: int, c: int, level: str = WARNING) -> Finding:
        return Finding("not-meeting-day", level, ITEMS, row, c, "交办日期", "x")
    got = sort_findings([at(10, 27), at(10, 2), at(9, 3), at(None, None), at(30, 1, ERROR)])
    assert [f.cell for f in got] == ["A30", "A1", "C9", "B10", "AA10"]


# ---- validate() changes nothing -------------------------------------------------------------------

UNITS = st.sampled_from(OFFICES[:2] + DEPARTMENTS[:2] + ["城关", "区住建委", "区发改局、区财政局", "各街道",
                                                         "城关街道办事处（牵头）", " 区财政局", ""])
DATES = st.one_of(st.none(), st.dates(D(2025, 12, 1), D(2026, 3, 31)), st.just("2026-13-45"))
ROWS = st.lists(st.builds(lambda i, u, deadline, status, completed: item(str(i), u, deadline, status=status,
                                                                          completed=completed),
                          st.integers(1, 5), UNITS, DATES, st.sampled_from(["推进中", "已完成", "胡说"]), DATES),
                min_size=1, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS)
def test_validate_leaves_the_ledger_as_loaded(rows):
    with tempfile.TemporaryDirectory() as d:
        ledger = load_ledger(read_book(make_ledger(Path(d) / "a.xlsx", items=rows)))
    before = copy.deepcopy(ledger)
    validate(ledger, TODAY)
    # The working-day Calendar compares by identity and memoises the days it was asked about (run
    # memory, not ledger data): its registered days must be the same, then the rest compares as data.
    assert ledger.settings.calendar.registered == before.settings.calendar.registered
    before.settings.calendar = ledger.settings.calendar
    assert ledger == before


def test_loading_resolves_unit_names(tmp_path):
    path = make_ledger(tmp_path / "a.xlsx", items=[item("1", "城关", D(2026, 1, 20)),
                                                    item("2", "区住建委", D(2026, 1, 20))])
    ledger = load_ledger(read_book(path))
    assert [it.lead_unit for it in ledger.items] == [CG, None]

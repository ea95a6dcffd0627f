"""Property test: random grids round-trip through write_parts and python-calamine."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.xlsxio import Cell, Grid
from duban.xlsxio.xmltext import clean_text

from ledgers import write_parts

try:
    from test_xlsxio_fixtures import build_plain, calamine_rows
except ImportError:
    from tests.test_xlsxio_fixtures import build_plain, calamine_rows

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("甲乙丙_x0041_ <&>\t\n"),
                max_size=30)
values = st.one_of(
    st.none(),
    texts,
    st.integers(-(2 ** 53), 2 ** 53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.booleans(),
)
grids = st.lists(st.lists(values, max_size=6), min_size=1, max_size=8)


def norm(v):
    """python-calamine returns a date for a datetime at midnight."""
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    return v


def expected(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return clean_text(v)  # characters illegal in XML 1.0 are dropped
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return norm(v)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_plain(tmp_path_factory.mktemp("tpl") / "t.xlsx", {"周交办": [["编号"]], "月考评": [["x"]]})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=grids)
def test_random_grids_round_trip(tmp_path_factory, template, grid):
    path = tmp_path_factory.mktemp("rt") / "t.xlsx"
    shutil.copy(template, path)
    rows = [["表头"] + row for row in grid]  # anchor A1 so calamine's range starts there
    write_parts(path, {"月考评": Grid(rows), "新表": Grid([[Cell(v) if isinstance(v, str) else v for v in r]
                                                            for r in rows])}, backup=False)
    for title in ("月考评", "新表"):
        got = calamine_rows(path, title)
        width = max(len(r) for r in rows)
        want = [[expected(v) for v in r] + [""] * (width - len(r)) for r in rows]
        # calamine trims trailing empty rows/columns of the used range
        while want and all(v == "" for v in want[-1]):
            want.pop()
        used = max((i + 1 for r in want for i, v in enumerate(r) if v != ""), default=0)
        want = [r[:used] for r in want]
        got = [[norm(v) for v in r[:used]] + [""] * (used - len(r[:used])) for r in got]
        assert got == want

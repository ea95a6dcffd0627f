"""The buttons read an office's own layout as the command line does (issue 8, item 9).

xlwings reports cell values only: merged cells and table totals rows come from the saved file
(duban.read.book.attach_structure). Through xlwings' remote engine, with the workbook's full name
pointing at the saved file as desktop Excel's does, the computed sheets must equal the headless
`duban recompute` cell by cell; a merged sheet with unsaved changes is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from layouts import MONTH, TODAY, build
from ledgers import read_raw
from remote_engine import payload
from test_macros_remote import RECOMPUTED, assert_same_grid, headless_copy, run_excel, xw  # noqa: F401


def _as_text(grid):
    """Dates as ISO text: a workbook not made from the template has no date style, so the command
    line writes dates there as text (2026-09-14) where Excel writes a date cell."""
    return [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in grid]


def compare_with_headless(state, headless, titles) -> None:
    sheets = read_raw(headless).sheets
    for title in titles:
        skip = (0, 3, 6) if title == "运行日志" else ()   # time, file name, seconds
        assert_same_grid(title, _as_text(state.sheet(title).grid()), _as_text(sheets[title]), skip)


# Layouts whose reading depends on merges or an Excel table's totals row.
DAY = dt.date.fromisoformat(str(TODAY))
STRUCTURED = ("merged_meeting_cells", "excel_table_totals", "section_rows", "two_row_header_status",
              "instructions_row", "month_sheets", "combo_county", "combo_month_tables")


@pytest.mark.remote
@pytest.mark.parametrize("name", STRUCTURED)
def test_button_reads_merged_layouts_like_the_command_line(xw, tmp_path, name):  # noqa: F811
    src = build(name, tmp_path / f"{name}.xlsx")
    data = payload(src, name=str(src))      # desktop Excel: Book.fullname is the saved file's path
    outcome, state, _actions = run_excel(xw, data, "recompute", today=DAY, month=MONTH)
    assert outcome.ok, outcome.message
    headless = headless_copy(src, tmp_path, "recompute", "--month", MONTH, "--today", DAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)


@pytest.mark.remote
def test_unsaved_change_on_a_merged_sheet_is_refused(xw, tmp_path):  # noqa: F811
    src = build("merged_meeting_cells", tmp_path / "台账.xlsx")
    saved = src.read_bytes()
    data = payload(src, name=str(src))
    sheet = next(s for s in data["sheets"] if s["name"] == "周交办")
    sheet["values"][1][6] = "改过但还没保存的事项内容"
    outcome, state, _actions = run_excel(xw, data, "recompute", today=DAY, month=MONTH)
    assert not outcome.ok
    assert "请先保存台账" in outcome.message and "周交办" in outcome.message
    assert src.read_bytes() == saved


@pytest.mark.remote
def test_without_a_saved_file_values_alone_are_read(xw, tmp_path):  # noqa: F811
    """A plain layout (no merges) reads the same whether or not the saved file is found."""
    src = build("synonyms_a", tmp_path / "a.xlsx")
    copy = tmp_path / "b.xlsx"
    shutil.copy2(src, copy)
    outcome, state, _a = run_excel(xw, payload(src), "recompute", today=DAY, month=MONTH)
    assert outcome.ok, outcome.message
    headless = headless_copy(copy, tmp_path, "recompute", "--month", MONTH, "--today", DAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)

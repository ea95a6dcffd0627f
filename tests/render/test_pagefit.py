"""Fitting tables to A4 (duban.pagefit) and the 校验结果 layout: numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

from duban.findings import ERROR, WARNING, Finding
from duban.render.pagefit import content_minimums, fitted, wrapped_height
from duban.render.sheets import findings_grid, wrapped_text
from duban.xlsxio.model import Cell


def test_fitted_narrows_in_proportion_and_keeps_floors():
    assert fitted([10, 20], 40) == [10, 20]                      # fits: unchanged
    assert fitted([20, 40], 30) == [10.0, 20.0]                  # halved
    # the 4-wide gap stays (never widened to MIN_WIDTH), the date column keeps 11, the rest share 30 - 4 - 11
    assert fitted([4, 12, 30], 30, [0, 11, 0]) == [4, 11, 15.0]
    assert fitted([10, 20], 100, [0, 25]) == [10, 25]            # a short word's minimum may widen a column


def test_wrapped_height():
    # 30 Chinese characters = 63 units in a 20-wide column (20.5 units a line): 4 lines of 14.25 pt + 1.5
    assert wrapped_height(["字" * 30, 5], [20, 8]) == 58.5
    assert wrapped_height(["区直单位"], [8.6]) is None            # 8.4 units fit a line of 9.1
    assert wrapped_height([None, 12.5], [5, 5]) is None


def test_content_minimums_only_for_short_words():
    rows = [["区直单位", "不参与考评", "本月无应办结事项，也无点评等次，不参与排名", 3]]
    assert content_minimums(rows, wrapped_text) == [7.9, 10.0, 0.0, 0.0]


def test_findings_sheet_summary_and_grouping():
    same = [Finding("not-meeting-day", WARNING, "周交办", r, 3, "交办日期", "交办日期 2026-06-17 是星期三，不是例会日（星期一）",
                    "请核对交办日期") for r in range(10, 17)]
    error = Finding("unknown-unit", ERROR, "周交办", 5, 5, "牵头单位", "牵头单位“区住建委”不在单位名单中", "请从下拉列表中选择")
    g = findings_grid([error] + same, dt.datetime(2026, 11, 27, 9, 30))
    rows = [[c.value if isinstance(c, Cell) else c for c in r] for r in g.rows]
    assert rows[0] == ["校验结果"]
    assert rows[1][0].startswith("共 1 处错误、7 处警告（2026-11-27校验）。")
    assert rows[2][:3] == ["级别", "工作表", "单元格"]
    # the error, then the seven identical warnings on one line naming the first five cells, linked to C10
    assert rows[3][:3] == ["错误", "周交办", "E5"]
    assert rows[4][2] == "C10" and rows[4][4].endswith("（共 7 处：C10、C11、C12、C13、C14等）")
    assert g.rows[4][2].link == "'周交办'!C10"
    # then every finding, one per row, under 逐处明细
    assert rows[6][0] == "逐处明细" and rows[7][0] == "级别" and len(rows) == 8 + 8
    assert [r[2] for r in rows[8:]] == ["E5"] + [f"C{r}" for r in range(10, 17)]


def test_findings_sheet_without_repeats_has_no_detail_part():
    g = findings_grid([Finding("unknown-unit", ERROR, "周交办", 5, 5, "牵头单位", "x", "y")])
    assert len(g.rows) == 4 and not g.autofilter


def test_headless_writer_writes_row_heights(tmp_path):
    """Rows with long wrapped text get a custom height (LibreOffice would keep them one line tall)."""
    import zipfile

    from duban.template.builder import build_workbook
    from duban.xlsxio.model import Grid

    from ledgers import write_parts
    from test_workbook_support import sheet_part

    path = tmp_path / "t.xlsx"
    build_workbook(path, macros=False)
    write_parts(path, {"问责": Grid([["单位"], ["字" * 40]], heights={1: 44.25})}, backup=False)
    xml = zipfile.ZipFile(path).read(sheet_part(path, "问责")).decode("utf-8")
    assert '<row r="2" ht="44.25" customHeight="1">' in xml


# ---- issue 18, point 8: what the printed sheets showed ---------------------------------------------------

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from duban.render.sheets import FINDINGS_LINE, REVIEW_LINE, findings_summary  # noqa: E402
from duban.render.text import text_width  # noqa: E402

DIRTY = Path(__file__).resolve().parents[2] / "workbook" / "duban-sample-dirty.xlsm"


@pytest.fixture(scope="module")
def dirty_review():
    """月讲评 of the dirty sample (18 errors, 10 items left out), as recompute computes it."""
    from duban.render.sheets import month_review_grid
    from duban.run import analyse

    from ledgers import read_raw

    a = analyse(read_raw(DIRTY), dt.date(2026, 11, 27))
    return month_review_grid(a.ledger, a.evaluation, a.notice.paragraphs(), a.errors, a.today).rows


def test_month_review_ranks_are_numbers_and_the_mark_goes_on_the_unit(dirty_review):
    ranked = [r for r in dirty_review if len(r) >= 3 and isinstance(r[2], (int, float)) and r[0] is not None]
    marked = [r for r in ranked if str(r[1]).endswith("※")]
    assert marked and all(isinstance(r[0], int) for r in ranked)      # "3※" was text, left-aligned
    # units outside the ranking: no word in the narrow 名次 column (it wrapped: 不参与考/评)
    outside = [r for r in dirty_review if len(r) >= 5 and getattr(r[4], "value", r[4]) in ("不参与考评", "不参与排名")]
    assert outside and all(r[0] is None for r in outside)


def test_month_review_notice_lines_stay_within_the_table(dirty_review):
    lines = [c.value for r in dirty_review for c in r[:1] if isinstance(c, Cell) and c.role == "error"]
    assert lines and lines[0].startswith("注意：台账中有 18 处数据错误")
    assert all(text_width(t) <= REVIEW_LINE for t in lines)


def test_findings_summary_is_one_line_no_wider_than_the_table():
    many = [Finding("missing-value", ERROR, "周交办", i, 1, "牵头单位", "x") for i in range(12345)]
    many += [Finding("not-meeting-day", WARNING, "周交办", i, 2, "交办日期", "y") for i in range(23456)]
    many += [Finding("unused-columns", "提示", "周交办", 1, 3, "", "z")] * 7
    text = findings_summary(many, dt.date(2026, 11, 27))
    assert text == ("共 12345 处错误、23456 处警告（2026-11-27校验）。错误影响排名，请更正后重新校验；"
                    "警告不影响计分。另有 7 条读取说明。")
    assert text_width(text) <= FINDINGS_LINE


def test_reminder_message_rows_show_their_last_line():
    """A 13-line 催办 text in the 60-wide 催办文本 column: 16 pt a line (LibreOffice's CJK pitch), not 14.25,
    so 东关's date line is not cut off."""
    from duban.render.pagefit import TALL_LINE_PT

    text = "\n".join(["【督办提醒】东关街道办事处："] + ["一二三四五六七八九十" * 2] * 11 + ["2026年11月27日"])
    assert wrapped_height([text], [60], TALL_LINE_PT) == 13 * 16.0 + 1.5


def test_ledger_stats_hides_unused_room_and_packs_pages(tmp_path):
    """统计 in the ledger keeps room for each table's capacity (the template's charts point there). The sample
    (8 leaders, 7 categories, 4 review categories, 43 期次, 37 units) printed one section a page, five mostly
    blank pages; now the unused rows are hidden and sections share pages."""
    import re
    import shutil
    import zipfile

    from duban.commands.main import main
    from duban.render.sheets import STATS_ROWS_PER_PAGE, packed_breaks, stats_layout, stats_sections, stats_unused_rows

    counts = {"leader": 8, "category": 7, "review": 4, "period": 43, "unit": 37}
    hidden = stats_unused_rows(counts)
    layout = stats_layout()
    for key, ((hr, _c), _h, _cap) in layout.items():
        assert not any(hr + i in hidden for i in range(counts[key] + 1)), key   # header and data rows show
    (hr, _c), _h, cap = layout["category"]
    assert set(range(hr + 13, hr + cap + 1)) <= hidden          # under the 13-row chart: hidden
    breaks = packed_breaks(stats_sections(), hidden)
    assert len(breaks) < len(stats_sections()) - 1                  # sections share pages
    for start, end in stats_sections():                              # a section never crosses a break ...
        visible = sum(1 for r in range(start, end + 1) if r not in hidden)
        if visible <= STATS_ROWS_PER_PAGE:                          # ... when it fits on a page
            assert not any(start < b <= end for b in breaks), (start, end)

    book = tmp_path / "y.xlsm"
    shutil.copy(Path(__file__).resolve().parents[2] / "workbook" / "duban-sample.xlsm", book)
    assert main(["recompute", str(book), "--today", "2026-11-27"]) in (0, 1)
    with zipfile.ZipFile(book) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet name="统计"[^>]*r:id="(rId\d+)"', wb).group(1)
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        xml = z.read("xl/" + target.group(1).lstrip("/").removeprefix("xl/")).decode()
    from duban.render.sheets import stats_tables
    from duban.run import analyse

    from ledgers import read_raw

    a = analyse(read_raw(book), dt.date(2026, 11, 27))
    sample = stats_unused_rows({k: len(v) for k, v in stats_tables(a.stats).items()})
    written = {int(r) - 1 for r in re.findall(r'<row r="(\d+)"[^>]*hidden="1"', xml)}
    assert written == set(sample) and len(written) > 100
    assert tuple(int(b) for b in re.findall(r'<brk id="(\d+)"', xml)) == packed_breaks(stats_sections(), sample)

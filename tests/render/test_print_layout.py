"""Print layout, seen rather than assumed: the export of the shipped sample and the 通报 .docx are
rendered through LibreOffice to PDF; page counts, type sizes and page breaks are read from the result.

Also, without LibreOffice: no chart anchor on 统计 (export and template) crosses a page break.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from duban.commands.main import main

from test_workbook_support import read_part, related, sheet, sheet_part

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "duban-sample.xlsm"
TEMPLATE = Path(__file__).resolve().parents[2] / "workbook" / "duban-template.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RENDER = Path(__file__).resolve().parents[2] / "scripts" / "render-pages.sh"
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# CJK glyph boxes are about 1.3 em tall in the PDF text layer: 8 pt type -> 10.4 pt boxes.
MIN_CJK_BOX = 10.4

needs_lo = pytest.mark.skipif(not SOFFICE or not shutil.which("pdftotext"),
                              reason="needs LibreOffice and poppler-utils (pdftotext)")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    code = main(["export", str(SAMPLE), "--month", "2026-10", "--today", "2026-11-27", "--docx", "-o", str(out)])
    assert code in (0, 1)
    return next(out.glob("*.xlsx")), next(out.glob("*.docx"))


@pytest.fixture(scope="module")
def rendered(exported, tmp_path_factory):
    """PDF of the export and of the 通报 (rendered by scripts/render-pages.sh, PNGs of every page too)."""
    out = tmp_path_factory.mktemp("pages")
    subprocess.run(["bash", str(RENDER), str(out), *map(str, exported)], check=True, capture_output=True,
                   timeout=600)
    return tuple(out / (p.stem + ".pdf") for p in exported)


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def cjk_box_heights(pdf: Path) -> dict[int, float]:
    """Page -> the smallest height of a word box holding Chinese text."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = {}
    for i, page in enumerate(html.split("<page ")[1:], start=1):
        boxes = [float(y1) - float(y0) for y0, y1, word in
                 re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
                 if re.search(r"[\u4e00-\u9fff]", word)]
        out[i] = min(boxes)
    return out


@pytest.mark.libreoffice
@needs_lo
def test_export_pages(rendered):
    pages = pages_text(rendered[0])
    # 8 pages, and since issue 18 the 得分排名 sheet: one page per group (its chart beside the table)
    assert len(pages) <= 10, [p.strip().splitlines()[0] for p in pages]
    # every page carries the report's and its sheet's name in the page header: 月讲评 of 40 units (37
    # ranked) on 2 pages
    first_lines = [p.strip().splitlines()[0] for p in pages]
    assert sum(line.endswith("·月讲评") for line in first_lines) <= 2
    assert sum(line.endswith("·得分排名") for line in first_lines) <= 2
    assert all(line.startswith("示范区2026年10月督办工作月度讲评·") for line in first_lines)
    assert "统计口径：截至2026年10月31日" in pages[0]


@pytest.mark.libreoffice
@needs_lo
def test_export_type_is_not_shrunk(rendered):
    small = {page: h for page, h in cjk_box_heights(rendered[0]).items() if h < MIN_CJK_BOX}
    assert not small, f"pages with type under about 8 pt: {small}"


@pytest.mark.libreoffice
@needs_lo
def test_docx_pages(rendered):
    pages = [re.sub(r"\s+", "", p) for p in pages_text(rendered[1])]   # pdftotext spaces out CJK and digits
    assert 1 <= len(pages) <= 5
    assert "工作情况的通报" in pages[0] and "各街道办事处，区直各单位：" in pages[0]
    assert "2026年11月27日" in pages[-1] and pages[-1].endswith(f"—{len(pages)}—")   # page number in the footer
    assert pages[0].endswith("—1—")


def chart_rows(path: Path, title: str) -> list[tuple[int, int]]:
    drawing = read_part(path, related(path, sheet_part(path, title), "drawing")[0]).decode("utf-8")
    froms = [int(r) for r in re.findall(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>", drawing)]
    tos = [int(r) for r in re.findall(r"<xdr:to>.*?<xdr:row>(\d+)</xdr:row>", drawing)]
    return list(zip(froms, tos))


def row_breaks(path: Path, title: str) -> list[int]:
    """Zero-based rows that start a new page (<brk id> is the last row of the page before, 1-based)."""
    return [int(b.get("id")) for b in sheet(path, title).iter(f"{M}brk")]


def test_no_chart_crosses_a_page_break(exported):
    xlsx = exported[0]
    charts = chart_rows(xlsx, "统计")
    assert len(charts) == 4
    breaks = row_breaks(xlsx, "统计")
    assert breaks   # the sections are spread over pages by explicit breaks
    for first, last in charts:
        assert not [b for b in breaks if first < b <= last], (first, last, breaks)


def test_template_stats_breaks_between_sections():
    charts = chart_rows(TEMPLATE, "统计")
    breaks = row_breaks(TEMPLATE, "统计")
    assert len(charts) == 3 and len(breaks) == 4
    for first, last in charts:
        assert not [b for b in breaks if first < b <= last]


def test_print_setup_of_the_export(exported):
    xlsx = exported[0]
    for title, orientation in (("月讲评", "portrait"), ("统计", "portrait"), ("月考评", "landscape")):
        setup = sheet(xlsx, title).find(f"{M}pageSetup")
        assert (setup.get("paperSize"), setup.get("orientation"), setup.get("fitToWidth", "1"),
                setup.get("fitToHeight")) == ("9", orientation, "1", "0"), title
    # tables keep their header row (under title and 制表 line) on every page
    names = read_part(xlsx, "xl/workbook.xml").decode("utf-8")
    assert "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">月考评!$3:$3</definedName>" in names


def test_recompute_trims_the_ledgers_chart_ranges(tmp_path):
    """The headless writer cuts the template's capacity ranges (60 期次, 30 类别, 20 研判类别) to the
    rows it wrote, as the template builder would: no chart of 3 bars and 57 empty slots."""
    from duban import schema
    from duban.template.builder import build_workbook

    from ledgers import D, done, item, unit_rows
    from test_workbook_support import part_names

    items = [done("1", "城关街道办事处", D(2026, 10, 30), D(2026, 10, 20), grade="好", assigned=D(2026, 10, 5)),
             item("2", "区财政局", D(2026, 10, 16), assigned=D(2026, 10, 12)),
             item("3", "区住建局", D(2026, 12, 30), assigned=D(2026, 10, 19))]
    path = tmp_path / "台账.xlsx"
    build_workbook(path, macros=False, rows={schema.ITEMS.title: items, schema.UNITS.title: unit_rows()})

    def refs():
        out = set()
        for name in part_names(path):
            if name.startswith("xl/charts/chart"):
                out |= set(re.findall(r"<c:f>(.*?)</c:f>", read_part(path, name).decode("utf-8")))
        return out

    assert "统计!$A$107:$A$166" in refs()   # the template: room for 60 期次
    for _ in range(2):   # the second run finds trimmed ranges and keeps them right
        assert main(["recompute", str(path), "--month", "2026-10", "--today", "2026-11-27"]) in (0, 1)
        got = refs()
        # 3 期次 (weeks of 5, 12 and 19 October) -> rows 107-109; 7 default 类别 -> 49-55; 4 研判类别 -> 83-86
        assert {"统计!$A$107:$A$109", "统计!$C$107:$C$109", "统计!$D$107:$D$109", "统计!$A$49:$A$55",
                "统计!$D$49:$D$55", "统计!$A$83:$A$86", "统计!$D$83:$D$86"} <= got
        assert not any(r.endswith(("$166", "$78", "$102")) for r in got)


@pytest.fixture(scope="module")
def district_ledger(tmp_path_factory):
    """A 40-unit district (10 街道, 30 区直) after `duban recompute`, rendered to PDF."""
    import datetime as dt

    from duban import schema
    from duban.template.builder import build_workbook

    from ledgers import LEADERS, D, done, item, unit_rows

    offices = [f"第{i}街道办事处" for i in range(1, 11)]
    departments = [f"区第{i}局" for i in range(1, 31)]
    items = []
    for n, unit in enumerate(offices + departments):
        for k in range(3):
            assigned = D(2026, 9, 7) + dt.timedelta(weeks=(n + k) % 8)
            deadline = assigned + dt.timedelta(days=10)
            items.append(done(f"{n:02d}{k}", unit, deadline, deadline - dt.timedelta(days=n % 3), grade="好",
                              assigned=assigned) if (n + k) % 4 else item(f"{n:02d}{k}", unit, deadline, assigned=assigned))
    tmp = tmp_path_factory.mktemp("district")
    path = tmp / "台账.xlsx"
    build_workbook(path, macros=False, rows={schema.ITEMS.title: items, schema.LEADERS.title: LEADERS,
                                             schema.UNITS.title: unit_rows(offices, departments)})
    assert main(["recompute", str(path), "--month", "2026-10", "--today", "2026-11-27"]) in (0, 1)
    if not SOFFICE or not shutil.which("pdftotext"):
        return path, None
    out = tmp / "pages"
    subprocess.run(["bash", str(RENDER), str(out), str(path)], check=True, capture_output=True, timeout=600)
    return path, out / "台账.pdf"


def pages_by_sheet(pdf: Path) -> dict[str, list[int]]:
    """Sheet name (each page's header) -> its page numbers."""
    out: dict[str, list[int]] = {}
    for i, text in enumerate(pages_text(pdf), start=1):
        lines = text.strip().splitlines()
        out.setdefault(lines[0].strip() if lines else "", []).append(i)
    return out


@pytest.mark.libreoffice
@needs_lo
def test_ledger_report_sheets_print(district_ledger):
    _path, pdf = district_ledger
    sheets = pages_by_sheet(pdf)
    assert len(sheets["月讲评"]) <= 2, sheets      # 40 units, rankings and the 通报 text
    assert len(sheets["统计"]) <= 6, sheets         # five sections with room for a year, one page each
    sizes = cjk_box_heights(pdf)
    for title in ("月讲评", "月考评", "统计", "校验结果", "年度汇总"):
        small = {p: sizes[p] for p in sheets.get(title, []) if sizes[p] < MIN_CJK_BOX}
        assert not small, f"{title}: type under about 8 pt on pages {small}"


def test_ledger_stats_charts_sit_between_page_breaks(district_ledger):
    path, _pdf = district_ledger
    breaks = row_breaks(path, "统计")
    for first, last in chart_rows(path, "统计"):
        assert not [b for b in breaks if first < b <= last]

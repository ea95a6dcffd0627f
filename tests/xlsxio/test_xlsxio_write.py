"""write_parts: only our parts change; values, links, styles and preserved elements are right."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest

from duban.errors import WriteFailed
from duban.schema import STYLE_ROLES, STYLE_SHEET_TITLE
from duban.xlsxio import Cell, Grid, read_sheet_xml
from duban.xlsxio.sheetxml import WORKSHEET_ORDER

from ledgers import write_parts

try:
    from test_xlsxio_fixtures import (
        ROLE_S,
        assert_untouched,
        build_excel_like,
        build_plain,
        build_rich,
        calamine_rows,
        contents,
        raw_members,
    )
except ImportError:
    from tests.test_xlsxio_fixtures import (
        ROLE_S,
        assert_untouched,
        build_excel_like,
        build_plain,
        build_rich,
        calamine_rows,
        contents,
        raw_members,
    )

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
M = "{" + NS["m"] + "}"
WB_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}


def sheet_part(path, title):
    """Member name of a sheet (via openpyxl-free parsing of the workbook)."""
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
               for s in wb.iter(M + "sheet") if s.get("name") == title)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def cells(path, title):
    """ref -> <c> element of a sheet."""
    root = ET.fromstring(read_sheet_xml(path, title))
    return {c.get("r"): c for c in root.iter(M + "c")}


def role_s(path):
    return {r: cells(path, STYLE_SHEET_TITLE)[f"A{i + 1}"].get("s") for i, r in enumerate(STYLE_ROLES)}


def child_names(xml: bytes):
    return [el.tag.split("}")[1] for el in ET.fromstring(xml)]


def assert_schema_order(xml: bytes):
    names = [n for n in child_names(xml) if n in WORKSHEET_ORDER]
    ranks = [WORKSHEET_ORDER.index(n) for n in names]
    assert ranks == sorted(ranks), names


RESULT = Grid([
    [Cell("单位", "header"), Cell("得分", "header"), Cell("日期", "header"), Cell("时间", "header"),
     Cell("链接", "header"), Cell("是否", "header")],
    ["甲街道", 95.5, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30, 15), Cell("去看", "link", "'周交办'!C5"), True],
    ["乙街道", 88, dt.date(2024, 3, 2), dt.datetime(2024, 3, 2, 23, 59, 59), Cell("C6", "link", "'周交办'!C6"), False],
    [Cell("末位", "error"), Cell(71.25, "number"), None, Cell(None, "warning"), "=1+1", '=HYPERLINK("http://x","y")'],
])


@pytest.fixture
def rich(tmp_path):
    return build_rich(tmp_path / "台账.xlsm", vba=True, ledger_rows=50)


def test_only_owned_members_change(tmp_path, rich):
    orig = tmp_path / "orig.xlsm"
    shutil.copy2(rich, orig)
    month_part = sheet_part(rich, "月考评")
    rep = write_parts(rich, {"月考评": RESULT, "校验结果": Grid([["级别", "问题"], ["错误", "x"]])})
    assert rep.sheets_written == ["月考评", "校验结果"] and rep.sheets_added == ["校验结果"]
    after = contents(rich)
    before = contents(orig)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {month_part} | WB_PARTS
    assert month_part in changed
    assert_untouched(orig, rich, {month_part} | WB_PARTS)
    # member order kept, new sheet appended
    names = list(after)
    assert names[:len(before)] == list(before)
    assert names[len(before):] == ["xl/worksheets/sheet7.xml"]
    # vba, chart, drawing, vml (button) all byte-identical in raw form
    raw_b, raw_a = raw_members(orig), raw_members(rich)
    for n in ("xl/vbaProject.bin", "xl/charts/chart1.xml", "xl/drawings/vmlDrawing1.vml",
              "xl/drawings/drawing1.xml", "xl/styles.xml", "xl/sharedStrings.xml"):
        assert raw_a[n] == raw_b[n], n
    assert b"vbaProject" in after["[Content_Types].xml"]


def test_untouched_when_only_writing_existing_sheet(tmp_path, rich):
    orig = tmp_path / "o.xlsm"
    shutil.copy2(rich, orig)
    write_parts(rich, {"月考评": RESULT})
    before, after = contents(orig), contents(rich)
    changed = {n for n in before if before[n] != after[n]}
    # xlsxwriter already sets fullCalcOnLoad: workbook.xml changes only for the _FilterDatabase range
    assert changed == {sheet_part(rich, "月考评"), "xl/workbook.xml"}
    assert list(after) == list(before)
    wb = after["xl/workbook.xml"].decode()
    assert 'fullCalcOnLoad="1"' in wb
    diff_wb = re.sub(r"\$[A-Z]+\$\d+:\$[A-Z]+\$\d+", "", wb)
    diff_before = re.sub(r"\$[A-Z]+\$\d+:\$[A-Z]+\$\d+", "", before["xl/workbook.xml"].decode())
    assert diff_wb == diff_before


def test_values_read_back_with_calamine_and_openpyxl(rich):
    write_parts(rich, {"月考评": RESULT})
    rows = calamine_rows(rich, "月考评")
    assert rows[0] == ["单位", "得分", "日期", "时间", "链接", "是否"]
    assert rows[1] == ["甲街道", 95.5, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30, 15), "去看", True]
    assert rows[2][:5] == ["乙街道", 88, dt.date(2024, 3, 2), dt.datetime(2024, 3, 2, 23, 59, 59), "C6"]
    assert rows[2][5] is False
    assert rows[3][0] == "末位" and rows[3][1] == 71.25 and rows[3][4] == "=1+1"
    assert rows[3][5] == '=HYPERLINK("http://x","y")'
    assert len(rows) == 4  # old rows (5 units, merged note, old link) are gone

    wb = openpyxl.load_workbook(rich)
    ws = wb["月考评"]
    assert ws["A2"].value == "甲街道" and ws["B2"].value == 95.5 and ws["B3"].value == 88
    assert ws["C2"].value == dt.datetime(2024, 3, 1) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].value == dt.datetime(2024, 3, 1, 8, 30, 15)
    assert ws["D2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["A1"].font.b and ws["A1"].alignment.horizontal == "center"
    assert ws["E2"].hyperlink.location == "'周交办'!C5" and ws["E3"].hyperlink.location == "'周交办'!C6"
    assert ws["E4"].data_type == "s" and ws["E4"].value == "=1+1"
    assert ws["F2"].value is True
    assert ws["A4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert not ws.merged_cells.ranges


def test_roles_use_style_sheet_indexes(rich):
    write_parts(rich, {"月考评": RESULT})
    s = role_s(rich)
    assert len(set(s.values())) == len(STYLE_ROLES)  # fixture gives every role its own style
    c = cells(rich, "月考评")
    assert c["A1"].get("s") == s["header"]
    assert c["A2"].get("s") == s["text"]
    assert c["B2"].get("s") == s["number"]
    assert c["B3"].get("s") == s["int"]
    assert c["C2"].get("s") == s["date"]
    assert c["D2"].get("s") == s["datetime"]
    assert c["E2"].get("s") == s["link"]
    assert c["A4"].get("s") == s["error"]
    assert c["D4"].get("s") == s["warning"] and c["D4"].find(M + "v") is None
    assert "C4" not in c  # plain None: no cell at all


def test_strings_never_formulas_and_inline(rich):
    write_parts(rich, {"月考评": RESULT})
    xml = read_sheet_xml(rich, "月考评")
    assert b"<f>" not in xml and b"<f " not in xml
    c = cells(rich, "月考评")
    for ref in ("E4", "F4", "A2"):
        assert c[ref].get("t") == "inlineStr"
    assert c["F2"].get("t") == "b"


def test_illegal_characters_dropped_and_escapes(tmp_path, rich):
    nasty = "a\x00b\x01c\x1fd\ud800e\uffff<&>\"'"
    write_parts(rich, {"月考评": Grid([[nasty, "  空格  ", "行1\n行2\t制表", "_x0041_", "x" * 40000,
                                         "\r", "0\t\x08"]])})
    row = calamine_rows(rich, "月考评")[0]
    assert row[5:] == ["\r", "0\t"]  # whitespace kept (xml:space), judged after dropping illegal chars
    assert row[0] == "abcde<&>\"'"
    assert row[1] == "  空格  "
    assert row[2] == "行1\n行2\t制表"
    assert row[3] == "_x0041_"
    assert len(row[4]) == 32767
    assert openpyxl.load_workbook(rich)["月考评"]["A1"].value == "abcde<&>\"'"


def test_preserved_elements_of_rewritten_sheet(rich):
    before = read_sheet_xml(rich, "月考评")
    write_parts(rich, {"月考评": RESULT})
    xml = read_sheet_xml(rich, "月考评")
    names = child_names(xml)
    for keep in ("sheetPr", "sheetViews", "sheetFormatPr", "cols", "sheetProtection", "autoFilter",
                 "conditionalFormatting", "dataValidations", "printOptions", "pageMargins", "pageSetup",
                 "headerFooter"):
        if keep in child_names(before):
            assert keep in names, keep
    assert "mergeCells" not in names
    assert_schema_order(xml)
    root = ET.fromstring(xml)
    assert root.find("m:autoFilter", NS).get("ref") == "A1:F4"
    assert root.find("m:dimension", NS).get("ref") == "A1:F4"
    assert root.find("m:sheetViews/m:sheetView/m:pane", NS).get("state") == "frozen"
    # elements we do not own are byte-identical
    for tag in (b"sheetViews", b"cols", b"sheetProtection", b"conditionalFormatting", b"dataValidations",
                b"pageSetup", b"headerFooter"):
        m = re.search(rb"<" + tag + rb"[ >].*?</?" + tag + rb"[^>]*>|<" + tag + rb"[^>]*/>", before, re.S)
        if m:
            assert m.group(0) in xml, tag
    ws = openpyxl.load_workbook(rich)["月考评"]
    assert ws.freeze_panes == "A2" and ws.protection.sheet
    assert ws.conditional_formatting and ws.data_validations.dataValidation
    assert ws.page_setup.orientation == "landscape"
    # the hidden _FilterDatabase name follows the new range
    wb_xml = contents(rich)["xl/workbook.xml"].decode()
    assert "月考评!$A$1:$F$4</definedName>" in wb_xml


def test_autofilter_false_removes_filter(rich):
    write_parts(rich, {"月考评": Grid([["a"]], autofilter=False)})
    assert "autoFilter" not in child_names(read_sheet_xml(rich, "月考评"))


def test_new_sheet_is_complete(tmp_path, rich):
    write_parts(rich, {"历史排名": Grid([["月份", "名次"], ["2024-01", 1], [Cell("说明", "note")]])})
    assert calamine_rows(rich, "历史排名") == [["月份", "名次"], ["2024-01", 1], ["说明", ""]]
    wb = openpyxl.load_workbook(rich)
    assert wb.sheetnames[-1] == "历史排名"
    assert wb["历史排名"]["B2"].value == 1 and wb["历史排名"].auto_filter.ref == "A1:B3"
    c = contents(rich)
    ct = c["[Content_Types].xml"].decode()
    assert '<Override PartName="/xl/worksheets/sheet7.xml"' in ct
    wbx = ET.fromstring(c["xl/workbook.xml"])
    ids = [s.get("sheetId") for s in wbx.iter(M + "sheet")]
    assert len(ids) == len(set(ids))
    rels = ET.fromstring(c["xl/_rels/workbook.xml.rels"])
    rids = [r.get("Id") for r in rels]
    assert len(rids) == len(set(rids))


def test_two_new_sheets_get_distinct_parts(rich):
    write_parts(rich, {"甲": Grid([["1"]]), "乙": Grid([["2"]])})
    assert calamine_rows(rich, "甲") == [["1"]] and calamine_rows(rich, "乙") == [["2"]]


def test_invalid_new_title_is_refused(rich):
    with pytest.raises(WriteFailed):
        write_parts(rich, {"a/b": Grid([["x"]])})
    with pytest.raises(WriteFailed):
        write_parts(rich, {"x" * 32: Grid([["x"]])})


def test_unknown_role_is_a_programming_error(rich):
    with pytest.raises(ValueError):
        write_parts(rich, {"月考评": Grid([[Cell("x", "bogus")]])})


def test_no_style_sheet_means_no_s(tmp_path):
    p = build_plain(tmp_path / "p.xlsx", {"月考评": [["x"]]}, with_styles=False)
    write_parts(p, {"月考评": Grid([[Cell("h", "header"), 1.5, dt.date(2024, 1, 1)]])})
    assert all(c.get("s") is None for c in cells(p, "月考评").values())


# -- cell patches ------------------------------------------------------------------------------

def _rows_xml(xml: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)".*?</row>', xml, re.S)}


def test_cell_patch_changes_exactly_those_cells(tmp_path, rich):
    orig = tmp_path / "o.xlsm"
    shutil.copy2(rich, orig)
    s = role_s(rich)
    before_xml = read_sheet_xml(rich, "周交办")
    before = calamine_rows(rich, "周交办")
    c_before = cells(rich, "周交办")
    patches = {(3, 12): "本周已完成浇筑", (3, 11): dt.date(2024, 4, 2), (5, 2): None,
               (7, 10): "已完成", (60, 1): 99, (60, 0): "新行", (4, 16): Cell("备注", "warning")}
    rep = write_parts(rich, {}, cell_patches={"周交办": patches})
    assert rep.cells_patched == len(patches) and rep.sheets_written == []
    after = calamine_rows(rich, "周交办")
    for r, row in enumerate(after):
        for c, v in enumerate(row):
            if (r, c) in patches:
                continue
            old = before[r][c] if r < len(before) and c < len(before[r]) else ""
            assert v == old, (r, c)
    assert after[3][12] == "本周已完成浇筑" and after[3][11] == dt.date(2024, 4, 2)
    assert after[5][2] == "" and after[7][10] == "已完成"
    assert after[60][0] == "新行" and after[60][1] == 99 and after[4][16] == "备注"
    c_after = cells(rich, "周交办")
    assert c_after["C6"].get("s") == c_before["C6"].get("s") is not None  # cleared, style kept
    assert c_after["C6"].find(M + "v") is None
    assert c_after["K8"].get("s") == c_before["K8"].get("s")
    assert c_after["L4"].get("s") == s["date"]  # new date cell gets the date role
    assert c_after["Q5"].get("s") == s["warning"]
    # rows not patched are byte-identical; new row in order; dimension covers it
    rb, ra = _rows_xml(before_xml), _rows_xml(read_sheet_xml(rich, "周交办"))
    for n in rb:
        if n not in (4, 5, 6, 8):
            assert ra[n] == rb[n], n
    assert list(ra) == sorted(ra) and 61 in ra
    refs = [c.get("r") for c in ET.fromstring(ra[4]).iter(M + "c")]
    assert refs == sorted(refs, key=lambda r: (len(r.rstrip("0123456789")), r))
    assert re.search(rb'<dimension ref="A1:S61"/>', read_sheet_xml(rich, "周交办"))   # 19 columns
    # only the ledger sheet (and workbook.xml for calcPr) changed
    part = sheet_part(rich, "周交办")
    assert_untouched(orig, rich, {part, "xl/workbook.xml"})
    assert openpyxl.load_workbook(rich)["周交办"]["M4"].value == "本周已完成浇筑"


def test_patch_on_missing_sheet_fails_cleanly(tmp_path, rich):
    data = rich.read_bytes()
    with pytest.raises(WriteFailed) as ei:
        write_parts(rich, {}, cell_patches={"没有这张表": {(0, 0): 1}})
    assert "找不到工作表" in ei.value.message and "原文件未改动" in ei.value.message
    assert rich.read_bytes() == data


def test_patch_shared_formula_master_refused(tmp_path):
    p = build_excel_like(tmp_path / "e.xlsx")
    with zipfile.ZipFile(p) as z:
        members = {i: z.read(i) for i in z.namelist()}
    members["xl/sheets/ledger.xml"] = members["xl/sheets/ledger.xml"].replace(
        b'<x:c r="C3" s="2"><x:v>100</x:v></x:c>',
        b'<x:c r="C3" s="2"><x:f t="shared" ref="C3:C9" si="0">A3</x:f><x:v>100</x:v></x:c>')
    with zipfile.ZipFile(p, "w") as z:
        for n, d in members.items():
            z.writestr(n, d)
    data = p.read_bytes()
    with pytest.raises(WriteFailed) as ei:
        write_parts(p, {}, cell_patches={"周交办": {(2, 2): 5}})
    assert "共享公式" in ei.value.message
    assert p.read_bytes() == data


# -- Excel-like input: prefixes, mc:AlternateContent, x14 extLst, data descriptors, date1904 ----

@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_excel_like_workbook(tmp_path):
    p = build_excel_like(tmp_path / "e.xlsx")
    orig = tmp_path / "o.xlsx"
    shutil.copy2(p, orig)
    grid = Grid([[Cell("单位", "header"), "得分", "日期"], ["甲", 1, dt.date(2024, 1, 2)],
                 [Cell("链接", "link", "'周交办'!A3")]])
    rep = write_parts(p, {"月考评": grid}, cell_patches={"周交办": {(1, 1): "新内容", (2, 2): dt.date(2024, 5, 6)}})
    assert rep.calc_chain_removed
    c = contents(p)
    assert "xl/calcChain.xml" not in c
    assert b"calcChain" not in c["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in c["[Content_Types].xml"]
    changed = {"xl/worksheets/sheet2.xml", "xl/sheets/ledger.xml"} | WB_PARTS
    assert_untouched(orig, p, changed | {"xl/calcChain.xml"})
    # data-descriptor members were rewritten with fresh local headers (flag bit 3 cleared)
    with zipfile.ZipFile(p) as z:
        assert all(not i.flag_bits & 0x08 for i in z.infolist() if i.filename == "xl/styles.xml")
        assert z.testzip() is None
    wb = c["xl/workbook.xml"]
    assert wb.index(b'<x:calcPr fullCalcOnLoad="1"/>') < wb.index(b"<x:extLst>")
    sheet = c["xl/worksheets/sheet2.xml"]
    assert_schema_order(sheet)
    names = child_names(sheet)
    assert names[-2:] == ["AlternateContent", "extLst"] and "mergeCells" not in names
    assert names.index("hyperlinks") == names.index("conditionalFormatting") + 1
    assert b"x14:dataValidations" in sheet and b'mc:Ignorable="x14ac xr"' in sheet
    assert b'xr:uid="{00000000-0009-0000-0000-000000000000}"' in sheet
    # prefixed ledger: new cells use the x: prefix and keep order; date1904 serials
    ledger = c["xl/sheets/ledger.xml"]
    assert b'<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>\xe6\x96\xb0\xe5\x86\x85\xe5\xae\xb9</x:t></x:is></x:c></x:row>' in ledger
    serial = (dt.date(2024, 5, 6) - dt.date(1904, 1, 1)).days
    assert f'<x:c r="C3" s="2"><x:v>{serial}</x:v></x:c>'.encode() in ledger
    wbo = openpyxl.load_workbook(p)
    assert wbo["周交办"]["C3"].value == dt.datetime(2024, 5, 6)
    assert wbo["月考评"]["C2"].value == dt.datetime(2024, 1, 2)
    assert wbo["月考评"]["A3"].hyperlink.location == "'周交办'!A3"
    assert wbo["月考评"]["A1"].font.b
    rows = calamine_rows(p, "月考评")
    assert rows[0] == ["单位", "得分", "日期"] and rows[1][:2] == ["甲", 1]
    assert cells(p, "月考评")["C2"].get("s") == str(ROLE_S["date"])


def test_calc_chain_kept_when_not_affected(tmp_path):
    p = build_excel_like(tmp_path / "e.xlsx")
    rep = write_parts(p, {"新表": Grid([["x"]])})
    assert not rep.calc_chain_removed
    assert "xl/calcChain.xml" in contents(p)


def test_date_serials_1900(tmp_path, rich):
    write_parts(rich, {"月考评": Grid([[dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1),
                                         dt.date(2024, 1, 1), dt.date(1899, 1, 1)]])})
    c = cells(rich, "月考评")
    assert [c[r].find(M + "v").text for r in ("A1", "B1", "C1", "D1")] == ["1", "59", "61", "45292"]
    assert c["E1"].get("t") == "inlineStr"  # not representable: kept as text


# -- backup and report ------------------------------------------------------------------------

def test_backup_identical_and_pruned(tmp_path, rich):
    folder = rich.parent / "督办备份"
    folder.mkdir()
    for i in range(25):
        (folder / f"{rich.stem}_20200101_0000{i:02d}_000000{rich.suffix}").write_bytes(b"old")
    (folder / "别的文件_20200101_000000_000000.xlsm").write_bytes(b"keep")
    data = rich.read_bytes()
    rep = write_parts(rich, {"月考评": RESULT})
    assert rep.backup is not None and rep.backup.parent == folder
    assert re.fullmatch(rf"{rich.stem}_\d{{8}}_\d{{6}}_\d{{6}}\.xlsm", rep.backup.name)
    assert rep.backup.read_bytes() == data
    mine = sorted(p for p in folder.iterdir() if p.name.startswith(rich.stem))
    assert len(mine) == 20 and rep.backup in mine
    assert (folder / "别的文件_20200101_000000_000000.xlsm").exists()
    assert rep.seconds > 0


def test_no_backup_when_disabled(rich):
    rep = write_parts(rich, {"月考评": RESULT}, backup=False)
    assert rep.backup is None and not (rich.parent / "督办备份").exists()


def test_no_leftovers_and_mode_kept(tmp_path, rich):
    rich.chmod(0o640)
    write_parts(rich, {"月考评": RESULT})
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {rich.name, "督办备份"}
    assert rich.stat().st_mode & 0o777 == 0o640


def test_read_sheet_xml_missing_title(rich):
    with pytest.raises(KeyError):
        read_sheet_xml(rich, "没有")
    assert read_sheet_xml(rich, "月考评").startswith(b"<?xml")


def test_repeated_writes_are_stable(tmp_path, rich):
    write_parts(rich, {"月考评": RESULT, "新": Grid([["a"]])})
    first = contents(rich)
    write_parts(rich, {"月考评": RESULT, "新": Grid([["a"]])})
    second = contents(rich)
    assert first == second


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_result(tmp_path):
    """An independent consumer: LibreOffice converts the written sheets to CSV."""
    import subprocess
    p = build_excel_like(tmp_path / "e.xlsx")
    write_parts(p, {"月考评": RESULT}, cell_patches={"周交办": {(1, 1): "答卷"}}, backup=False)
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()
    try:
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                        str(p), "--outdir", str(out)], capture_output=True, timeout=180, check=True)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as e:
        pytest.skip(f"LibreOffice did not run: {e}")
    month = (out / "e-月考评.csv").read_text(encoding="utf-8").splitlines()
    assert month[0] == "单位,得分,日期,时间,链接,是否"
    assert month[1] == "甲街道,95.5,2024-03-01,2024-03-01 08:30:15,去看,TRUE"
    assert month[3].startswith("末位,71.25,,,=1+1,")
    ledger = (out / "e-周交办.csv").read_text(encoding="utf-8").splitlines()
    assert ledger[1] == ",答卷," and ledger[2] == "X-3,,1904-04-10"


# ---- the Mark of the Web (Windows Zone.Identifier stream) --------------------------------------

ZONE = b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://mail.example.cn/\r\n"


@pytest.fixture
def ntfs(monkeypatch):
    """A stand-in for NTFS alternate data streams on Linux: "FILE:Zone.Identifier" is a file
    beside FILE, and os.replace gives the destination the source's streams (the old file's go
    with it), as Windows does."""
    from duban.xlsxio import transaction

    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        stream_src, stream_dst = f"{src}:Zone.Identifier", f"{dst}:Zone.Identifier"
        if os.path.exists(stream_src):
            real_replace(stream_src, stream_dst)
        elif os.path.exists(stream_dst):
            os.unlink(stream_dst)

    monkeypatch.setattr(transaction, "ALTERNATE_STREAMS", True)
    monkeypatch.setattr(os, "replace", replace)


def zone(path) -> bytes | None:
    stream = f"{path}:Zone.Identifier"
    return open(stream, "rb").read() if os.path.exists(stream) else None


def test_emailed_ledger_keeps_its_mark_of_the_web(rich, ntfs):
    # An .xlsx/.xlsm saved from an e-mail carries ZoneId=3: Office blocks its macros. After our
    # write it must still carry it (and so must the backup, a copy of the same file).
    with open(f"{rich}:Zone.Identifier", "wb") as f:
        f.write(ZONE)
    report = write_parts(rich, {"月考评": Grid([["单位"], ["甲"]])})
    assert zone(rich) == ZONE
    assert zone(report.backup) == ZONE
    assert not [p for p in rich.parent.iterdir() if p.name.startswith(".~") and "Zone" in p.name]


def test_ledger_without_mark_gets_none(rich, ntfs):
    write_parts(rich, {"月考评": Grid([["单位"], ["甲"]])})
    assert zone(rich) is None


def test_no_stream_copied_off_windows(rich):
    # Off Windows "FILE:Zone.Identifier" is just another file name: nothing is read or written.
    sidecar = rich.parent / f"{rich.name}:Zone.Identifier"
    sidecar.write_bytes(ZONE)
    report = write_parts(rich, {"月考评": Grid([["单位"], ["甲"]])})
    assert sidecar.read_bytes() == ZONE
    assert not (report.backup.parent / f"{report.backup.name}:Zone.Identifier").exists()

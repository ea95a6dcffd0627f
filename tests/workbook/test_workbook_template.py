"""The template workbook: sheets, headers, names, dropdowns, formats, protection, layout."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

from duban import schema
from duban.read import params
from duban.template import layout, lists
from duban.template.builder import HOME_STATUS_CELLS, PROTECTED_SHEETS, XLWINGS_CONF, build_workbook
from duban.template.home import BUTTONS, STATUS_LABELS

from test_workbook_support import (
    NS,
    button_macros,
    defined_names,
    grid,
    part_names,
    read_part,
    related,
    sheet,
    sheet_part,
    workbook,
)

EXPECTED_ORDER = ["首页", "参数", "单位", "领导", "周交办", "周研判", "加减分", "月考评", "月讲评", "问责", "年度汇总",
                  "统计", "校验结果", "历史排名", "运行日志", "变更记录", "催办提醒", "xlwings.conf", "_样式"]
TABLE_SHEETS = [s for s in schema.ALL_SHEETS
                if s not in (schema.PARAMS, schema.MONTH_REVIEW, schema.STATS, schema.FINDINGS)]
M = f"{{{NS['m']}}}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    xlsm, xlsx = folder / "t.xlsm", folder / "t.xlsx"
    build_workbook(xlsm)
    build_workbook(xlsx, macros=False)
    return xlsm, xlsx


@pytest.fixture(scope="module")
def xlsm(built):
    return built[0]


def test_sheet_order_and_visibility(built):
    for path in built:
        assert CalamineWorkbook.from_path(str(path)).sheet_names == EXPECTED_ORDER
        states = {s.get("name"): s.get("state") for s in workbook(path).find("m:sheets", NS)}
        assert {n for n, st in states.items() if st == "hidden"} == {"xlwings.conf", "_样式"}


@pytest.mark.parametrize("sheet_def", TABLE_SHEETS, ids=lambda s: s.title)
def test_header_row(xlsm, sheet_def):
    assert grid(xlsm, sheet_def.title)[0] == sheet_def.headers


def test_params_sheet_is_the_template_grid(xlsm):
    got = grid(xlsm, "参数")
    want = params.template_rows()
    for r, row in enumerate(want):
        for c, v in enumerate(row):
            assert got[r][c] == (v if v is not None else ""), (r, c)
    # block titles bold, block headers in the header style
    ws = openpyxl.load_workbook(xlsm, read_only=False).worksheets[1]
    assert ws["A1"].font.b and ws["A1"].value == "【基本设置】"
    assert ws["A2"].fill.fgColor.rgb.endswith("DDEBF7")


def test_style_sheet_prototypes(xlsm):
    root = sheet(xlsm, schema.STYLE_SHEET_TITLE)
    cells = {c.get("r"): c.get("s") for c in root.iter(M + "c")}
    styles = [cells[f"A{i + 1}"] for i in range(len(schema.STYLE_ROLES))]
    assert len(set(styles)) == len(styles) and "0" not in styles and None not in styles
    assert [r[0] for r in grid(xlsm, schema.STYLE_SHEET_TITLE)[:len(schema.STYLE_ROLES)]] == list(schema.STYLE_ROLES)
    ws = openpyxl.load_workbook(xlsm).worksheets[-1]
    cell = {role: ws.cell(i + 1, 1) for i, role in enumerate(schema.STYLE_ROLES)}
    assert cell["header"].font.b and cell["header"].alignment.wrap_text and cell["header"].border.left.style
    assert cell["title"].font.b and cell["title"].font.sz > 11
    assert cell["int"].number_format == "#,##0" and cell["number"].number_format == "0.00"
    assert cell["rate"].number_format == '0.0"%"' and cell["date"].number_format == "yyyy-mm-dd"
    assert cell["money"].number_format == "#,##0" and cell["note"].font.i is not True
    assert all(cell[r].font.name == "宋体" for r in schema.STYLE_ROLES)   # an explicit CJK font, never Calibri
    assert cell["datetime"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert cell["link"].font.u and not cell["note"].font.i   # no fake italics on Chinese
    assert cell["wrap"].alignment.wrap_text and not cell["para"].alignment.wrap_text
    assert cell["para"].border.left.style is None and cell["text"].border.left.style
    for role in ("error", "warning", "good"):
        assert cell[role].fill.fgColor.rgb not in (None, "00000000")


def test_defined_list_names(xlsm):
    names = {n: f for (n, local), f in defined_names(xlsm).items() if local is None}
    assert set(schema.LIST_NAMES.values()) <= set(names)
    blocks = params.template_block_ranges()
    for key, title in lists.PARAM_LISTS.items():
        first, last = blocks[title]
        f = names[schema.LIST_NAMES[key]]
        assert f == f"OFFSET(参数!$A${first + 1},0,0,MAX(1,COUNTA(参数!$A${first + 1}:$A${last + 1})),1)"
        # the range starts on the block's first entry and includes the spare rows
        assert grid(xlsm, "参数")[first][0] == params.DEFAULT_BLOCKS[title][1][0][0]
        assert last - first + 1 == len(params.DEFAULT_BLOCKS[title][1]) + params.SPARE_ROWS
    assert names["单位列表"] == f"OFFSET(单位!$A$2,0,0,MAX(1,COUNTA(单位!$A$2:$A${lists.UNIT_ROWS + 1})),1)"
    assert names["领导列表"] == f"OFFSET(领导!$A$2,0,0,MAX(1,COUNTA(领导!$A$2:$A${lists.LEADER_ROWS + 1})),1)"
    assert names["是否列表"] == "_样式!$C$1:$C$2"
    assert [r[2] for r in grid(xlsm, "_样式")[:2]] == ["是", "否"]
    assert names[lists.DUE_SOON_NAME] == "IF(ISNUMBER(参数!$B$8),参数!$B$8,3)"
    assert grid(xlsm, "参数")[7][0] == lists.DUE_SOON_NAME


def validations(path, title):
    return [(dv.get("sqref"), dv.get("type"), dv.get("errorStyle", "stop"), dv.findtext("m:formula1", None, NS))
            for dv in sheet(path, title).iter(M + "dataValidation")]


def test_every_list_validation_uses_a_defined_name(xlsm):
    seen = set()
    for s in schema.INPUT_SHEETS:
        for sqref, kind, style, formula in validations(xlsm, s.title):
            if kind == "list":
                assert formula in schema.LIST_NAMES.values(), (s.title, sqref, formula)
                seen.add((s.title, sqref, formula, style))
    want = set()
    for (key, field), (list_key, style) in lists.LIST_VALIDATIONS.items():
        s = schema.BY_KEY[key]
        col = xl_col_to_name([c.name for c in s.columns].index(field))
        want.add((s.title, f"{col}2:{col}{lists.DATA_ROWS + 1}", schema.LIST_NAMES[list_key], style))
    assert seen == want


def test_list_styles_stop_vocabularies_inform_registers():
    assert {style for (_k, f), (lk, style) in lists.LIST_VALIDATIONS.items() if lk in ("units", "leaders")} \
        == {"information"}
    assert {style for (_k, f), (lk, style) in lists.LIST_VALIDATIONS.items() if lk not in ("units", "leaders")} \
        == {"stop"}


def test_date_validation_on_every_date_column(xlsm):
    for s in schema.INPUT_SHEETS:
        dates = {sqref for sqref, kind, style, _f in validations(xlsm, s.title) if kind == "date" and style == "warning"}
        want = {f"{xl_col_to_name(i)}2:{xl_col_to_name(i)}{lists.DATA_ROWS + 1}"
                for i, c in enumerate(s.columns) if c.kind == "date"}
        assert dates == want, s.title
    dv = next(sheet(xlsm, "周交办").iter(M + "dataValidation"))
    assert dv.get("promptTitle") == "日期" and "日期" in dv.get("error")
    assert (dv.findtext("m:formula1", None, NS), dv.findtext("m:formula2", None, NS)) == ("36526", "73415")


def test_due_date_colours(xlsm):
    cfs = sheet(xlsm, "周交办").findall("m:conditionalFormatting", NS)
    assert [cf.get("sqref") for cf in cfs] == [f"A2:S{lists.DATA_ROWS + 1}"]   # 19 columns, 延期次数 last (S)
    rules = [r.findtext("m:formula", None, NS) for r in cfs[0].findall("m:cfRule", NS)]
    eff = 'IF($J2<>"",$J2,$I2)'  # 调整后时限 (J) if filled, else 完成时限 (I); 办理状态 is K
    assert rules == [
        f'AND(ISNUMBER({eff}),{eff}<TODAY(),$K2<>"已完成")',
        f'AND(ISNUMBER({eff}),{eff}>=TODAY(),{lists.workdays_left_formula("TODAY()", eff)}'
        f'<={lists.DUE_SOON_NAME},$K2<>"已完成")',
    ]
    # Working days count the holidays: the built-in ones and 参数【节假日安排】 (tests/test_holidays.py
    # recalculates the count in LibreOffice).
    assert "NETWORKDAYS(TODAY()+1," in rules[1] and "节假日日期" in rules[1] and "内置节假日" in rules[1]
    assert [schema.ITEMS.headers[i] for i in (8, 9, 10)] == ["完成时限", "调整后时限", "办理状态"]
    dxfs = re.findall(rb"<dxf>.*?</dxf>", read_part(xlsm, "xl/styles.xml"))
    assert b"FFC7CE" in dxfs[0] and b"FFEB9C" in dxfs[1]


@pytest.mark.parametrize("sheet_def", TABLE_SHEETS, ids=lambda s: s.title)
def test_frozen_filtered_printable(xlsm, sheet_def):
    root = sheet(xlsm, sheet_def.title)
    pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert (pane.get("ySplit"), pane.get("state"), pane.get("topLeftCell")) == ("1", "frozen", "A2")
    last = xl_col_to_name(len(sheet_def.columns) - 1)
    assert root.find("m:autoFilter", NS).get("ref") == f"A1:{last}1"
    setup = root.find("m:pageSetup", NS)
    assert (setup.get("paperSize"), setup.get("orientation"), setup.get("fitToHeight")) == ("9", "landscape", "0")
    assert root.find("m:sheetPr/m:pageSetUpPr", NS).get("fitToPage") == "1"
    assert root.findtext("m:headerFooter/m:oddFooter", None, NS) == "&C第 &P 页 / 共 &N 页"
    index = str(EXPECTED_ORDER.index(sheet_def.title))
    assert defined_names(xlsm)[("_xlnm.Print_Titles", index)] == f"{sheet_def.title}!$1:$1"


def test_computed_sheets_protected_without_password(xlsm):
    for title in EXPECTED_ORDER:
        prot = sheet(xlsm, title).find("m:sheetProtection", NS)
        if title not in PROTECTED_SHEETS:
            assert prot is None, title
            continue
        attrs = prot.attrib
        assert attrs["sheet"] == "1", title
        assert not {"password", "hashValue", "algorithmName"} & set(attrs), title
        # "0" means allowed on a protected sheet
        assert (attrs["formatColumns"], attrs["autoFilter"], attrs["sort"]) == ("0", "0", "0"), title
    assert set(PROTECTED_SHEETS) == {s.title for s in schema.COMPUTED_SHEETS} | {"变更记录", "催办提醒"}


def test_accountability_decision_column_is_unlocked(xlsm):
    index = schema.ACCOUNTABILITY.headers.index("处理决定") + 1
    cols = list(sheet(xlsm, "问责").iter(M + "col"))
    col = next(c for c in cols if int(c.get("min")) <= index <= int(c.get("max")))
    xfs = ET.fromstring(read_part(xlsm, "xl/styles.xml")).find("m:cellXfs", NS)
    assert xfs[int(col.get("style"))].find("m:protection", NS).get("locked") == "0"
    others = [c for c in cols if c is not col]
    assert all(c.get("style") is None for c in others)


def test_home_sheet(built):
    xlsm, xlsx = built
    g = grid(xlsm, "首页")
    assert g[0][1] == "示范区督办台账"
    for key, (r, c) in HOME_STATUS_CELLS.items():
        assert g[r][c - 1] == STATUS_LABELS[key]
    assert set(HOME_STATUS_CELLS) == {"time", "action", "result", "items", "errors", "warnings"}
    assert HOME_STATUS_CELLS == schema.HOME_STATUS_CELLS
    text = "\n".join(str(v) for row in g for v in row)
    assert "duban recompute 文件名" in text and "WPS" in text
    # value cells exist (styled, empty) so writers keep their format; the time cell shows date and time
    cells = {c.get("r"): c for c in sheet(xlsm, "首页").iter(M + "c")}
    assert all(f"{xl_col_to_name(c)}{r + 1}" in cells for r, c in HOME_STATUS_CELLS.values())
    assert button_macros(xlsm, "首页") == {caption: f"[0]!{sub}" for caption, sub, _ in BUTTONS}
    assert "duban recompute" in "\n".join(str(v) for row in grid(xlsx, "首页") for v in row)
    assert related(xlsx, sheet_part(xlsx, "首页"), "legacyDrawing") == []


def test_title_follows_the_district_setting(xlsm):
    cell = next(c for c in sheet(xlsm, "首页").iter(M + "c") if c.get("r") == "B1")
    assert cell.findtext("m:f", None, NS) == 'IF(参数!$B$3="","示范区",参数!$B$3)&"督办台账"'
    assert grid(xlsm, "参数")[2][:2] == ["区县名称", "示范区"]


def test_macro_and_plain_packages(built):
    xlsm, xlsx = built
    assert "xl/vbaProject.bin" in part_names(xlsm) and "xl/vbaProject.bin" not in part_names(xlsx)
    assert b"sheet.macroEnabled.main+xml" in read_part(xlsm, "[Content_Types].xml")
    assert b"macroEnabled" not in read_part(xlsx, "[Content_Types].xml")
    assert workbook(xlsm).find("m:workbookPr", NS).get("codeName") == "ThisWorkbook"
    assert workbook(xlsx).find("m:workbookPr", NS).get("codeName") is None


def test_xlwings_conf_sheet(xlsm):
    g = grid(xlsm, "xlwings.conf")
    assert [tuple(r[:2]) for r in g] == [(k, v) for k, v, _n in XLWINGS_CONF]
    keys = dict((k, v) for k, v, _n in XLWINGS_CONF)
    assert keys == {"UDF Modules": "udfs", "Interpreter_Win": "python", "Interpreter_Mac": "", "PYTHONPATH": "",
                    "Show Console": False, "Use UDF Server": False}
    notes = {r[0]: r[2] for r in g}
    assert "python.exe" in notes["Interpreter_Win"] and "duban" in notes["PYTHONPATH"]


def test_stats_layout(xlsm):
    g = grid(xlsm, "统计")
    r0, c0 = layout.STATS_OVERVIEW
    assert [g[r0 + i][c0] for i in range(len(layout.STATS_OVERVIEW_LABELS) + 1)] \
        == [layout.STATS_OVERVIEW_HEADER[0], *layout.STATS_OVERVIEW_LABELS]
    for (r, c), headers, _n in layout.STATS_TABLES.values():
        assert tuple(g[r][c:c + len(headers)]) == headers
    # the overview A4:B11 with the 交办领导 table beside it (G4, 40 rows + an overflow note to row 45),
    # then sections one under another in column A, each with room for its capacity (title row, header
    # row, capacity rows + an overflow note, a gap): category 30 -> header A48, review 20 -> A82
    # (48 + 31 + 1 + 1 + 1), period 60 -> A106, unit 80 -> A170
    assert {k: (xl_col_to_name(c) + str(r + 1), n) for k, ((r, c), _h, n) in layout.STATS_TABLES.items()} == {
        "leader": ("G4", 40), "category": ("A48", 30), "review": ("A82", 20), "period": ("A106", 60),
        "unit": ("A170", 80)}


def test_stats_layout_agrees_with_the_core():
    sheets = pytest.importorskip("duban.render.sheets")
    assert sheets.STATS_TABLES == layout.STATS_TABLES
    assert sheets.STATS_OVERVIEW == layout.STATS_OVERVIEW


def test_stats_charts(xlsm):
    drawings = related(xlsm, sheet_part(xlsm, "统计"), "drawing")
    assert len(drawings) == 1
    drawing = read_part(xlsm, drawings[0]).decode("utf-8")
    rows = [int(r) for r in re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                       r"<xdr:row>(\d+)</xdr:row>", drawing)]
    # beside their tables (header rows 48, 82, 106), from column G
    assert sorted(rows) == [47, 81, 105]
    refs = set()
    for name in part_names(xlsm):
        if name.startswith("xl/charts/chart"):
            refs |= set(re.findall(r"<c:f>(.*?)</c:f>", read_part(xlsm, name).decode("utf-8")))
    assert {"统计!$A$107:$A$166", "统计!$C$107:$C$166", "统计!$D$107:$D$166", "统计!$A$49:$A$78",
            "统计!$D$49:$D$78", "统计!$A$83:$A$102", "统计!$D$83:$D$102"} <= refs
    # each chart stays right of the tables (columns A-E) and within its own section's rows
    ends = re.findall(r"<xdr:to><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", drawing)
    starts = re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col>", drawing)
    assert all(int(c) >= 6 for c in starts)
    assert all(e <= limit for e, limit in zip(sorted(int(r) for _c, r in ends), [80, 104, 168]))
    # issue 18: bar charts (names read across) labelling every category; the 期次 chart a page tall, not 13 rows
    for name in part_names(xlsm):
        if name.startswith("xl/charts/chart"):
            xml = read_part(xlsm, name).decode("utf-8")
            assert '<c:barDir val="bar"/>' in xml and '<c:tickLblSkip val="1"/>' in xml, name
    spans = {int(a): int(b) for a, b in re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                                   r"<xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col>"
                                                   r"<xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>", drawing,
                                                   flags=re.S)}
    assert spans[105] - 105 >= 45


def test_rows_are_written_under_the_header(tmp_path):
    path = tmp_path / "rows.xlsx"
    item = [None] * len(schema.ITEMS.columns)
    item[:5] = ["2026-001", 1, dt.date(2026, 1, 5), "王建国", "=HYPERLINK(\"x\")"]
    build_workbook(path, macros=False, rows={"周交办": [item], "单位": [["区住建局", "", "区直单位"]],
                                              "历史排名": [["2026-01", "办事处", 1, "城关街道办事处", 95.5, "奖励", "已发布"]]})
    wb = CalamineWorkbook.from_path(str(path))
    row = wb.get_sheet_by_name("周交办").to_python()[1]
    assert row[:5] == ["2026-001", 1, dt.date(2026, 1, 5), "王建国", "=HYPERLINK(\"x\")"]
    assert b"<f>" not in read_part(path, sheet_part(path, "周交办"))  # text starting with '=' stays text
    assert wb.get_sheet_by_name("单位").to_python()[1][:3] == ["区住建局", "", "区直单位"]
    assert wb.get_sheet_by_name("历史排名").to_python()[1][4] == 95.5
    assert sheet(path, "周交办").find("m:autoFilter", NS).get("ref") == "A1:S2"


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        build_workbook(tmp_path / "x.xlsx", rows={"不存在": []})
    with pytest.raises(ValueError):
        build_workbook(tmp_path / "x.xlsm", macros=False)
    with pytest.raises(ValueError):
        build_workbook(tmp_path / "x.xls")
    build_workbook(tmp_path / "y.xlsx")  # macros=True on a .xlsx: no VBA, no buttons
    assert "xl/vbaProject.bin" not in part_names(tmp_path / "y.xlsx")


def test_trim_chart_refs(xlsm):
    chart = read_part(xlsm, "xl/charts/chart1.xml")
    trimmed = layout.trim_chart_refs(chart, {"period": 8, "review": 0})
    refs = re.findall(r"<c:f>(.*?)</c:f>", trimmed.decode("utf-8"))
    assert refs == ["统计!$C$106", "统计!$A$107:$A$114", "统计!$C$107:$C$114", "统计!$D$106", "统计!$A$107:$A$114",
                    "统计!$D$107:$D$114"]
    assert layout.trim_chart_refs(trimmed, {"period": 500}) == chart  # capped at the table's capacity
    review = read_part(xlsm, "xl/charts/chart3.xml")
    assert b"$A$83:$A$83<" in layout.trim_chart_refs(review, {"review": 0})  # one row kept
    quoted = b"<c:f>'\xe7\xbb\x9f\xe8\xae\xa1'!$D$49:$D$78</c:f>"
    assert layout.trim_chart_refs(quoted, {"category": 3}) == quoted.replace(b"$78", b"$51")


def test_findings_sheet_layout(xlsm):
    """校验结果: title row, a summary line, the table's header on row 3 (frozen, printed on every page)."""
    g = grid(xlsm, "校验结果")
    assert g[0][0].startswith("校验结果") and g[2] == schema.FINDINGS.headers
    root = sheet(xlsm, "校验结果")
    assert root.find("m:sheetViews/m:sheetView/m:pane", NS).get("topLeftCell") == "A4"
    index = str(EXPECTED_ORDER.index("校验结果"))
    assert defined_names(xlsm)[("_xlnm.Print_Titles", index)] == "校验结果!$3:$3"

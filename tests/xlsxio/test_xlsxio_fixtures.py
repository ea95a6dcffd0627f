"""Workbook builders and zip inspection helpers shared by the test_xlsxio_* tests (no tests here)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import xlsxwriter

from duban.schema import ITEMS, STYLE_ROLES, STYLE_SHEET_TITLE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# Distinct look per role so each role gets its own style index.
ROLE_FORMATS = {
    "text": {"border": 1},
    "header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "text_wrap": True},
    "title": {"bold": True, "font_size": 16},
    "int": {"num_format": "0", "border": 1},
    "number": {"num_format": "0.00", "border": 1},
    "rate": {"num_format": "0.0", "border": 1},
    "date": {"num_format": "yyyy-mm-dd", "border": 1},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm:ss", "border": 1},
    "link": {"font_color": "blue", "underline": 1, "border": 1},
    "error": {"bg_color": "#FFC7CE", "border": 1},
    "warning": {"bg_color": "#FFEB9C", "border": 1},
    "good": {"bg_color": "#C6EFCE", "border": 1},
    "wrap": {"text_wrap": True},
    "note": {"italic": True, "font_color": "#808080"},
    "para": {"font_size": 11},
    "input": {"border": 1, "locked": False, "text_wrap": True},
    "subtitle": {"bold": True, "font_size": 12},
    "money": {"num_format": "#,##0", "border": 1, "align": "right"},
}


def vba_bytes() -> bytes:
    """A real vbaProject.bin taken from xlwings' quickstart file if present, else arbitrary bytes."""
    try:
        import xlwings
        src = Path(xlwings.__file__).parent / "quickstart.xlsm"
        with zipfile.ZipFile(src) as z:
            return z.read("xl/vbaProject.bin")
    except Exception:
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


def build_rich(path: Path, *, vba: bool = False, ledger_rows: int = 20, with_styles: bool = True) -> Path:
    """A template-like workbook: ledger, computed sheets, chart, button, validation, CF, protection."""
    wb = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd"})
    fmts = {r: wb.add_format(ROLE_FORMATS.get(r, {})) for r in STYLE_ROLES}
    home = wb.add_worksheet("首页")
    home.write(0, 0, "督办台账", fmts["title"])
    if vba:
        bin_path = path.with_suffix(".vba.bin")
        bin_path.write_bytes(vba_bytes())
        wb.add_vba_project(str(bin_path))
        wb.set_vba_name("ThisWorkbook")
        home.set_vba_name("Sheet1")
    home.insert_button("B3", {"macro": "RunDuban", "caption": "重新计算", "width": 120, "height": 30})

    units = wb.add_worksheet("单位")
    units.write_row(0, 0, ["单位名称", "组别"], fmts["header"])
    for i, u in enumerate(["甲街道", "乙街道", "丙局", "丁局"]):
        units.write_row(i + 1, 0, [u, "办事处" if "街道" in u else "区直单位"])
    wb.define_name("单位列表", "=单位!$A$2:$A$5")

    led = wb.add_worksheet(ITEMS.title)
    led.write_row(0, 0, ITEMS.headers, fmts["header"])
    for r in range(1, ledger_rows + 1):
        led.write_string(r, 0, f"2024-{r:04d}")
        led.write_number(r, 1, 1 + r // 5)
        led.write_datetime(r, 2, dt.datetime(2024, 1, 1) + dt.timedelta(days=r), fmts["date"])
        led.write_string(r, 3, "张三")
        led.write_string(r, 4, ["甲街道", "乙街道", "丙局", "丁局"][r % 4])
        led.write_string(r, 6, f"事项{r}")
        led.write_datetime(r, 8, dt.datetime(2024, 2, 1) + dt.timedelta(days=r), fmts["date"])
        led.write_string(r, 10, "推进中")
    led.freeze_panes(1, 0)
    led.autofilter(0, 0, ledger_rows, len(ITEMS.headers) - 1)
    led.data_validation(1, 4, 1000, 4, {"validate": "list", "source": "=单位列表"})
    led.data_validation(1, 2, 1000, 2, {"validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1)})
    led.conditional_format(1, 8, 1000, 8, {"type": "cell", "criteria": "<", "value": "TODAY()",
                                            "format": fmts["error"]})
    led.set_column(0, 0, 12)
    led.set_column(6, 6, 40)

    mon = wb.add_worksheet("月考评")
    mon.write_row(0, 0, ["月份", "单位", "综合得分"], fmts["header"])
    for i in range(5):
        mon.write_row(i + 1, 0, ["2024-01", f"旧单位{i}", 90 - i])
    mon.merge_range(7, 0, 7, 2, "旧的合并说明", fmts["note"])
    mon.write_url(8, 0, "internal:'周交办'!A1", string="旧链接")
    mon.freeze_panes(1, 0)
    mon.autofilter(0, 0, 5, 2)
    mon.protect()
    mon.conditional_format(1, 2, 500, 2, {"type": "cell", "criteria": "<", "value": 60, "format": fmts["error"]})
    mon.data_validation(1, 1, 500, 1, {"validate": "list", "source": "=单位列表"})
    mon.set_landscape()
    mon.set_paper(9)
    mon.repeat_rows(0)
    mon.set_header("&C督办月考评")
    mon.set_column(0, 2, 14)

    stats = wb.add_worksheet("统计")
    stats.write_row(0, 0, ["项目", "数值"], fmts["header"])
    for i, (k, v) in enumerate([("交办", 10), ("完成", 8), ("逾期", 2)]):
        stats.write_row(i + 1, 0, [k, v])
    stats.write_formula(5, 1, "=SUM('月考评'!C2:C6)", None, 440)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": "=统计!$A$2:$A$4", "values": "=统计!$B$2:$B$4", "name": "数值"})
    stats.insert_chart("D2", chart)

    if with_styles:
        st = wb.add_worksheet(STYLE_SHEET_TITLE)
        for i, role in enumerate(STYLE_ROLES):
            st.write_string(i, 0, role, fmts[role])
        st.hide()
    wb.close()
    if vba:
        path.with_suffix(".vba.bin").unlink()
    return path


def build_plain(path: Path, sheets: dict[str, list[list]], *, with_styles: bool = True) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    fmts = {r: wb.add_format(ROLE_FORMATS.get(r, {})) for r in STYLE_ROLES}
    for title, rows in sheets.items():
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    if with_styles:
        st = wb.add_worksheet(STYLE_SHEET_TITLE)
        for i, role in enumerate(STYLE_ROLES):
            st.write_string(i, 0, role, fmts[role])
        st.hide()
    wb.close()
    return path


# -- an Excel/OpenXML-SDK-like workbook written by hand ---------------------------------------

STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="1"><dxf><font><color rgb="FFFF0000"/></font></dxf></dxfs></styleSheet>')

ROLE_S = {"header": 1, "date": 2, "datetime": 3}

LEDGER_X = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<x:worksheet xmlns:x="{MAIN}" xmlns:r="{REL}">'
    '<x:sheetPr filterMode="0"/><x:dimension ref="A1:C3"/>'
    '<x:sheetViews><x:sheetView workbookViewId="0"><x:pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></x:sheetView></x:sheetViews>'
    '<x:sheetFormatPr defaultRowHeight="15"/>'
    '<x:cols><x:col min="1" max="2" width="12" customWidth="1"/><x:col min="3" max="3" width="12" style="2" customWidth="1"/></x:cols>'
    '<x:sheetData>'
    '<x:row r="1"><x:c r="A1" s="1" t="inlineStr"><x:is><x:t>编号</x:t></x:is></x:c><x:c r="B1" s="1" t="inlineStr"><x:is><x:t>内容</x:t></x:is></x:c>'
    '<x:c r="C1" s="1" t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>\n'
    '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>X-3</x:t></x:is></x:c><x:c r="C3" s="2"><x:v>100</x:v></x:c></x:row>'
    '</x:sheetData><x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></x:worksheet>')

EXCEL_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="{MC}" mc:Ignorable="x14ac xr" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}">'
    '<sheetPr><tabColor rgb="FFFF0000"/></sheetPr><dimension ref="A1:B9"/>'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/><cols><col min="1" max="1" width="20" customWidth="1"/></cols>'
    '<sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.2"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><f>SUM(1,2)</f><v>3</v></c></row></sheetData>'
    '<sheetProtection sheet="1" objects="1" scenarios="1"/>'
    '<autoFilter ref="A1:B1" xr:uid="{00000000-0009-0000-0000-000000000000}"/>'
    '<mergeCells count="1"><mergeCell ref="A2:B2"/></mergeCells>'
    '<conditionalFormatting sqref="B2:B100"><cfRule type="cellIs" dxfId="0" priority="1" operator="lessThan"><formula>0</formula></cfRule></conditionalFormatting>'
    '<hyperlinks><hyperlink ref="A1" location="\'周交办\'!A1" display="old"/></hyperlinks>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape"/><headerFooter><oddHeader>&amp;C督办</oddHeader></headerFooter>'
    f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><controls>'
    f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><control shapeId="1025" name="Button 1"/></mc:Choice></mc:AlternateContent>'
    '</controls></mc:Choice></mc:AlternateContent>'
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>单位列表</xm:f></x14:formula1>'
    '<xm:sqref>C2:C100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>')


def style_sheet_xml() -> str:
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}"{" s=" + chr(34) + str(ROLE_S[r]) + chr(34) if r in ROLE_S else ""}'
        f' t="inlineStr"><is><t>{r}</t></is></c></row>' for i, r in enumerate(STYLE_ROLES))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
            f'<sheetData>{rows}</sheetData></worksheet>')


class _Unseekable(io.RawIOBase):
    """Makes zipfile write data descriptors (flag bit 3), as streaming writers do."""

    def __init__(self, buf):
        self.buf = buf

    def writable(self):
        return True

    def write(self, b):
        return self.buf.write(b)

    def seekable(self):
        return False

    def seek(self, *a):
        raise io.UnsupportedOperation

    def tell(self):
        return self.buf.tell()

    def flush(self):
        pass


def build_excel_like(path: Path, *, date1904: bool = True, descriptors: bool = True) -> Path:
    """Prefixed workbook XML, sheets at odd paths, mc/x14 content, calcChain, date1904."""
    wb_pr = '<x:workbookPr date1904="1"/>' if date1904 else "<x:workbookPr/>"
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/sheets/ledger.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet3.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/calcChain.xml" ContentType="{CT}.calcChain+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}" '
            f'xmlns:mc="{MC}" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
            f'{wb_pr}<x:bookViews><x:workbookView/></x:bookViews><x:sheets>'
            '<x:sheet name="周交办" sheetId="5" r:id="R1a"/><x:sheet name="月考评" sheetId="9" r:id="R2b"/>'
            '<x:sheet name="_样式" sheetId="11" state="hidden" r:id="R3"/></x:sheets>'
            '<x:definedNames><x:definedName name="单位列表">\'周交办\'!$B$2:$B$9</x:definedName></x:definedNames>'
            '<x:extLst><x:ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}">'
            '<x15:workbookPr chartTrackingRefBase="1"/></x:ext></x:extLst></x:workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="R1a" Type="{REL}/worksheet" Target="/xl/sheets/ledger.xml"/>'
            f'<Relationship Id="R2b" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="R3" Type="{REL}/worksheet" Target="worksheets/sheet3.xml"/>'
            f'<Relationship Id="R4" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="R5" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="R9" Type="{REL}/calcChain" Target="calcChain.xml"/></Relationships>'),
        "xl/sheets/ledger.xml": LEDGER_X,
        "xl/worksheets/sheet2.xml": EXCEL_SHEET,
        "xl/worksheets/sheet3.xml": style_sheet_xml(),
        "xl/styles.xml": STYLES_XML,
        "xl/sharedStrings.xml": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                 f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>旧表头</t></si></sst>'),
        "xl/calcChain.xml": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             f'<calcChain xmlns="{MAIN}"><c r="B1" i="9"/></calcChain>'),
    }
    buf = io.BytesIO()
    target = _Unseekable(buf) if descriptors else buf
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2021, 3, 4, 5, 6, 8))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, text.encode("utf-8"))
    path.write_bytes(buf.getvalue())
    return path


def write_zip(path: Path, members: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compress) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


# -- inspection --------------------------------------------------------------------------------

def raw_members(path: Path) -> dict[str, tuple[tuple, bytes]]:
    """name -> (ZipInfo fields, raw compressed bytes) for every member."""
    out = {}
    data = Path(path).read_bytes()
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            nlen, elen = struct.unpack_from("<2H", data, i.header_offset + 26)
            start = i.header_offset + 30 + nlen + elen
            fields = (i.filename, i.date_time, i.compress_type, i.external_attr, i.internal_attr,
                      i.create_system, i.create_version, i.CRC, i.compress_size, i.file_size,
                      i.flag_bits & ~0x08, i.comment, i.extra)
            out[i.filename] = (fields, data[start:start + i.compress_size])
    return out


def contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_untouched(before: Path, after: Path, changed: set[str]) -> None:
    """Every member not in ``changed`` is identical: content, raw bytes and ZipInfo fields."""
    b, a = raw_members(before), raw_members(after)
    cb, ca = contents(before), contents(after)
    for name in b:
        if name in changed or name not in a:
            continue
        assert ca[name] == cb[name], name
        assert a[name] == b[name], name


def calamine_rows(path: Path, title: str) -> list[list]:
    import python_calamine
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(title).to_python()

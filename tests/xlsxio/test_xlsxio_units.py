"""Unit tests of the xlsxio building blocks: cells, XML text edits, raw zip, workbook and sheet XML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from duban.schema import STYLE_ROLES
from duban.xlsxio import Cell, Grid, zipraw
from duban.xlsxio import cells as C
from duban.xlsxio import sheetxml as S
from duban.xlsxio import workbookxml as W
from duban.xlsxio import xmltext as X

try:
    from test_xlsxio_fixtures import MAIN, _Unseekable
except ImportError:
    from tests.test_xlsxio_fixtures import MAIN, _Unseekable


# -- cells --------------------------------------------------------------------------------------

@pytest.mark.parametrize("c0,letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")])
def test_column_letters(c0, letters):
    assert C.col_letters(c0) == letters and C.col_index(letters) == c0


def test_parse_ref():
    assert C.parse_ref("B3") == (2, 1) and C.parse_ref("$AA$10") == (9, 26)
    with pytest.raises(ValueError):
        C.parse_ref("3B")


def test_excel_serial():
    assert C.excel_serial(dt.date(1900, 1, 1)) == 1
    assert C.excel_serial(dt.date(1900, 2, 28)) == 59
    assert C.excel_serial(dt.date(1900, 3, 1)) == 61
    assert C.excel_serial(dt.date(2024, 1, 1)) == 45292
    assert C.excel_serial(dt.datetime(2024, 1, 1, 12)) == 45292.5
    assert C.excel_serial(dt.date(1899, 12, 31)) is None
    assert C.excel_serial(dt.date(1904, 1, 1), True) == 0
    assert C.excel_serial(dt.date(2024, 1, 1), True) == 45292 - 1462


def test_value_xml_types():
    assert C.value_xml(True, False) == ("b", "<v>1</v>")
    assert C.value_xml(7, False) == (None, "<v>7</v>")
    assert C.value_xml(0.1, False) == (None, "<v>0.1</v>")
    assert C.value_xml(float("nan"), False) == (None, "")
    assert C.value_xml(None, False) == (None, "")
    assert C.value_xml(" a ", False, "x:") == ("inlineStr", '<x:is><x:t xml:space="preserve"> a </x:t></x:is>')
    assert C.value_xml("=SUM(A1)", False)[0] == "inlineStr"


def test_roles_by_type():
    assert [C.role_of(v) for v in ("s", 1, 1.5, dt.date(2020, 1, 1), dt.datetime(2020, 1, 1), True, None)] == \
        ["text", "int", "number", "date", "datetime", "text", "text"]
    with pytest.raises(ValueError):
        C.as_cell(Cell(1, "nope"), STYLE_ROLES)   # the caller's roles decide what is known
    assert C.as_cell(Cell(1, "nope"), ("nope",)).role == "nope"


# -- xml text -------------------------------------------------------------------------------------

def test_set_attr_and_del_attr():
    assert X.set_attr(b'<calcPr calcId="1"/>', "fullCalcOnLoad", "1") == b'<calcPr calcId="1" fullCalcOnLoad="1"/>'
    assert X.set_attr(b"<a x='1' y=\"2\">", "x", "3") == b'<a x="3" y="2">'
    assert X.set_attr(b"<a >", "k", 'v"<') == b'<a k="v&quot;&lt;" >'
    assert X.del_attr(b'<row r="1" spans="1:3">', "spans") == b'<row r="1">'


def test_escape_and_attrs():
    assert X.escape_text("a<b>&c\x00") == "a&lt;b&gt;&amp;c"
    assert X.attrs(b' a="&lt;1&gt;" b=\'&#x41;&#66;\'') == {"a": "<1>", "b": "AB"}
    assert X.escape_cell_text("_x000D_") == "_x005F_x000D_"


def test_root_children_and_nesting():
    xml = (b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c --><r:root xmlns:r='u' a='>'>"
           b"<r:a><r:a/><r:a>t</r:a></r:a><!-- x --><r:b k='1'/>text<![CDATA[<r:c>]]><r:c/></r:root>")
    root = X.root(xml)
    assert root.group(2) == b"r:root" and X.prefix_of(root.group(2)) == b"r:"
    kids, close = X.children(xml, root)
    assert [k[0] for k in kids] == [b"a", b"b", b"c"]
    assert xml[kids[0][1].start():kids[0][2]] == b"<r:a><r:a/><r:a>t</r:a></r:a>"
    assert xml[close:] == b"</r:root>"


# -- raw zip --------------------------------------------------------------------------------------

def _sample_zip(descriptors=False, prefix=b"") -> bytes:
    buf = io.BytesIO()
    target = _Unseekable(buf) if descriptors else buf
    with zipfile.ZipFile(target, "w") as z:
        z.comment = b"archive comment"
        for name, method in (("a.xml", zipfile.ZIP_DEFLATED), ("b.bin", zipfile.ZIP_STORED), ("中文.xml", zipfile.ZIP_DEFLATED)):
            info = zipfile.ZipInfo(name, (2019, 5, 6, 7, 8, 10))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            info.comment = b"member comment"
            z.writestr(info, (name * 500).encode())
    return prefix + buf.getvalue()


@pytest.mark.parametrize("descriptors,prefix", [(False, b""), (True, b""), (False, b"SFX-STUB" * 10)])
def test_raw_copy_roundtrip(tmp_path, descriptors, prefix):
    src_path = tmp_path / "src.zip"
    src_path.write_bytes(_sample_zip(descriptors, prefix))
    out = tmp_path / "out.zip"
    with zipraw.ZipSource(src_path) as src, open(out, "wb") as f:
        sink = zipraw.ZipSink(f)
        for e in src.entries:
            if e.name == "a.xml":
                sink.add(e.name, b"replaced", like=e)
            else:
                sink.copy(src, e)
        sink.add("new/part.xml", b"<new/>")
        sink.finish(src.comment)
    with zipfile.ZipFile(src_path) as a, zipfile.ZipFile(out) as b:
        assert b.testzip() is None
        assert b.namelist() == a.namelist() + ["new/part.xml"]
        assert b.comment == b"archive comment"
        assert b.read("a.xml") == b"replaced" and b.read("new/part.xml") == b"<new/>"
        for n in ("b.bin", "中文.xml"):
            ia, ib = a.getinfo(n), b.getinfo(n)
            assert b.read(n) == a.read(n)
            for f in ("date_time", "compress_type", "external_attr", "CRC", "compress_size", "file_size",
                      "comment", "create_system", "create_version"):
                assert getattr(ia, f) == getattr(ib, f), f
            assert ib.flag_bits == ia.flag_bits & ~0x08
        assert b.getinfo("a.xml").date_time == (2019, 5, 6, 7, 8, 10)
        assert b.getinfo("a.xml").external_attr == 0o644 << 16
    if not descriptors and not prefix:  # clean members: local header + data verbatim
        raw = src_path.read_bytes()
        with zipfile.ZipFile(src_path) as a:
            i = a.getinfo("b.bin")
        chunk = raw[i.header_offset:i.header_offset + 30 + len(i.filename) + i.compress_size]
        assert chunk in out.read_bytes()


def test_zip_source_rejects_garbage(tmp_path):
    p = tmp_path / "g.zip"
    p.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(zipraw.ZipFormatError):
        zipraw.ZipSource(p)


# -- workbook xml ------------------------------------------------------------------------------------

def test_set_full_calc_variants():
    wb = f'<workbook xmlns="{MAIN}"><sheets/><calcPr calcId="191029"/></workbook>'.encode()
    assert W.set_full_calc(wb).endswith(b'<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>')
    done = f'<workbook xmlns="{MAIN}"><calcPr fullCalcOnLoad="true"/></workbook>'.encode()
    assert W.set_full_calc(done) is done
    missing = f'<workbook xmlns="{MAIN}"><sheets/><oleSize ref="A1"/></workbook>'.encode()
    assert b'<sheets/><calcPr fullCalcOnLoad="1"/><oleSize' in W.set_full_calc(missing)


def test_resolve_targets():
    assert W.resolve("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert W.resolve("xl/workbook.xml", "/xl/ws/a%20b.xml") == "xl/ws/a b.xml"
    assert W.resolve("xl/workbook.xml", "../other/s.xml") == "other/s.xml"


def test_new_ids_avoid_collisions():
    sheets = [W.SheetRef("a", 3, "rId1", "xl/worksheets/sheet1.xml", W.REL_WORKSHEET, 0)]
    rels = [W.Rel("rId1", "", "", None), W.Rel("rId2", "", "", None)]
    names = ["xl/worksheets/sheet1.xml", "xl/worksheets/Sheet4.xml"]
    ids = W.new_ids(sheets, rels, names, "xl/workbook.xml")
    assert next(ids) == (4, "rId3", "xl/worksheets/sheet5.xml")
    assert next(ids) == (5, "rId4", "xl/worksheets/sheet6.xml")


def test_calc_chain_sticky_sheet_ids():
    xml = b'<calcChain><c r="A1" i="2"/><c r="A2"/><c r="B1" i="7" l="1"/><c r="B2"/></calcChain>'
    assert W.calc_chain_sheet_ids(xml) == {2, 7}


def test_check_title():
    W.check_title("月考评", ["周交办"])
    for bad in ("", "a" * 32, "a[b", "'x", "History"):
        with pytest.raises(ValueError):
            W.check_title(bad, [])
    with pytest.raises(ValueError):
        W.check_title("abc", ["ABC"])


# -- sheet xml ------------------------------------------------------------------------------------

STY = C.Styles({"text": None, "date": 5, "header": 2, "warning": 9})


def test_patch_into_empty_sheet_data():
    xml = f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData/><pageMargins/></worksheet>'.encode()
    out = S.patch_cells(xml, {(2, 1): "x", (0, 0): 1}, STY, False)
    assert out == (f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B3"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                   '<row r="3"><c r="B3" t="inlineStr"><is><t>x</t></is></c></row></sheetData><pageMargins/></worksheet>').encode()


def test_patch_rows_and_cells_without_r():
    xml = (f'<worksheet xmlns="{MAIN}"><sheetData><row><c><v>1</v></c><c><v>2</v></c></row>'
           '<row spans="1:2"><c s="3"><v>3</v></c></row></sheetData></worksheet>').encode()
    out = S.patch_cells(xml, {(1, 0): "new", (1, 3): dt.date(2024, 1, 1), (0, 1): None}, STY, False)
    assert b'<row><c><v>1</v></c><c r="B1"/></row>' in out
    assert b'<row spans="1:4"><c r="A2" s="3" t="inlineStr"><is><t>new</t></is></c><c r="D2" s="5"><v>45292</v></c></row>' in out


def test_patch_keeps_other_bytes_and_column_style():
    row1 = b'<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="4" t="s"><v>0</v></c></row>'
    xml = (f'<worksheet xmlns="{MAIN}"><cols><col min="2" max="3" width="9" style="7"/></cols><sheetData>'.encode()
           + row1 + b'<row r="5"><c r="C5"><f>A1*2</f><v>2</v></c></row></sheetData></worksheet>')
    out = S.patch_cells(xml, {(4, 1): "b", (4, 2): 3, (2, 0): Cell("w", "warning")}, STY, False)
    assert row1 in out
    assert b'<row r="3"><c r="A3" s="9" t="inlineStr"><is><t>w</t></is></c></row><row r="5">' in out
    assert b'<c r="B5" s="7" t="inlineStr"><is><t>b</t></is></c><c r="C5"><v>3</v></c>' in out


def test_replace_data_orders_alternate_content():
    old = (f'<worksheet xmlns="{MAIN}" xmlns:mc="mc"><sheetData><row r="1"/></sheetData><mergeCells count="1">'
           '<mergeCell ref="A1:B1"/></mergeCells><pageMargins/>'
           '<mc:AlternateContent><mc:Choice Requires="x14"><controls/></mc:Choice></mc:AlternateContent>'
           '<tableParts count="0"/></worksheet>').encode()
    grid = Grid([["a", Cell("b", "header", "'x'!A1")]])
    new, af = S.replace_data(old, grid, STY, False)
    assert af is None  # no autoFilter in the sheet, none added
    names = [n for n, _, _ in X.children(new, X.root(new))[0]]
    assert names == [b"dimension", b"sheetData", b"hyperlinks", b"pageMargins", b"AlternateContent", b"tableParts"]
    assert b'<c r="B1" s="2" t="inlineStr">' in new


def test_role_styles_from_style_sheet():
    xml = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" s="3"/></row>'
           '<row r="7"><c r="A7" s="12"/><c r="B7" s="99"/></row></sheetData></worksheet>').encode()
    st = S.role_styles(xml, STYLE_ROLES)
    assert st.of("text") == 3 and st.of("date") == 12 and st.of("header") is None
    assert S.role_styles(None, STYLE_ROLES).of("date") is None
    own = S.role_styles(xml, ("plain", "b", "c", "d", "e", "f", "stamp"))   # the caller's roles, not the ledger's
    assert own.index == {"plain": 3, "b": None, "c": None, "d": None, "e": None, "f": None, "stamp": 12}


def test_iter_cells_prefixed_and_without_refs():
    xml = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c t="s"/></x:row>'
           '<x:row r="4" spans="1:3"/><x:row><x:c r="C5" s="2"><x:f>A1</x:f><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c>'
           '</x:row></x:sheetData></x:worksheet>').encode()
    got = [(r, c, a, e) for r, c, a, e in S.iter_cells(xml)]
    assert [(r, c) for r, c, _, _ in got] == [(0, 0), (0, 1), (4, 2), (4, 3)]
    assert got[2][2] == {"r": "C5", "s": "2"} and got[2][3] == b'<x:c r="C5" s="2"><x:f>A1</x:f><x:v>1</x:v></x:c>'
    assert got[1][3] == b'<x:c t="s"/>'

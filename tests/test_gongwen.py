"""duban.gongwen: the GB/T 9704-2012 page, type and layout, read back from the .docx XML."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from duban.gongwen import Gongwen, char_width, chinese_date
from duban.report import _title_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 36000  # EMU per millimetre


def sample_doc(path):
    g = Gongwen(author="示范区督查委（督查室）", created=dt.datetime(2026, 11, 27, 9, 0))
    g.title("关于2026年10月“周交办、周研判、月讲评”\n工作情况的通报")
    g.addressee("各街道办事处，区直各单位")
    g.heading1("一、总体情况")
    g.para("截至2026年10月31日，共交办重点事项 3,707 件。")
    g.heading2("（一）办事处组。", "西关街道办事处位列第一。")
    g.table(["名次", "单位", "得分"], [[1, "西关街道办事处", "86.96"], [2, "城关街道办事处", "77.50"]],
            widths=[20, 90, 46], align=["c", "l", "r"])
    g.para("特此通报。")
    g.signature("示范区督查委（督查室）", dt.date(2026, 11, 27))
    return g.save(path)


def runs_of(paragraph):
    return [(r.text, r._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")),
             r._r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) for r in paragraph.runs if r.text]


@pytest.fixture
def doc(tmp_path):
    path = sample_doc(tmp_path / "通报.docx")
    return Document(str(path)), path


def test_page_is_a4_with_the_standard_margins(doc):
    d, _ = doc
    sec = d.sections[0]
    assert (round(sec.page_width / MM), round(sec.page_height / MM)) == (210, 297)
    assert [round(x / MM) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] \
        == [37, 35, 28, 26]


def test_type_sizes_and_east_asian_fonts(doc):
    d, _ = doc
    paras = [p for p in d.paragraphs if p.text]
    # sz is in half points: 2号 22 pt -> 44, 3号 16 pt -> 32
    assert paras[0].text == "关于2026年10月“周交办、周研判、月讲评”\n工作情况的通报"   # a line break inside
    assert {(font, size) for _t, font, size in runs_of(paras[0])} == {("方正小标宋简体", "44")}
    assert paras[0].alignment == 1  # centred
    assert runs_of(paras[1]) == [("各街道办事处，区直各单位：", "仿宋_GB2312", "32")]
    assert runs_of(paras[2]) == [("一、总体情况", "黑体", "32")]
    assert runs_of(paras[4]) == [("（一）办事处组。", "楷体", "32"), ("西关街道办事处位列第一。", "仿宋_GB2312", "32")]
    # body paragraph: first line indented two characters (2 x 16 pt = 640 twips; firstLineChars 200)
    ind = paras[3]._p.pPr.find(qn("w:ind"))
    assert (ind.get(qn("w:firstLine")), ind.get(qn("w:firstLineChars"))) == ("640", "200")
    # no run anywhere is italic, and no run leaves its East Asian font to the theme
    body = d.element.body
    assert not body.findall(f".//{W}i")
    assert all(f.get(qn("w:eastAsia")) for f in body.iter(f"{W}rFonts"))


def test_font_table_names_fallbacks(doc):
    _, path = doc
    fonts = zipfile.ZipFile(path).read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts


def test_table_header_repeats_and_rows_do_not_split(doc):
    d, _ = doc
    t = d.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["名次", "单位", "得分"]
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)
    assert [round(c.width / MM) for c in t.rows[1].cells] == [20, 90, 46]
    assert runs_of(t.rows[0].cells[0].paragraphs[0])[0][1] == "黑体"
    assert t.rows[1].cells[2].paragraphs[0].alignment == 2  # right


def test_signature_and_date(doc):
    d, _ = doc
    office, date = [p for p in d.paragraphs if p.text][-2:]
    assert (office.text, date.text) == ("示范区督查委（督查室）", "2026年11月27日")
    # office 11 wide, date 7 wide (8 half-width digits): office two characters in from the right,
    # the date starting two characters right of the office: 2 + 11 - 2 - 7 = 4 characters in.
    assert office._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "200"
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"
    assert office.alignment == date.alignment == 2
    # the line before the office is empty (正文下空一行)
    paras = d.paragraphs
    assert paras[[p.text for p in paras].index(office.text) - 1].text == ""


def test_long_date_moves_the_office(tmp_path):
    g = Gongwen().para("正文。").signature("督查室", dt.date(2026, 12, 31))   # office 3 wide, date 7
    d = Document(str(g.save(tmp_path / "x.docx")))
    office, date = [p for p in d.paragraphs if p.text][-2:]
    # the date two characters in; the office's first character two characters left of the date's
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "200"
    assert office._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "800"   # 4 + 7 - 3


def test_page_numbers_in_the_footer(doc):
    d, path = doc
    z = zipfile.ZipFile(path)
    settings = z.read("word/settings.xml").decode("utf-8")
    assert "<w:evenAndOddHeaders/>" in settings
    sec = d.sections[0]
    for footer, align in ((sec.footer, 2), (sec.even_page_footer, 0)):
        p = footer.paragraphs[0]
        assert p.alignment == align   # odd pages right, even pages left
        xml = p._p.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml
        assert 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml   # 4号 = 14 pt


def test_save_is_atomic_and_replaces(tmp_path):
    target = tmp_path / "通报.docx"
    target.write_bytes(b"old")
    sample_doc(target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["通报.docx"]   # no temporary file left behind


def test_helpers():
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert char_width("2026年11月27日") == 7
    # a short line, then the longer: the all-Chinese line may fill the 20 characters of a 2号 line
    assert _title_lines("关于2026年10月“周交办、周研判、月讲评”工作情况的通报") \
        == "关于2026年10月\n“周交办、周研判、月讲评”工作情况的通报"
    assert _title_lines("短标题") == "短标题"


def test_valid_ooxml(doc):
    audit = pytest.importorskip("openxml_audit")
    result = audit.OpenXmlValidator().validate(str(doc[1]))
    assert not [e for e in result.errors], result.errors[:5]

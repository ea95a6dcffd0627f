"""duban.gongwen: the GB/T 9704-2012 page, type and layout, read back from the .docx XML."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import RGBColor
from hypothesis import given
from hypothesis import strategies as st

from duban.render.gongwen import Gongwen
from duban.render.notice import _title_lines
from duban.render.text import chinese_date, text_width

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
    assert text_width("2026年11月27日") == 7
    # a short line, then the longer: the all-Chinese line may fill the 20 characters of a 2号 line
    assert _title_lines("关于2026年10月“周交办、周研判、月讲评”工作情况的通报") \
        == "关于2026年10月\n“周交办、周研判、月讲评”工作情况的通报"
    assert _title_lines("短标题") == "短标题"


def test_valid_ooxml(doc):
    audit = pytest.importorskip("openxml_audit")
    result = audit.OpenXmlValidator().validate(str(doc[1]))
    assert not [e for e in result.errors], result.errors[:5]


# ---- issue 18: the 通报 as the director signs it -------------------------------------------------

def test_character_grid_is_28_by_22(doc):
    d, _ = doc
    grid = d.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 225 mm / 22 lines = 28.99 pt = 580 twips; characters 442.2 pt / 28 = 15.79 pt, 16 pt - 0.207 pt
    assert grid.get(qn("w:linePitch")) == "580" and grid.get(qn("w:charSpace")) == "-848"
    # body characters closed up by 0.25 pt: 28 x 15.75 = 441 pt fit the 442.2 pt line, 29 (456.75) do not
    normal = d.styles["Normal"].element
    assert normal.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 29 * (16 - 0.25)


def test_table_rows_are_uniform(doc):
    d, _ = doc
    t = d.tables[0]
    # every cell's paragraph mark is set in the table's type size, so an empty cell is no taller
    for row in t.rows:
        for cell in row.cells:
            mark = cell.paragraphs[0]._p.pPr.find(qn("w:rPr"))
            assert mark.find(qn("w:sz")).get(qn("w:val")) == "28"    # 4号, the table's size here


def notice_docx(tmp_path, name="通报.docx", final=False, errors=0, **letterhead):
    """The 通报 of a small clean October, with a letterhead and an error count set by the test."""
    from duban.model import Letterhead
    from duban.read.params import document_number
    from duban.render.notice import write_docx

    from ledgers import D, analyse_ledger
    from test_notice import october_items

    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 27), "2026-10", items=october_items())
    n = a.notice
    if "number" in letterhead:
        letterhead["number"] = document_number(letterhead["number"])
    n.letterhead = Letterhead(**letterhead)
    n.errors, n.excluded = errors, errors
    return Document(str(write_docx(n, tmp_path / name, final=final)))


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def record_table(d):
    """The 版记 table, inside the text box of the last paragraph."""
    from docx.table import Table

    tbl = d.paragraphs[-1]._p.find(".//" + qn("w:txbxContent")).find(qn("w:tbl"))
    return Table(tbl, d._body)


def header_text(d) -> str:
    sec = d.sections[0]
    return "".join(p.text for h in (sec.header, sec.even_page_header) for p in h.paragraphs)


def test_no_letterhead_or_record_by_default(tmp_path):
    d = notice_docx(tmp_path)
    assert d.paragraphs[0].text.startswith("关于2026年10月")        # the title opens the page
    assert not [p for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(d.tables) == 1                                          # the ranking table only
    assert "抄送" not in d.element.body.xml and "印发" not in d.element.body.xml
    assert header_text(d) == ""


def test_letterhead_per_gb9704_7_2(tmp_path):
    d = notice_docx(tmp_path, mark="示范区督查委员会文件", number="示督查[2026]05号")
    mark, blank1, blank2, number, blank3, blank4, title = d.paragraphs[:7]
    assert mark.text == "示范区督查委员会文件" and mark.alignment == 1
    run = mark.runs[0]
    assert run.font.color.rgb == RGBColor(0xFF, 0, 0)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert round(mark.paragraph_format.space_before / MM) == 35        # 35 mm below the text area's top
    # two lines below: 发文字号 with 〔2026〕 and an unpadded serial, centred, the red rule under it
    assert (blank1.text, blank2.text) == ("", "")
    assert number.text == "示督查〔2026〕5号" and number.alignment == 1
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:val"))) == ("FF0000", "single")
    assert number._p.pPr.find(qn("w:ind")) is None                    # as wide as the text area
    assert (blank3.text, blank4.text) == ("", "") and title.text.startswith("关于2026年10月")   # 空二行


def test_signer_on_the_number_line(tmp_path):
    d = notice_docx(tmp_path, mark="示范区督查委员会文件", number="示督查〔2026〕5号", signer="张三")
    number = d.paragraphs[3]
    assert number.text == "示督查〔2026〕5号\t签发人：张三"
    assert number._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"        # one character in
    assert number._p.pPr.find(qn("w:tabs")).find(qn("w:tab")).get(qn("w:val")) == "right"
    assert number.runs[-1].text == "张三" and number.runs[-1]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体"


def test_record_per_gb9704_7_4(tmp_path):
    d = notice_docx(tmp_path, copies="区委办公室，区政府办公室", printer="示范区督查委员会办公室")
    record = record_table(d)
    assert [c.text for r in record.rows for c in r.cells] == ["抄送：区委办公室，区政府办公室。",
                                                            "示范区督查委员会办公室\t2026年11月27日印发"]
    # in a text box anchored to the last paragraph: centred, its foot on the text area's foot (margin
    # bottom), as wide as the text area, text above and below only
    anchor = d.paragraphs[-1]._p.find(".//" + WP + "anchor")
    assert anchor.find(WP + "positionV").get("relativeFrom") == "margin"
    assert anchor.find(WP + "positionV").find(WP + "align").text == "bottom"
    assert anchor.find(WP + "positionH").find(WP + "align").text == "center"
    assert round(int(anchor.find(WP + "extent").get("cx")) / MM) == 156
    assert anchor.find(WP + "wrapTopAndBottom") is not None
    # rows of exact height: 2 lines of 28.99 pt in all (the box is that tall)
    assert [r.height_rule for r in record.rows] == [WD_ROW_HEIGHT_RULE.EXACTLY] * 2
    tbl_pr = record._tbl.tblPr
    edges = tbl_pr.find(qn("w:tblBorders"))
    sizes = {side: edges.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom", "insideH")}
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}                     # thick, thick, thin
    assert edges.find(qn("w:left")).get(qn("w:val")) == "nil"
    for r in record.rows:                                                         # 4号 仿宋
        assert runs_of(r.cells[0].paragraphs[0])[0][1:] == ("仿宋_GB2312", "28")
    # the 落款 is above the record
    texts = [p.text for p in d.paragraphs]
    assert texts.index("示范区督查室") < texts.index("2026年11月27日")


def test_record_without_printer_names_the_signature(tmp_path):
    d = notice_docx(tmp_path, copies="区委办公室", printed="2026-11-30")
    assert record_table(d).rows[-1].cells[0].text == "示范区督查室\t2026年11月30日印发"


def test_long_copies_wrap_into_a_taller_record(tmp_path):
    organs = "，".join(["区委办公室", "区政府办公室", "区人大常委会办公室", "区政协办公室", "区纪委监委", "区委组织部"])
    d = notice_docx(tmp_path, copies=organs)
    # 4号 on 156 mm: 31.6 characters; one character in from each side, 抄送： and 26 more on the first
    # line, 26 on the next (4 in, 1 out): the 42 characters take two lines
    rows = record_table(d).rows
    assert [round(r.height.pt, 1) for r in rows] == [58.0, 29.0]


def test_draft_header_and_final(tmp_path):
    d = notice_docx(tmp_path, errors=3)
    assert header_text(d).startswith("草稿") and header_text(d).count("草稿") == 2   # odd and even pages
    assert "台账尚有3处数据错误，3件事项未计入考评" in header_text(d)
    assert header_text(notice_docx(tmp_path, "final.docx", final=True, errors=3)) == ""


def test_document_number_brackets():
    from duban.read.params import document_number

    assert document_number("红督查[2026]05号") == "红督查〔2026〕5号"
    assert document_number("红督查（2026）12号") == "红督查〔2026〕12号"
    assert document_number("红督查【 2026 】1号") == "红督查〔2026〕1号"
    assert document_number("红督查〔2026〕10号") == "红督查〔2026〕10号"


def test_letterhead_and_record_are_valid_ooxml(tmp_path):
    audit = pytest.importorskip("openxml_audit")
    notice_docx(tmp_path, mark="示范区督查委员会文件", number="示督查〔2026〕5号", signer="张三",
                copies="区委办公室", printer="示范区督查委员会办公室")
    result = audit.OpenXmlValidator().validate(str(tmp_path / "通报.docx"))
    assert not [e for e in result.errors], result.errors[:5]


BRACKETS = [("[", "]"), ("［", "］"), ("【", "】"), ("(", ")"), ("（", "）"), ("〔", "〕"), ("{", "}")]


@given(prefix=st.text(alphabet="红旗县督查委办发", min_size=1, max_size=6), year=st.integers(2000, 2099),
       serial=st.integers(1, 999), zeros=st.integers(0, 2), brackets=st.sampled_from(BRACKETS),
       spaces=st.sampled_from(["", " "]))
def test_document_number_always_six_cornered_and_unpadded(prefix, year, serial, zeros, brackets, spaces):
    from duban.read.params import document_number

    typed = f"{prefix}{brackets[0]}{spaces}{year}{spaces}{brackets[1]}{'0' * zeros}{serial}号"
    assert document_number(typed) == f"{prefix}〔{year}〕{serial}号"


@given(amount=st.integers(1, 10**7))
def test_money_has_no_thousands_separator(amount):
    from duban.render.notice import money

    text = money(float(amount))
    assert "," not in text and text.endswith("元")
    assert text == (f"{amount // 10000}万元" if amount % 10000 == 0 else f"{amount}元")

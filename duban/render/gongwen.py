"""A small builder of official documents (公文) in the GB/T 9704-2012 layout, on python-docx.

API (every method returns the builder, so calls chain)::

    doc = Gongwen(author="示范区督查委（督查室）")
    doc.title("关于2026年10月……的通报")   # 2号 方正小标宋简体 (fallback 宋体), centred; "\\n" breaks lines
    doc.addressee("各街道办事处，区直各单位")  # 主送 line, flush left, a full-width colon is added
    doc.para("正文……")                        # 3号 仿宋_GB2312 (fallback 仿宋), first-line indent 2 chars
    doc.heading1("一、总体情况")              # 黑体; heading1(text, body="…") runs body text on in 仿宋
    doc.heading2("（一）街道办事处组")        # 楷体; same run-in `body`
    doc.table(["名次", "单位", "得分"], rows, widths=[20, 90, 46])  # widths in mm; header row repeats
    doc.blank()                               # one empty body line
    doc.signature("示范区督查委（督查室）", date(2026, 11, 27))  # 落款 + 成文日期 "2026年11月27日"
    doc.page_break()
    doc.save("通报.docx")                      # atomic: temp file in the same folder + os.replace
    doc.to_bytes()                            # the .docx as bytes

The page is A4 with margins top 37 mm, bottom 35, left 28, right 26; the body runs on a fixed
line pitch of 22 lines a page; page numbers "— 1 —" in 4号 宋体 sit in the footer, odd pages
right and even pages left, one character in from the edge (GB/T 9704-2012 §7.5). Every run names
its East Asian font explicitly (w:eastAsia), and the font table gives each 公文 font a fallback
(w:altName), so Word on a machine without 仿宋_GB2312 uses 仿宋 instead of Calibri/SimSun.
The 落款 follows §7.3.5.2 (a document issued without seal): office two characters in from the
right, one line below the text; date on the next line, starting two characters right of the
office's first character (or two characters in from the right when it is the longer one).
"""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from duban.render.text import chinese_date, text_width
from duban.xlsxio import atomic

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0    # 二号
SIZE_3 = 16.0    # 三号
SIZE_4 = 14.0    # 四号
SIZE_SMALL_4 = 12.0  # 小四

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体"
SONG_FONT = "宋体"
# Font table fallbacks (w:altName): what Word uses when the named font is not installed.
FALLBACKS = {TITLE_FONT: SONG_FONT, BODY_FONT: "仿宋", KAI_FONT: "楷体_GB2312"}

# Text area (版心) of the A4 page: 156 mm x 225 mm; 22 lines of 3号 text.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH_MM = 210 - 28 - 26
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28   # GB/T 9704 §5.2.2: 22 lines of 28 characters of 3号 type
LINE_PITCH = Pt(225 / 25.4 * 72 / LINES_PER_PAGE)  # 28.99 pt: 22 lines fill the text area
# The character grid's pitch is Normal's size (3号) plus charSpace/4096 pt: 28 characters fill the 156 mm.
CHAR_SPACE = int(round((TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE - SIZE_3) * 4096))   # -848
BODY_TRACKING = -5   # twentieths of a point between characters of body text: 28 x (16 - 0.25) pt fit 442 pt
RED = "FF0000"
# GB/T 9704 §7.2 版头: 发文机关标志 35 mm below the top of the text area, the red line 4 mm under 发文字号;
# §7.4 版记: the first and last rule 0.35 mm (thick), those between 0.25 mm (thin); sizes in eighths of a point.
MARK_TOP = Mm(35)
MARK_MAX_SIZE = 42.0
RED_RULE, THICK_RULE, THIN_RULE = 12, 8, 6
# Child order of w:pPr (ECMA-376 CT_PPrBase), to insert the few elements python-docx has no property for.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
TITLE_CHARS = int(TEXT_WIDTH_MM / 25.4 * 72 // SIZE_2)   # 20 characters of 2号 type on a line
TITLE_PITCH = Pt(35)


def _set_fonts(rpr_owner, font: str, size: float | None = None) -> None:
    """Name `font` for every script (ascii, hAnsi, eastAsia, cs) of a run or style."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(round(size * 2))))


def _indent_chars(paragraph, first_line: float = 0, left: float = 0, right: float = 0,
                  size: float = SIZE_3) -> None:
    """Indents in characters: both the twips (for any reader) and the *Chars attributes Word prefers."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(first_line * size) if first_line else None
    fmt.left_indent = Pt(left * size) if left else None
    fmt.right_indent = Pt(right * size) if right else None
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    for attr, chars in (("w:firstLineChars", first_line), ("w:leftChars", left), ("w:rightChars", right)):
        if chars:
            ind.set(qn(attr), str(int(round(chars * 100))))


def _ppr_add(paragraph, el) -> None:
    """Put `el` into the paragraph's w:pPr at its schema position (replacing one of the same tag)."""
    ppr = paragraph._p.get_or_add_pPr()
    name = el.tag.split("}")[1]
    old = ppr.find(qn(f"w:{name}"))
    if old is not None:
        ppr.remove(old)
    later = {qn(f"w:{t}") for t in PPR_ORDER[PPR_ORDER.index(name) + 1:]}
    at = next((i for i, child in enumerate(ppr) if child.tag in later), len(ppr))
    ppr.insert(at, el)


def _element(tag: str, **attrs: Any) -> Any:  # an lxml element (python-docx types it loosely)
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _off_grid(paragraph) -> None:
    """Keep a paragraph off the character grid (its own type size and spacing)."""
    _ppr_add(paragraph, _element("w:snapToGrid", val="0"))


def _mark_size(paragraph, font: str, size: float) -> None:
    """The paragraph mark's font and size: an empty paragraph (an empty table cell) is then as tall as
    its neighbours instead of taking Normal's 3号."""
    rpr = OxmlElement("w:rPr")
    fonts = _element("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    rpr.extend([fonts, _element("w:sz", val=int(round(size * 2))), _element("w:szCs", val=int(round(size * 2)))])
    _ppr_add(paragraph, rpr)


def _border(side: str, size: int, color: str = "000000", space: int = 0) -> Any:
    return _element(f"w:{side}", val="single", sz=size, space=space, color=color)


def _right_tab(paragraph, right_chars: float, size: float) -> None:
    """A right-aligned tab stop `right_chars` characters in from the right edge of the text area."""
    pos = int(round((TEXT_WIDTH_MM / 25.4 * 72 - right_chars * size) * 20))
    tabs = OxmlElement("w:tabs")
    tabs.append(_element("w:tab", val="right", pos=pos))
    _ppr_add(paragraph, tabs)


def _copies_lines(copies: str) -> int:
    """Lines the 抄送 row takes in 4号 type: "抄送：" and the organs one character in from each side,
    wrapped lines under the first organ (four characters in)."""
    width = TEXT_WIDTH_MM / 25.4 * 72 / SIZE_4
    first, rest = int(width - 2) - 3, int(width - 5)
    left = text_width(copies) - first
    return 1 + max(0, -int(-left // rest))


# The 版记's text box: anchored, centred on the text area, its foot on the text area's foot, text above
# and below it only, no line, no fill, no inner margins (DrawingML wordprocessingShape).
RECORD_BOX = (
    '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0"'
    ' locked="0" layoutInCell="1" allowOverlap="0">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
    '<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/>'
    '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
    '<wps:txbx><w:txbxContent/></wps:txbx>'
    '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"><a:noAutofit/>'
    '</wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')


class Gongwen:
    """One 公文: build it top to bottom, then `save` it."""

    def __init__(self, author: str = "", created: datetime | None = None):
        self.doc = Document()
        self._setup_page()
        self._setup_styles()
        self._setup_font_table()
        self._drop_styles_with_effects()
        self._page_numbers()
        props = self.doc.core_properties
        props.author = author
        props.last_modified_by = author
        props.comments = ""
        if created is not None:
            props.created = created
            props.modified = created
        # The default template's empty first paragraph: reuse it as our first one.
        self._first = self.doc.paragraphs[0] if self.doc.paragraphs else None

    # ---- page, styles, fonts -------------------------------------------------------------
    def _setup_page(self) -> None:
        sec = self.doc.sections[0]
        sec.start_type = WD_SECTION_START.NEW_PAGE
        sec.page_width, sec.page_height = PAGE_WIDTH, PAGE_HEIGHT
        sec.top_margin, sec.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        sec.left_margin, sec.right_margin = MARGINS["left"], MARGINS["right"]
        sec.header_distance = Mm(15)
        sec.footer_distance = Mm(22)  # "— 1 —" about 7 mm below the text area
        grid = sec._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sec._sectPr.append(grid)
        # 28 characters x 22 lines (GB/T 9704 §5.2.2), as 公文 templates set it; see _setup_styles
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(int(round(LINE_PITCH.pt * 20))))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _setup_styles(self) -> None:
        normal = self.doc.styles["Normal"]
        _set_fonts(normal.element, BODY_FONT, SIZE_3)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang)
        # 28 characters of 3号 on the 156 mm line (28 x 16 pt would be 448 pt of 442): close the characters
        # up by 0.25 pt, for renderers that do not squeeze text onto the character grid as Word does
        rpr = normal.element.get_or_add_rPr()
        rpr.insert(list(rpr).index(rpr.find(qn("w:sz"))), _element("w:spacing", val=BODY_TRACKING))
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.widow_control = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # No automatic extra space between Chinese and digits/Latin ("2026年" not "2026 年"), as 公文
        # templates set it: the lines then hold the 28 characters GB/T 9704 counts on.
        ppr = normal.element.get_or_add_pPr()
        later = {qn(f"w:{t}") for t in ("bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
                                         "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc")}
        at = next((i for i, el in enumerate(ppr) if el.tag in later), len(ppr))
        for i, tag in enumerate(("w:autoSpaceDE", "w:autoSpaceDN", "w:snapToGrid")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), "0")
            ppr.insert(at + i, el)
        # The section's grid (28 x 22, what Word's page setup shows) is not snapped to: LibreOffice pads
        # every run of digits to whole grid cells ("2026 年10 月"). The 0.25 pt tracking above puts the
        # 28 characters on a line in Word and LibreOffice alike.
        # The template's Table Grid style inherits Normal; tables set their own spacing.

    def _setup_font_table(self) -> None:
        table = self.doc.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
        )
        from docx.oxml import parse_xml
        root = parse_xml(table.blob)
        known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for font in (TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT):
            if font in known:
                continue
            el = OxmlElement("w:font")
            el.set(qn("w:name"), font)
            if font in FALLBACKS:
                alt = OxmlElement("w:altName")
                alt.set(qn("w:val"), FALLBACKS[font])
                el.append(alt)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86")  # GB2312
            family = OxmlElement("w:family")
            family.set(qn("w:val"), "modern" if font == HEI_FONT else "roman")
            pitch = OxmlElement("w:pitch")
            pitch.set(qn("w:val"), "variable")
            el.extend([charset, family, pitch])
            root.append(el)
        from lxml import etree
        table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _drop_styles_with_effects(self) -> None:
        """python-docx's template carries a Word 2010 stylesWithEffects part that no longer matches
        styles.xml once styles change; Word would offer to repair the file. Word does not need it."""
        for rid, rel in list(self.doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                self.doc.part.drop_rel(rid)

    def _page_numbers(self) -> None:
        """"— N —" in 4号 宋体: odd pages right, even pages left, one character in."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.sections[0]
        for footer, align, side in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                    (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            _off_grid(p)
            fmt = p.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _indent_chars(p, **{side: 1}, size=SIZE_4)
            self._run(p, "— ", SONG_FONT, SIZE_4)
            self._field(p, "PAGE", "1", SONG_FONT, SIZE_4)
            self._run(p, " —", SONG_FONT, SIZE_4)

    # ---- low-level helpers -----------------------------------------------------------------
    @staticmethod
    def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
        run = paragraph.add_run(text)
        _set_fonts(run._r, font, size)
        run.bold = bold or None
        return run

    @classmethod
    def _field(cls, paragraph, instruction: str, shown: str, font: str, size: float) -> None:
        def char(kind):
            run = cls._run(paragraph, "", font, size)
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        char("begin")
        run = cls._run(paragraph, "", font, size)
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run._r.append(instr)
        char("separate")
        cls._run(paragraph, shown, font, size)
        char("end")

    def _paragraph(self):
        if self._first is not None:
            p, self._first = self._first, None
            return p
        return self.doc.add_paragraph()

    # ---- content -----------------------------------------------------------------------------
    def title(self, text: str) -> Gongwen:
        """Title (标题): 2号 方正小标宋简体, centred; "\\n" starts a new line; a blank line follows."""
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = TITLE_PITCH
        p.paragraph_format.keep_with_next = True
        _off_grid(p)
        for i, line in enumerate(text.split("\n")):
            if i:
                p.runs[-1].add_break()
            run = self._run(p, line, TITLE_FONT, SIZE_2)
            if text_width(line) > TITLE_CHARS - 1:   # a full line: close up a little so it never wraps
                spacing = OxmlElement("w:spacing")
                spacing.set(qn("w:val"), "-20")      # -1 pt between characters (~5 %)
                rpr = run._r.get_or_add_rPr()
                rpr.insert(list(rpr).index(rpr.find(qn("w:sz"))), spacing)   # CT_RPr order: spacing before sz
        return self.blank()

    def addressee(self, text: str) -> Gongwen:
        """主送 line, flush left, ending in a full-width colon."""
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._run(p, text.rstrip("：:") + "：", BODY_FONT, SIZE_3)
        return self

    def para(self, text: str) -> Gongwen:
        """Body paragraph: 3号 仿宋, first line indented two characters."""
        p = self._paragraph()
        _indent_chars(p, first_line=2)
        self._run(p, text, BODY_FONT, SIZE_3)
        return self

    def _heading(self, text: str, font: str, body: str | None) -> Gongwen:
        p = self._paragraph()
        _indent_chars(p, first_line=2)
        self._run(p, text, font, SIZE_3)
        if body:
            self._run(p, body, BODY_FONT, SIZE_3)
        else:
            p.paragraph_format.keep_with_next = True
        return self

    def heading1(self, text: str, body: str | None = None) -> Gongwen:
        """First-level heading (一、…) in 黑体; `body` continues the paragraph in 仿宋."""
        return self._heading(text, HEI_FONT, body)

    def heading2(self, text: str, body: str | None = None) -> Gongwen:
        """Second-level heading (（一）…) in 楷体; `body` continues the paragraph in 仿宋."""
        return self._heading(text, KAI_FONT, body)

    def blank(self) -> Gongwen:
        """One empty line of body text."""
        self._paragraph()
        return self

    def page_break(self) -> Gongwen:
        p = self._paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        return self

    def table(self, headers: list[str], rows: list[list], widths: list[float] | None = None,
              size: float = SIZE_4, align: list[str] | None = None) -> Gongwen:
        """A bordered table, centred, header row in 黑体 repeated on every page; cells in 仿宋 at
        `size` (4号 by default). `widths` in mm (default: equal shares of the 156 mm text width);
        `align` per column: "l", "c" (default) or "r". Rows are kept whole on a page."""
        n = len(headers)
        widths = widths or [TEXT_WIDTH_MM / n] * n
        align = align or ["c"] * n
        alignment = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER,
                     "r": WD_ALIGN_PARAGRAPH.RIGHT}
        if self._first is not None:  # a table cannot reuse the initial paragraph; keep it as a line
            self._first = None
        t = self.doc.add_table(rows=1 + len(rows), cols=n)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for r, values in enumerate([headers] + [list(v) for v in rows]):
            row = t.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            cant = OxmlElement("w:cantSplit")
            tr_pr.append(cant)
            if r == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))
            for c in range(n):
                cell = row.cells[c]
                cell.width = Mm(widths[c])
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else alignment[align[c]]
                fmt = p.paragraph_format
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                fmt.space_before = fmt.space_after = Pt(2)
                font = HEI_FONT if r == 0 else BODY_FONT
                _off_grid(p)
                _mark_size(p, font, size)   # empty cells as tall as filled ones: uniform rows
                value = values[c] if c < len(values) else ""
                self._run(p, "" if value is None else str(value), font, size)
        for c, col in enumerate(t.columns):
            col.width = Mm(widths[c])
        return self

    def signature(self, office: str, day: date | datetime) -> Gongwen:
        """落款 (§7.3.5.2): a blank line, the office right-indented two characters, the date below
        it starting two characters further right (or the date two characters in, office shifted)."""
        when = chinese_date(day)
        lo, ld = text_width(office), text_width(when)
        office_right = 2.0
        date_right = office_right + lo - 2 - ld
        if date_right < 2:
            date_right = 2.0
            office_right = 4 + ld - lo
        self.blank()
        for text, right in ((office, office_right), (when, date_right)):
            p = self._paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.keep_with_next = text == office
            _indent_chars(p, right=right)
            self._run(p, text, BODY_FONT, SIZE_3)
        return self

    def draft_mark(self, reason: str) -> Gongwen:
        """Mark every page a 草稿 in the page header: "草稿" in 黑体, then why, in 仿宋."""
        sec = self.doc.sections[0]
        for header in (sec.header, sec.even_page_header):
            header.is_linked_to_previous = False
            p = header.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _off_grid(p)
            run = self._run(p, "草稿", HEI_FONT, SIZE_3)
            run.font.color.rgb = RGBColor.from_string(RED)
            self._run(p, f"　{reason}", BODY_FONT, SIZE_SMALL_4)
        return self

    def letterhead(self, mark: str, number: str = "", signer: str = "") -> Gongwen:
        """版头 (§7.2): the 发文机关标志 in red 小标宋 centred 35 mm below the top of the text area;
        two lines below it the 发文字号 (centred; with a 签发人, 发文字号 one character in from the left
        and 签发人 one in from the right); the red rule as wide as the text area 4 mm under it; two
        blank lines before the title."""
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = min(MARK_MAX_SIZE, (TEXT_WIDTH_MM / 25.4 * 72) / max(text_width(mark), 1) * 0.96)
        fmt = p.paragraph_format
        fmt.space_before = MARK_TOP
        fmt.line_spacing = Pt(size * 1.1)
        fmt.keep_with_next = True
        _off_grid(p)
        self._run(p, mark, TITLE_FONT, size).font.color.rgb = RGBColor.from_string(RED)
        self.blank().blank()
        p = self._paragraph()
        p.paragraph_format.keep_with_next = True
        if signer:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _indent_chars(p, left=1)
            _right_tab(p, 1, SIZE_3)
            self._run(p, f"{number}\t签发人：", BODY_FONT, SIZE_3)
            self._run(p, signer, KAI_FONT, SIZE_3)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(p, number, BODY_FONT, SIZE_3)
        borders = OxmlElement("w:pBdr")
        borders.append(_border("bottom", RED_RULE, RED, space=4))   # about 4 mm below the characters
        _ppr_add(p, borders)
        return self.blank().blank()

    def record(self, copies: str, printer: str, printed: date | datetime) -> Gongwen:
        """版记 (§7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋 between a thick rule above, a thin one between
        and a thick one below, as wide as the text area, its foot on the text area's foot of the last
        page: a table in a text box anchored to the last paragraph, aligned to the bottom of the margin
        area, text above and below only (Word and LibreOffice both place such a box; LibreOffice 7.4 does
        not float a table positioned by w:tblpPr)."""
        rows = ([("抄送：", copies.rstrip("。.，,") + "。")] if copies else []) + [(printer, f"{chinese_date(printed)}印发")]
        lines = [_copies_lines(right) if left == "抄送：" else 1 for left, right in rows]
        t = self.doc.add_table(rows=len(rows), cols=1)
        t.autofit = False
        tbl_pr = t._tbl.tblPr
        edges = OxmlElement("w:tblBorders")
        edges.extend([_border("top", THICK_RULE), _element("w:left", val="nil"), _border("bottom", THICK_RULE),
                      _element("w:right", val="nil"), _border("insideH", THIN_RULE), _element("w:insideV", val="nil")])
        margins = OxmlElement("w:tblCellMar")
        margins.extend([_element("w:left", w=0, type="dxa"), _element("w:right", w=0, type="dxa")])
        layout = tbl_pr.find(qn("w:tblLayout"))   # CT_TblPr order: … tblBorders, shd, tblLayout, tblCellMar, tblLook
        layout.addprevious(edges)
        layout.addnext(margins)
        for row, (left, right), n in zip(t.rows, rows, lines):
            row.height = Pt(n * LINE_PITCH.pt)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            cell = row.cells[0]
            cell.width = Mm(TEXT_WIDTH_MM)
            p = cell.paragraphs[0]
            fmt = p.paragraph_format
            fmt.line_spacing = LINE_PITCH
            _off_grid(p)
            _mark_size(p, BODY_FONT, SIZE_4)
            if left == "抄送：":   # wrapped lines align with the first 抄送 organ (after the colon)
                _indent_chars(p, left=4, right=1, size=SIZE_4)
                p.paragraph_format.first_line_indent = Pt(-3 * SIZE_4)   # hanging by 抄送：
                p._p.pPr.find(qn("w:ind")).set(qn("w:hangingChars"), "300")
                self._run(p, left + right, BODY_FONT, SIZE_4)
            else:
                _indent_chars(p, left=1, size=SIZE_4)
                _right_tab(p, 1, SIZE_4)
                self._run(p, f"{left}\t{right}", BODY_FONT, SIZE_4)
        t.columns[0].width = Mm(TEXT_WIDTH_MM)
        anchor = self._paragraph()   # the last paragraph, as small as can be: it holds the box
        anchor.paragraph_format.line_spacing = Pt(1)
        _off_grid(anchor)
        _mark_size(anchor, BODY_FONT, 1)
        box = parse_xml(RECORD_BOX.format(cx=Mm(TEXT_WIDTH_MM), cy=int(Pt(sum(lines) * LINE_PITCH.pt)) + Pt(2)))
        box.find(".//" + qn("w:txbxContent")).append(t._tbl)   # moved out of the body into the box
        run = anchor.add_run()
        run._r.append(box)
        return self

    # ---- output ------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def save(self, path: str | os.PathLike) -> Path:
        """Write atomically: a temporary file in the target folder, then os.replace."""
        target = Path(path)
        return atomic.write_bytes(target, self.to_bytes(), prefix=".~" + target.stem, suffix=".docx.tmp")

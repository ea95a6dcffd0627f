"""The bad-input corpus: one row per case, with the outcome `duban` must give.

Each `Case` names a builder (tests/bad_inputs/build.py makes the file at test
time), the exit code (0 ok, 1 data errors, 2 cannot run), a Chinese phrase the
output must contain, and what must stay byte-identical:

- keep="file":   the whole file (the run refused, or only read it);
- keep="inputs": every zip member except the computed sheets' parts and the
  workbook-level parts that list sheets (the run wrote its results; the sheets
  people type in are untouched).

`finding` = (级别, 工作表, 单元格) expects that row on 校验结果 with `phrase`
in its 问题 or 建议 column. No case may print a traceback or the last-resort
"程序出错" message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duban import schema

from .build import (
    BIFF8_BOF,
    CHART,
    MONTH,
    NAME,
    TODAY,
    clean_sheets,
    forge_declared_sizes,
    ledger,
    noise,
    ole_file,
    params_rows,
    raw_bytes,
    replace_in,
    rewrite,
    sheet_parts,
    write_book,
)
from ledgers import D, item

RECOMPUTE = ("recompute", "{file}", "--today", TODAY, "--month", MONTH)
VALIDATE = ("validate", "{file}", "--today", TODAY)
BIG = 1_000_000


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Path]
    exit: int
    phrase: str
    keep: str = "file"                       # "file" | "inputs"
    finding: tuple[str, str, str] | None = None
    argv: tuple[str, ...] = RECOMPUTE
    check: Callable[[Path, str], None] | None = None
    note: str = ""


# -- builders: one bad row in a clean ledger -----------------------------------------------------

def _no(out: str, phrase: str) -> None:
    assert phrase not in out, out[-2000:]


def with_item(raw: dict[str, Any] | None = None, **kw: Any) -> Callable[[Path], Path]:
    """A clean ledger plus item 9 (row 6 of 周交办), due in January, with fields overridden
    (`raw` sets cell values after the row helper's defaults, e.g. an empty 事项内容)."""
    args = dict(id="9", unit="区住建局", deadline=D(2026, 1, 23), feedback=D(2026, 2, 9))
    args.update(kw)
    row = item(**args)
    for name, value in (raw or {}).items():
        row[schema.ITEMS.headers.index(schema.ITEMS.column(name).header)] = value
    return lambda d: ledger(d, extra_items=[list(row)])


def with_rows(**kw: Any) -> Callable[[Path], Path]:
    return lambda d: ledger(d, **kw)


def review(id="Y1", date=D(2026, 1, 12), category="问题楼盘", desc="某小区办证难", unit="区住建局",
           deadline=D(2026, 6, 30), status="化解中", resolved=None) -> list:
    return [id, date, category, desc, unit, "手续不全", "历史遗留", "分类办证", deadline, status, resolved, None]


def adjustment(month="2026-01", unit="区财政局", points=2, reason="表扬") -> list:
    return [month, unit, points, reason, "区督查委通报", "张三"]


def items_with(row: list, at: int = 1) -> list:
    items = [list(r) for r in clean_sheets()[schema.ITEMS.title][1:]]
    return items[:at] + [row] + items[at:]


def params_without_block(title: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        rows, skip = [], False
        for r in params_rows():
            if r and isinstance(r[0], str) and r[0].startswith("【"):
                skip = r[0] == f"【{title}】"
            if not skip:
                rows.append(r)
        return ledger(d, params=rows)
    return build


# -- builders: sheets and headers ----------------------------------------------------------------

def without_sheet(title: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        sheets = clean_sheets()
        del sheets[title]
        return write_book(d / NAME, sheets)
    return build


def renamed_header(old: str, new: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        sheets = clean_sheets()
        sheets[schema.ITEMS.title][0] = [new if h == old else h for h in schema.ITEMS.headers]
        return write_book(d / NAME, sheets)
    return build


def merged_header(d: Path) -> Path:
    """交办日期 and 交办领导 merged into one header cell (the second header text is lost)."""
    def hook(wb, ws):
        ws.merge_range(0, 2, 0, 3, "交办日期", wb.add_format({"align": "center", "bold": True}))
    return ledger(d, hooks={schema.ITEMS.title: hook})


def title_row_above_header(d: Path) -> Path:
    """A merged title row above the headers (A1:Q1), as many offices lay their ledgers out."""
    sheets = clean_sheets()
    sheets[schema.ITEMS.title].insert(0, [])

    def hook(wb, ws):
        ws.merge_range(0, 0, 0, 16, "2026年周交办事项台账", wb.add_format({"bold": True, "font_size": 16}))
    return write_book(d / NAME, sheets, {schema.ITEMS.title: hook})


def header_too_low(d: Path) -> Path:
    sheets = clean_sheets()
    sheets[schema.ITEMS.title][:0] = [[f"说明第{i}行"] for i in range(1, 17)]
    return write_book(d / NAME, sheets)


def merged_lead_unit_cells(d: Path) -> Path:
    """One 牵头单位 cell merged down over two items: the second row reads as empty."""
    sheets = clean_sheets()
    sheets[schema.ITEMS.title][2][4] = None

    def hook(wb, ws):
        ws.merge_range(1, 4, 2, 4, "城关街道办事处")
    return write_book(d / NAME, sheets, {schema.ITEMS.title: hook})


def formatted_empty_rows(d: Path) -> Path:
    """100,000 formatted rows with no values under the items (set_row with a fill)."""
    def hook(wb, ws):
        fill = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
        for r in range(5, 100_005):
            ws.set_row(r, None, fill)
    return ledger(d, hooks={schema.ITEMS.title: hook})


def formatted_blank_cells(d: Path) -> Path:
    """100,000 rows of blank but formatted cells (write_blank in 本周进展) under the items."""
    def hook(wb, ws):
        fill = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
        for r in range(5, 100_005):
            ws.write_blank(r, 12, None, fill)
    return ledger(d, hooks={schema.ITEMS.title: hook})


def chart_sheet_as(title: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        sheets = clean_sheets()
        sheets[title] = CHART
        return write_book(d / NAME, sheets)
    return build


def computed_sheet_is_chart(d: Path) -> Path:
    sheets = clean_sheets()
    sheets[schema.MONTHLY.title] = CHART
    return write_book(d / NAME, sheets)


def duplicate_sheet_name(new: str, renamed: str = "备用") -> Callable[[Path], Path]:
    """A sheet '备用' renamed inside workbook.xml to `new`, which another sheet already has
    (exactly, or differing only by case): Excel cannot open such a file without repair."""
    def build(d: Path) -> Path:
        sheets = clean_sheets()
        sheets[renamed] = [["这张表的名字和另一张重复"]]
        if new.casefold() == "xlwings.conf":
            sheets["xlwings.conf"] = [["Interpreter_Win", "python"]]
        p = write_book(d / NAME, sheets)
        return rewrite(p, {"xl/workbook.xml": replace_in(f'name="{renamed}"'.encode(),
                                                          f'name="{new}"'.encode())})
    return build


def formulas_without_values(d: Path) -> Path:
    """完成时限 of item 2 is a formula (=C3+14) saved without a cached value (as openpyxl or a script saves)."""
    def hook(wb, ws):
        ws.write_formula(2, 8, "=C3+14", wb.add_format({"num_format": "yyyy-mm-dd"}))
    p = ledger(d, hooks={schema.ITEMS.title: hook})
    part = sheet_parts(p)[schema.ITEMS.title]
    return rewrite(p, {part: replace_in(b"<f>C3+14</f><v>0</v>", b"<f>C3+14</f>")})


def huge_cell(field: str) -> Callable[[Path], Path]:
    """A 1,000,000-character cell (Excel allows 32,767) in the given column of item 2."""
    def build(d: Path) -> Path:
        marker = "@@很长的单元格@@"
        sheets = clean_sheets()
        col = schema.ITEMS.headers.index(schema.ITEMS.column(field).header)
        sheets[schema.ITEMS.title][2][col] = marker
        p = write_book(d / NAME, sheets)
        return rewrite(p, {"xl/sharedStrings.xml": replace_in(marker.encode(), ("进" * BIG).encode())})
    return build


def control_characters(d: Path) -> Path:
    """A unit name holding a BEL character (stored as _x0007_), quoted back in the finding."""
    p = with_item(unit="@@控制字符@@")(d)
    return rewrite(p, {"xl/sharedStrings.xml": replace_in("@@控制字符@@".encode(), b"\xe5\x8c\xba_x0007_\xe5\xb1\x80")})


def non_utf8(member_of: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        p = ledger(d)
        member = "xl/sharedStrings.xml" if member_of == "sharedStrings" else sheet_parts(p)[member_of]
        old = "按计划推进".encode() if member_of == "sharedStrings" else b"<sheetData>"
        new = b"\xff\xfe\xc3\x28\xa0\xa1" if member_of == "sharedStrings" else b"<sheetData>\xff\xfe"
        return rewrite(p, {member: replace_in(old, new)})
    return build


def error_value_in_date(d: Path) -> Path:
    """完成时限 of item 2 holds the error value #N/A (a broken VLOOKUP)."""
    def hook(wb, ws):
        ws.write_formula(2, 8, "=NA()", None, "#N/A")
    return ledger(d, hooks={schema.ITEMS.title: hook})


# -- builders: files that are not a ledger workbook ----------------------------------------------

def truncated(fraction: float) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        data = ledger(d).read_bytes()
        return raw_bytes(d, data[:int(len(data) * fraction)])
    return build


def cut_tail(n: int) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        data = ledger(d).read_bytes()
        return raw_bytes(d, data[:-n])
    return build


def damaged_member(d: Path) -> Path:
    """Garbage in the deflate stream of the 周交办 part; the zip directory is intact."""
    p = ledger(d)
    part = sheet_parts(p)[schema.ITEMS.title]
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as z:
        info = z.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 64] = b"\xff" * 64
    return raw_bytes(d, bytes(data))


def bomb_ratio(d: Path) -> Path:
    """The 周交办 part inflates to 60 MB of spaces from ~60 KB."""
    p = ledger(d)
    part = sheet_parts(p)[schema.ITEMS.title]
    old = zipfile.ZipFile(p).read(part)
    bomb = old.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 << 20), 1)
    rewrite(p, {part: bomb})
    assert p.stat().st_size < 400_000
    return p


def bomb_declared(size: int, total: bool = False) -> Callable[[Path], Path]:
    """Central directory claims huge uncompressed sizes (one member, or many that add up)."""
    def build(d: Path) -> Path:
        p = ledger(d)
        names = list(sheet_parts(p).values())
        forge = {n: size for n in names} if total else {names[0]: size}
        return forge_declared_sizes(p, forge)
    return build


def bomb_understated(d: Path) -> Path:
    """A member that inflates to 100 MB while the directory declares 2,000 bytes."""
    p = ledger(d)
    part = sheet_parts(p)[schema.REVIEWS.title]
    old = zipfile.ZipFile(p).read(part)
    rewrite(p, {part: old.replace(b"<sheetData", b" " * (100 << 20) + b"<sheetData", 1)})
    return forge_declared_sizes(p, {part: 2000})


EVIL_DTD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
                       for i in range(2, 10))
            + b"]>")
XXE_DTD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')


def with_dtd(target: str, dtd: bytes, entity: bytes, padding: int = 0) -> Callable[[Path], Path]:
    """Put a DTD (after `padding` bytes of XML comment) into a part, and an entity reference in a cell."""
    def build(d: Path) -> Path:
        p = ledger(d)
        member = {"sharedStrings": "xl/sharedStrings.xml", "workbook": "xl/workbook.xml"}.get(target) \
            or sheet_parts(p)[target]

        def fn(data: bytes) -> bytes:
            body = data.split(b"?>", 1)[1].lstrip()
            pad = b"<!--" + b"x" * padding + b"-->" if padding else b""
            head = dtd.split(b"?>", 1)
            out = head[0] + b"?>" + pad + head[1] + body
            if target == "sharedStrings":
                out = out.replace("按计划推进".encode(), entity, 1)
            return out
        return rewrite(p, {member: fn})
    return build


def encrypted(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    src = ledger(d, name="明文.xlsx")
    p = d / NAME
    with open(src, "rb") as f, open(p, "wb") as out:
        OOXMLFile(f).encrypt("密码123", out)
    src.unlink()
    return p


def old_xls(d: Path) -> Path:
    return ole_file(d / NAME, {"Workbook": BIFF8_BOF, "\x05SummaryInformation": b"\xfe\xff"})


def old_doc(d: Path) -> Path:
    return ole_file(d / NAME, {"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b"\0"})


def csv_text(encoding: str) -> Callable[[Path], Path]:
    text = "编号,期次,交办日期,交办领导,牵头单位\n1,1,2026-01-05,王建国,区财政局\n"
    return lambda d: raw_bytes(d, text.encode(encoding))


def html_table(d: Path) -> Path:
    return raw_bytes(d, "<html><body><table><tr><td>编号</td><td>牵头单位</td></tr></table></body></html>".encode())


def xml_2003(d: Path) -> Path:
    return raw_bytes(d, b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')


def word_document(d: Path) -> Path:
    p = d / NAME
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return p


def zip_without_workbook(d: Path) -> Path:
    p = ledger(d)
    return rewrite(p, {"xl/workbook.xml": None})


def directory(d: Path) -> Path:
    p = d / NAME
    p.mkdir()
    return p


def wrong_extension(suffix: str) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        p = ledger(d)
        return p.rename(p.with_suffix(suffix))
    return build


def open_in_excel(d: Path) -> Path:
    p = ledger(d)
    (d / f"~${p.name}").write_bytes(b"\x05\x00WPS owner")
    return p


# -- extra checks ---------------------------------------------------------------------------------

def rows_of(path: Path, title: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python()


def cells_within_excel_limit(path: Path, out: str) -> None:
    """No cell of a computed sheet is longer than Excel's 32,767 characters."""
    for s in schema.COMPUTED_SHEETS:
        for row in rows_of(path, s.title):
            for v in row:
                assert not isinstance(v, str) or len(v) <= 32767, (s.title, len(v))


def huge_name_left_out(path: Path, out: str) -> None:
    """Item 2 (东关's only item) has the huge 牵头单位: left out of the scores, counted in 统计."""
    cells_within_excel_limit(path, out)
    monthly = {r[1]: r for r in rows_of(path, schema.MONTHLY.title)[1:]}
    assert monthly["东关街道办事处"][3] == 0 and monthly["东关街道办事处"][12] == "不参与排名"
    assert "1 件事项未计入排名" in out
    assert "事项 4 件" in rows_of(path, schema.RUN_LOG.title)[-1][4]


def no_ranking(path: Path, out: str) -> None:
    monthly = rows_of(path, schema.MONTHLY.title)
    assert monthly[1:] and all(r[12] == "不参与排名" for r in monthly[1:]), monthly
    assert "排名" not in out.split("还没有交办事项")[1].replace("没有排名", "")


def empty_rows_ignored(path: Path, out: str) -> None:
    log = rows_of(path, schema.RUN_LOG.title)
    assert "事项 4 件" in log[-1][4], log[-1]


def valid_xml_written(path: Path, out: str) -> None:
    """The BEL character quoted in the finding is dropped: every part still parses as XML."""
    import xml.dom.minidom
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith((".xml", ".rels")):
                xml.dom.minidom.parseString(z.read(n))


# -- the table ------------------------------------------------------------------------------------

E, W = "错误", "警告"
ITEMS, REVIEWS, ADJ, UNITS, PARAMS = (schema.ITEMS.title, schema.REVIEWS.title, schema.ADJUSTMENTS.title,
                                      schema.UNITS.title, schema.PARAMS.title)

CASES: list[Case] = [
    # ---- SPEC §4 errors: exit 1, finding on 校验结果, input sheets untouched ----
    Case("missing_content", with_item(raw={"content": "  "}), 1, "事项内容未填写", "inputs", (E, ITEMS, "G6")),
    Case("missing_deadline", with_item(deadline=None), 1, "完成时限未填写", "inputs", (E, ITEMS, "I6")),
    Case("missing_leader", with_item(leader=""), 1, "交办领导未填写", "inputs", (E, ITEMS, "D6")),
    Case("unknown_lead_unit", with_item(unit="区住建委"), 1, "牵头单位“区住建委”不在单位名单中", "inputs",
         (E, ITEMS, "E6")),
    Case("unknown_co_unit", with_item(co="区规划局"), 1, "配合单位“区规划局”不在单位名单中", "inputs",
         (E, ITEMS, "F6")),
    Case("two_lead_units", with_item(unit="区住建局、区城管局"), 1, "牵头单位只能填写一个单位", "inputs",
         (E, ITEMS, "E6")),
    Case("unknown_leader", with_item(leader="张区长"), 1, "交办领导“张区长”不在领导名单中", "inputs",
         (E, ITEMS, "D6")),
    Case("invalid_date", with_item(deadline="2026-13-45"), 1, "不是有效日期", "inputs", (E, ITEMS, "I6")),
    Case("unreadable_date", with_item(deadline="下周五前"), 1, "无法识别为日期", "inputs", (E, ITEMS, "I6")),
    Case("boolean_date", with_item(deadline=True), 1, "不是日期", "inputs", (E, ITEMS, "I6")),
    Case("negative_serial_date", with_item(deadline=-5), 1, "不是日期", "inputs", (E, ITEMS, "I6")),
    Case("error_value_in_date", error_value_in_date, 1, "完成时限单元格显示 #N/A", "inputs", (E, ITEMS, "I3"),
         note="the #N/A cell is an error value, never a blank (issue 16): the item left out of the scores"),
    Case("deadline_before_assignment", with_item(deadline=D(2026, 1, 2)), 1, "早于交办日期", "inputs",
         (E, ITEMS, "I6")),
    Case("done_without_date", with_item(status="已完成", grade="好"), 1, "但未填写完成日期", "inputs",
         (E, ITEMS, "L6")),
    Case("completion_in_future", with_item(status="已完成", completed=D(2026, 3, 1)), 1, "晚于今天", "inputs",
         (E, ITEMS, "L6")),
    Case("completion_before_assignment", with_item(status="已完成", completed=D(2026, 1, 2)), 1,
         "完成日期 2026-01-02 早于交办日期", "inputs", (E, ITEMS, "L6")),
    Case("bad_status", with_item(status="已办结"), 1, "办理状态“已办结”不在可选范围内", "inputs", (E, ITEMS, "K6")),
    Case("bad_grade", with_item(status="已完成", completed=D(2026, 1, 20), grade="优秀"), 1,
         "点评等次“优秀”不在可选范围内", "inputs", (E, ITEMS, "O6")),
    Case("bad_category", with_item(category="乡村振兴"), 1, "事项类别“乡村振兴”不在可选范围内", "inputs",
         (E, ITEMS, "H6")),
    Case("duplicate_id", with_item(id="2", content="另一件事"), 1, "编号“2”与第 3 行重复", "inputs",
         (E, ITEMS, "A6")),
    Case("period_not_integer", with_item(period="待定"), 1, "期次“待定”不是整数", "inputs", (E, ITEMS, "B6")),
    Case("adjustment_unknown_unit", with_rows(adjustments=[adjustment(unit="区住建委")]), 1,
         "单位“区住建委”不在单位名单中", "inputs", (E, ADJ, "B2")),
    Case("adjustment_over_cap", with_rows(adjustments=[adjustment(points=15)]), 0, "超过加减分上限", "inputs",
         (W, ADJ, "C2"), note="SPEC §3: a row beyond the cap counts, with a 警告; the month's sum is clipped"),
    Case("adjustment_points_text", with_rows(adjustments=[adjustment(points="三分")]), 1, "分值“三分”不是数字",
         "inputs", (E, ADJ, "C2")),
    Case("adjustment_month_unreadable", with_rows(adjustments=[adjustment(month="十三月")]), 1,
         "无法识别为月份", "inputs", (E, ADJ, "A2")),
    Case("review_bad_status", with_rows(reviews=[review(status="基本化解")]), 1,
         "化解状态“基本化解”不在可选范围内", "inputs", (E, REVIEWS, "J2")),
    Case("review_resolved_without_date", with_rows(reviews=[review(status="已化解")]), 1,
         "化解状态为“已化解”但未填写化解日期", "inputs", (E, REVIEWS, "K2")),
    Case("review_missing_description", with_rows(reviews=[review(desc=None)]), 1, "问题描述未填写", "inputs",
         (E, REVIEWS, "D2")),
    Case("unit_bad_group", with_rows(units=[["区审计局", "", "乡镇", "李明", "", "", "是", 1]]
                                      + [r for r in clean_sheets()[UNITS][1:]]), 1,
         "组别“乡镇”不在参数表【考评组别】中", "inputs", (E, UNITS, "C2")),
    Case("unit_registered_twice", with_rows(units=clean_sheets()[UNITS][1:] + [clean_sheets()[UNITS][1]]), 1,
         "单位“城关街道办事处”与第 2 行重复", "inputs", (E, UNITS, "A12")),
    Case("params_bad_weekday", with_rows(params=params_rows(例会星期="礼拜八")), 1, "例会星期“礼拜八”无法识别",
         "inputs", (E, PARAMS, "B5")),
    Case("params_cap_not_number", with_rows(params=params_rows(加减分上限="很多")), 1, "“加减分上限”应填写数字",
         "inputs", (E, PARAMS, "B6")),
    Case("huge_unit_name", huge_cell("lead_unit"), 1, "牵头单位“进进进进进", "inputs", (E, ITEMS, "E3"),
         check=huge_name_left_out,
         note="a 1,000,000-character 牵头单位: an error; the finding quotes it cut to Excel's 32,767 characters"),
    Case("control_character_in_name", control_characters, 1, "不在单位名单中", "inputs", (E, ITEMS, "E6"),
         check=valid_xml_written),
    Case("merged_lead_unit_cells", merged_lead_unit_cells, 0, "", "inputs", check=lambda path, out: _no(out, "未填写"),
         note="SPEC §7: a cell merged down several rows gives its value to every row of the merge"),
    Case("formula_without_cached_value", formulas_without_values, 1, "完成时限公式没有计算结果", "inputs",
         (E, ITEMS, "I3"), note="no cached value: an error on the cell asking for a save in Excel/WPS (issue 16)"),

    # ---- SPEC §4 warnings: exit 0, finding on 校验结果 ----
    Case("meeting_not_on_weekday", with_item(assigned=D(2026, 1, 7), period=1), 0, "不是例会日", "inputs",
         (W, ITEMS, "C6")),
    Case("period_two_dates", lambda d: ledger(d, items=items_with(item("9", "区住建局", D(2026, 1, 23),
         assigned=D(2026, 1, 12), period=1, feedback=D(2026, 2, 9)))), 0, "第 1 期的交办日期不一致", "inputs",
         (W, ITEMS, "C3")),
    Case("likely_duplicate", with_item(unit="区财政局", content="事项4"), 0, "可能重复交办", "inputs",
         (W, ITEMS, "G6")),
    Case("no_progress_for_weeks", with_item(progress="", feedback=None), 0, "尚无本周进展", "inputs",
         (W, ITEMS, "M6")),
    Case("stale_feedback", with_item(feedback=D(2026, 1, 20)), 0, "已超过 7 天没有本周进展", "inputs",
         (W, ITEMS, "M6")),
    Case("completion_date_on_open_item", with_item(completed=D(2026, 1, 20)), 0, "却填写了完成日期", "inputs",
         (W, ITEMS, "L6")),
    Case("trailing_space_in_unit", with_item(unit="区住建局 "), 0, "含有多余空格或全角字符", "inputs",
         (W, ITEMS, "E6")),
    Case("fullwidth_space_in_co_unit", with_item(co="区　民政局"), 0, "含有多余空格或全角字符", "inputs",
         (W, ITEMS, "F6")),
    Case("short_unit_name", with_item(unit="城关街道"), 0, "是简称", "inputs", (W, ITEMS, "E6")),
    Case("text_date_dots", with_item(deadline="2026.1.23"), 0, "以文本形式录入", "inputs", (W, ITEMS, "I6")),
    Case("text_date_chinese", with_item(deadline="2026年1月23日"), 0, "已读作 2026-01-23", "inputs",
         (W, ITEMS, "I6")),
    Case("text_date_month_day", with_item(deadline="1月23日"), 0, "已读作 2026-01-23", "inputs", (W, ITEMS, "I6")),
    Case("text_date_slashes", with_item(deadline="2026/1/23"), 0, "已读作 2026-01-23", "inputs", (W, ITEMS, "I6")),
    Case("date_as_plain_number", with_item(deadline=46045), 0, "以数字形式录入", "inputs", (W, ITEMS, "I6")),
    Case("params_block_missing", params_without_block("点评等次"), 0, "已按默认值计算", "inputs",
         (W, PARAMS, "A1")),
    Case("params_sheet_missing", without_sheet(PARAMS), 0, "参数表中没有找到", "inputs", (W, PARAMS, "A1"),
         note="decided: every setting falls back to its default, one warning per block"),

    # ---- readable but odd: exit 0 ----
    Case("adjustment_month_as_text", with_rows(adjustments=[adjustment(month="2026年1月")]), 0, "校验通过", "inputs",
         note="2026年1月 and a date in the month are read as the month, without a finding (SPEC §2)"),
    Case("adjustment_month_as_date", with_rows(adjustments=[adjustment(month=D(2026, 1, 15))]), 0, "校验通过",
         "inputs"),
    Case("headers_only", lambda d: write_book(d / NAME, clean_sheets(items=[])), 0, "还没有交办事项", "inputs",
         check=no_ranking),
    Case("title_row_above_headers", title_row_above_header, 0, "校验通过", "inputs"),
    Case("formatted_empty_rows_100k", formatted_empty_rows, 0, "校验通过", "inputs", check=empty_rows_ignored),
    Case("formatted_blank_cells_100k", formatted_blank_cells, 0, "校验通过", "inputs", check=empty_rows_ignored),
    Case("huge_progress_text", huge_cell("progress"), 0, "校验通过", "inputs", check=cells_within_excel_limit,
         note="a 1,000,000-character 本周进展 is only read; nothing computed repeats it"),

    # ---- cannot run: exit 2, file byte-identical ----
    Case("not_a_zip", lambda d: raw_bytes(d, noise(5000)), 2, "文件格式无法识别"),
    Case("empty_file", lambda d: raw_bytes(d, b""), 2, "文件是空的"),
    Case("truncated_half", truncated(0.5), 2, "文件不完整或已损坏"),
    Case("truncated_tail", cut_tail(40), 2, "文件不完整或已损坏"),
    Case("damaged_member", damaged_member, 2, "已损坏"),
    Case("zip_bomb_ratio", bomb_ratio, 2, "压缩炸弹"),
    Case("zip_bomb_declared_member", bomb_declared(600 << 20), 2, "压缩炸弹"),
    Case("zip_bomb_declared_total", bomb_declared(300 << 20, total=True), 2, "压缩炸弹"),
    Case("zip_bomb_understated", bomb_understated, 2, "已损坏",
         note="declares 2,000 bytes, inflates to 100 MB: reading stops at the declared size (CRC error)"),
    Case("dtd_in_workbook", with_dtd("workbook", EVIL_DTD, b""), 2, "DTD"),
    Case("billion_laughs_shared_strings", with_dtd("sharedStrings", EVIL_DTD, b"&lol9;"), 2, "DTD"),
    Case("billion_laughs_sheet", with_dtd(ITEMS, EVIL_DTD, b""), 2, "DTD"),
    Case("external_entity_passwd", with_dtd("sharedStrings", XXE_DTD, b"&xxe;"), 2, "DTD"),
    Case("dtd_after_padding", with_dtd("sharedStrings", XXE_DTD, b"&xxe;", padding=100_000), 2, "DTD",
         note="the DTD comes after 100 KB of comment, past a fixed-size head scan"),
    Case("encrypted_workbook", encrypted, 2, "设置了打开密码"),
    Case("old_xls", old_xls, 2, "Excel 97-2003"),
    Case("old_word_doc", old_doc, 2, "另存为"),
    Case("csv_renamed_utf8", csv_text("utf-8"), 2, "CSV"),
    Case("csv_renamed_gbk", csv_text("gbk"), 2, "CSV"),
    Case("html_renamed", html_table, 2, "网页"),
    Case("xml_spreadsheet_2003", xml_2003, 2, "XML 电子表格 2003"),
    Case("word_docx_renamed", word_document, 2, "Word 文档"),
    Case("zip_without_workbook_part", zip_without_workbook, 2, "缺少工作簿主体"),
    Case("directory", directory, 2, "是文件夹"),
    Case("xls_extension", wrong_extension(".xls"), 2, "不是 .xlsx 或 .xlsm"),
    Case("csv_extension", wrong_extension(".csv"), 2, "不是 .xlsx 或 .xlsm"),
    Case("missing_items_sheet", without_sheet(ITEMS), 2, "找不到交办事项表"),
    Case("missing_units_sheet", without_sheet(UNITS), 2, "找不到工作表“单位”"),
    # An office ledger may lack these registers: read as empty, said once (提示).
    Case("missing_leaders_sheet", without_sheet(schema.LEADERS.title), 0, "没有“领导”工作表，按空表处理", "inputs",
         ("提示", schema.LEADERS.title, "A1")),
    Case("missing_reviews_sheet", without_sheet(REVIEWS), 0, "没有“周研判”工作表，按空表处理", "inputs",
         ("提示", REVIEWS, "A1")),
    Case("missing_adjustments_sheet", without_sheet(ADJ), 0, "没有“加减分”工作表，按空表处理", "inputs",
         ("提示", ADJ, "A1")),
    Case("renamed_header", renamed_header("牵头单位", "负责单位"), 2, "表头中的“负责单位”如果就是“牵头单位”"),
    Case("renamed_header_validate", renamed_header("完成时限", "完成时间节点"), 2, "缺少 “完成时限” 列",
         argv=VALIDATE),
    Case("merged_header_cells", merged_header, 0, "D列有内容（4 行）但没有表头", "inputs", (W, ITEMS, "D1"),
         note="交办领导 is not needed to score; the column that lost its header is named, not read"),
    Case("header_below_row_15", header_too_low, 2, "找不到交办事项表"),
    Case("items_is_chart_sheet", chart_sheet_as(ITEMS), 2, "“周交办”是图表工作表"),
    Case("computed_sheet_is_chart", computed_sheet_is_chart, 2, "“月考评”是图表工作表"),
    Case("duplicate_sheet_name", duplicate_sheet_name(ITEMS), 2, "两张同名的工作表“周交办”"),
    Case("sheet_names_differ_by_case", duplicate_sheet_name("XLWINGS.CONF"), 2,
         "两张同名的工作表“XLWINGS.CONF”和“xlwings.conf”"),
    Case("markup_in_leader_name", with_item(leader="[/b]张区长[red]"), 1, "交办领导“[/b]张区长[red]”不在领导名单中",
         "inputs", (E, ITEMS, "D6"), note="console markup in a cell is shown as typed, never interpreted"),
    Case("markup_in_header", renamed_header("牵头单位", "[/]牵头"), 2, "表头中的“[/]牵头”"),
    Case("non_utf8_shared_strings", non_utf8("sharedStrings"), 2, "已损坏"),
    Case("non_utf8_sheet", non_utf8(ITEMS), 2, "已损坏"),
    Case("open_in_excel", open_in_excel, 2, "文件正在被 Excel 或 WPS 打开"),
]

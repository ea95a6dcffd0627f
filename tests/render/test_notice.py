"""The month's 通报: figures as at the evaluated month's end, one text for the sheet and the .docx."""

from __future__ import annotations

from docx import Document

from duban.commands.main import main
from duban.render.text import wrap_lines
from duban.rules.stats import month_end

from ledgers import D, analyse_ledger, done, item, make_ledger, read_raw


def october_items() -> list[list]:
    """Four items; at 31 October three were assigned and one of them was done."""
    return [
        done("1", "城关街道办事处", D(2026, 10, 30), D(2026, 10, 20), grade="好", assigned=D(2026, 10, 5)),
        done("2", "东关街道办事处", D(2026, 11, 10), D(2026, 11, 3), assigned=D(2026, 10, 12)),   # done in Nov
        item("3", "区财政局", D(2026, 11, 30), assigned=D(2026, 11, 2)),                         # assigned in Nov
        item("4", "区住建局", D(2026, 12, 30), assigned=D(2026, 10, 19)),
    ]


def test_month_end():
    assert month_end("2026-10") == D(2026, 10, 31)
    assert month_end("2026-02") == D(2026, 2, 28)
    assert month_end("2026-11", today=D(2026, 11, 27)) == D(2026, 11, 27)   # a month still running


def test_figures_count_to_the_months_end(tmp_path):
    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 27), "2026-10", items=october_items())
    s = a.stats
    # items 1, 2, 4 assigned by 31 October (3 is November's); only item 1 was done by then: 1/3 = 33.3 %
    assert (s.items.total, s.items.done, s.items.rate) == (3, 1, 33.3)
    assert s.as_of == D(2026, 10, 31) and s.as_of_text == "截至2026年10月31日"
    assert s.meetings == 3   # weeks of 10-05, 10-12 and 10-19
    assert "截至2026年10月31日，2026年共召开周交办例会3次，交办重点事项3件，已办结1件，办结率33.3%。" in a.notice.paragraphs()


def test_notice_words(tmp_path):
    a = analyse_ledger(tmp_path / "l.xlsx", D(2026, 11, 27), "2026-10", items=october_items())
    n = a.notice
    assert n.title == "关于2026年10月“周交办、周研判、月讲评”工作情况的通报"
    assert (n.addressee, n.office, n.issued) == ("各街道办事处，区直各单位", "示范区督查室", D(2026, 11, 27))
    assert a.notice.paragraphs()[:3] == [n.title, "各街道办事处，区直各单位：", "一、总体情况"]
    assert a.notice.paragraphs()[-3:] == ["特此通报。", "示范区督查室", "2026年11月27日"]
    kinds = [b.kind for b in n.blocks]
    # 区直单位 has nothing due in October, so only 办事处 is ranked: one heading and table per ranked group,
    # a note under the table for the three 街道 with nothing due, then 特此通报。
    assert kinds == ["heading1", "para", "heading1", "heading2", "table", "para", "para"]
    assert n.blocks[5].text.startswith("注：东关街道办事处本月无应办结事项，也无点评等次，不参与排名；")
    table = next(b for b in n.blocks if b.kind == "table")
    assert table.headers[-1] == "奖励经费（元）" and sum(table.widths) == 156


def test_export_docx_has_the_sheets_words(tmp_path):
    path = make_ledger(tmp_path / "l.xlsx", items=october_items())
    out = tmp_path / "上报"
    code = main(["export", str(path), "--month", "2026-10", "--today", "2026-11-27", "--docx", "-o", str(out)])
    assert code == 0
    docx = out / "示范区2026年10月督办工作月度讲评（通报）.docx"
    xlsx = out / "示范区2026年10月督办工作月度讲评.xlsx"
    assert docx.exists() and xlsx.exists()
    doc_paras = [p.text.replace("\n", "") for p in Document(str(docx)).paragraphs if p.text]
    a = analyse_ledger(tmp_path / "again.xlsx", D(2026, 11, 27), "2026-10", items=october_items())
    assert doc_paras == a.notice.paragraphs()   # the document's words are the 通报's, paragraph for paragraph
    sheet = read_raw(xlsx).sheets["月讲评"]
    text = "".join(str(c) for row in sheet for c in row if c).replace("\u3000", "")
    for p in a.notice.paragraphs()[2:]:
        assert p in text    # ... and so are the 月讲评 sheet's lines
    assert "统计口径：截至2026年10月31日" in text
    assert read_raw(xlsx).sheets["统计"][1][0].endswith("统计口径：截至2026年10月31日")


def test_wrap_lines_counts_widths_and_keeps_punctuation():
    lines = wrap_lines("截至2026年10月31日，共召开例会 43 次。" * 3, 20)
    assert "".join(lines) == "截至2026年10月31日，共召开例会 43 次。" * 3
    assert not any(line[0] in "，。；、：）" for line in lines)
    assert all(sum(0.5 if ord(ch) < 128 else 1 for ch in line) <= 21 for line in lines)
    assert wrap_lines("", 10) == [""]

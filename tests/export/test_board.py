"""红黑榜 (issue 20 item 4): one phone-sized picture per group, also placed in the export workbook."""

from __future__ import annotations

import zipfile

import pytest

from duban.errors import BadWorkbook
from duban.export.board import ROW, WIDTH, boards, find_fonts

from ledgers import D, analyse_ledger, make_ledger
from test_export import ITEMS, MONTH, REVIEWS, TODAY, run

# January 2026 (test_export.ITEMS), by hand:
#   办事处: 城关 100 (1), 西关 done late, 一般: (4000 + 0 + 30·70)/100 = 61 (2), 东关 open: 0 (3); 南关 has
#   nothing due (not ranked). Two rewards → 红榜 城关, 西关; 东关 is 表态发言 and 末位 → 黑榜.
#   区直单位: 区住建局 100 (1), 区发改局 较好: (4000 + 3000 + 30·85)/100 = 95.5 (2), 区财政局 0 (3);
#   three rewards → all three on the 红榜, nobody on the 黑榜.


def test_boards_follow_the_month_outcomes(tmp_path):
    a = analyse_ledger(tmp_path / "b.xlsx", D(2026, 2, 10), MONTH, items=ITEMS, reviews=REVIEWS)
    office, dept = boards(a)
    assert office.title == "示范区督查室2026年1月红黑榜"
    assert office.subtitle == "办事处组 · 3个单位参与排名"
    assert [(r.rank, r.unit, r.score, r.change) for r in office.red] == [
        (1, "城关街道办事处", 100.0, "—"), (2, "西关街道办事处", 61.0, "—")]
    assert [(r.rank, r.unit, r.score, r.result) for r in office.black] == [(3, "东关街道办事处", 0.0, "表态发言、末位")]
    assert [r.unit for r in dept.red] == ["区住建局", "区发改局", "区财政局"] and dept.black == ()
    assert office.footer == "数据截至2026年1月末 · 示范区督查室"


def test_export_png_writes_one_picture_per_group_and_puts_them_in_the_workbook(tmp_path, capsys):
    from PIL import Image

    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, reviews=REVIEWS)
    out = tmp_path / "上报"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--png")
    assert code == 0, text
    pngs = sorted(out.glob("*.png"))
    assert [p.name for p in pngs] == ["示范区督查室2026年1月红黑榜（办事处）.png",
                                      "示范区督查室2026年1月红黑榜（区直单位）.png"]
    assert "已生成红黑榜图片" in text
    sizes = [Image.open(p).size for p in pngs]
    # Phone width; the 区直单位 picture has one more 红榜 row (3 against 2) and the same height below
    # (one 黑榜 row against the "无" line).
    assert [w for w, _h in sizes] == [WIDTH, WIDTH] and sizes[1][1] - sizes[0][1] == ROW
    with zipfile.ZipFile(next(out.glob("*.xlsx"))) as z:
        media = sorted(n for n in z.namelist() if n.startswith("xl/media/"))
        assert [z.read(n) for n in media] == [p.read_bytes() for p in pngs]
        assert "红黑榜" in z.read("xl/workbook.xml").decode()
    # The same run again gives the same pictures, byte for byte.
    before = [p.read_bytes() for p in pngs]
    run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--png")
    assert [p.read_bytes() for p in pngs] == before


def test_export_without_png_has_no_pictures(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, reviews=REVIEWS)
    out = tmp_path / "上报"
    code, _text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out)
    assert code == 0 and not list(out.glob("*.png"))
    with zipfile.ZipFile(next(out.glob("*.xlsx"))) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/media/")]


def test_missing_font_is_a_chinese_message_and_writes_nothing(tmp_path, capsys, monkeypatch):
    path = make_ledger(tmp_path / "台账.xlsx", items=ITEMS, reviews=REVIEWS)
    monkeypatch.setenv("DUBAN_FONT", str(tmp_path / "没有这个字体.ttf"))
    out = tmp_path / "上报"
    code, text = run(capsys, "export", path, "--month", MONTH, "--today", TODAY, "-o", out, "--png")
    assert code == 2 and "DUBAN_FONT" in text and "Traceback" not in text
    assert not out.exists() or not list(out.iterdir())


def test_no_cjk_font_at_all(monkeypatch):
    monkeypatch.delenv("DUBAN_FONT", raising=False)
    monkeypatch.setattr("duban.export.board.FONT_CANDIDATES", ())
    with pytest.raises(BadWorkbook, match="找不到可用的中文字体"):
        find_fonts()

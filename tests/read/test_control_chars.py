"""Control characters typed or pasted into a ledger (ESC, BEL, _x001B_ in the file) are dropped when
the ledger is read, so nothing raw reaches the terminal, a computed sheet or a report (issue 15)."""

from __future__ import annotations

from duban.commands.main import main

from ledgers import D, done, item, make_ledger, read_raw


def test_escape_sequences_in_cells_never_reach_the_console_or_the_sheets(tmp_path, capsys):
    # A unit name and an item text carry an ANSI "clear screen" and a bell; the unit is unknown
    # with them (区发改局 + ESC…), so validation quotes the cell text in its message.
    items = [done("1", "区发改局\x1b[2J\x07", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("2", "城关街道办事处", D(2026, 1, 20), content="拆违\x1b]0;pwned\x07整治")]
    path = make_ledger(tmp_path / "台账.xlsx", items=items)
    code = main(["recompute", str(path), "--month", "2026-01", "--today", "2026-02-10"])
    out = capsys.readouterr()
    assert code == 1
    assert "\x1b[2J" not in out.out + out.err and "\x07" not in out.out + out.err
    book = read_raw(path)
    for title in ("校验结果", "月考评", "月讲评", "统计"):
        text = "".join(str(v) for row in book.sheets.get(title) or [] for v in row if v is not None)
        assert "\x1b" not in text and "\x07" not in text, title
    # What is left of the sequence is visible text: the unknown unit is named as the clerk sees it.
    findings = [r for r in book.sheets["校验结果"] if r and r[0] == "错误"]
    assert any("区发改局[2J" in str(r[4]) for r in findings)

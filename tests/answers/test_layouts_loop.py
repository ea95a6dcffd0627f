"""The answer loop on an office's own layout (issue 8, item 4): it needs a stable key, and says how
to get one when the ledger lacks it."""

from __future__ import annotations

import hashlib

import pytest

from duban.commands.main import main

from layouts import TODAY, build


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name, phrases", [
    ("month_sheets", ("“9月”", "“10月”", "duban adopt", "周交办")),   # items on month sheets
    ("serial_not_id", ("没有“编号”列", "唯一的编号", "duban adopt")),    # 序号 but no 编号
])
def test_split_and_collect_refuse_without_a_stable_key(tmp_path, capsys, name, phrases):
    path = build(name, tmp_path / f"{name}.xlsx")
    before = digest(path)
    for argv in (["split", str(path), "-o", str(tmp_path / "out")], ["collect", str(path), str(tmp_path)]):
        code = main([*argv, "--today", TODAY])
        err = capsys.readouterr().err.replace("\n", "")
        assert code == 2, argv
        for p in phrases:
            assert p in err, (p, err)
        assert "Traceback" not in err
    assert digest(path) == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_split_works_on_a_layout_with_编号(tmp_path, capsys):
    path = build("title_rows", tmp_path / "t.xlsx")
    assert main(["split", str(path), "-o", str(tmp_path / "out"), "--today", TODAY]) == 0
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir())[:1] == [".xlsx"]


@pytest.mark.parametrize("name, sheets", [("month_sheets", {"9月", "10月", "周交办"}),
                                          ("merged_meeting_cells", None)])
def test_export_ledger_detail_lists_the_items_as_read(tmp_path, capsys, name, sheets):
    """export --ledger: one row per item read (no section/blank rows), merged values filled in."""
    import datetime as dt

    from python_calamine import CalamineWorkbook

    from duban.read.book import read_book
    from duban.run import analyse

    path = build(name, tmp_path / f"{name}.xlsx")
    items = analyse(read_book(path), dt.date.fromisoformat(TODAY), score=False).ledger.items
    out = tmp_path / "up"
    assert main(["export", str(path), "--month", "2026-10", "--today", TODAY, "--ledger", "-o", str(out)]) in (0, 1)
    (xlsx,) = out.glob("*.xlsx")
    rows = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("周交办").to_python()
    header_at = next(i for i, r in enumerate(rows) if "牵头单位" in r)
    body = [r for r in rows[header_at + 1:] if any(v not in ("", None) for v in r)]
    assert len(body) == len(items)
    if sheets:
        src = rows[header_at].index("来源")
        assert {r[src].split("第")[0] for r in body} == sheets
    else:   # 交办日期 merged down a meeting's rows: every row carries it
        col = rows[header_at].index("交办日期")
        assert all(r[col] not in ("", None) for r in body)


def test_remind_reads_a_ledger_kept_on_month_sheets(tmp_path, capsys):
    """The chase texts need no 编号 on 周交办: items on month sheets are chased, named by their row."""
    path = build("month_sheets", tmp_path / "m.xlsx")
    assert main(["remind", str(path), "--today", TODAY, "-o", str(tmp_path / "out")]) in (0, 1)
    texts = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "out").glob("催办_*.txt"))
    import datetime as dt

    from duban.read.book import read_book
    from duban.rhythm.remind import plan_remind

    plan = plan_remind(read_book(path), dt.date.fromisoformat(TODAY))
    from_months = [c.ref for chases in plan.chases.by_unit.values() for c in chases if c.item.sheet != "周交办"]
    assert from_months, "no item of the 9月/10月 sheets was chased"
    assert all(ref in texts for ref in from_months)

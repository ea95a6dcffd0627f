"""`duban assign` (交办单): per lead unit, the items assigned at meeting N, as .docx and .xlsx.

Meetings of the ledger below: 第1期 on Monday 2026-01-05, 第2期 on Monday 2026-01-12. The
first weekly answer after 第2期 is due on the last working day before the next meeting:
Sunday 1-18 is not one, so Friday 2026-01-16.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from duban.cli import main
from ledgers import D, done, item, make_ledger

TODAY = D(2026, 1, 13)
M1, M2 = D(2026, 1, 5), D(2026, 1, 12)
CHENGGUAN, CAIZHENG, FAGAI = "城关街道办事处", "区财政局", "区发改局"

ITEMS = [
    item("2026-01-001", CHENGGUAN, D(2026, 1, 30), assigned=M1, period=1),
    item("2026-01-002", FAGAI, D(2026, 2, 27), assigned=M1, period=1),
    # 第2期: two items for 城关 (listed by deadline), one for 财政局 with cooperating units, one already
    # done (a 交办单 lists what was assigned), one with 期次 left blank but held on the meeting's date.
    item("2026-02-002", CHENGGUAN, D(2026, 3, 31), assigned=M2, period=2, leader="李明",
         content="推进老城片区雨污分流改造，3月底前完成10公里管网铺设"),
    item("2026-02-001", CHENGGUAN, D(2026, 2, 13), assigned=M2, period=2, adjusted=D(2026, 2, 27)),
    item("2026-02-003", CAIZHENG, D(2026, 2, 13), assigned=M2, period=2, co="区发改局、城关街道办事处"),
    done("2026-02-004", FAGAI, D(2026, 1, 16), D(2026, 1, 13), assigned=M2, period=2),
    item("2026-02-005", FAGAI, "长期坚持", assigned=M2, period=None),
    # Lead unit not in the register: no 交办单, listed for the office, exit 1.
    item("2026-02-006", "区住建委", D(2026, 2, 13), assigned=M2, period=2),
]

EXPECTED_M2 = {
    CHENGGUAN: ["2026-02-001", "2026-02-002"],
    FAGAI: ["2026-02-004", "2026-02-005"],
    CAIZHENG: ["2026-02-003"],
}


@pytest.fixture
def ledger(tmp_path):
    return make_ledger(tmp_path / "台账.xlsx", items=ITEMS)


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def docx_tables_and_text(path: Path) -> tuple[list[list[str]], str]:
    import docx

    d = docx.Document(str(path))
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    return rows, "\n".join(p.text for p in d.paragraphs)


def xlsx_rows(path: Path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def audited(path: Path) -> None:
    tool = shutil.which("openxml-audit")
    if tool is None:
        pytest.skip("openxml-audit is not installed")
    r = subprocess.run([tool, "-q", str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (path.name, r.stdout, r.stderr)


def test_latest_meeting_by_default_one_notice_per_unit(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    code, text = run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    assert code == 1, text   # the unknown lead unit
    assert "第2期例会（2026年1月12日）交办事项6件，涉及牵头单位3个" in text
    assert "区住建委" in text and "周交办 第 9 行（2026-02-006）" in text
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"交办单_第2期_{u}.{ext}" for u in EXPECTED_M2 for ext in ("docx", "xlsx")]
                           + ["交办汇总_第2期.xlsx"])
    for unit, refs in EXPECTED_M2.items():
        rows, body = docx_tables_and_text(out / f"交办单_第2期_{unit}.docx")
        assert rows[0] == ["序号", "编号", "事项内容", "交办领导", "完成时限", "配合单位"]
        assert [r[1] for r in rows[1:]] == refs
        assert f"{unit}：" in body and "第2期周交办例会" in body and f"{len(refs)}件事项" in body
        assert "首次进展请于1月16日（星期五）前报送" in body
        assert body.rstrip().endswith("示范区督查室\n2026年1月13日")
        sheet = xlsx_rows(out / f"交办单_第2期_{unit}.xlsx", "交办单")
        header = sheet.index(["序号", "编号", "事项内容", "交办领导", "完成时限", "配合单位"])
        assert [r[1] for r in sheet[header + 1:header + 1 + len(refs)]] == refs
    rows, _ = docx_tables_and_text(out / f"交办单_第2期_{CHENGGUAN}.docx")
    # Sorted by effective deadline: 2-001 adjusted to 2-27 before 2-002 due 3-31.
    assert rows[1][1:] == ["2026-02-001", "事项2026-02-001", "王建国", "2月27日", "—"]
    assert rows[2][2:5] == ["推进老城片区雨污分流改造，3月底前完成10公里管网铺设", "李明", "3月31日"]
    rows, _ = docx_tables_and_text(out / f"交办单_第2期_{CAIZHENG}.docx")
    assert rows[1][5] == "区发改局、城关街道办事处"
    rows, _ = docx_tables_and_text(out / f"交办单_第2期_{FAGAI}.docx")
    assert rows[2][4] == "长期"


def test_summary_lists_every_item_of_the_meeting(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    sheet = xlsx_rows(out / "交办汇总_第2期.xlsx", "交办明细")
    header = next(i for i, r in enumerate(sheet) if r[:2] == ["牵头单位", "编号"])
    rows = sheet[header + 1:]
    assert [(r[0], r[1]) for r in rows] == [(u, ref) for u, refs in EXPECTED_M2.items() for ref in refs] + \
        [("区住建委", "2026-02-006")]
    assert rows[-1][6].startswith("未生成：")
    counts = xlsx_rows(out / "交办汇总_第2期.xlsx", "按单位")
    assert [CHENGGUAN, 2.0, f"交办单_第2期_{CHENGGUAN}.docx"] in counts


def test_meeting_option_selects_that_meeting(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    code, text = run(capsys, "assign", ledger, "--today", TODAY, "--meeting", "第1期", "-o", out)
    assert code == 0, text
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"交办单_第1期_{u}.{e}" for u in (CHENGGUAN, FAGAI) for e in ("docx", "xlsx")] + ["交办汇总_第1期.xlsx"])


def test_default_folder_beside_the_ledger(ledger, capsys):
    run(capsys, "assign", ledger, "--today", TODAY)
    assert (ledger.parent / "交办单" / "第2期" / f"交办单_第2期_{CHENGGUAN}.docx").exists()


def test_files_are_valid_ooxml(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    for name in (f"交办单_第2期_{CHENGGUAN}.docx", f"交办单_第2期_{CHENGGUAN}.xlsx", "交办汇总_第2期.xlsx"):
        audited(out / name)


def test_same_day_same_content(ledger, tmp_path, capsys):
    """Reproducible for a given --today: workbooks byte for byte, documents part for part
    (python-docx stamps the zip entries with the clock)."""
    import zipfile

    run(capsys, "assign", ledger, "--today", TODAY, "-o", tmp_path / "a")
    run(capsys, "assign", ledger, "--today", TODAY, "-o", tmp_path / "b")
    for p in (tmp_path / "a").iterdir():
        q = tmp_path / "b" / p.name
        if p.suffix == ".xlsx":
            assert p.read_bytes() == q.read_bytes(), p.name
        else:
            with zipfile.ZipFile(p) as a, zipfile.ZipFile(q) as b:
                assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}, p.name


# ---- bad input -----------------------------------------------------------------

def test_meeting_that_does_not_exist_exit_2_no_files(ledger, tmp_path, capsys):
    before = ledger.read_bytes()
    code, text = run(capsys, "assign", ledger, "--today", TODAY, "--meeting", "9", "-o", tmp_path / "o")
    assert code == 2 and "没有第9期的交办事项" in text and "第1期至第2期" in text and "Traceback" not in text
    assert not (tmp_path / "o").exists() and ledger.read_bytes() == before


@pytest.mark.parametrize("value", ["0", "abc", "-3"])
def test_meeting_that_is_not_a_number_exit_2(ledger, value, capsys):
    code, text = run(capsys, "assign", ledger, "--meeting", value)
    assert code == 2 and "期次" in text and "正整数" in text


def test_empty_ledger_exit_2_no_files(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", items=[])
    code, text = run(capsys, "assign", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 2 and "还没有交办事项" in text and not (tmp_path / "o").exists()


def test_failure_midway_leaves_no_partial_files(ledger, tmp_path, capsys, monkeypatch):
    from duban.rhythm import assign

    real = assign.unit_docx
    calls = []

    def fail_on_third(plan, unit, items):
        calls.append(unit)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(plan, unit, items)

    monkeypatch.setattr(assign, "unit_docx", fail_on_third)
    out = tmp_path / "o"
    code, text = run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    assert code == 2 and "无法写入" in text and "Traceback" not in text
    assert not out.exists()


def test_failure_keeps_earlier_files_as_they_were(ledger, tmp_path, capsys, monkeypatch):
    from duban.rhythm import assign

    out = tmp_path / "o"
    run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(assign, "summary_sheets", lambda plan: (_ for _ in ()).throw(OSError(5, "I/O error")))
    code, _text = run(capsys, "assign", ledger, "--today", D(2026, 1, 14), "-o", out)
    assert code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

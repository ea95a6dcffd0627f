"""`duban agenda` (周研判): open problems by category, overdue first, with counts and 化解率.

Worked by hand for 2026-11-30:
- 问题楼盘: 14 problems, 13 resolved -> 92.9% (the published figure); the open one was due
  11-20: 10 days past its 化解时限.
- 信访积案: 4 problems, 1 resolved -> 25.0%; open in agenda order: X2 (due 10-31, 30 days over),
  X1 (due 12-10, 10 days left), X3 (no 化解时限).
- 城中村改造, the office's own category, after the defaults: 1 open, due today.
- 历史遗留问题 and 征迁遗留问题 hold nothing and are left out; a problem dated after today is not
  yet on the table.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from duban.commands.main import main

from ledgers import D, make_ledger

TODAY = D(2026, 11, 30)
UNIT = "城关街道办事处"


def review(id, category, deadline, status="化解中", resolved=None, date=D(2026, 3, 2), desc=None):
    return [id, date, category, desc or f"问题{id}", UNIT, f"原因{id}", f"根源{id}", f"路径{id}", deadline, status,
            resolved, None]


REVIEWS = (
    [review(f"LP{n:02d}", "问题楼盘", D(2026, 6, 30), "已化解", D(2026, 6, 1)) for n in range(1, 14)]
    + [review("LP14", "问题楼盘", D(2026, 11, 20))]
    + [review("X1", "信访积案", D(2026, 12, 10)), review("X2", "信访积案", D(2026, 10, 31), "未化解"),
       review("X3", "信访积案", None), review("X4", "信访积案", D(2026, 9, 30), "已化解", D(2026, 9, 1)),
       review("C1", "城中村改造", TODAY),
       review("F1", "信访积案", D(2027, 1, 31), date=D(2026, 12, 7))]
)


@pytest.fixture
def ledger(tmp_path):
    return make_ledger(tmp_path / "台账.xlsx", reviews=REVIEWS)


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_counts_rates_and_order_worked_by_hand(ledger):
    from duban.rhythm.agenda import plan_agenda

    from ledgers import read_raw

    plan = plan_agenda(read_raw(ledger), TODAY)
    assert plan.summary_rows() == [("信访积案", "4", "1", "25.0%", "3", "1"),
                                   ("问题楼盘", "14", "13", "92.9%", "1", "1"),
                                   ("城中村改造", "1", "0", "0.0%", "1", "0")]
    order = {c.name: [(p.review.id, p.days_left) for p in c.problems] for c in plan.categories}
    assert order == {"信访积案": [("X2", -30), ("X1", 10), ("X3", None)], "问题楼盘": [("LP14", -10)],
                     "城中村改造": [("C1", 0)]}
    assert plan.headline() == "截至2026年11月30日，周研判问题19个，已化解14个，化解率73.7%；未化解5个，其中超过化解时限2个"


def test_agenda_docx_and_xlsx(ledger, tmp_path, capsys):
    import docx
    from python_calamine import CalamineWorkbook

    out = tmp_path / "o"
    code, text = run(capsys, "agenda", ledger, "--today", TODAY, "-o", out)
    assert code == 0, text
    assert "92.9%" in text
    assert sorted(p.name for p in out.iterdir()) == ["周研判议程_2026-11-30.docx", "周研判议程_2026-11-30.xlsx"]

    d = docx.Document(str(out / "周研判议程_2026-11-30.docx"))
    paras = [p.text for p in d.paragraphs if p.text]
    # title with the meeting: Monday 11-30 is the 例会 day; the ledger records no 期次
    assert paras[0] == "示范区周研判会议议程\n（2026年11月30日）"
    assert [p for p in paras if p[:2] in ("一、", "二、", "三、")] == ["一、总体情况", "二、研判问题清单"]
    table = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert table[2] == ["问题楼盘", "14", "13", "92.9%", "1", "1"]
    problems = [[c.text for c in r.cells] for r in d.tables[1].rows]
    # per category a row across the table, then its problems (numbered through, overdue first)
    merged = [[p[0]] if len(set(p)) == 1 else p for p in problems]
    assert merged == [
        ["序号", "问题", "责任单位", "破题路径", "化解时限", "状态"],
        ["信访积案（未化解3个，其中超过化解时限1个）"],
        ["1", "问题X2", UNIT, "路径X2", "10月31日\n超30天", "未化解"],
        ["2", "问题X1", UNIT, "路径X1", "12月10日\n剩10天", "化解中"],
        ["3", "问题X3", UNIT, "路径X3", "未定", "化解中"],
        ["问题楼盘（未化解1个，其中超过化解时限1个）"],
        ["4", "问题LP14", UNIT, "路径LP14", "11月20日\n超10天", "化解中"],
        ["城中村改造（未化解1个，其中超过化解时限0个）"],
        ["5", "问题C1", UNIT, "路径C1", "11月30日\n今天到期", "化解中"]]
    joined = "\n".join(paras)
    assert "F1" not in joined and "LP01" not in joined
    assert paras[-2:] == ["示范区督查室", "2026年11月30日"]

    wb = CalamineWorkbook.from_path(str(out / "周研判议程_2026-11-30.xlsx"))
    rows = wb.get_sheet_by_name("研判议程").to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "问题类别")
    listed = [(r[0], r[1], r[8]) for r in rows[header + 1:] if r[1]]
    assert listed == [("信访积案", "X2", "已超过30天"), ("信访积案", "X1", "还剩10天"), ("信访积案", "X3", "未定化解时限"),
                      ("问题楼盘", "LP14", "已超过10天"), ("城中村改造", "C1", "今天到期")]
    summary = wb.get_sheet_by_name("化解情况").to_python()
    assert ["问题楼盘", "14", "13", "92.9%", "1", "1"] in summary


def test_files_are_valid_ooxml(ledger, tmp_path, capsys):
    tool = shutil.which("openxml-audit")
    if tool is None:
        pytest.skip("openxml-audit is not installed")
    out = tmp_path / "o"
    run(capsys, "agenda", ledger, "--today", TODAY, "-o", out)
    for p in out.iterdir():
        r = subprocess.run([tool, "-q", str(p)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, (p.name, r.stdout)


def test_default_folder_beside_the_ledger(ledger, capsys):
    assert run(capsys, "agenda", ledger, "--today", TODAY)[0] == 0
    assert (ledger.parent / "周研判" / "周研判议程_2026-11-30.docx").exists()


def test_no_reviews_exit_2_no_files(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx")
    code, text = run(capsys, "agenda", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 2 and "周研判”中还没有问题" in text and "Traceback" not in text
    assert not (tmp_path / "o").exists()


def test_all_resolved_exit_2_says_so(tmp_path, capsys):
    path = make_ledger(tmp_path / "台账.xlsx", reviews=REVIEWS[:13])
    code, text = run(capsys, "agenda", path, "--today", TODAY, "-o", tmp_path / "o")
    assert code == 2 and "已全部化解" in text and "化解率100.0%" in text
    assert not (tmp_path / "o").exists()


def test_unwritable_folder_exit_2(ledger, tmp_path, capsys):
    blocker = tmp_path / "o"
    blocker.write_text("x")
    code, text = run(capsys, "agenda", ledger, "--today", TODAY, "-o", blocker)
    assert code == 2 and "无法" in text and blocker.read_text() == "x"


def test_seed_sample_problem_estates_92_9(capsys):
    """The shipped sample: 14 problem estates on the provincial list, 13 resolved."""
    sample = Path(__file__).resolve().parents[2] / "workbook" / "duban-sample.xlsm"
    if not sample.exists():
        pytest.skip("sample workbook not built")
    from duban.rhythm.agenda import plan_agenda

    from ledgers import read_raw

    plan = plan_agenda(read_raw(sample), D(2026, 11, 27))
    estates = next(c for c in plan.categories if c.name == "问题楼盘")
    assert (estates.tally.total, estates.tally.done, estates.rate_text(), len(estates.problems)) == (14, 13, "92.9%", 1)


def test_meeting_date_and_number_in_the_title(tmp_path, capsys):
    """Friday 11-27: the next 例会 (星期一) is 11-30; the ledger's last meeting, 第47期, was on 11-23 -> 第48期."""
    import docx

    from ledgers import item

    items = [item("2026-47-001", UNIT, D(2026, 12, 31), assigned=D(2026, 11, 23), period=47)]
    path = make_ledger(tmp_path / "台账.xlsx", reviews=REVIEWS, items=items)
    out = tmp_path / "o"
    assert run(capsys, "agenda", path, "--today", D(2026, 11, 27), "-o", out)[0] == 0
    d = docx.Document(str(out / "周研判议程_2026-11-27.docx"))
    assert d.paragraphs[0].text == "示范区周研判会议议程\n（2026年11月30日\u3000第48期）"
    # a meeting the ledger holds: its own 期次
    out = tmp_path / "p"
    assert run(capsys, "agenda", path, "--today", D(2026, 11, 27), "--meeting-date", "2026-11-23", "-o", out)[0] == 0
    d = docx.Document(str(out / "周研判议程_2026-11-27.docx"))
    assert d.paragraphs[0].text == "示范区周研判会议议程\n（2026年11月23日\u3000第47期）"


SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "duban-sample.xlsm"


@pytest.mark.libreoffice
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdfinfo"),
                    reason="needs LibreOffice and poppler-utils")
def test_sample_agenda_fits_six_pages(tmp_path, capsys):
    """60 open problems of the sample: a table, not five boilerplate lines each (23 pages before)."""
    book = tmp_path / "y.xlsm"
    shutil.copy(SAMPLE, book)
    out = tmp_path / "o"
    assert run(capsys, "agenda", book, "--today", D(2026, 11, 27), "-o", out)[0] == 0
    src = out / "周研判议程_2026-11-27.docx"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    fonts = Path(__file__).resolve().parents[2] / "scripts" / "render-fonts.conf"   # as render-pages.sh
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True,
                   timeout=300, env={**os.environ, "FONTCONFIG_FILE": str(fonts)})
    info = subprocess.run(["pdfinfo", str(tmp_path / (src.stem + ".pdf"))], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert pages <= 6

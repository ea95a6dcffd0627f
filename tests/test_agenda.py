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

import shutil
import subprocess
from pathlib import Path

import pytest

from duban.cli import main
from duban.rhythm.agenda import cn_number
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
    headings = [p for p in paras if p[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == ["一、总体情况",
                        "二、信访积案（共4个，已化解1个，化解率25.0%；未化解3个，其中超过化解时限1个）",
                        "三、问题楼盘（共14个，已化解13个，化解率92.9%；未化解1个，其中超过化解时限1个）",
                        "四、城中村改造（共1个，已化解0个，化解率0.0%；未化解1个，其中超过化解时限0个）"]
    problems = [p for p in paras if p.startswith("（")]
    assert problems == ["（一）问题X2", "（二）问题X1", "（三）问题X3", "（一）问题LP14", "（一）问题C1"]
    joined = "\n".join(paras)
    assert "编号：X2；责任单位：城关街道办事处；研判日期：3月2日；化解时限10月31日，已超过30天；目前未化解。" in joined
    assert "化解时限12月10日，还剩10天" in joined and "未定化解时限" in joined and "化解时限11月30日，今天到期" in joined
    for label in ("原因分析：原因X1", "根源分析：根源X1", "破题路径：路径X1"):
        assert label in joined
    assert "F1" not in joined and "LP01" not in joined
    table = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert table[2] == ["问题楼盘", "14", "13", "92.9%", "1", "1"]
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


def test_chinese_numerals():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 23, 99)] == ["一", "九", "十", "十一", "二十", "二十三", "九十九"]


# ---- bad input -----------------------------------------------------------------

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
    sample = Path(__file__).resolve().parent.parent / "workbook" / "duban-sample.xlsm"
    if not sample.exists():
        pytest.skip("sample workbook not built")
    from duban.rhythm.agenda import plan_agenda
    from ledgers import read_raw

    plan = plan_agenda(read_raw(sample), D(2026, 11, 27))
    estates = next(c for c in plan.categories if c.name == "问题楼盘")
    assert (estates.tally.total, estates.tally.done, estates.rate_text(), len(estates.problems)) == (14, 13, "92.9%", 1)

"""`duban assign` (交办单): per lead unit, the items assigned at meeting N, as .docx and .xlsx.

Meetings of the ledger below: 第1期 on Monday 2026-01-05, 第2期 on Monday 2026-01-12. The
first progress report is due 参数 首次进展工作日 (default 5) working days after the meeting:
after 第2期, Tue 13, Wed 14, Thu 15, Fri 16, (weekend), Mon 19 -> 2026-01-19.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from duban.commands.main import main

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
        assert "首次进展请于1月19日（星期一）前报送" in body
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


# ---- issue 18: dates from the meeting, one page, one form of address ----------------------------------

from duban.read import params  # noqa: E402
from duban.read.book import read_book  # noqa: E402
from duban.rhythm.assign import plan_assign  # noqa: E402


def params_with(**values) -> list[list]:
    """参数 rows of the template with some 【基本设置】 values changed (key -> value)."""
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] in values:
            r[1] = values[r[0]]
        if r and r[0] == "考评年度":
            r[1] = 2026
    return rows


@pytest.mark.parametrize("meeting, workdays, expected", [
    # Thursday meeting, 3 working days: Fri 1-9, (weekend), Mon 1-12, Tue 1-13.
    (D(2026, 1, 8), 3, D(2026, 1, 13)),
    # Monday before 国庆: Tue 9-29, Wed 9-30, (10-1 to 10-7 holiday), Thu 10-8.
    (D(2026, 9, 28), 3, D(2026, 10, 8)),
    # default 5 from the same Monday: ..., Fri 10-9, Sat 10-10 (调休 working day).
    (D(2026, 9, 28), None, D(2026, 10, 10)),
])
def test_first_report_counts_working_days_from_the_meeting(tmp_path, meeting, workdays, expected):
    prm = params_with(**({"首次进展工作日": workdays} if workdays else {}))
    path = make_ledger(tmp_path / "台账.xlsx", items=[item("A-1", CHENGGUAN, D(2026, 12, 31), assigned=meeting,
                                                          period=1)], params_rows=prm)
    plan = plan_assign(read_book(path), meeting)
    assert plan.first_report() == expected
    assert not plan.first_report_passed and not any("已早于今天" in w for w in plan.warnings())


def test_first_report_date_already_passed_warns_and_says_so(ledger, tmp_path, capsys):
    # 第1期 on 1-05: 5 working days -> Mon 1-12, before --today 1-13.
    out = tmp_path / "o"
    code, text = run(capsys, "assign", ledger, "--today", TODAY, "--meeting", "1", "-o", out)
    assert code == 0
    flat = " ".join(text.split())
    assert "第1期例会（2026年1月5日）后第5个工作日即1月12日（星期一）是首次进展的报送时间，已早于今天（2026年1月13日）" \
        in flat.replace(" ", "")
    _rows, body = docx_tables_and_text(out / f"交办单_第1期_{CHENGGUAN}.docx")
    assert "首次进展应于1月12日（星期一）前报送，该时间已过，请立即报送" in body
    assert "首次进展请于" not in body


def test_contact_line_and_warning_while_empty(tmp_path, capsys):
    items = [item("A-1", CHENGGUAN, D(2026, 2, 27), assigned=M2, period=2)]
    bare = make_ledger(tmp_path / "a.xlsx", items=items)
    code, text = run(capsys, "assign", bare, "--today", TODAY, "-o", tmp_path / "a")
    assert "督办联系人" in text and "还没有填写" in text
    _rows, body = docx_tables_and_text(tmp_path / "a" / f"交办单_第2期_{CHENGGUAN}.docx")
    assert "联系人" not in body and "办理情况请通过答卷或OA报送至示范区督查室" in body
    full = make_ledger(tmp_path / "b.xlsx", items=items, params_rows=params_with(督办联系人="刘洋",
                                                                                督办联系电话="0371-6688"))
    code, text = run(capsys, "assign", full, "--today", TODAY, "-o", tmp_path / "b")
    assert "还没有填写" not in text
    _rows, body = docx_tables_and_text(tmp_path / "b" / f"交办单_第2期_{CHENGGUAN}.docx")
    assert "联系人：刘洋，联系电话：0371-6688。" in body


def test_one_form_of_address(ledger, tmp_path, capsys):
    out = tmp_path / "o"
    run(capsys, "assign", ledger, "--today", TODAY, "-o", out)
    for p in out.glob("*.docx"):
        _rows, body = docx_tables_and_text(p)
        assert "你单位" in body and "贵单位" not in body


# Item texts as long as the sample's (25-35 characters), with cooperating units.
LONG = ["推进老城片区雨污分流改造，12月底前完成10公里管网铺设",
        "协调解决东湖片区城市更新项目用地、用电等要素保障问题",
        "加快铁北货场搬迁项目建设进度，12月底前完成年度投资40%",
        "完成春晖社区8部既有住宅加装电梯，年底前全部投入使用",
        "做好电厂社区安置房逾期交付来访群众接待化解工作",
        "5月底前取得施工许可证，6月底前开工建设城市书房项目"]


def pdf_pages(docx_path: Path, outdir: Path) -> tuple[int, str]:
    """Page count and last page's text of the document as LibreOffice prints it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = outdir / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
                   check=True, capture_output=True, timeout=300)
    pdf = outdir / (docx_path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return pages, last


needs_lo = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice"))
                              or not shutil.which("pdfinfo"), reason="needs LibreOffice and poppler-utils")


@pytest.mark.libreoffice
@needs_lo
def test_up_to_three_items_on_one_page_and_the_signature_never_alone(tmp_path, capsys):
    units = [CHENGGUAN, "东关街道办事处", "西关街道办事处", "区住建局"]
    counts = {CHENGGUAN: 1, "东关街道办事处": 2, "西关街道办事处": 3, "区住建局": 6}
    rows, k = [], 0
    for unit in units:
        for _ in range(counts[unit]):
            rows.append(item(f"2026-48-{k + 1:03d}", unit, D(2026, 12, 31), assigned=D(2026, 11, 30), period=48,
                             content=LONG[k % len(LONG)], co="区财政局、区自然资源局" if k % 2 else ""))
            k += 1
    path = make_ledger(tmp_path / "台账.xlsx", items=rows)
    out = tmp_path / "o"
    run(capsys, "assign", path, "--today", D(2026, 12, 1), "-o", out)
    for unit in units:
        pages, last = pdf_pages(out / f"交办单_第48期_{unit}.docx", tmp_path / "pdf")
        if counts[unit] <= 3:
            assert pages == 1, unit
        # the 落款 and date never make a page of their own: body text comes with them
        lines = [t for t in last.splitlines() if t.strip() and "—" not in t]
        assert "示范区督查室" in last and len(lines) > 2, (unit, lines)

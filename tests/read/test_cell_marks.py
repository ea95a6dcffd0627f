"""Formula and error cells are never blanks (issue 16 point 1).

A formula saved without its result (a script wrote the file) and an error value (#N/A,
#VALUE!) in a field the score uses are errors on that cell: the item is left out of the
scores (SPEC §3), the run exits 1 naming the cell; in other fields a 警告. Files are made the
way tools leave them: XlsxWriter writes the ledger, then the sheet XML is edited as a script
(<f> without <v>) or Excel (t="e" with the cached error) stores it; LibreOffice saves real
cached results.

Ledger of every test (today 2026-02-10, month 2026-01), columns of 周交办 in schema order:
I 完成时限, J 调整后时限, K 办理状态, L 完成日期, O 点评等次.
  row 2  X1 城关  完成时限 1-15, 调整后时限 1-31 (the cell under test), 已完成 1-25, 好
  row 3  X2 城关  完成时限 1-20, 已完成 1-19, 一般
Hand-worked January score of 城关街道办事处:
  - both read as dates: D=2, C=2, T=2 (X1 on time against 1-31); 点评 (100+70)/2 = 85
    -> (40*100 + 30*100 + 30*85)/100 = 95.50
  - J2 read as blank (the bug): X1 due 1-15, done 1-25 late: T=1 -> (4000 + 30*50 + 2550)/100 = 80.50
  - J2 an error, X1 left out: D=1 (X2), C=1, T=1, 点评 70 -> (4000 + 3000 + 2100)/100 = 91.00
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from duban.cellmark import ERROR, UNCOMPUTED, CellError
from duban.commands.main import main
from duban.read.book import read_book
from duban.run import analyse

from cellxml import computed, error, put_cells, text, uncomputed
from ledgers import D, done, make_ledger

TODAY = D(2026, 2, 10)
CG = "城关街道办事处"


def ledger(tmp_path, name="台账.xlsx", **kw):
    items = [done("X1", CG, D(2026, 1, 15), D(2026, 1, 25), "好", adjusted=D(2026, 1, 31)),
             done("X2", CG, D(2026, 1, 20), D(2026, 1, 19), "一般")]
    return make_ledger(tmp_path / name, items=items, **kw)


def score(path, unit=CG):
    a = analyse(read_book(path), TODAY, "2026-01")
    rows = {r.unit: r for r in a.evaluation.results["2026-01"].rows}
    return rows[unit].score, a


def at(a, cell, sheet="周交办"):
    return [f for f in a.findings if f.sheet == sheet and f.cell == cell]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def soffice(src, fmt, out):
    """The file as LibreOffice saves it in another format (real cached results, error values)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'lo-profile').as_uri()}", "--headless", "--calc",
                    "--convert-to", fmt, "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    return out / f"{src.stem}.{fmt}"


def result_rows(path, cell):
    """The 校验结果 rows of a cell, as written to the workbook: [级别, 工作表, 单元格, 字段, 问题, 建议]."""
    return [r[:6] for r in read_book(path).sheets["校验结果"] if len(r) > 2 and r[2] == cell]


def test_dates_as_stored_score_95_50(tmp_path):
    assert score(ledger(tmp_path))[0] == 95.50


def test_uncomputed_adjusted_deadline_is_an_error_not_a_blank(tmp_path, capsys):
    # The case: 调整后时限 =IF(延期天数="","",完成时限+延期天数) saved by a script (no <v>).
    path = put_cells(ledger(tmp_path), "周交办", {"J2": uncomputed('IF(R2="","",I2+R2)')})
    s, a = score(path)
    assert s == 91.00                       # not 80.50: the extension is not silently lost
    (f,) = at(a, "J2")
    assert f.is_error and "公式没有计算结果" in f.message and "打开并保存一次" in f.suggestion
    assert a.evaluation.left_out == {CG: 1}
    code, out = run(capsys, "validate", path, "--today", "2026-02-10")
    assert code == 1 and "J2" in out
    ((level, sheet, _cell, field, message, _fix),) = result_rows(path, "J2")
    assert (level, sheet, field) == ("错误", "周交办", "调整后时限") and "公式没有计算结果" in message


def test_shared_formula_follower_without_value(tmp_path):
    # Excel/scripts store a filled-down formula once (t="shared") and as <f t="shared" si="0"/>
    # below: the follower has no formula text and, saved by a script, no value.
    path = put_cells(ledger(tmp_path), "周交办", {
        "J2": '><f t="shared" ref="J2:J3" si="0">I2+16</f>',
        "J3": '><f t="shared" si="0"/>'})
    book = read_book(path)
    assert book.sheets["周交办"][1][9] == CellError(UNCOMPUTED, "=I2+16")
    assert book.sheets["周交办"][2][9] == CellError(UNCOMPUTED, "")
    s, a = score(path)
    # Both items left out: 城关 has nothing due, not ranked (no score).
    assert s is None and a.evaluation.left_out == {CG: 2}


@pytest.mark.parametrize("shown", ["#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#N/A"])
def test_error_value_in_adjusted_deadline(tmp_path, shown):
    # "31天" typed in 延期天数 makes 完成时限+延期天数 show #VALUE!; Excel saves the error as the value.
    path = put_cells(ledger(tmp_path), "周交办", {"J2": error(shown, "I2+R2")})
    s, a = score(path)
    assert s == 91.00
    (f,) = at(a, "J2")
    assert f.is_error and f"单元格显示 {shown}" in f.message


@pytest.mark.parametrize("shown", ["#SPILL!", "#CALC!", "#GETTING_DATA"])
def test_error_values_calamine_refuses_are_read_too(tmp_path, shown):
    # calamine 0.9 stops on these ("Unsupported cell error value"): the file must still read.
    path = put_cells(ledger(tmp_path), "周交办", {"J2": error(shown, "I2+R2")})
    s, a = score(path)
    assert s == 91.00 and f"单元格显示 {shown}" in at(a, "J2")[0].message


def test_grade_showing_na_leaves_out_only_the_grade(tmp_path, capsys):
    # 点评等次 =VLOOKUP(编号, 点评表, 2, 0) with a mistyped 编号 shows #N/A on X2.
    # X2 keeps counting; only its grade is left out: D=2, C=2, T=2, 点评 = 100 (X1 only)
    # -> (4000 + 3000 + 3000)/100 = 100.00 (with 一般 it would be 95.50). Reported, exit 1.
    path = put_cells(ledger(tmp_path), "周交办", {"O3": error("#N/A", "VLOOKUP(A3,点评!A:B,2,0)")})
    s, a = score(path)
    assert s == 100.00
    (f,) = at(a, "O3")
    assert f.is_error and "#N/A" in f.message and f.name == "grade"
    assert a.evaluation.left_out == {}
    code, out = run(capsys, "validate", path, "--today", "2026-02-10")
    assert code == 1 and "O3" in out
    assert "单元格显示 #N/A" in result_rows(path, "O3")[0][4]


def test_uncomputed_status_is_not_reported_as_missing(tmp_path):
    # 办理状态 =IF(L2<>"","已完成","推进中") without a result: one error on K2, never "办理状态未填写".
    path = put_cells(ledger(tmp_path), "周交办", {"K2": uncomputed('IF(L2<>"","已完成","推进中")')})
    s, a = score(path)
    assert s == 91.00
    assert [f.message for f in at(a, "K2")] == ["办理状态公式没有计算结果"]
    assert not any("未填写" in f.message for f in a.findings)


def test_error_in_a_field_the_score_does_not_use_is_a_warning(tmp_path, capsys):
    # 事项类别 (H) showing #N/A: a 警告 on H2, the item counts, the score is the stored one.
    path = put_cells(ledger(tmp_path), "周交办", {"H2": error("#N/A", "VLOOKUP(A2,类别!A:B,2,0)")})
    s, a = score(path)
    assert s == 95.50
    (f,) = at(a, "H2")
    assert f.is_warning and "#N/A" in f.message
    assert run(capsys, "validate", path, "--today", "2026-02-10")[0] == 0


def test_adjustment_points_error_leaves_the_row_out(tmp_path):
    # 加减分 row 2: 城关 +5 in 2026-01 with 分值 =5*系数 showing #NAME? -> left out, error on C2.
    path = ledger(tmp_path, adjustments=[["2026-01", CG, 5, "表扬", "", ""]])
    assert score(path)[0] == 100.50  # 95.50 + 5 as stored
    path = put_cells(path, "加减分", {"C2": error("#NAME?", "5*系数")})
    s, a = score(path)
    assert s == 95.50
    (f,) = at(a, "C2", "加减分")
    assert f.is_error and "#NAME?" in f.message


def test_evaluated_flag_error_is_an_error(tmp_path):
    # 单位 G2 (参与考评 of 城关) =IF(…) showing #REF!: an error on that cell.
    path = put_cells(ledger(tmp_path), "单位", {"G2": error("#REF!", "IF(#REF!,\"是\",\"否\")")})
    _s, a = score(path)
    (f,) = at(a, "G2", "单位")
    assert f.is_error and "#REF!" in f.message


def test_rows_holding_only_formulas_are_not_items(tmp_path):
    # Formulas filled down to row 200 below the data, saved by a script: no item, one 提示.
    cells = {f"J{r}": uncomputed(f'IF(R{r}="","",I{r}+R{r})') for r in range(4, 201)}
    cells["O150"] = error("#N/A", "VLOOKUP(A150,点评!A:B,2,0)")
    path = put_cells(ledger(tmp_path), "周交办", cells)
    s, a = score(path)
    assert s == 95.50 and len(a.ledger.items) == 2
    notes = [f for f in a.findings if "只有公式或错误值" in f.message]
    assert len(notes) == 1 and "197 行" in notes[0].message and notes[0].level == "提示"


def test_formula_with_cached_value_reads_its_value(tmp_path):
    # A formula saved by Excel with its result (serial 46053 = 2026-01-31) reads as the date.
    path = put_cells(ledger(tmp_path), "周交办", {"J2": computed("I2+16", 46053.0)})
    assert score(path)[0] == 95.50


def test_text_error_literal_is_an_error_too(tmp_path):
    # "#N/A" as text in a text-formatted cell (imported, or carried by adopt): not a grade, so an
    # error on the cell quoting it, the grade left out as for any unknown grade.
    path = put_cells(ledger(tmp_path), "周交办", {"O3": text("#N/A")})
    s, a = score(path)
    (f,) = at(a, "O3")
    assert s == 100.00 and f.is_error and "#N/A" in f.message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_saved_formulas_have_cached_values(tmp_path):
    # openpyxl writes 调整后时限 as a formula without a value (like any script) -> error, 91.00.
    # LibreOffice opens and saves it (what "打开并保存一次" asks): the cached value 2026-01-31
    # is stored and the score is the hand-worked 95.50, exit 0.
    import openpyxl

    src = ledger(tmp_path, name="src.xlsx")
    wb = openpyxl.load_workbook(src)
    ws = wb["周交办"]
    ws["R1"] = "延期天数"
    ws["R2"] = 16
    ws["J2"] = '=IF(R2="","",I2+R2)'
    ws["J2"].number_format = "yyyy-mm-dd"
    script = tmp_path / "script.xlsx"
    wb.save(script)
    assert score(script)[0] == 91.00
    out = tmp_path / "lo"
    saved = soffice(script, "xlsx", out)
    assert read_book(saved).sheets["周交办"][1][9] == dt.datetime(2026, 1, 31) or \
        read_book(saved).sheets["周交办"][1][9] == D(2026, 1, 31)
    s, a = score(saved)
    assert s == 95.50 and a.errors == 0


@pytest.mark.remote
def test_xlwings_path_reads_error_values_as_the_same_marks(tmp_path, monkeypatch):
    # Excel (and the Office.js client) hands error cells over as their text, "#N/A"; the button
    # path must read them as the headless path reads the file: the same marks, the same findings.
    from macros import xlio

    from remote_engine import payload, remote_xlwings

    xw = remote_xlwings(monkeypatch)
    path = put_cells(ledger(tmp_path), "周交办", {"O3": error("#N/A", "VLOOKUP(A3,点评!A:B,2,0)"),
                                                   "J2": error("#VALUE!", "I2+R2")})
    data = payload(path)
    items = next(s for s in data["sheets"] if s["name"] == "周交办")["values"]
    assert items[2][14] == "" and items[1][9] == ""  # calamine (the test's client) loses them ...
    items[2][14], items[1][9] = "#N/A", "#VALUE!"     # ... Excel sends them as text
    via_excel = xlio.read_book(xw.Book(json=data))
    headless = read_book(path)
    assert via_excel.sheets["周交办"][2][14] == headless.sheets["周交办"][2][14] == CellError(ERROR, "#N/A")
    assert via_excel.sheets["周交办"][1][9] == headless.sheets["周交办"][1][9] == CellError(ERROR, "#VALUE!")
    a_excel = analyse(via_excel, TODAY, "2026-01")
    a_file = analyse(headless, TODAY, "2026-01")
    assert [(f.cell, f.message) for f in a_excel.findings if f.is_error] == \
        [(f.cell, f.message) for f in a_file.findings if f.is_error]
    # X1 left out (J2), X2's grade left out (O3): D=1, C=1, T=1, no grade -> (4000+3000)/70 = 100.00
    assert {r.unit: r.score for r in a_excel.evaluation.results["2026-01"].rows}[CG] == 100.00


# ---- adopt: the office's own file, .xlsx/.xls/.ods ------------------------------------------

LO = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


@pytest.mark.parametrize("fmt", ["xlsx", pytest.param("xls", marks=LO), pytest.param("ods", marks=LO)])
def test_adopt_carries_error_values_and_reports_them(tmp_path, fmt, capsys):
    # 点评等次 of X2 shows #N/A in OLD. adopt lists the cell in 导入说明, and NEW's cell says
    # #N/A (never an empty grade): validating NEW reports the error on it again.
    # (NA(): LibreOffice recalculates on loading, and a lookup into a missing sheet is #NAME? there.)
    old = put_cells(ledger(tmp_path, name="原台账.xlsx"), "周交办", {"O3": error("#N/A", "NA()")})
    if fmt != "xlsx":
        old = soffice(old, fmt, tmp_path / fmt)
    new = tmp_path / "新台账.xlsx"
    code, out = run(capsys, "adopt", old, "-o", new, "--today", "2026-02-10")
    assert code == 1, out      # NEW is written; cells to look at make it exit 1
    notes = [r for r in read_book(new).sheets["导入说明"] if "#N/A" in " ".join(map(str, r))]
    assert notes, "导入说明 does not list the #N/A cell"
    items = read_book(new).sheets["周交办"]
    row = next(r for r in items if r[0] == "X2")
    assert row[14] == "#N/A"                 # carried as the text the cell showed
    s, a = score(new)
    assert s == 100.00
    (f,) = [f for f in a.findings if f.cell == "O3" and f.sheet == "周交办"]
    assert f.is_error and "#N/A" in f.message


def test_adopt_reports_uncomputed_formulas(tmp_path, capsys):
    old = put_cells(ledger(tmp_path, name="原台账.xlsx"), "周交办", {"J2": uncomputed('IF(R2="","",I2+R2)')})
    new = tmp_path / "新台账.xlsx"
    code, out = run(capsys, "adopt", old, "-o", new, "--today", "2026-02-10")
    assert code == 1, out
    notes = [r for r in read_book(new).sheets["导入说明"] if "公式没有计算结果" in " ".join(map(str, r))]
    assert notes and any("J2" in map(str, r) for r in notes)
    s, a = score(new)          # NEW's 调整后时限 is text saying so: an error there, X1 left out
    assert s == 91.00 and any(f.is_error and f.cell == "J2" for f in a.findings)


@LO
def test_adopt_xls_with_a_far_cell_is_refused_by_name(tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["事项内容", "牵头单位", "完成时限"])
    ws.append(["修路", "区财政局", "2026-03-20"])
    ws["IV65536"] = "x"
    src = tmp_path / "原台账.xlsx"
    wb.save(src)
    old = soffice(src, "xls", tmp_path / "xls")
    code, out = run(capsys, "adopt", old, "-o", tmp_path / "新台账.xlsx", "--today", "2026-02-10")
    assert code == 2 and "IV65536" in out and "台账" in out and "原台账.xls" in out


@pytest.mark.parametrize("kind", ["error", "uncomputed"])
def test_marks_anywhere_never_crash(tmp_path, capsys, kind):
    # A mark in every column of an item row, of a unit row, of 参数's values, of 周研判 and 加减分
    # rows, and in a header cell: a clear run (exit 1 with findings), never a traceback.
    from duban import schema

    mark = error("#N/A", "NA()") if kind == "error" else uncomputed("NA()")
    reviews = [["R1", D(2026, 1, 5), "信访积案", "问题", CG, "原因", "根源", "路径", D(2026, 3, 1), "化解中", None, ""]]
    path = ledger(tmp_path, adjustments=[["2026-01", CG, 5, "表扬", "", ""]], reviews=reviews)
    letters = "ABCDEFGHIJKLMNOPQ"
    put_cells(path, "周交办", {f"{c}2": mark for c in letters} | {"R1": mark})
    put_cells(path, "单位", {f"{c}3": mark for c in "ABCDEFGH"})
    put_cells(path, "参数", {f"B{r}": mark for r in range(2, 12)})
    put_cells(path, "周研判", {f"{c}2": mark for c in "ABCDEFGHIJKL"})
    put_cells(path, "加减分", {f"{c}2": mark for c in "ABCDEF"})
    for command in ("validate", "recompute"):
        code, out = run(capsys, command, path, "--today", "2026-02-10")
        assert code in (1, 2) and "Traceback" not in out and "程序出错" not in out, out[-2000:]
    assert schema.ITEMS.title in read_book(path).sheets

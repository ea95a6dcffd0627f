"""The weekly answer loop: `duban split` writes one answer file per lead unit,
units fill them in (here with openpyxl, as Excel/WPS would save them), and
`duban collect` applies the answers to 周交办, logs every change and reports
every row it refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from duban import schema
from duban.answers import layout
from duban.answers.fingerprint import fingerprint, make_key, parse_key
from duban.answers.read import formula_cells
from duban.commands.main import main
from duban.dates import parse_date

from ledgers import D, done, item, make_ledger, read_raw

TODAY = "2026-03-02"
HEADER_ROW = 7            # 1-based row of the answer sheet's header
FIRST = HEADER_ROW + 1    # first item row
FORMULA = "=cmd|' /C calc'!A0"

ITEMS = [
    item("A1", "区住建局", D(2026, 3, 20), period=1),
    item("A2", "区住建局", D(2026, 2, 20), adjusted=D(2026, 4, 1), period=2),
    done("A3", "区住建局", D(2026, 2, 20), D(2026, 2, 10), period=1),
    item("B1", "区财政局", D(2026, 3, 10), period=1, feedback=D(2026, 2, 23)),
    item("B2", "区财政局", D(2026, 3, 12), period=2),
    item("C1", "城关街道办事处", D(2026, 3, 20), period=1),
    item("D1", "区城管局", D(2026, 3, 25), period=5),
]
COLUMN = {h: i for i, h in enumerate(schema.ITEMS.headers)}
ROW = {it[0]: r for r, it in enumerate(ITEMS, start=1)}   # 编号 -> zero-based row in 周交办


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def ledger(tmp_path):
    """A ledger with VBA, a button, a chart and a dropdown: collect must keep them byte for byte."""
    return make_ledger(tmp_path / "台账.xlsm", items=ITEMS, decorate=True)


@pytest.fixture
def split_dir(ledger, tmp_path, capsys):
    out = tmp_path / "下发"
    code, text = run(capsys, "split", ledger, "--today", TODAY, "-o", out)
    assert code == 0, text
    return out


# ---- helpers: what a unit does with its file -------------------------------

def answer_sheet(wb):
    return wb[layout.ANSWER_TITLE]


def row_of(ws, item_id: str) -> int:
    for r in range(FIRST, ws.max_row + 1):
        if ws.cell(r, 1).value == item_id:
            return r
    raise KeyError(item_id)


def fill(ws, item_id: str, *, status=None, completed=None, progress=None, feedback=None) -> None:
    r = row_of(ws, item_id)
    for col, v in ((4, status), (5, completed), (6, progress), (7, feedback)):
        if v is not None:
            ws.cell(r, col).value = dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else v


def returned(src: Path, dest: Path, edit, mtime: float) -> Path:
    """Copy an answer file, let `edit(ws)` fill it in, save it with openpyxl, set its modification time."""
    wb = openpyxl.load_workbook(src)
    edit(answer_sheet(wb), wb)
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    os.utime(dest, (mtime, mtime))
    return dest


def copy_row(src_file: Path, item_id: str, ws) -> None:
    """Paste the row of `item_id` from another unit's answer file under the last row of `ws`."""
    other = answer_sheet(openpyxl.load_workbook(src_file))
    r = row_of(other, item_id)
    target = ws.max_row + 1
    for c in range(1, len(layout.ANSWER.columns) + 1):
        ws.cell(target, c).value = other.cell(r, c).value
    ws.cell(target, 6).value = "代为反馈"


@pytest.fixture
def answers(split_dir, tmp_path):
    """The returned files of the scenario in the module docstring of each step below."""
    back = tmp_path / "答卷"
    zj, cz = split_dir / "答卷_区住建局.xlsx", split_dir / "答卷_区财政局.xlsx"
    base = 1_770_000_000

    def zj_first(ws, wb):
        fill(ws, "A1", status="已完成", completed=D(2026, 2, 27), progress="已完成验收", feedback=D(2026, 3, 1))
        fill(ws, "A2", progress=FORMULA, feedback=D(2026, 3, 1))      # openpyxl writes it as a formula
        copy_row(cz, "B2", ws)                                          # a row of another unit

    def zj_second(ws, wb):   # a later file: A1 corrected, A2 left as it was sent
        fill(ws, "A1", status="已完成", completed=D(2026, 2, 27), progress="已完成验收并归档", feedback=D(2026, 3, 1))

    def cz_edit(ws, wb):
        fill(ws, "B1", status="已办结", progress="已办结")                  # not in the vocabulary
        r = row_of(ws, "B2")
        ws.cell(r, 2).value = "事项B2（已取消）"                            # a locked cell changed
        fill(ws, "B2", progress="不再办理")

    returned(zj, back / "答卷_区住建局.xlsx", zj_first, base)
    returned(zj, back / "答卷_区住建局（更正）.xlsx", zj_second, base + 3600)
    returned(cz, back / "答卷_区财政局.xlsx", cz_edit, base)
    return back


def zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> zip member of its worksheet XML."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = {m[0]: m[1] for m in re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets.update({m[1]: m[0] for m in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        t = targets[rid].lstrip("/")
        out[name] = t if t.startswith("xl/") else "xl/" + t
    return out


def as_date(v):
    """A date cell as calamine gives it: a date, or a serial number where the cell has no date format."""
    return parse_date(v).value if v is not None else None


# ---- split -----------------------------------------------------------------

def test_split_one_file_per_unit_with_open_items(split_dir):
    names = sorted(p.name for p in split_dir.iterdir())
    assert names == sorted(["答卷_区住建局.xlsx", "答卷_区财政局.xlsx", "答卷_城关街道办事处.xlsx", "答卷_区城管局.xlsx"])
    ws = answer_sheet(openpyxl.load_workbook(split_dir / "答卷_区住建局.xlsx"))
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, 9)]
    assert headers == ["编号", "事项内容", "完成时限", "办理状态", "完成日期", "本周进展", "反馈日期", "校验码"]
    ids = [ws.cell(r, 1).value for r in range(FIRST, ws.max_row + 1) if ws.cell(r, 1).value]
    assert ids == ["A1", "A2"]                                   # A3 is done: not asked again
    a2 = row_of(ws, "A2")
    assert ws.cell(a2, 3).value.date() == D(2026, 4, 1)           # the adjusted deadline is shown
    assert "填写说明" in ws.cell(3, 1).value


def test_split_sheet_protected_only_answer_cells_open(split_dir):
    wb = openpyxl.load_workbook(split_dir / "答卷_区住建局.xlsx")
    ws = answer_sheet(wb)
    assert ws.protection.sheet and not ws.protection.password
    r = row_of(ws, "A1")
    locked = {c: ws.cell(r, c).protection.locked for c in range(1, 9)}
    assert locked == {1: True, 2: True, 3: True, 4: False, 5: False, 6: False, 7: False, 8: True}
    assert ws.column_dimensions["H"].hidden
    assert wb[layout.INFO_TITLE].sheet_state == "veryHidden"
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules[f"D{FIRST}:D{FIRST + 1}"].type == "list"
    # 已延期 is the office's to set: a unit asks with 申请延期
    assert rules[f"D{FIRST}:D{FIRST + 1}"].formula1 == '"未启动,推进中,已完成,申请延期"'
    assert rules[f"E{FIRST}:E{FIRST + 1}"].type == "date" and rules[f"G{FIRST}:G{FIRST + 1}"].type == "date"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def secret_and_batch(ledger: Path, answer_file: Path) -> tuple[str, str]:
    """The ledger's secret (hidden sheet _答卷记录) and the batch the answer file names."""
    from duban.read.answer_record import TITLE, Record

    record = Record.from_grid(read_raw(ledger).sheets[TITLE])
    info = dict(openpyxl.load_workbook(answer_file)[layout.INFO_TITLE].iter_rows(values_only=True))
    return record.secret, info[layout.INFO_BATCH]


def test_split_key_fingerprints_locked_fields(ledger, split_dir):
    path = split_dir / "答卷_区住建局.xlsx"
    ws = answer_sheet(openpyxl.load_workbook(path))
    r = row_of(ws, "A2")
    key = ws.cell(r, 8).value
    secret, batch = secret_and_batch(ledger, path)
    assert len(secret) == 64 and secret not in path.read_bytes().decode("latin-1")
    assert parse_key(key) == ("A2", fingerprint(secret, batch, "A2", "区住建局", "事项A2", D(2026, 4, 1)))
    assert key == make_key(secret, batch, "A2", "区住建局", "事项A2", D(2026, 4, 1))
    assert fingerprint(secret, batch, "A2", "区财政局", "事项A2", D(2026, 4, 1)) != parse_key(key)[1]
    assert fingerprint(secret, batch, "A2", "区住建局", "事项A2", D(2026, 4, 2)) != parse_key(key)[1]


def test_split_meeting_limits_and_names_files(ledger, tmp_path, capsys):
    out = tmp_path / "第2期"
    code, _ = run(capsys, "split", ledger, "--meeting", "2", "--today", TODAY, "-o", out)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["答卷_第2期_区住建局.xlsx", "答卷_第2期_区财政局.xlsx", "答卷_第2期_城关街道办事处.xlsx"])
    ws = answer_sheet(openpyxl.load_workbook(out / "答卷_第2期_区住建局.xlsx"))
    assert "第2期" in ws.cell(1, 1).value


def test_split_reports_items_it_cannot_place(tmp_path, capsys):
    path = make_ledger(tmp_path / "t.xlsx", items=[item("1", "区住建委", D(2026, 3, 20)),
                                                   item("2", "区住建局", D(2026, 3, 20))])
    code, text = run(capsys, "split", path, "--today", TODAY, "-o", tmp_path / "out")
    assert code == 1
    assert "第 2 行" in text and "区住建委" in text
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["答卷_区住建局.xlsx"]


def test_split_bad_meeting_is_chinese_exit_2(ledger, capsys):
    code, text = run(capsys, "split", ledger, "--meeting", "x", "-o", "/tmp/nowhere")
    assert code == 2 and "期次" in text


# ---- collect ---------------------------------------------------------------

def test_collect_applies_exactly_the_right_cells(ledger, answers, capsys):
    before = read_raw(ledger).sheets
    code, text = run(capsys, "collect", ledger, answers, "--today", TODAY)
    assert code == 1, text          # rows were refused
    after = read_raw(ledger).sheets

    expected = {
        ("A1", "办理状态"): "已完成", ("A1", "完成日期"): D(2026, 2, 27),
        ("A1", "本周进展"): "已完成验收并归档", ("A1", "反馈日期"): D(2026, 3, 1),   # the later file wins
        ("A2", "本周进展"): FORMULA, ("A2", "反馈日期"): D(2026, 3, 1),
    }
    old_items, new_items = before["周交办"], after["周交办"]
    assert len(new_items) == len(old_items)
    for r, (old_row, new_row) in enumerate(zip(old_items, new_items)):
        width = max(len(old_row), len(new_row))
        for c in range(width):
            old = old_row[c] if c < len(old_row) else None
            new = new_row[c] if c < len(new_row) else None
            key = (old_items[r][0], schema.ITEMS.headers[c])
            if key in expected:
                want = expected[key]
                assert (as_date(new) if isinstance(want, dt.date) else new) == want, key
            else:
                assert new == old, f"周交办 {key} changed from {old!r} to {new!r}"
    for title in before:
        if title not in ("周交办", "变更记录", "运行日志", "_答卷记录", "答卷汇总"):
            assert after[title] == before[title], title


def test_collect_formula_is_stored_as_text(ledger, answers, capsys):
    run(capsys, "collect", ledger, answers, "--today", TODAY)
    xml = zipfile.ZipFile(ledger).read(sheet_parts(ledger)["周交办"]).decode()
    ref = f"M{ROW['A2'] + 1}"
    cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', xml).group(0)
    assert "<f>" not in cell and 't="inlineStr"' in cell
    assert "cmd|" in cell


def test_collect_reports_every_refused_row(ledger, answers, capsys):
    code, text = run(capsys, "collect", ledger, answers, "--today", TODAY)
    flat = re.sub(r"[\s│┃]+", "", text)
    assert "已办结" in flat and "不在可选范围" in flat                       # wrong status, B1
    assert "事项内容”被改动" in flat                                          # tampered locked cell, B2
    assert "由“区财政局”牵头，不属于本答卷单位“区住建局”" in flat             # another unit's row
    assert "以“答卷_区住建局（更正）.xlsx第8行”为准" in flat                 # answered twice: A1
    assert "公式" in flat and "已按文字原样保存" in flat
    assert "未交答卷的单位（2个）：城关街道办事处、区城管局" in flat
    assert "Traceback" not in text


def test_collect_plan_notices(ledger, answers):
    from duban.answers.checks import NOTE, REJECTED, SUPERSEDED
    from duban.answers.collect import plan_collect
    from duban.read.book import read_book

    plan = plan_collect(read_book(ledger), [answers], D(2026, 3, 2))
    got = sorted((n.level, n.file, n.item_id) for n in plan.notices if n.level in (REJECTED, SUPERSEDED))
    assert got == sorted([
        (REJECTED, "答卷_区财政局.xlsx", "B1"),
        (REJECTED, "答卷_区财政局.xlsx", "B2"),
        (REJECTED, "答卷_区住建局.xlsx", "B2"),
        (SUPERSEDED, "答卷_区住建局.xlsx", "A1"),            # same 反馈日期, older file
        (SUPERSEDED, "答卷_区住建局（更正）.xlsx", "A2"),     # newer file, but no 反馈日期
    ])
    assert any(n.level == NOTE and n.item_id == "A2" and "公式" in n.message for n in plan.notices)
    assert plan.missing_units == ["城关街道办事处", "区城管局"]


def test_collect_change_log_holds_each_change(ledger, answers, capsys):
    run(capsys, "collect", ledger, answers, "--today", TODAY)
    sheets = read_raw(ledger).sheets
    log = sheets["变更记录"]
    assert log[0] == ["编号", "字段", "旧值", "新值", "来源文件", "时间"]
    rows = {(r[0], r[1]): r for r in log[1:]}
    assert set(rows) == {("A1", "办理状态"), ("A1", "完成日期"), ("A1", "本周进展"), ("A1", "反馈日期"),
                         ("A2", "本周进展"), ("A2", "反馈日期")}
    assert rows[("A1", "办理状态")][2:4] == ["推进中", "已完成"]
    assert rows[("A1", "本周进展")][2:5] == ["按计划推进", "已完成验收并归档", "答卷_区住建局（更正）.xlsx 第 8 行"]
    assert as_date(rows[("A1", "完成日期")][3]) == D(2026, 2, 27) and rows[("A1", "完成日期")][2] is None
    assert rows[("A2", "本周进展")][3] == FORMULA and rows[("A2", "本周进展")][4] == "答卷_区住建局.xlsx 第 9 行"
    assert all(r[5] is not None for r in log[1:])
    run_log = sheets["运行日志"]
    assert run_log[-1][1] == "汇总答卷" and "更新 6 处" in run_log[-1][4]


def test_collect_keeps_every_other_part_byte_identical(ledger, answers, capsys):
    before = zip_members(ledger)
    run(capsys, "collect", ledger, answers, "--today", TODAY)
    after = zip_members(ledger)
    parts = sheet_parts(ledger)
    owned = {parts["周交办"], parts["变更记录"], parts["运行日志"], parts["_答卷记录"], parts["答卷汇总"],
             "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert "xl/vbaProject.bin" in before
    for name, data in before.items():
        if name not in owned:
            assert after.get(name) == data, f"{name} changed"
    assert set(after) - set(before) <= owned
    assert after[parts["周交办"]] != before[parts["周交办"]]


def test_second_collect_changes_nothing(ledger, answers, capsys):
    run(capsys, "collect", ledger, answers, "--today", TODAY)
    first = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, answers, "--today", TODAY)
    assert code == 1                                  # the refused rows are still refused
    assert "没有需要更新的内容，台账未改动" in text
    assert ledger.read_bytes() == first


def test_collect_dry_run_writes_nothing(ledger, answers, capsys):
    before = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, answers, "--today", TODAY, "--dry-run")
    assert code == 1 and "试运行" in text and "已完成验收并归档" in text
    assert ledger.read_bytes() == before


def test_collect_bad_files_reported(ledger, split_dir, tmp_path, capsys):
    back = tmp_path / "杂"
    back.mkdir()
    (back / "坏文件.xlsx").write_bytes(b"not a zip")
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(back / "别的表.xlsx")
    shutil.copy(split_dir / "答卷_城关街道办事处.xlsx", back / "答卷_城关街道办事处.xlsx")
    before = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, back, back / "说明.txt", "--today", TODAY)
    flat = re.sub(r"[\s│┃]+", "", text)
    assert code == 1
    assert "坏文件.xlsx" in flat and "无法读取" in flat
    assert "别的表.xlsx" in flat and "不是本系统生成的答卷" in flat
    assert "说明.txt" in flat
    assert "已交回但与台账相比没有变化的单位：城关街道办事处" in flat
    assert ledger.read_bytes() == before


def test_collect_empty_folder_exit_2(ledger, tmp_path, capsys):
    (tmp_path / "空").mkdir()
    code, text = run(capsys, "collect", ledger, tmp_path / "空")
    assert code == 2 and "没有找到答卷文件" in text


def test_collect_text_that_looks_like_formula_and_unfinished_done(ledger, split_dir, tmp_path, capsys):
    """An answer typed as text '@SUM(A1)', and 已完成 without 完成日期 (refused)."""
    def edit(ws, wb):
        r = row_of(ws, "A1")
        ws.cell(r, 6).value = "@SUM(A1)"
        ws.cell(r, 6).data_type = "s"
        fill(ws, "A2", status="已完成")
    back = tmp_path / "答卷"
    returned(split_dir / "答卷_区住建局.xlsx", back / "a.xlsx", edit, 1_770_000_000)
    assert formula_cells(back / "a.xlsx", layout.ANSWER_TITLE) == []
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    flat = re.sub(r"[\s│┃]+", "", text)
    assert code == 1 and "没有填写完成日期" in flat and "以“@”开头" in flat
    items = read_raw(ledger).sheets["周交办"]
    assert items[ROW["A1"]][COLUMN["本周进展"]] == "@SUM(A1)"
    assert items[ROW["A2"]][COLUMN["办理状态"]] == "推进中"


def test_collect_warns_when_item_changed_after_split(ledger, split_dir, tmp_path, capsys):
    """The office moved A1's deadline after sending the files: the answer is applied, with a note."""
    from duban.answers.collect import plan_collect
    from duban.read.book import read_book

    from ledgers import write_parts

    write_parts(ledger, {}, cell_patches={"周交办": {(ROW["A1"], COLUMN["调整后时限"]): D(2026, 5, 1)}},
                backup=False)
    back = tmp_path / "答卷"
    returned(split_dir / "答卷_区住建局.xlsx", back / "a.xlsx",
             lambda ws, wb: fill(ws, "A1", progress="推进中，已招标", feedback=D(2026, 3, 2)), 1_770_000_000)
    plan = plan_collect(read_book(ledger), [back], D(2026, 3, 2))
    assert [c.field for c in plan.changes] == ["本周进展", "反馈日期"]
    assert any("有调整" in n.message for n in plan.notices)


def test_collect_feedback_date_filled_when_unit_forgets(ledger, split_dir, tmp_path, capsys):
    back = tmp_path / "答卷"
    returned(split_dir / "答卷_区财政局.xlsx", back / "b.xlsx",
             lambda ws, wb: fill(ws, "B1", progress="已进场施工"), 1_770_000_000)
    code, _ = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 0
    items = read_raw(ledger).sheets["周交办"]
    assert items[ROW["B1"]][COLUMN["本周进展"]] == "已进场施工"
    assert as_date(items[ROW["B1"]][COLUMN["反馈日期"]]) == D(2026, 3, 2)   # the file still says 2026-02-23
    first = ledger.read_bytes()
    code, text = run(capsys, "collect", ledger, back, "--today", TODAY)
    assert code == 0 and "没有需要更新的内容" in text
    assert ledger.read_bytes() == first


# ---- the Excel path ----------------------------------------------------------

@pytest.mark.remote
def test_collect_through_excel_matches_headless(ledger, answers, tmp_path, monkeypatch):
    """macros.loop.collect on the open workbook writes the same 周交办 cells and 变更记录 as the command."""
    import copy

    import macros.loop

    from remote_engine import ExcelState, payload, remote_xlwings

    xw = remote_xlwings(monkeypatch)
    data = payload(ledger)
    book = xw.Book(json=copy.deepcopy(data))
    outcome = macros.loop.collect(book, folder=answers, today=D(2026, 3, 2), show=False)
    assert not outcome.ok and "拒收" in outcome.message and "请保存工作簿" in outcome.message
    state = ExcelState.from_payload(data).apply(book.json()["actions"])

    assert main(["collect", str(ledger), str(answers), "--today", TODAY]) == 1
    headless = read_raw(ledger).sheets
    excel_items, head_items = state.sheet("周交办").grid(), headless["周交办"]
    for r, row in enumerate(head_items):
        for c, hv in enumerate(row):
            xv = excel_items[r][c] if c < len(excel_items[r]) else None
            if schema.ITEMS.headers[c] in ("完成日期", "反馈日期", "交办日期", "完成时限", "调整后时限"):
                assert as_date(xv) == as_date(hv), (r, c)
            else:
                assert xv == hv, (r, c)
    excel_log = state.sheet("变更记录").grid()
    assert [r[:2] + [r[4]] for r in excel_log] == [r[:2] + [r[4]] for r in headless["变更记录"]]


def test_collect_refuses_rows_whose_item_was_rewritten(ledger, split_dir, tmp_path):
    """A file from before the office rewrote an item (or from another ledger with the same 编号) is not applied."""
    from duban.answers.checks import REJECTED
    from duban.answers.collect import plan_collect
    from duban.read.book import read_book

    from ledgers import write_parts

    write_parts(ledger, {}, cell_patches={"周交办": {(ROW["A1"], COLUMN["事项内容"]): "另一件事"}}, backup=False)
    back = tmp_path / "答卷"
    returned(split_dir / "答卷_区住建局.xlsx", back / "a.xlsx",
             lambda ws, wb: fill(ws, "A1", progress="推进中", feedback=D(2026, 3, 2)), 1_770_000_000)
    plan = plan_collect(read_book(ledger), [back], D(2026, 3, 2))
    assert not any(c.item_id == "A1" for c in plan.changes)
    assert any(n.level == REJECTED and n.item_id == "A1" and "事项内容与台账" in n.message for n in plan.notices)


def test_collect_defaults_to_the_answer_folder_beside_the_ledger(ledger, split_dir, capsys):
    code, text = run(capsys, "collect", ledger, "--today", TODAY)
    assert code == 2 and "找不到答卷文件夹" in text
    back = ledger.parent / "答卷"
    returned(split_dir / "答卷_区财政局.xlsx", back / "b.xlsx", lambda ws, wb: fill(ws, "B1", progress="已开工"),
             1_770_000_000)
    code, text = run(capsys, "collect", ledger, "--today", TODAY)
    assert code == 0 and "已更新“周交办” 2 处" in text

"""The command line: exit codes, Chinese messages, files left unchanged on bad input."""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest

from duban.commands.main import main

from ledgers import D, done, item, make_ledger, read_raw

CJK = re.compile(r"[\u4e00-\u9fff]")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ledger(tmp_path):
    return make_ledger(tmp_path / "台账.xlsx", items=[
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
        item("2", "东关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9)),
        done("3", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "较好"),
        item("4", "区财政局", D(2026, 1, 20), feedback=D(2026, 2, 9)),
    ])


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_recompute_ok_exit_0_and_ranking_printed(ledger, capsys):
    code, out = run(capsys, "recompute", ledger, "--month", "2026-01", "--today", "2026-02-10")
    assert code == 0
    assert "2026年1月 办事处排名" in out and "城关街道办事处" in out
    sheets = read_raw(ledger).sheets
    assert sheets["月考评"][0][:3] == ["月份", "单位", "组别"]
    log = sheets["运行日志"]
    assert log[1][1] == "重算排名" and log[1][3] == "台账.xlsx"


def test_data_errors_exit_1(tmp_path, capsys):
    path = make_ledger(tmp_path / "bad.xlsx", items=[item("1", "区住建委", D(2026, 1, 20))])
    code, out = run(capsys, "validate", path, "--today", "2026-02-10")
    assert code == 1
    assert "区住建委" in out
    findings = read_raw(path).sheets["校验结果"]
    assert findings[1][0].startswith("共 1 处错误")   # the summary line under the title
    assert findings[3][:4] == ["错误", "周交办", "E2", "牵头单位"]
    assert "区住建局" in findings[3][5]


def test_validate_writes_hyperlinks_to_cells(tmp_path, capsys):
    path = make_ledger(tmp_path / "bad.xlsx", items=[item("1", "区住建委", D(2026, 1, 20))])
    run(capsys, "validate", path, "--today", "2026-02-10")
    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
        xml = "".join(z.read(n).decode() for n in names)
    assert "location=\"'周交办'!E2\"" in xml


@pytest.mark.parametrize("argv, words", [
    (["recompute"], "缺少必填参数"),
    (["recompute", "{ledger}", "--month", "2026-1"], "YYYY-MM"),
    (["recompute", "{ledger}", "--month", "2099-01", "--today", "2026-02-10"], "还没有到"),
    (["recompute", "{ledger}", "--today", "2026/02/10"], "YYYY-MM-DD"),
    (["recompute", "{missing}"], "找不到文件"),
    (["recompute", "{dir}"], "文件夹"),
    (["recompute", "{txt}"], "不是 .xlsx 或 .xlsm"),
    (["frobnicate"], "无效的命令"),
    (["publish", "{ledger}"], "--month"),
])
def test_bad_arguments_exit_2_in_chinese(argv, words, ledger, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    subs = {"{ledger}": str(ledger), "{missing}": str(tmp_path / "无此文件.xlsx"), "{dir}": str(tmp_path),
            "{txt}": str(tmp_path / "notes.txt")}
    before = digest(ledger)
    code, out = run(capsys, *[subs.get(a, a) for a in argv])
    assert code == 2
    assert words in out and CJK.search(out)
    assert "Traceback" not in out
    assert digest(ledger) == before


@pytest.mark.parametrize("content", [b"not a zip at all", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                                     "单位,分值\n区财政局,3\n".encode()])
def test_unreadable_files_exit_2(content, tmp_path, capsys):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    code, out = run(capsys, "recompute", path)
    assert code == 2 and CJK.search(out) and "Traceback" not in out
    assert path.read_bytes() == content


def test_missing_sheet_and_renamed_header_exit_2(tmp_path, capsys):
    path = make_ledger(tmp_path / "x.xlsx", items=[item("1", "区财政局", D(2026, 1, 20))])
    # rename 牵头单位 -> 负责单位 (not one of its synonyms) in 周交办 by rebuilding with a custom sheet
    from duban import schema
    headers = [h if h != "牵头单位" else "负责单位" for h in schema.ITEMS.headers]
    renamed = make_ledger(tmp_path / "y.xlsx", extra_sheets={"周交办": [headers]})
    before = digest(renamed)
    code, out = run(capsys, "recompute", renamed, "--today", "2026-02-10")
    assert code == 2 and "缺少" in out and "牵头单位" in out and "负责单位" in out and "列名对照" in out
    assert digest(renamed) == before
    assert path.exists()


def test_user_column_on_accountability_survives_recompute(tmp_path, capsys):
    items = [done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             done("3", "西关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             done("4", "南关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("2", "东关街道办事处", D(2026, 1, 20))]
    path = make_ledger(tmp_path / "a.xlsx", items=items)
    assert run(capsys, "recompute", path, "--month", "2026-01", "--today", "2026-02-10")[0] == 0
    acc = read_raw(path).sheets["问责"]
    assert acc[1][:5] == ["东关街道办事处", "办事处", "2026-01", 1.0, "预警"]
    # The office types a decision and adds a column of its own, then recomputes.
    from duban.xlsxio.model import Grid

    from ledgers import write_parts
    grid = [list(r) + [None] * (7 - len(r)) for r in acc]
    grid[0][6] = "督办人"
    grid[1][5] = "约谈主要负责人"
    grid[1][6] = "王科长"
    write_parts(path, {"问责": Grid(grid)}, backup=False)
    assert run(capsys, "recompute", path, "--month", "2026-01", "--today", "2026-02-10")[0] == 0
    acc = read_raw(path).sheets["问责"]
    assert acc[0] == ["单位", "组别", "末位月份", "连续末位月数", "建议", "处理决定", "督办人"]
    assert acc[1] == ["东关街道办事处", "办事处", "2026-01", 1.0, "预警", "约谈主要负责人", "王科长"]


def test_publish_marks_month_and_recompute_keeps_it(tmp_path, capsys):
    items = [done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("2", "东关街道办事处", D(2026, 1, 20))]
    path = make_ledger(tmp_path / "p.xlsx", items=items)
    run(capsys, "recompute", path, "--month", "2026-01", "--today", "2026-02-10")
    code, out = run(capsys, "publish", path, "--month", "2026-01", "--today", "2026-02-10")
    assert code == 0 and "已发布" in out
    history = read_raw(path).sheets["历史排名"]
    assert {r[6] for r in history[1:] if r[0] == "2026-01"} == {"已发布"}
    run(capsys, "recompute", path, "--month", "2026-01", "--today", "2026-02-10")
    assert read_raw(path).sheets["历史排名"] == history

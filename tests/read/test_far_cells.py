"""One far cell must not cost the run (issue 15 attack 4, issue 16 point 5).

python-calamine allocates the whole rectangle from A1 to the last cell with a value: one cell at
XFD1048576 aborts the process (exit 134), AZ1048576 costs ~2.2 GB, A1048576 ~800 MB. Each run
here is its own process with its address space capped at 1.5 GB (so today's code fails fast
instead of swapping the shared machine) and reports its peak resident set; the ceiling asserted
is 400 MB (a normal run of these small files takes well under 100 MB).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from duban import schema
from duban.read.book import read_book

from cellxml import put_cells, text
from ledgers import D, done, item, make_ledger

CEILING_KB = 400 * 1024
AS_LIMIT = 1536 << 20
CG = "城关街道办事处"
FAR = ["A1048576", "AZ1048576", "XFD1048576"]

_RUNNER = ("import resource, sys\n"
           "from duban.commands.main import main\n"
           "rc = main(sys.argv[1:])\n"
           "sys.stdout.flush()\n"
           "sys.stderr.write('MAXRSS=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
           "sys.exit(rc)\n")


def _cap():
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))


def duban(*argv) -> tuple[int, str, int]:
    """(exit code, output, peak RSS in KB) of `duban ARGV` in a fresh, memory-capped process."""
    p = subprocess.run([sys.executable, "-c", _RUNNER, *map(str, argv)], capture_output=True, text=True,
                       preexec_fn=_cap, timeout=300, env={**os.environ, "COLUMNS": "200"})
    rss = [int(line[7:]) for line in p.stderr.splitlines() if line.startswith("MAXRSS=")]
    assert rss, f"the run died (exit {p.returncode}): {p.stderr[-800:]}"
    return p.returncode, p.stdout + p.stderr, rss[0]


ITEMS = [  # January, today 2026-02-10: 城关 D=2, C=2, T=2, 好 -> 100.00; 东关 D=1, C=0 -> 0.00
    done("1", CG, D(2026, 1, 20), D(2026, 1, 19), "好"),
    done("2", CG, D(2026, 1, 25), D(2026, 1, 25), "好"),
    item("3", "东关街道办事处", D(2026, 1, 20)),
]


@pytest.fixture
def clean(tmp_path):
    return make_ledger(tmp_path / "clean.xlsx", items=ITEMS)


def scores(path) -> dict[str, float]:
    sheet = read_book(path).sheets["月考评"]
    head = sheet[0]
    return {r[head.index("单位")]: r[head.index("综合得分")] for r in sheet[1:] if r[head.index("月份")] == "2026-01"}


@pytest.mark.parametrize("ref", FAR)
@pytest.mark.parametrize("command", ["recompute", "validate"])
def test_far_cell_in_ledger(clean, tmp_path, ref, command):
    far = put_cells(clean, "周交办", {ref: text("x")}, tmp_path / f"far-{ref}.xlsx")
    month = ["--month", "2026-01"] if command == "recompute" else []
    code, out, rss = duban(command, far, *month, "--today", "2026-02-10")
    assert code == 0, out
    assert rss < CEILING_KB, f"{rss // 1024} MB"
    assert "Traceback" not in out
    # The cut cell is named in 校验结果 as a 警告 with what to do.
    rows = [r for r in read_book(far).sheets["校验结果"] if len(r) > 4 and r[2] == ref]
    assert rows and rows[0][0] == "警告" and rows[0][1] == "周交办" and "远在数据区" in rows[0][4]
    if command == "recompute":
        assert scores(far)[CG] == 100.00 and scores(far)["东关街道办事处"] == 0.00


def test_far_cell_on_another_sheet_and_in_a_register(clean, tmp_path):
    far = put_cells(clean, "单位", {"XFD1048576": text("备注")}, tmp_path / "far.xlsx")
    far = put_cells(far, "参数", {"AZ1048576": text("x")})
    code, out, rss = duban("recompute", far, "--month", "2026-01", "--today", "2026-02-10")
    assert code == 0 and rss < CEILING_KB, out
    assert scores(far)[CG] == 100.00


def test_far_cells_do_not_hide_dense_data(tmp_path):
    # XFD5 in a sheet of 3 000 rows: only that cell is cut; every row is read.
    rows = [item(str(i), CG, D(2026, 3, 20)) for i in range(1, 3001)]
    path = make_ledger(tmp_path / "big.xlsx", items=rows)
    path = put_cells(path, "周交办", {"XFD5": text("x"), "A1048576": text("y")})
    book = read_book(path)
    grid = book.sheets["周交办"]
    assert len(grid) == 3001 and max(len(r) for r in grid) == len(schema.ITEMS.columns)
    (note,) = book.notes
    assert "XFD5、A1048576" in note.message and "A1:S3001" in note.message


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576"])
def test_far_cell_in_adopt_input(clean, tmp_path, ref):
    old = put_cells(clean, "周交办", {ref: text("x")}, tmp_path / "原台账.xlsx")
    before = old.read_bytes()
    code, out, rss = duban("adopt", old, "-o", tmp_path / "新台账.xlsx", "--today", "2026-02-10")
    assert code == 0, out
    assert rss < CEILING_KB
    assert old.read_bytes() == before


def _ods(path: Path, content_rows: str) -> Path:
    """A minimal .ods whose only sheet holds the given <table:table-row> elements."""
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="台账">'
               f'{content_rows}</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _cell(v: str, cols: int = 1) -> str:
    rep = f' table:number-columns-repeated="{cols}"' if cols > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{v}</text:p></table:table-cell>'


HEADER = "<table:table-row>" + "".join(_cell(h) for h in ("事项内容", "牵头单位", "完成时限")) + "</table:table-row>"


def test_ods_with_repeated_rows_is_refused_by_name(tmp_path):
    # A 10 KB .ods: one row with a value, repeated a million times over 50 columns (2.7 GB today).
    rows = HEADER + ('<table:table-row table:number-rows-repeated="1000000">' + _cell("x", 50)
                     + "</table:table-row>")
    old = _ods(tmp_path / "原台账.ods", rows)
    assert old.stat().st_size < 10_000
    code, out, rss = duban("adopt", old, "-o", tmp_path / "新台账.xlsx", "--today", "2026-02-10")
    assert code == 2 and rss < CEILING_KB
    assert "原台账.ods" in out and "“台账”" in out and "重复" in out and "Traceback" not in out
    assert not (tmp_path / "新台账.xlsx").exists()


def test_ods_with_a_stray_cell_at_the_bottom_is_refused_by_name(tmp_path):
    rows = (HEADER + "<table:table-row>" + _cell("修路") + _cell("区财政局") + _cell("2026-03-20")
            + "</table:table-row>" + '<table:table-row table:number-rows-repeated="1048573"><table:table-cell/>'
            "</table:table-row><table:table-row>" + _cell("x") + "</table:table-row>")
    old = _ods(tmp_path / "原台账.ods", rows)
    code, out, rss = duban("adopt", old, "-o", tmp_path / "新台账.xlsx", "--today", "2026-02-10")
    assert code == 2 and rss < CEILING_KB
    assert "A1048576" in out and "台账" in out


def test_ods_with_a_dtd_gets_a_chinese_message(tmp_path):
    old = _ods(tmp_path / "原台账.ods", HEADER)
    with zipfile.ZipFile(old) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
    with zipfile.ZipFile(old, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    code, out, _rss = duban("adopt", old, "-o", tmp_path / "新台账.xlsx", "--today", "2026-02-10")
    assert code == 2 and "DTD" in out and "原台账.ods" in out and "Traceback" not in out


# ---- collect: an answer file with a far cell ---------------------------------------------------

ANSWER_ITEMS = [item("A1", "区住建局", D(2026, 3, 20), period=1), item("B1", "区财政局", D(2026, 3, 10), period=1)]


def _answer(src: Path, dest: Path, item_id: str, progress: str) -> Path:
    wb = openpyxl.load_workbook(src)
    ws = wb["答卷"]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == item_id:
            ws.cell(r, 6).value = progress
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return dest


def test_collect_with_a_far_cell_in_one_answer_file(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx", items=ANSWER_ITEMS)
    out_dir = tmp_path / "下发"
    code, out, _ = duban("split", ledger, "--today", "2026-03-02", "-o", out_dir)
    assert code == 0, out
    back = tmp_path / "答卷"
    zj = _answer(out_dir / "答卷_区住建局.xlsx", back / "答卷_区住建局.xlsx", "A1", "已开工")
    put_cells(zj, "答卷", {"XFD1048576": text("x")})
    _answer(out_dir / "答卷_区财政局.xlsx", back / "答卷_区财政局.xlsx", "B1", "已拨付")
    code, out, rss = duban("collect", ledger, back, "--today", "2026-03-02")
    assert rss < CEILING_KB and "Traceback" not in out, out
    items = read_book(ledger).sheets["周交办"]
    progress = {r[0]: r[12] for r in items[1:]}
    assert progress == {"A1": "已开工", "B1": "已拨付"}  # both files collected, the far cell ignored

"""Time write_parts on a ledger with a big sheet against a plain file copy.

    python bench/bench_xlsxio.py [--rows 40000] [--repeat 5] [--openpyxl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xlsxwriter  # noqa: E402

from duban.schema import ITEMS, LEDGER_FILE, STYLE_ROLES, STYLE_SHEET_TITLE  # noqa: E402
from duban.xlsxio import Cell, Grid  # noqa: E402
from duban.xlsxio import write_parts as write_file


def write_parts(path, sheets, **kw):
    return write_file(path, sheets, conventions=LEDGER_FILE, **kw)


def build(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(ITEMS.title)
    ws.write_row(0, 0, ITEMS.headers)
    units = [f"单位{i}" for i in range(40)]
    for r in range(1, rows + 1):
        ws.write_row(r, 0, [f"2024-{r:06d}", 1 + r // 150])
        ws.write_datetime(r, 2, dt.datetime(2024, 1, 1) + dt.timedelta(days=r % 300), date)
        ws.write_row(r, 3, ["张三", units[r % 40], units[(r + 7) % 40], f"第{r}项交办事项，要求按期完成并反馈", "重点工作"])
        ws.write_datetime(r, 8, dt.datetime(2024, 2, 1) + dt.timedelta(days=r % 300), date)
        ws.write_row(r, 10, ["推进中", "", f"第{r}项本周进展情况说明"])
    wb.add_worksheet("月考评").write_row(0, 0, ["月份", "单位", "综合得分"])
    st = wb.add_worksheet(STYLE_SHEET_TITLE)
    for i, role in enumerate(STYLE_ROLES):
        st.write_string(i, 0, role, wb.add_format({"bold": role == "header"}))
    st.hide()
    wb.close()


def timed(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=40000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--openpyxl", action="store_true", help="also time openpyxl load + save")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-xlsxio-"))
    try:
        src = tmp / "台账.xlsx"
        t0 = time.perf_counter()
        build(src, a.rows)
        with zipfile.ZipFile(src) as z:
            big = max(z.infolist(), key=lambda i: i.file_size)
        print(f"built {a.rows} rows in {time.perf_counter() - t0:.1f}s: file {src.stat().st_size / 1e6:.1f} MB, "
              f"largest part {big.filename} {big.file_size / 1e6:.1f} MB")
        work = tmp / "work.xlsx"
        shutil.copy(src, work)
        result = Grid([[Cell(h, "header") for h in ("月份", "单位", "应办结", "已办结", "综合得分", "说明")]]
                      + [["2024-03", f"单位{i}", i, i - 1, 90.5 - i / 10, Cell("查看", "link", f"'周交办'!A{i + 2}")]
                         for i in range(100)])
        patches = {(r, 12): f"答卷{r}" for r in range(1, a.rows, max(1, a.rows // 50))}
        rows = [
            ("plain file copy", lambda: shutil.copy(src, tmp / "copy.xlsx")),
            ("write_parts 100-row sheet, no backup", lambda: write_parts(work, {"月考评": result}, backup=False)),
            ("write_parts 100-row sheet + backup", lambda: write_parts(work, {"月考评": result})),
            ("write_parts new 100-row sheet", lambda: write_parts(work, {"统计": result}, backup=False)),
            (f"write_parts {len(patches)} cell patches in the big sheet",
             lambda: write_parts(work, {}, cell_patches={ITEMS.title: patches}, backup=False)),
        ]
        if a.openpyxl:
            import openpyxl
            rows.append(("openpyxl load + save (reference)",
                         lambda: openpyxl.load_workbook(src).save(tmp / "opx.xlsx")))
        for label, fn in rows:
            reps = 1 if label.startswith("openpyxl") else a.repeat
            print(f"{label:<48} {timed(fn, reps) * 1000:8.1f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

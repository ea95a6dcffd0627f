"""Sample ledgers, `python -m duban` in a subprocess, and "is this file the old one or the new one?".

A run writes the time into 运行日志 (and the 首页 status block), so two clean runs
on the same ledger differ in those cells only. `result_key` reads a workbook
into something comparable: every zip member as its uncompressed bytes, except
the 运行日志 and 首页 parts, which are read as cell values with the run's time
and duration blanked; 变更记录 is read the same way, its 时间 column blanked. A file after an
interrupted or concurrent run must have exactly the old bytes, or the key of
a clean run on a copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from duban import schema

from .build import sheet_parts

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TODAY = "2026-11-27"
SAMPLE_MONTH = "2026-10"
SAMPLE_ARGS = ("--month", SAMPLE_MONTH, "--today", SAMPLE_TODAY)
TIMED = (schema.RUN_LOG.title, schema.HOME_TITLE, schema.CHANGE_LOG.title)


def sample_ledger(path: Path, n_items: int = 1000, *, seed: int = 2026) -> Path:
    """The real template (.xlsm: VBA, buttons, 首页, _样式, dropdowns) filled with a generated sample."""
    from duban.template.builder import build_workbook
    from workbook.sample import generate

    rows = generate(seed, n_items=n_items, units=40 if n_items <= 40_000 else 60, months=11,
                    today=dt.date(2026, 11, 27))
    build_workbook(path, rows=rows, macros=path.suffix.lower() == ".xlsm")
    return path


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.setdefault("PYTHONIOENCODING", "utf-8")
    return e


def duban_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "duban", *map(str, args)]


def cli(*args: str, prefix: tuple[str, ...] = (), timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *duban_cmd(*args)], cwd=ROOT, env=env(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)


def _cells(path: Path, title: str) -> list[list]:
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python(skip_empty_area=False)


def result_key(path: Path) -> dict[str, object]:
    """Comparable content of a workbook: member bytes, and timed sheets as values without the time."""
    parts = sheet_parts(path)
    timed = {parts[t]: t for t in TIMED if t in parts}
    key: dict[str, object] = {}
    with zipfile.ZipFile(path) as z:
        if z.testzip() is not None:
            raise zipfile.BadZipFile("CRC error")
        key["__order__"] = z.namelist()
        for name in z.namelist():
            if name not in timed:
                key[name] = z.read(name)
    for name, title in timed.items():
        rows = [list(r) for r in _cells(path, title)]
        if title == schema.RUN_LOG.title:
            for row in rows[1:]:
                if len(row) > 6:
                    row[0] = row[6] = "<run>"
        if title == schema.CHANGE_LOG.title:
            for row in rows[1:]:
                row[5:6] = ["<run>"] if len(row) > 5 else []
        if title == schema.HOME_TITLE:
            r, c = schema.HOME_STATUS_CELLS["time"]
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = "<run>"
        key[name] = rows
    return key


def clean_result(ledger: Path, work: Path, *args: str) -> dict[str, object]:
    """The key of an uninterrupted `recompute` (or the given command) on a copy of the ledger."""
    work.mkdir(parents=True, exist_ok=True)
    copy = work / ledger.name
    shutil.copyfile(ledger, copy)
    argv = args or ("recompute", "{file}", *SAMPLE_ARGS)
    done = cli(*[a.replace("{file}", str(copy)) for a in argv])
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return result_key(copy)


def outcome(path: Path, old: bytes, new_key: dict[str, object]) -> str:
    """'old' if the file has exactly the old bytes, 'new' if it equals a clean run; else AssertionError."""
    data = path.read_bytes()
    if data == old:
        return "old"
    try:
        key = result_key(path)
    except Exception as exc:  # noqa: BLE001 - any reading failure means a damaged file
        raise AssertionError(f"{path.name} is neither the old file nor readable: {exc!r}") from exc
    if key != new_key:
        diff = sorted(k for k in set(key) | set(new_key) if key.get(k) != new_key.get(k))
        raise AssertionError(f"{path.name} is neither the old file nor the clean result; differs in {diff}")
    return "new"


def leftovers(folder: Path) -> list[str]:
    """Temp and lock files a run leaves beside the ledger."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~duban"))


def backups(folder: Path) -> list[Path]:
    """Backup files (a killed copy leaves only a hidden '.~….part' file, which is not a backup)."""
    d = folder / "督办备份"
    return sorted(p for p in d.iterdir() if not p.name.startswith(".~")) if d.exists() else []

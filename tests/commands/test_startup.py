"""Start-up: each command imports only what it needs (issue 11). Checked in a fresh interpreter,
since the test process itself has imported everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ledgers import D, done, item, make_ledger

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "xlsxwriter")

PROBE = """
import json, sys
from duban.commands.main import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:  # --help
    code = exc.code
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.argv[1].split(",") if m in sys.modules)}))
"""


def loaded_by(*argv: str, watch: tuple[str, ...] = HEAVY) -> dict:
    """Exit code of `duban ARGV` run in a fresh interpreter, and which of `watch` it imported."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", PROBE, ",".join(watch), *argv], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_help_loads_no_heavy_package():
    assert loaded_by("--help") == {"code": 0, "loaded": []}


def test_recompute_loads_neither_pandas_nor_the_report_writer(tmp_path):
    path = tmp_path / "台账.xlsx"
    make_ledger(path, items=[done("A1", "城关街道办事处", D(2026, 10, 9), D(2026, 10, 8), "好"),
                             item("A2", "区住建局", D(2026, 10, 20))])
    r = loaded_by("recompute", str(path), "--today", "2026-11-27")
    assert r["code"] == 0
    assert r["loaded"] == []


def test_vba_export_needs_no_build_package(tmp_path):
    # ms-ovba, oletools and ms-cfb are build/test extras: the offline Windows install lacks them
    r = loaded_by("vba-export", str(tmp_path / "kit"), watch=("ms_ovba", "ms_ovba_compression", "oletools", "ms_cfb"))
    assert r == {"code": 0, "loaded": []}

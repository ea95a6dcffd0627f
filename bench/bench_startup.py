"""Benchmark: what a user waits for when recomputing the shipped 4k sample, against the floor.

    python bench/bench_startup.py                 # 7 interleaved rounds
    python bench/bench_startup.py --rounds 11 --sample workbook/duban-sample.xlsm

Each round runs, as separate processes, the floor (python-calamine reads every sheet and the
file is copied, as in bench_recompute.py) and `python -m duban recompute COPY --today 2026-11-27`
on a fresh copy of the sample. Rounds interleave the two so that a machine shared with other
work slows both alike. Reported: medians of wall time and of CPU time (user + system, less
sensitive to other load) and their ratios; the target is recompute within 4x the floor.
Bytecode is cached (in a temp folder) as an installed package has it; one untimed warm-up round.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbook" / "duban-sample.xlsm"
TODAY = "2026-11-27"
TARGET = 4.0

FLOOR_CODE = """
import shutil, sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
shutil.copyfile(sys.argv[1], sys.argv[2])
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):  # 1: the ledger has data errors, still a full run
        raise SystemExit(f"{cmd[:4]} exited with {p.returncode}: {p.stderr.decode('utf-8', 'replace')[-800:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--sample", default=str(SAMPLE))
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="duban-startup-") as tmp:
        work = Path(tmp)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        src = work / "sample.xlsm"
        shutil.copyfile(args.sample, src)  # a stable copy: the shipped file may be rebuilt meanwhile
        floor = [sys.executable, "-c", FLOOR_CODE, str(src), str(work / "floor-copy.xlsm")]
        fresh = work / "recompute.xlsm"
        recompute = [sys.executable, "-m", "duban", "recompute", str(fresh), "--today", TODAY]
        floors, recomputes = [], []
        for i in range(args.rounds + 1):
            f = timed(floor, env)
            shutil.copyfile(src, fresh)
            r = timed(recompute, env)
            if i:  # round 0 warms the bytecode and file caches
                floors.append(f)
                recomputes.append(r)
    fw, fc = (statistics.median(x[k] for x in floors) for k in (0, 1))
    rw, rc = (statistics.median(x[k] for x in recomputes) for k in (0, 1))
    print(f"shipped sample, {args.rounds} rounds, medians")
    print(f"  floor      wall {fw:.3f} s   cpu {fc:.3f} s")
    print(f"  recompute  wall {rw:.3f} s   cpu {rc:.3f} s")
    print(f"  ratio      wall {rw / fw:.2f}x   cpu {rc / fc:.2f}x   (target <= {TARGET:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

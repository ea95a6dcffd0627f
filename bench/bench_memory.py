"""Memory and time of `duban` on a very large ledger (target: a 200,000-item recompute under 2 GiB).

    python bench/bench_memory.py                      # 200,000 items, recompute, 1 run
    python bench/bench_memory.py --items 40000 --repeat 3 --commands recompute,validate,export

The ledger is generated with `workbook.sample.generate` (seed 2026, meetings every Monday of
2026 up to 2026-11-23, 60 units) and written with the real template
(`duban.template.builder.build_workbook`, .xlsm with VBA); each command then runs as its own process,
`python -m duban <command> FILE --month 2026-10 --today 2026-11-27`, on a fresh copy of the
ledger made before the clock starts. Wall time is measured around the process; peak memory is
the process's own maximum resident set size (ru_maxrss from os.wait4). Figures are printed, not
written anywhere; the exit status is 1 when a run fails or goes over --limit-mib.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MONTH = "2026-10"
TODAY = dt.date(2026, 11, 27)
LIMIT_MIB = 2048


def build_ledger(path: Path, n_items: int, seed: int) -> tuple[float, float]:
    """Generate and write the ledger; (generate seconds, write seconds)."""
    from duban.template.builder import build_workbook
    from workbook.sample import generate

    t0 = time.perf_counter()
    rows = generate(seed, n_items=n_items, units=40 if n_items <= 40_000 else 60, months=11, today=TODAY)
    t1 = time.perf_counter()
    build_workbook(path, rows=rows, macros=True)
    return t1 - t0, time.perf_counter() - t1


def run_once(command: str, ledger: Path, work: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS MiB, exit code, last stderr line) of one `python -m duban` process."""
    copy = work / ledger.name
    shutil.copyfile(ledger, copy)
    shutil.rmtree(work / "督办备份", ignore_errors=True)
    argv = [sys.executable, "-m", "duban", command, str(copy), "--today", TODAY.isoformat()]
    if command in ("recompute", "export"):
        argv += ["--month", MONTH]
    if command == "export":
        argv += ["-o", str(work / "上报")]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return wall, peak, code, tail[-1] if tail else ""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--items", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--commands", default="recompute", help="comma-separated: recompute,validate,export")
    p.add_argument("--limit-mib", type=float, default=LIMIT_MIB)
    p.add_argument("--keep", metavar="DIR", help="build the ledger in DIR and keep it (reused when present)")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="duban-bench-memory-"))
    folder = Path(args.keep) if args.keep else tmp
    folder.mkdir(parents=True, exist_ok=True)
    ledger = folder / f"ledger-{args.items}-s{args.seed}.xlsm"
    try:
        print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
        if ledger.exists():
            print(f"ledger: {ledger} (reused)")
        else:
            gen, write = build_ledger(ledger, args.items, args.seed)
            print(f"ledger: {args.items:,} items, generated in {gen:.1f} s, written in {write:.1f} s")
        print(f"file size: {ledger.stat().st_size / 1e6:.1f} MB")
        failed = False
        for command in [c.strip() for c in args.commands.split(",") if c.strip()]:
            walls, peaks = [], []
            for i in range(args.repeat):
                work = tmp / f"run-{command}-{i}"
                work.mkdir()
                wall, peak, code, last = run_once(command, ledger, work)
                shutil.rmtree(work, ignore_errors=True)
                if code not in (0, 1):
                    print(f"{command}: exit {code}: {last}")
                    failed = True
                    break
                walls.append(wall)
                peaks.append(peak)
            if not walls:
                continue
            peak = max(peaks)
            over = peak > args.limit_mib
            failed |= over
            print(f"{command}: wall {statistics.median(walls):.2f} s (median of {len(walls)}; "
                  f"min {min(walls):.2f}, max {max(walls):.2f}), peak RSS {peak:.0f} MiB "
                  f"({'OVER' if over else 'under'} the {args.limit_mib:.0f} MiB limit)")
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

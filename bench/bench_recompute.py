"""Benchmark: `duban recompute` against the cost of just reading and copying the file.

    python bench/bench_recompute.py                       # 4k, 40k and 200k items, 3 runs each
    python bench/bench_recompute.py --sizes 4000,40000 --repeat 5

For each size a sample ledger is generated with `workbook.sample.generate` and
written with `duban.template.builder.build_workbook` (cached in a temp folder, keyed
by seed, size and the source of the generator and the template). Then, every
step as its own process (like hyperfine), medians of --repeat runs:

- floor:     python-calamine reads every sheet, and the file is copied
             (shutil.copyfile): the least any headless recompute must do;
- recompute: `python -m duban recompute FILE --month 2026-10 --today 2026-11-27`
             on a fresh copy of the ledger (the copy is made before the clock starts);
- openpyxl:  load_workbook(keep_vba=True) + save, the usual alternative.

Each step runs once untimed first (bytecode cache, file cache); the measured processes may write
bytecode (to a cache folder) even where PYTHONDONTWRITEBYTECODE is set, as an installed package has
it compiled. Peak memory is each process's own ru_maxrss (os.wait4 in a small launcher). Figures are printed and
written to bench/results.md. Targets (reported, not asserted): at 40k, recompute
within 1.5x the floor and at least 5x faster than openpyxl; at 200k, recompute
under 20 s and 2 GiB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 2026
MONTH = "2026-10"
TODAY = dt.date(2026, 11, 27)
GEN_MONTHS = 11  # meetings 2026-01-05 .. 2026-11-23, October the last complete month

FLOOR_CODE = """
import shutil, sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
n = 0
for name in wb.sheet_names:
    n += len(wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
shutil.copyfile(sys.argv[1], sys.argv[2])
"""

OPENPYXL_CODE = """
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], keep_vba=True)
wb.save(sys.argv[2])
"""


def units_for(n_items: int) -> int:
    return 40 if n_items <= 40_000 else 60


def _source_hash() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "workbook" / "sample").glob("*.py")) + sorted((ROOT / "duban" / "template").glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


def ledger_path(cache: Path, n_items: int, seed: int) -> tuple[Path, float | None]:
    """The cached sample ledger for this size, built when missing; also the build time if built now."""
    path = cache / f"ledger-s{seed}-n{n_items}-u{units_for(n_items)}-{_source_hash()}.xlsm"
    if path.exists():
        return path, None
    from duban.template.builder import build_workbook
    from workbook.sample import generate

    t0 = time.perf_counter()
    rows = generate(seed, n_items=n_items, units=units_for(n_items), months=GEN_MONTHS, today=TODAY)
    tmp = path.with_suffix(".part.xlsm")
    build_workbook(tmp, rows=rows, macros=True)
    tmp.replace(path)
    for old in cache.glob(f"ledger-s{seed}-n{n_items}-u{units_for(n_items)}-*.xlsm"):
        if old != path:
            old.unlink()  # built from older sources
    return path, time.perf_counter() - t0


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    failed: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.failed else None

    @property
    def peak_mib(self) -> float | None:
        return max(self.peak_kib) / 1024 if self.peak_kib and not self.failed else None


# Starts the measured process and reports its wall time and peak RSS. A child
# inherits its parent's peak RSS across fork + exec on Linux, so the measured
# process must be started from this small launcher, not from the benchmark
# process that holds the generated rows in memory.
LAUNCHER_CODE = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(p.pid, 0)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "maxrss": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}))
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
    """Run one process; (wall seconds, its own peak RSS in KiB, exit code, stderr tail)."""
    import json

    p = subprocess.run([sys.executable, "-c", LAUNCHER_CODE, *cmd], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True)
    tail = p.stderr[-2000:].decode("utf-8", "replace")
    try:
        r = json.loads(p.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0.0, 0, p.returncode or 1, tail
    return r["seconds"], r["maxrss"], r["code"], tail


def measure(name: str, make_cmd, repeat: int, env: dict[str, str], prepare=None) -> Timing:
    t = Timing()
    if prepare is not None:
        prepare(-1)
    run(make_cmd(-1), env)  # warm-up, not timed: bytecode and file caches as on a second click
    for i in range(repeat):
        if prepare is not None:
            prepare(i)
        secs, kib, code, tail = run(make_cmd(i), env)
        if code != 0:
            t.failed = f"{name} exited with {code}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
            print(f"  {t.failed}", file=sys.stderr)
            if tail.strip():
                print("    " + "\n    ".join(tail.strip().splitlines()[-8:]), file=sys.stderr)
            return t
        t.seconds.append(secs)
        t.peak_kib.append(kib)
    return t


def measured_env(cache: Path) -> dict[str, str]:
    """The environment of the measured processes: this checkout first on the path, and compiled
    bytecode cached (in the bench cache, not the work tree) as an installed package has it, even
    where the caller sets PYTHONDONTWRITEBYTECODE; otherwise every run would time the compiler."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    return env


def bench_size(n_items: int, repeat: int, cache: Path, work: Path, seed: int,
               skip_openpyxl_above: int) -> dict:
    src, built = ledger_path(cache, n_items, seed)
    size_mb = src.stat().st_size / 1e6
    print(f"{n_items:>7} items: {src.name} ({size_mb:.1f} MB)" + (f", built in {built:.1f} s" if built else ""),
          file=sys.stderr)
    env = measured_env(cache)
    py = sys.executable
    out = work / f"out-{n_items}.xlsm"
    fresh = work / f"recompute-{n_items}.xlsm"

    res: dict = {"items": n_items, "units": units_for(n_items), "file_mb": size_mb, "built": built}
    res["python"] = measure("python start", lambda i: [py, "-c", "pass"], repeat, env)
    res["floor"] = measure("floor", lambda i: [py, "-c", FLOOR_CODE, str(src), str(out)], repeat, env)
    res["recompute"] = measure(
        "recompute",
        lambda i: [py, "-m", "duban", "recompute", str(fresh), "--month", MONTH, "--today", TODAY.isoformat()],
        repeat, env, prepare=lambda i: shutil.copyfile(src, fresh))
    if n_items <= skip_openpyxl_above:
        res["openpyxl"] = measure("openpyxl", lambda i: [py, "-c", OPENPYXL_CODE, str(src), str(out)], repeat, env)
    else:
        res["openpyxl"] = Timing(failed="skipped")
    return res


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(r: dict) -> str:
    rec, floor, opx = r["recompute"].median, r["floor"].median, r["openpyxl"].median
    notes = []

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    if r["items"] == 40_000:
        q = ratio(rec, floor)
        notes.append(f"≤1.5×floor {mark(q is not None and q <= 1.5)}")
        q = ratio(opx, rec)
        notes.append(f"≥5×openpyxl {mark(q is not None and q >= 5)}")
    if r["items"] >= 200_000:
        notes.append(f"<20 s {mark(rec is not None and rec < 20)}")
        peak = r["recompute"].peak_mib
        notes.append(f"<2 GiB {mark(peak is not None and peak < 2048)}")
    return ", ".join(notes)


HEAD = ["items", "units", "file MB", "python -c pass s", "floor s", "recompute s", "openpyxl s",
        "recompute / floor", "openpyxl / recompute", "peak MiB floor", "peak MiB recompute", "peak MiB openpyxl",
        "targets"]


def table_rows(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        rec, floor, opx = r["recompute"].median, r["floor"].median, r["openpyxl"].median
        rows.append([
            f"{r['items']:,}", str(r["units"]), f"{r['file_mb']:.1f}", _f(r["python"].median), _f(floor),
            _f(rec) if not r["recompute"].failed else "failed", _f(opx) if r["openpyxl"].failed != "skipped" else "skipped",
            _f(ratio(rec, floor), "{:.2f}×"), _f(ratio(opx, rec), "{:.1f}×"),
            _f(r["floor"].peak_mib, "{:.0f}"), _f(r["recompute"].peak_mib, "{:.0f}"), _f(r["openpyxl"].peak_mib, "{:.0f}"),
            targets(r),
        ])
    return rows


def print_table(results: list[dict]) -> None:
    rows = table_rows(results)
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print(" | ".join(HEAD))
        for r in rows:
            print(" | ".join(r))
        return
    t = Table(title="duban recompute benchmark (whole-process medians)")
    for h in HEAD:
        t.add_column(h, justify="right" if h != "targets" else "left", no_wrap=h == "targets")
    for r in rows:
        t.add_row(*r)
    Console(width=max(170, shutil.get_terminal_size((170, 40)).columns)).print(t)


def write_markdown(results: list[dict], repeat: int, path: Path) -> None:
    rows = table_rows(results)
    lines = [
        "# Benchmark: duban recompute",
        "",
        f"Run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} with `python bench/bench_recompute.py "
        f"--sizes {','.join(str(r['items']) for r in results)} --repeat {repeat}`.",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "Whole-process wall time in seconds, median of the runs, each step its own process and",
        "including Python start-up and imports. Peak memory is the largest resident set of one run.",
        "",
        "- **floor**: python-calamine reads every sheet, then `shutil.copyfile` copies the file;",
        f"- **recompute**: `python -m duban recompute FILE --month {MONTH} --today {TODAY}` on a fresh copy",
        "  (copy made before the clock starts);",
        "- **openpyxl**: `load_workbook(keep_vba=True)` + `save`.",
        "",
        "Ledgers: `workbook.sample.generate(seed=2026, n_items=N, units=40 (60 from 200k), months=11,",
        "today=2026-11-27)` written by `duban.template.builder.build_workbook(..., macros=True)`.",
        "",
        "| " + " | ".join(HEAD) + " |",
        "|" + "|".join("---" for _ in HEAD) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += [
        "",
        "Targets (not asserted): at 40k items recompute within 1.5× the floor and at least 5× faster",
        "than openpyxl load + save; at 200k items under 20 s and 2 GiB.",
        "",
    ]
    failures = [f"- {r['items']:,} {k}: {r[k].failed}" for r in results for k in ("floor", "recompute", "openpyxl")
                if r[k].failed and r[k].failed != "skipped"]
    if failures:
        lines += ["Failures:", "", *failures, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="4000,40000,200000", help="comma-separated item counts")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "duban-bench"),
                   help="folder keeping the generated ledgers between runs")
    p.add_argument("--skip-openpyxl-above", type=int, default=10**9,
                   help="do not time openpyxl for sizes above this (it takes over a minute at 200k)")
    p.add_argument("--out", default=str(Path(__file__).resolve().parent / "results.md"))
    p.add_argument("--no-write", action="store_true", help="print only, do not write results.md")
    args = p.parse_args(argv)
    sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",") if s.strip()]
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="duban-bench-") as work:
        for n in sizes:
            results.append(bench_size(n, args.repeat, cache, Path(work), args.seed, args.skip_openpyxl_above))
    print_table(results)
    if not args.no_write:
        write_markdown(results, args.repeat, Path(args.out))
        print(f"written {args.out}", file=sys.stderr)
    return 1 if any(r["recompute"].failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

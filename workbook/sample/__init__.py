"""Realistic sample ledgers for demos, tests and the benchmark.

`generate()` returns the rows of the input sheets (单位, 领导, 周交办, 周研判,
加减分, 历史排名) in the column order of `duban.schema`, with values as str,
int, float, datetime.date or None. Everything is drawn from one
`random.Random(seed)`: the same arguments always give the same rows, whatever
the clock says.

Each unit has a hidden "diligence" that drives how often it finishes on time,
how late it is otherwise and how its work is graded, so monthly scores differ
and rankings are meaningful.

With ``dirty=True`` about thirty deliberate problems are injected, at least one
of each kind of SPEC §4; `DIRTY_KINDS` lists them and `generate_dirty()` also
returns where each one was put.

Run ``python -m workbook.sample`` to build ``workbook/duban-sample.xlsm`` and
``workbook/duban-sample-dirty.xlsm``. The samples are the ledger as it stands on
Friday 2026-11-27: weekly meetings every Monday from 2026-01-05 to 2026-11-23
(47 meetings, 4,000 items), so October is the last complete month, which is
what ``duban recompute --month 2026-10 --today 2026-11-27`` evaluates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

from duban import schema
from workbook.sample.dirt import DIRTY_KINDS, Dirt, DirtyKind, Injection
from workbook.sample.generator import Generator, Rows, last_day

__all__ = ["DIRTY_KINDS", "DirtyKind", "Injection", "Rows", "generate", "generate_dirty", "main"]


def generate(seed: int = 2026, *, year: int = 2026, n_items: int = 4000, units: int = 40,
             dirty: bool = False, months: int = 12, today: dt.date | None = None) -> dict[str, Rows]:
    """Rows per input sheet title, in `duban.schema` column order.

    Meetings are held every Monday of `year` in the first `months` months, up to
    `today` (default: the last day of month `months`). Exactly `n_items` items
    are assigned over them (a dirty sample has one extra re-entered item).
    `units` units are registered: a quarter (at most 16) sub-district offices,
    the rest district departments (at most 48).
    """
    rows, _ = generate_dirty(seed, year=year, n_items=n_items, units=units, dirty=dirty,
                             months=months, today=today)
    return rows


def generate_dirty(seed: int = 2026, *, year: int = 2026, n_items: int = 4000, units: int = 40,
                   dirty: bool = True, months: int = 12,
                   today: dt.date | None = None) -> tuple[dict[str, Rows], list[Injection]]:
    """Like `generate`, also returning where each deliberate problem was injected."""
    if not 1 <= months <= 12:
        raise ValueError("months must be 1..12")
    if today is None:
        today = last_day(year, months)
    rng = random.Random(seed)
    gen = Generator(rng, year, months, today, units)
    out: dict[str, Rows] = {
        schema.UNITS.title: gen.unit_rows(),
        schema.LEADERS.title: gen.leader_rows(),
        schema.ITEMS.title: gen.item_rows(n_items),
        schema.REVIEWS.title: gen.review_rows(),
        schema.ADJUSTMENTS.title: gen.adjustment_rows(),
        schema.HISTORY.title: [],
    }
    injections: list[Injection] = []
    if dirty:
        injections = Dirt(random.Random(seed * 7919 + 17), out, gen).inject()
    return out, injections


SAMPLE_MONTHS = 11
SAMPLE_TODAY = dt.date(2026, 11, 27)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m workbook.sample",
                                description="生成示例台账（干净版与含错版）")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--items", type=int, default=4000)
    p.add_argument("--units", type=int, default=40)
    p.add_argument("--out-dir", default=str(Path(__file__).resolve().parents[1]))
    p.add_argument("--no-macros", action="store_true", help="write .xlsx without the VBA project")
    args = p.parse_args(argv)
    from duban.template.builder import build_workbook

    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ext = ".xlsx" if args.no_macros else ".xlsm"
    for dirty, name in ((False, "duban-sample"), (True, "duban-sample-dirty")):
        t0 = time.perf_counter()
        rows = generate(args.seed, year=2026, n_items=args.items, units=args.units, dirty=dirty,
                        months=SAMPLE_MONTHS, today=SAMPLE_TODAY)
        t1 = time.perf_counter()
        path = out / f"{name}{ext}"
        build_workbook(path, rows=rows, macros=not args.no_macros)
        t2 = time.perf_counter()
        n = len(rows[schema.ITEMS.title])
        print(f"{path}: {n} 条交办事项，生成 {t1 - t0:.2f} 秒，写入 {t2 - t1:.2f} 秒")
    return 0


"""A corpus of office ledger layouts (issue 8) with hand-worked results.

Each case is the base ledger of `base.py` with one clerk's habit changed (a few combine
several); `cases.py` lists them with the October 2026 result worked out by hand, or the
refusal expected. Used by tests/test_layouts.py and reusable by `duban adopt` round trips:

    from layouts import CASES, build, expected_ranking, TODAY, MONTH
    path = build("section_rows", tmp_path / "台账.xlsx")
    ranks = expected_ranking("section_rows")   # {unit: rank or None}; None for a refusal
"""

from __future__ import annotations

from pathlib import Path

from .base import MONTH, TODAY, Unit
from .builder import write
from .cases import CASES, Case

__all__ = ["CASES", "Case", "MONTH", "TODAY", "Unit", "build", "expected", "expected_ranking", "names"]


def names() -> list[str]:
    return list(CASES)


def build(name: str, path: str | Path) -> Path:
    """Write case `name` to path (.xlsx) and return the path."""
    return write(CASES[name].ledger(), path)


def expected(name: str) -> dict[str, Unit] | None:
    """Unit -> hand-worked October row; None when the case must be refused (exit 2)."""
    return CASES[name].expected


def expected_ranking(name: str) -> dict[str, int | None] | None:
    """Unit -> 组内排名 for 2026-10 (None: not ranked); None when the case must be refused."""
    exp = CASES[name].expected
    return None if exp is None else {u: e.rank for u, e in exp.items()}

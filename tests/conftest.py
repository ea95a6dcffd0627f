"""Shared fixtures. Kept minimal: other test files build ledgers with tests/ledgers.py."""

from __future__ import annotations

from pathlib import Path

import pytest


def _read(path: str | Path):
    """RawBook of a workbook file: duban.read.book.read_book when the file checks exist, else plain calamine."""
    try:
        from duban.xlsxio import check_workbook  # noqa: F401
    except ImportError:
        from python_calamine import CalamineWorkbook

        from duban.read.book import RawBook, _clean

        wb = CalamineWorkbook.from_path(str(path))
        return RawBook({n: _clean(wb.get_sheet_by_name(n).to_python(skip_empty_area=False))
                        for n in wb.sheet_names}, str(path))
    from duban.read.book import read_book

    return read_book(path)


@pytest.fixture
def read():
    """`read(path) -> RawBook`, as the headless path reads a workbook."""
    return _read


def pytest_assertrepr_compare(op, left, right):
    """Two large byte strings (or long lists) compared unequal: say where they first differ, instead of
    pytest's own diff, which takes minutes on a workbook's bytes."""
    big = (bytes, bytearray, list, tuple, str)
    if op != "==" or not isinstance(left, big) or not isinstance(right, big):
        return None
    if len(left) + len(right) < 20_000:
        return None
    first = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
    return [f"{type(left).__name__} of {len(left)} == {type(right).__name__} of {len(right)}",
            f"first difference at index {first}"]

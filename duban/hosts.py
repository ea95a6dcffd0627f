"""Where a run's results go. run.finish renders them once and hands them to a host.

A host takes the result sheets (title -> Grid) and the 首页 status cells ((row, col) -> value) and
writes them: `FileHost` into the ledger file through duban.xlsxio's transaction (lock, backup,
atomic replace), macros.xlio.ExcelHost into the open workbook through xlwings. Nothing here knows
of Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from duban import schema
from duban.xlsxio import Grid, WriteReport, write_parts


class Host(Protocol):
    def write(self, grids: dict[str, Grid], home: dict[tuple[int, int], Any]) -> None:
        """Write every grid to its sheet (added when missing) and the status cells to 首页 if it exists."""


class FileHost:
    """The ledger file on disk, read with signature ``expect`` and these sheet titles."""

    def __init__(self, path: Path, expect: tuple[int, int, int] | None, sheet_titles: tuple[str, ...]):
        self.path = path
        self.expect = expect
        self.sheet_titles = sheet_titles
        self.report: WriteReport | None = None

    def write(self, grids: dict[str, Grid], home: dict[tuple[int, int], Any]) -> None:
        patches = {schema.HOME_TITLE: home} if home and schema.HOME_TITLE in self.sheet_titles else None
        self.report = write_parts(self.path, grids, conventions=schema.LEDGER_FILE, cell_patches=patches,
                                  expect=self.expect)

"""Data passed to the writer (cells with a style role, whole sheets, the caller's conventions, the
report) and what the reader marks (cells that are neither a value nor blank)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Cell:
    """A value with a style role (one of the caller's ``Conventions.roles``) and an optional internal link."""

    value: Any
    role: str = "text"
    link: str | None = None  # an internal link, e.g. "'Sheet 2'!C5"


@dataclass
class Grid:
    """A whole computed sheet; ``rows[0]`` is row 1 starting at column A."""

    rows: list[list[Any]]
    autofilter: bool = True
    # Applied to every chart part drawn on the sheet when the grid replaces an existing sheet's data
    # (e.g. series ranges cut to the rows written); None leaves the charts byte for byte.
    charts: Callable[[bytes], bytes] | None = None
    # row0 -> height in points for rows whose wrapped text needs more than one line (written as a
    # custom height: LibreOffice does not grow such rows by itself, and XlsxWriter cannot measure).
    heights: dict[int, float] | None = None
    # Sheet state when the sheet is added ("hidden" / "veryHidden"); an existing sheet keeps its own.
    state: str | None = None
    # For a sheet that is added: column widths (characters, from column A) and print setup
    # (A4 landscape, one page wide); an existing sheet keeps its own.
    widths: list[float] | None = None
    print_landscape: bool = False
    # rows (row0) written hidden: they do not print (e.g. the unused room under each table)
    hidden: frozenset[int] = frozenset()
    # rows (row0) that start a printed page; None keeps the sheet's own page breaks
    breaks: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Conventions:
    """What the calling tool keeps in every workbook it writes; xlsxio knows no tool's names.

    ``roles``: the style roles a Cell may name; ``style_sheet``: the sheet whose column A holds one
    prototype cell per role (row i+1 formatted as ``roles[i]``): writers reuse those cells' style
    indexes, so styles.xml is never rewritten (a workbook without it gets unstyled cells);
    ``backup_dir``: the folder beside the file that receives a copy before each write.
    """

    roles: tuple[str, ...]
    style_sheet: str
    backup_dir: str


ERROR = "error"            # the cell shows an error value, e.g. #N/A
UNCOMPUTED = "uncomputed"  # a formula whose result was never saved (a script or a tool wrote it)


@dataclass(frozen=True)
class CellFault:
    """A cell that is neither a value nor blank, as the file stores it: ``kind`` ERROR (``text`` is
    the error value shown, #N/A) or UNCOMPUTED (``text`` is the formula, "=…", or "" when unknown)."""

    kind: str
    text: str


@dataclass
class WriteReport:
    """What ``write_parts`` did."""

    path: Path
    backup: Path | None = None
    sheets_written: list[str] = field(default_factory=list)
    sheets_added: list[str] = field(default_factory=list)
    cells_patched: int = 0
    calc_chain_removed: bool = False
    seconds: float = 0.0

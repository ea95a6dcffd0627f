"""Data passed to the writer: cells with a style role, whole sheets, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable


@dataclass
class Cell:
    """A value with a style role (one of ``schema.STYLE_ROLES``) and an optional internal link."""

    value: Any
    role: str = "text"
    link: str | None = None  # e.g. "'周交办'!C5"


@dataclass
class Grid:
    """A whole computed sheet; ``rows[0]`` is row 1 starting at column A."""

    rows: list[list[Any]]
    autofilter: bool = True
    # Applied to every chart part drawn on the sheet when the grid replaces an existing sheet's data
    # (e.g. 统计: series ranges cut to the rows written); None leaves the charts byte for byte.
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
    # rows (row0) written hidden: they do not print (统计: the unused room under each table)
    hidden: frozenset[int] = frozenset()
    # rows (row0) that start a printed page; None keeps the sheet's own page breaks
    breaks: tuple[int, ...] | None = None


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

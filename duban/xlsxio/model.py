"""Data passed to the writer: cells with a style role, whole sheets, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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

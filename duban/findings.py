"""Validation findings: each one points to a cell and says what to do, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Finding:
    level: str       # 错误 | 警告
    sheet: str       # sheet title
    cell: str        # A1-style reference, e.g. "E12"
    field: str       # the header of the column at fault
    message: str     # what is wrong, plain Chinese
    suggestion: str = ""  # what to do, or the value the tool read

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def location(self) -> str:
        """Internal hyperlink target for this finding's cell."""
        return f"'{self.sheet}'!{self.cell}"


def column_letter(col: int) -> str:
    """Zero-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    s = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """Zero-based row and column -> A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def error_count(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.is_error)


def warning_count(findings: list[Finding]) -> int:
    return sum(1 for f in findings if not f.is_error)

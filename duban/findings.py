"""Validation findings: each one points to a cell and says what to do, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "错误"
WARNING = "警告"
INFO = "提示"   # said once, counts as neither error nor warning (e.g. unused headers, derived 期次)


@dataclass(frozen=True)
class Finding:
    level: str       # 错误 | 警告
    sheet: str       # sheet title
    cell: str        # A1-style reference, e.g. "E12"
    field: str       # the header of the column at fault
    message: str     # what is wrong, plain Chinese
    suggestion: str = ""  # what to do, or the value the tool read
    name: str = ""   # the English field name at fault (schema), so the scorer knows what an error touches

    def __post_init__(self) -> None:
        # A quoted cell value can be a whole page of text: keep the sentence around it readable.
        for name in ("message", "suggestion"):
            object.__setattr__(self, name, shorten_quotes(getattr(self, name)))

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING

    def location(self) -> str:
        """Internal hyperlink target for this finding's cell."""
        return f"'{self.sheet}'!{self.cell}"


QUOTE_LIMIT = 40
_LONG_QUOTE = re.compile(f"“([^”]{{{QUOTE_LIMIT + 1},}})”")


def shorten_quotes(text: str) -> str:
    """Cut every quoted value (“…”) longer than QUOTE_LIMIT characters, marking the cut with …."""
    return _LONG_QUOTE.sub(lambda m: f"“{m[1][:QUOTE_LIMIT]}…”", text)


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
    return sum(1 for f in findings if f.is_warning)

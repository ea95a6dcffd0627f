"""Text from untrusted cells and file names, cleaned once when it is read.

Control characters (C0 except tab and line breaks, DEL, C1 such as ESC-based
sequences) never reach the ledger, a report or the terminal: the writer would
drop the XML-illegal ones anyway, so cleaning on read makes "the value read"
and "the value written" the same text (a second collect then changes nothing).
"""

from __future__ import annotations

import re

MAX_CELL_CHARS = 32767          # Excel's limit for one cell
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_control(s: str) -> str:
    return CONTROL_RE.sub("", s)


def safe_line(s: str) -> str:
    """One terminal-safe line: control characters out, line breaks shown as spaces."""
    return clean_control(str(s).replace("\r", " ").replace("\n", " ").replace("\t", " "))


def clean_cell(v):
    """A cell value as read: text without control characters (None when nothing is left); other
    values unchanged. The one place a ledger's ESC or BEL is dropped, so it reaches no terminal,
    sheet or report."""
    if type(v) is str and CONTROL_RE.search(v):
        return CONTROL_RE.sub("", v) or None
    return v

"""The hidden key of an answer row: 编号 and a fingerprint of the locked fields.

fingerprint = HMAC-SHA256 over (编号, 牵头单位, 事项内容, effective 完成时限), first
16 hex digits. The effective deadline is what the answer row shows (调整后时限 when
filled, else 完成时限), so the fingerprint covers exactly what the unit sees and
can be recomputed from the row itself plus the file's unit.

The HMAC key is a fixed constant of the program: the fingerprint catches edits
to locked cells (the sheet protection has no password), copied rows and
hand-made keys; it is not meant to stop a determined forger who reads this code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from ..ledger import text

_KEY = b"duban/answer-row/v1"
SEP = "#"
DIGITS = 16


def norm(value: Any) -> str:
    """The canonical text of a locked value (dates as YYYY-MM-DD, line breaks folded)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return text(value).replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(item_id: Any, unit: str, content: Any, deadline: Any) -> str:
    msg = "\x1f".join(norm(v) for v in (item_id, unit, content, deadline))
    return hmac.new(_KEY, msg.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]


def make_key(item_id: Any, unit: str, content: Any, deadline: Any) -> str:
    return f"{norm(item_id)}{SEP}{fingerprint(item_id, unit, content, deadline)}"


def parse_key(value: Any) -> tuple[str, str] | None:
    """'A-12#0123456789abcdef' -> ('A-12', '0123456789abcdef'); None when it is not a key."""
    raw = text(value)
    if SEP not in raw:
        return None
    item_id, fp = raw.rsplit(SEP, 1)
    if not item_id or len(fp) != DIGITS or any(ch not in "0123456789abcdef" for ch in fp):
        return None
    return item_id, fp

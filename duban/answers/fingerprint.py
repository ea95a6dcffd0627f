"""The hidden key of an answer row: 编号 and a fingerprint of the locked fields.

fingerprint = HMAC-SHA256 keyed with the ledger's own secret (kept in the hidden
sheet `_答卷记录`, never written to an answer file) over (split batch, 编号,
牵头单位, 事项内容, effective 完成时限), first 16 hex digits. The effective deadline
is what the answer row shows (调整后时限 when filled, else 完成时限), so the
fingerprint covers exactly what the unit sees plus the file's unit and batch.

Without the secret a key cannot be made: a row copied from another unit's file,
a unit claimed in the editable `_答卷信息`, or a key computed from this source
does not verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from duban.model import text

SEP = "#"
DIGITS = 16


def norm(value: Any) -> str:
    """The canonical text of a locked value (dates as YYYY-MM-DD, line breaks folded)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return text(value).replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(secret: str, batch: str, item_id: Any, unit: str, content: Any, deadline: Any) -> str:
    msg = "\x1f".join(norm(v) for v in (batch, item_id, unit, content, deadline))
    return hmac.new(bytes.fromhex(secret), msg.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]


def make_key(secret: str, batch: str, item_id: Any, unit: str, content: Any, deadline: Any) -> str:
    return f"{norm(item_id)}{SEP}{fingerprint(secret, batch, item_id, unit, content, deadline)}"


def parse_key(value: Any) -> tuple[str, str] | None:
    """'A-12#0123456789abcdef' -> ('A-12', '0123456789abcdef'); None when it is not a key."""
    raw = text(value)
    if SEP not in raw:
        return None
    item_id, fp = raw.rsplit(SEP, 1)
    if not item_id or len(fp) != DIGITS or any(ch not in "0123456789abcdef" for ch in fp):
        return None
    return item_id, fp

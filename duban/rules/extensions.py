"""Extension requests (申请延期, issue 20 item 1): what the statuses and the two optional columns mean.

- 办理状态 申请延期: the unit asked, the office has not decided (not done; remind does not chase it).
- 办理状态 已延期: the office approved; the approved date is in 调整后时限.
- 申请延期日期 later than 完成时限: the request came after the deadline (a 警告); with 参数
  逾期申请延期按原时限计分 = 是 the item scores against 完成时限 instead of 调整后时限.
- 延期次数 per item: as typed, else 1 when 调整后时限 is later than 完成时限, else 0.
"""

from __future__ import annotations

import datetime as dt

from duban.dates import month_bounds
from duban.model import Item, Ledger
from duban.read.params import EXTENDED, EXTENSION_REQUESTED


def requested_late(it: Item) -> bool:
    """The request is dated after the original deadline (the deadline day itself is in time)."""
    return it.extension_requested is not None and it.deadline is not None and it.extension_requested > it.deadline


def scoring_deadline(it: Item, late_scores_original: bool) -> dt.date | None:
    """The deadline the score uses: 调整后时限 (else 完成时限), but 完成时限 for a late request when
    参数 逾期申请延期按原时限计分 says so."""
    if late_scores_original and requested_late(it):
        return it.deadline
    return it.effective_deadline


def extension_count(it: Item) -> int:
    """延期次数 of an item: as typed, else 1 when 调整后时限 moved the deadline later, else 0."""
    if it.extensions is not None:
        return max(it.extensions, 0)
    return int(it.adjusted is not None and it.deadline is not None and it.adjusted > it.deadline)


def recorded(ledger: Ledger) -> bool:
    """Whether the ledger records extensions (a 申请延期日期 or 延期次数 filled, or a status 申请延期/已延期):
    only then does 月考评 show 延期次数, so a ledger that keeps none looks as before."""
    return any(it.extension_requested is not None or it.extensions is not None
               or it.status in (EXTENSION_REQUESTED, EXTENDED) for it in ledger.items)


def is_pending(it: Item) -> bool:
    """The unit asked for an extension and the office has not decided yet."""
    return it.status == EXTENSION_REQUESTED


def granted_in(ledger: Ledger, month: str) -> list[Item]:
    """Extensions granted on requests dated in the month (the 通报 lists them), by date: 申请延期日期 in the
    month, 调整后时限 later than 完成时限, and no longer 申请延期 (a refused request has no 调整后时限)."""
    start, end = month_bounds(month)
    items = [it for it in ledger.items if it.lead_unit and not is_pending(it)
             and it.extension_requested is not None and start <= it.extension_requested <= end
             and it.adjusted is not None and it.deadline is not None and it.adjusted > it.deadline]
    return sorted(items, key=lambda it: (it.extension_requested, it.ref))

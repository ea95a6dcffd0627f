"""What the rhythm commands share: the ledger with lead units resolved, item names, dates in words."""

from __future__ import annotations

import datetime as dt

from ..answers.items import is_open, load  # noqa: F401  (re-exported: one loader for every command)
from ..dates import WEEKDAY_NAMES
from ..errors import DubanError
from ..ledger import Item, Ledger

ELLIPSIS = "……"


class NothingToDo(DubanError):
    """The ledger holds nothing the command could work on (exit 2, nothing written)."""


def item_ref(item: Item) -> str:
    """How the office names an item: 编号, else its sheet and 序号 or row (Item.ref)."""
    return item.ref


def where(item: Item) -> str:
    """The item's sheet and row, for messages that send the user to the cell: 周交办 第 12 行."""
    return f"{item.sheet} 第 {item.row + 1} 行"


def require_items(ledger: Ledger) -> None:
    if not ledger.items:
        raise NothingToDo("台账中还没有交办事项（“周交办”没有数据行），无法生成。请先录入交办事项")


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut with …… when longer."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip("，,。；;、 ") + ELLIPSIS


def cn_date(d: dt.date | None, today: dt.date | None = None, weekday: bool = False) -> str:
    """11月20日 (year shown only when it is not today's year), optionally with （星期五）."""
    if d is None:
        return "未填写"
    text = f"{d.month}月{d.day}日" if today is not None and d.year == today.year else f"{d.year}年{d.month}月{d.day}日"
    return text + (f"（星期{WEEKDAY_NAMES[d.weekday()]}）" if weekday else "")


def full_date(d: dt.date) -> str:
    """成文日期 in Arabic numerals: 2026年11月27日."""
    return f"{d.year}年{d.month}月{d.day}日"


def unit_order(ledger: Ledger):
    """Sort key for unit names: the 单位 sheet's group and order, unknown names last."""
    order = {u.name: (0, u.group, u.order) for u in ledger.units}
    return lambda name: order.get(name, (1, "", 0.0)) + (name,)


def safe_file_part(text: str) -> str:
    """A unit name usable in a file name on Windows."""
    bad = '<>:"/\\|?*'
    cleaned = "".join("_" if ch in bad or ord(ch) < 32 else ch for ch in text).strip(" .")
    return cleaned[:80] or "未命名"

"""What the rhythm commands share: the ledger with lead units resolved, item names, dates in words."""

from __future__ import annotations

import datetime as dt

from duban.answers.items import is_open  # noqa: F401  (re-exported: one meaning of open for every command)
from duban.dates import WEEKDAY_NAMES
from duban.errors import DubanError
from duban.model import Item, Ledger
from duban.render.text import chinese_date

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
    text = f"{d.month}月{d.day}日" if today is not None and d.year == today.year else chinese_date(d)
    return text + (f"（星期{WEEKDAY_NAMES[d.weekday()]}）" if weekday else "")


def office_name(settings) -> str:
    """The office that signs 交办单, 催办 and 议程. Prefers the single 署名 setting (`signature`) where the
    settings carry one, else 督办机构 (which defaults to "<区县名称>督查室")."""
    return getattr(settings, "signature", None) or settings.office


def contact_sentence(settings) -> str:
    """联系人：张三，联系电话：0371-1234567。 — whatever of the two 参数 holds, or ''."""
    parts = [p for p in (f"联系人：{settings.office_contact}" if settings.office_contact else "",
                         f"联系电话：{settings.office_phone}" if settings.office_phone else "") if p]
    return "，".join(parts) + "。" if parts else ""


def contact_warning(settings, document: str) -> str | None:
    """For the clerk, while 参数 has no contact at all: the units would not know whom to call."""
    if settings.office_contact or settings.office_phone:
        return None
    return (f"提示：“参数”表【基本设置】中的“督办联系人”“督办联系电话”还没有填写，{document}中没有联系方式。"
            "请填写后重新生成")


def unit_order(ledger: Ledger):
    """Sort key for unit names: the 单位 sheet's group and order, unknown names last."""
    order = {u.name: (0, u.group, u.order) for u in ledger.units}
    return lambda name: order.get(name, (1, "", 0.0)) + (name,)


def safe_file_part(text: str) -> str:
    """A unit name usable in a file name on Windows."""
    bad = '<>:"/\\|?*'
    cleaned = "".join("_" if ch in bad or ord(ch) < 32 else ch for ch in text).strip(" .")
    return cleaned[:80] or "未命名"

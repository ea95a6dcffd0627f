"""The month's 通报 text (月讲评), in Chinese."""

from __future__ import annotations

from .evaluate import START_ACCOUNTABILITY, Evaluation
from .ledger import Ledger
from .ranking import REWARD, STATEMENT
from .stats import Stats


def month_label(month: str) -> str:
    y, m = month.split("-")
    return f"{int(y)}年{int(m)}月"


def money(amount: float) -> str:
    if amount >= 10000 and amount % 10000 == 0:
        return f"{amount / 10000:g}万元"
    return f"{amount:,.0f}元"


def _names(units: list[str]) -> str:
    return "、".join(units) if units else "无"


def bulletin(ledger: Ledger, ev: Evaluation, stats: Stats, error_count: int) -> list[str]:
    """Paragraphs of the month's 通报."""
    m = ev.month
    res = ev.results[m]
    label = month_label(m)
    s = ledger.settings
    paras = [f"关于{label}“周交办、周研判、月讲评”工作情况的通报"]
    rate = stats.items.rate
    paras.append(
        f"截至目前，{ledger.year}年共召开周交办例会 {stats.meetings} 次，交办重点事项 {stats.items.total:,} 件，"
        f"已办结 {stats.items.done:,} 件，办结率 {rate if rate is not None else 0:.1f}%。"
        + (f"周研判共分析研判问题 {stats.reviews.total} 个，已化解 {stats.reviews.done} 个，"
           f"化解率 {stats.reviews.rate or 0:.1f}%。" if stats.reviews.total else ""))
    for group, rule in s.groups.items():
        placed = res.placed.get(group, [])
        standings = res.standings
        in_group = [(u, st) for u, st in standings.items() if st.group == group]
        in_group.sort(key=lambda kv: kv[1].rank or 0)
        rewarded = [(u, st) for u, st in in_group if REWARD in st.outcomes]
        statements = [u for u, st in in_group if STATEMENT in st.outcomes]
        if not placed and not in_group:
            continue
        reward_text = "、".join(f"{u}（第{st.rank}名，奖励工作经费{money(st.reward)}）" if st.reward else f"{u}（第{st.rank}名）"
                                for u, st in rewarded) or "无单位"
        text = f"{label}{group}综合考评中，{reward_text}位列前茅，予以通报表扬并奖励工作经费"
        if statements:
            text += f"；{_names(statements)}排名靠后，须在月度讲评会上作表态发言"
        paras.append(text + "。")
    started = [a for a in ev.accountability if a.month == m and a.advice == START_ACCOUNTABILITY]
    warned = [a for a in ev.accountability if a.month == m and a.advice != START_ACCOUNTABILITY]
    if started:
        paras.append("、".join(f"{a.unit}（连续{a.run}个月末位）" for a in started)
                     + "，按规定启动问责程序。")
    if warned:
        paras.append(_names([a.unit for a in warned]) + f"本月排名末位，予以预警；连续 {s.accountability_months} 个月末位将启动问责程序。")
    if error_count or ev.excluded_items:
        paras.append(f"说明：台账中有 {error_count} 处数据错误，{ev.excluded_items} 件事项未计入本次考评，详见“校验结果”。")
    paras.append(f"{s.district}督查委（督查室）")
    return paras


BREAK_AFTER = "，。；、：）"


def wrap_lines(paragraph: str, width: int = 44, slack: int = 14) -> list[str]:
    """Split a paragraph into lines of at most `width` characters (for a sheet without merged cells),
    breaking after Chinese punctuation when one falls within the last `slack` characters."""
    lines = []
    rest = paragraph
    while len(rest) > width:
        cut = max((i + 1 for i in range(width - slack, width) if rest[i] in BREAK_AFTER), default=width)
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return lines

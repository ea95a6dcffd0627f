"""Words every rendering shares: dates and months as the office writes them, widths in full-width
characters and paragraphs wrapped to a width."""

from __future__ import annotations

import datetime as dt

# Chinese punctuation a line may break after, and punctuation that never starts a line.
BREAK_AFTER = "，。；、：）"
NO_LINE_START = "，。；、：）”！？"


def chinese_date(day: dt.date) -> str:
    """A date in Arabic numerals without leading zeros (成文日期): 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_label(month: str) -> str:
    """'2026-10' -> 2026年10月."""
    y, m = month.split("-")
    return f"{int(y)}年{int(m)}月"


def text_width(text: str) -> float:
    """Width in full-width characters (ems): ASCII (digits, Latin) counts half."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def wrap_lines(paragraph: str, width: int = 44, slack: int = 14) -> list[str]:
    """Split a paragraph into lines at most `width` full-width characters wide (ASCII counts half; for
    a sheet without merged cells), breaking after Chinese punctuation when one falls within the last
    `slack` characters, and never starting a line with closing punctuation."""
    lines = []
    rest = paragraph
    while text_width(rest) > width:
        fit, w = 0, 0.0
        while fit < len(rest) and w + text_width(rest[fit]) <= width:
            w += text_width(rest[fit])
            fit += 1
        cut = max((i + 1 for i in range(max(fit - slack, 0), fit) if rest[i] in BREAK_AFTER), default=fit)
        while cut < len(rest) and rest[cut] in NO_LINE_START:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(rest)
    return lines or [""]

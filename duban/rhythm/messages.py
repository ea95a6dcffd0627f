"""Copy-ready 催办 texts: one per lead unit, in plain polite words, split to fit a chat message.

A unit's text is a greeting, its items (their whole text, never cut) under 一、已逾期 / 二、即将到期 /
三、未反馈进展, the ask with the reply deadline and the way to report (参数 反馈方式), the office's
contact, name and date. When it is longer than
MESSAGE_CHARS it is split between item lines into numbered messages (【督办提醒 1/2】…),
the ask and signature closing the last one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.model import Settings
from duban.render.text import chinese_date
from duban.rhythm.chase import DUE_SOON, LEVELS, NO_ANSWER, OVERDUE, Chase
from duban.rhythm.common import cn_date, contact_sentence, office_name

# A chat message that reads on one phone screen or two; WeChat and DingTalk take far more.
MESSAGE_CHARS = 500
SECTION_TITLES = {OVERDUE: "已逾期", DUE_SOON: "即将到期", NO_ANSWER: "超过{days}天未反馈进展"}
NUMERALS = "一二三"
ASKS = {OVERDUE: "对逾期事项说明原因、明确办结时间", DUE_SOON: "对即将到期事项确保按时办结",
        NO_ANSWER: "对未反馈事项补报本周进展"}


@dataclass
class Message:
    text: str
    chases: list[Chase] = field(default_factory=list)


def reply_by(settings: Settings, today: dt.date) -> dt.date:
    return settings.calendar.add_workdays(today, settings.reply_workdays)


def item_line(n: int, c: Chase) -> str:
    it, today = c.item, c.today
    content = " ".join(str(it.content or "").split()) or "（未填写事项内容）"   # whole: never cut mid-phrase
    if c.level == NO_ANSWER:
        when = (f"最近反馈{cn_date(it.feedback, today)}" if it.feedback else f"{cn_date(it.assigned, today)}交办后未反馈")
        detail = f"{when}，{c.status_words()}"
    else:
        label = "调整后时限" if it.adjusted else "完成时限"
        detail = f"{label}{cn_date(c.deadline, today)}，{c.status_words()}"
        if c.silent_days is not None:
            detail += f"，{c.silent_days}天未反馈进展"
    if it.status:
        detail += f"，目前{it.status}"
    return f"{n}. {c.label}：{content}（{detail}）"


def _body(chases: list[Chase], settings: Settings) -> list[tuple[str, Chase | None]]:
    lines: list[tuple[str, Chase | None]] = []
    n = 0
    levels = [lv for lv in LEVELS if any(c.level == lv for c in chases)]
    for k, level in enumerate(levels):
        mine = [c for c in chases if c.level == level]
        title = SECTION_TITLES[level].format(days=settings.answer_days)
        lines.append((f"{NUMERALS[k]}、{title}（{len(mine)}件）", None))
        for c in mine:
            n += 1
            lines.append((item_line(n, c), c))
    return lines


def closing(chases: list[Chase], settings: Settings, today: dt.date) -> list[str]:
    asks = "，".join(ASKS[lv] for lv in LEVELS if any(c.level == lv for c in chases))
    due = cn_date(reply_by(settings, today), today, weekday=True)
    office = office_name(settings)
    lines = [f"请{asks}，并于{due}前将办理情况{settings.report_channel}至{office}。确需调整完成时限的，请书面说明理由。"]
    if contact_sentence(settings):
        lines.append(contact_sentence(settings))
    lines += [office, chinese_date(today)]
    return lines


Line = tuple[str, "Chase | None"]   # a body line and the item it names (None: a section title)
WIDEST_TAG = "【督办提醒 99/99】"


def unit_messages(unit: str, chases: list[Chase], settings: Settings, today: dt.date,
                  limit: int = MESSAGE_CHARS) -> list[Message]:
    """The unit's text as one or more messages of at most `limit` characters (a single over-long
    line excepted); items are never cut, a section title never ends a message."""
    opening = f"截至{chinese_date(today)}，你单位牵头的督办事项中有{len(chases)}件需要抓紧办理："
    ending = closing(chases, settings, today)

    def head(first: bool, tag: str = WIDEST_TAG) -> list[str]:
        return [f"{tag}{unit}：", opening] if first else [f"{tag}{unit}（续）："]

    def size(first: bool, lines: list[Line], last: bool) -> int:
        return len("\n".join(head(first) + [t for t, _c in lines] + (ending if last else [])))

    pages = _pack(_body(chases, settings), lambda i, lines, last: size(i == 0, lines, last) <= limit)
    out = []
    for i, page in enumerate(pages):
        tag = "【督办提醒】" if len(pages) == 1 else f"【督办提醒 {i + 1}/{len(pages)}】"
        lines = head(i == 0, tag) + [t for t, _c in page] + (ending if i == len(pages) - 1 else [])
        out.append(Message("\n".join(lines), [c for _t, c in page if c is not None]))
    return out


def _pack(body: list[Line], fits) -> list[list[Line]]:
    """Greedy: body lines into pages while `fits(page_index, lines, is_last)`; then make room for the ending."""
    pages: list[list[Line]] = [[]]
    for i, line in enumerate(body):
        keep = [line, body[i + 1]] if line[1] is None and i + 1 < len(body) else [line]
        if pages[-1] and not fits(len(pages) - 1, pages[-1] + keep, False):
            pages.append([])
        pages[-1].append(line)
    last = pages[-1]
    if len(last) > 1 and not fits(len(pages) - 1, last, True):
        cut = len(last) - 1   # the last item moves to a page of its own, with the ending
        if last[cut - 1][1] is None:   # and takes its section title along
            cut -= 1
        pages[-1:] = [last[:cut], last[cut:]] if cut > 0 else [last]
    return pages


def unit_file_text(messages: list[Message]) -> str:
    """The file for one unit: its messages, separated by a blank line."""
    return "\n\n".join(m.text for m in messages) + "\n"

"""Words of the office's ledger (statuses, grades, categories, groups) and duban's vocabularies.

A word already in the vocabulary (as 参数 sets it) stays. A word with one clear meaning is
rewritten to the vocabulary word (已办结 -> 已完成). Any other short status or category word
is registered in 参数 as the office's own (a status with 是否办结 guessed from its text);
a sentence typed as a status (已完成，已通过验收) is read by its keywords and kept in full
elsewhere by the caller. An unknown grade is left as typed: its score cannot be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.names import normalise_name
from duban.read import params

DONE, DOING, NOT_STARTED = "已完成", "推进中", "未启动"
RESOLVED, RESOLVING, UNRESOLVED = "已化解", "化解中", "未化解"

STATUS_SYNONYMS = {
    **dict.fromkeys(("完成", "已办结", "办结", "已结", "已落实", "已销号", "销号", "已办完", "完结", "已完结",
                     "办结销号", "已结办"), DONE),
    **dict.fromkeys(("正在推进", "进行中", "办理中", "正在办理", "在办", "持续推进", "序时推进", "未完成",
                     "未办结", "正常推进", "已启动", "推进", "有序推进", "在推进"), DOING),
    **dict.fromkeys(("未开始", "尚未启动", "未办理", "未开展", "尚未开始"), NOT_STARTED),
}
REVIEW_STATUS_SYNONYMS = {
    **dict.fromkeys(("化解", "已解决", "解决", "已办结", "已完成", "完成"), RESOLVED),
    **dict.fromkeys(("正在化解", "化解中", "推进中", "办理中", "进行中"), RESOLVING),
    **dict.fromkeys(("未解决", "未启动", "尚未化解"), UNRESOLVED),
}
GRADE_SYNONYMS = {"优秀": "好", "优": "好", "良好": "较好", "良": "较好", "合格": "一般", "中": "一般",
                  "中等": "一般", "较差": "差", "不合格": "差"}
GROUP_SYNONYMS = {
    **dict.fromkeys(("街道", "街道办", "街道办事处", "乡镇", "乡镇街道", "街道乡镇", "乡镇（街道）", "街道（乡镇）",
                     "镇街", "办事处组", "街道组"), params.OFFICE),
    **dict.fromkeys(("区直", "区直部门", "部门", "区直机关", "区直单位组", "部门组", "区直单位（部门）"),
                    params.DEPARTMENT),
}

SENTENCE_CHARS = 7  # a status cell longer than this is a sentence, read by its keywords
_NOT_DONE = re.compile("未|没有|尚未|不能|无法|正在|推进|中$")
_DONE = re.compile("已完成|已办结|完成|办结|已落实|销号|已结|竣工|通过验收")
_NOT_STARTED = re.compile("未启动|未开始|尚未启动|未开展")


def guess_done(word: str) -> bool:
    """Does a status word mean the item is finished (是否办结)?"""
    return bool(_DONE.search(word)) and not _NOT_DONE.search(word)


_PLANNED = re.compile("计划|预计|力争|确保|争取|拟于|拟在|将于|前完成|前办结")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_DIGIT = re.compile(r"\d")


def status_from_progress(text: str) -> str:
    """The status a ledger without a status column most likely means, from the item's progress text:
    empty or 未启动/尚未开始 -> 未启动; 已完成/已办结/完成 (not 正在…, not 计划…前完成, no share below
    100%) -> 已完成; anything else -> 推进中. A proposal for the office to confirm, never a fact."""
    key = normalise_name(text)
    if not key or _NOT_STARTED.search(key):
        return NOT_STARTED
    partial = any(float(m[1]) < 100 for m in _PERCENT.finditer(key))
    if guess_done(key) and not partial and not _PLANNED.search(key):
        return DONE
    return DOING


@dataclass
class WordUse:
    """What happened to one word of one field: kept, rewritten, registered or left unknown."""

    field: str          # header of the field (办理状态)
    word: str           # as typed
    result: str         # the word written to NEW
    how: str            # 同义词改写 | 登记到参数 | 按文字判断 | 无法识别
    count: int = 0
    note: str = ""


@dataclass
class Vocabulary:
    """The vocabularies NEW will carry (from OLD's 参数 or the defaults) and the words met."""

    settings: params.Settings
    registered: dict[str, list[list]] = field(default_factory=dict)  # 参数 block -> rows to add
    uses: dict[tuple[str, str], WordUse] = field(default_factory=dict)

    def _use(self, header: str, word: str, result: str, how: str, note: str = "") -> str:
        u = self.uses.setdefault((header, word), WordUse(header, word, result, how, note=note))
        u.count += 1
        return u.result

    def _register(self, block: str, row: list) -> None:
        rows = self.registered.setdefault(block, [])
        if row not in rows:
            rows.append(row)

    def status(self, word: str) -> tuple[str, bool]:
        """(word for NEW, whether the typed text was a sentence the caller should keep elsewhere)."""
        known = self.settings.status_done
        if not word or word in known:
            return word, False
        key = normalise_name(word)
        target = STATUS_SYNONYMS.get(key)
        if target in known:
            return self._use("办理状态", word, target, "同义词改写"), False
        if len(key) > SENTENCE_CHARS or _DIGIT.search(key):  # a sentence, or a share (完成60%)
            return self._use("办理状态", word, status_from_progress(key), "按文字判断",
                             "原文保留在本周进展或备注"), True
        done = guess_done(key)
        self._register(params.STATUS, [word, "是" if done else "否"])
        self.settings.status_done[word] = done
        return self._use("办理状态", word, word, "登记到参数",
                         f"登记到参数【{params.STATUS}】，是否办结按文字判断为“{'是' if done else '否'}”，请核对"), False

    def review_status(self, word: str) -> str:
        known = self.settings.review_done
        if not word or word in known:
            return word
        target = REVIEW_STATUS_SYNONYMS.get(normalise_name(word))
        if target in known:
            return self._use("化解状态", word, target, "同义词改写")
        done = guess_done(word) or "化解" in word and not _NOT_DONE.search(word)
        self._register(params.REVIEW_STATUS, [word, "是" if done else "否"])
        self.settings.review_done[word] = done
        return self._use("化解状态", word, word, "登记到参数",
                         f"登记到参数【{params.REVIEW_STATUS}】，是否化解按文字判断为“{'是' if done else '否'}”，请核对")

    def grade(self, word: str) -> str:
        if not word or word in self.settings.grades:
            return word
        target = GRADE_SYNONYMS.get(normalise_name(word))
        if target in self.settings.grades:
            return self._use("点评等次", word, target, "同义词改写")
        return self._use("点评等次", word, word, "无法识别",
                         f"分值无法推断，原样保留；请改为参数【{params.GRADES}】中的等次，或在该处登记并填写分值")

    def category(self, word: str, review: bool = False) -> str:
        known = self.settings.review_categories if review else self.settings.item_categories
        if not word or word in known:
            return word
        block = params.REVIEW_CATEGORIES if review else params.ITEM_CATEGORIES
        known.append(word)
        self._register(block, [word])
        return self._use("问题类别" if review else "事项类别", word, word, "登记到参数", f"登记到参数【{block}】")

    def group(self, word: str) -> str | None:
        """A group word of OLD's 单位 sheet as a group of NEW, or None when it names no group."""
        if word in self.settings.groups:
            return word
        target = GROUP_SYNONYMS.get(normalise_name(word))
        if target in self.settings.groups:
            return self._use("组别", word, target, "同义词改写")
        return None

"""Validation findings: each one has a stable code, points to a cell and says what to do, in Chinese.

A finding is structured as frictionless reports are: `code` names the kind of problem (kebab-case,
registered in CODES with a short Chinese title, listed in docs/findings.md), `row` and `col` are the
1-based position Excel shows (E12 -> row 12, col 5; None for a finding about a whole sheet or
workbook), and the A1 text is derived from them, never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.xlsxio.cells import col_letters

ERROR = "错误"
WARNING = "警告"
INFO = "提示"   # said once, counts as neither error nor warning (e.g. unused headers, derived 期次)

# Every kind of finding, code -> short Chinese title. A code names a meaning, not a message text:
# the same problem on another sheet or field keeps its code. docs/findings.md lists them for the
# consumers of 校验结果; tests/rules/test_finding_codes.py checks that every code used is here.
CODES: dict[str, str] = {
    # reading the workbook
    "missing-sheet": "缺少工作表",
    "far-cell": "数据区外的单元格",
    "formula-only-rows": "只有公式或错误值的行",
    "formula-without-value": "公式没有计算结果或为错误值",
    "not-item-table": "像事项表但缺少列",
    "copy-sheet": "工作表是其他表的副本",
    "skipped-rows": "未读取的行",
    "section-periods": "按分段标题读取期次",
    "lead-from-sheet-name": "按表名计牵头单位",
    "period-derived": "期次按交办日期推算",
    # headers
    "duplicate-column": "同名的两列",
    "conflicting-columns": "两列内容不一致",
    "similar-header": "相近的表头未读取",
    "unused-columns": "不参与计算的列",
    "headerless-column": "有内容但没有表头的列",
    # typing cell values
    "bad-date": "日期无法识别",
    "date-out-of-year": "日期与考评年度相差超过一年",
    "date-as-text": "日期以文本或数字录入",
    "bad-integer": "不是整数",
    "bad-number": "不是数字",
    "bad-month": "月份无法识别",
    # 参数
    "missing-parameter-block": "参数表缺少一块，按默认值计算",
    "bad-parameter": "参数填写有误",
    "parameter-conflict": "两处参数不一致",
    "no-option-chosen": "没有任何一项标为“是”",
    "closure-column-missing": "没有单独的销号列",
    # rules on items, reviews, adjustments and registers
    "missing-value": "必填项未填写",
    "empty-column": "整列未填写",
    "several-lead-units": "牵头单位不止一个",
    "collective-unit": "统称不是一个单位",
    "unknown-unit": "单位不在单位名单中",
    "unknown-leader": "领导不在领导名单中",
    "invisible-characters": "名称中有看不见的字符",
    "stray-characters": "名称含有多余空格或全角字符",
    "name-with-note": "名称带有括号注释",
    "short-name": "单位简称",
    "date-before-start": "日期早于起始日期",
    "date-in-future": "日期晚于今天",
    "not-in-vocabulary": "不在可选范围内",
    "done-without-date": "已办结但未填写日期",
    "date-without-done": "未办结却填写了完成日期",
    "duplicate-id": "编号重复",
    "not-meeting-day": "交办日期不是例会日",
    "period-date-mismatch": "同一期的交办日期不一致",
    "copy-of-item": "其他表中已有同一事项",
    "possible-duplicate": "可能重复交办",
    "no-weekly-answer": "没有本周进展",
    "held-answer": "答卷待核实",
    "late-extension-request": "逾期后才申请延期",
    "extension-before-assigned": "申请延期早于交办日期",
    "extended-without-deadline": "已延期但未填写调整后时限",
    "negative-extensions": "延期次数为负数",
    "points-over-cap": "分值超过加减分上限",
    "duplicate-name": "名单中重复登记",
    "unknown-group": "组别不在参数表中",
    "bad-flag": "应填“是”或“否”",
    "holidays-unregistered": "调休安排未登记",
    "awaiting-closure": "待销号事项",
    "closed-not-done": "未办结却填写了销号日期",
    "reopened-without-deadline": "退回重办但未填写调整后时限",
    "answer-log-missing": "没有答卷汇总记录",
    "answer-weeks-start": "答卷纪律起算周",
    "published-rank-changed": "已发布的排名与重算不同",
}


@dataclass(frozen=True)
class Finding:
    code: str        # the kind of finding, a key of CODES
    level: str       # 错误 | 警告 | 提示
    sheet: str       # sheet title
    row: int | None  # 1-based sheet row (E12 -> 12); None: about the whole sheet or workbook
    col: int | None  # 1-based column (E12 -> 5); None: about a whole row, sheet or workbook
    field: str       # the header of the column at fault
    message: str     # what is wrong, plain Chinese
    suggestion: str = ""  # what to do, or the value the tool read
    name: str = ""   # the English field name at fault (schema), so the scorer knows what an error touches

    def __post_init__(self) -> None:
        # A quoted cell value can be a whole page of text: keep the sentence around it readable.
        for name in ("message", "suggestion"):
            object.__setattr__(self, name, shorten_quotes(getattr(self, name)))

    @property
    def cell(self) -> str:
        """The A1 reference shown to the user; A1 for a finding about a whole sheet."""
        return f"{col_letters((self.col or 1) - 1)}{self.row or 1}"

    @property
    def title(self) -> str:
        """The short Chinese title of this finding's kind."""
        return CODES[self.code]

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING

    def location(self) -> str:
        """Internal hyperlink target for this finding's cell."""
        return f"'{self.sheet}'!{self.cell}"


def at(row0: int, col0: int) -> tuple[int, int]:
    """Zero-based (row, column) as the reader counts -> the 1-based (row, col) a Finding holds."""
    return row0 + 1, col0 + 1


QUOTE_LIMIT = 40
_LONG_QUOTE = re.compile(f"“([^”]{{{QUOTE_LIMIT + 1},}})”")


def shorten_quotes(text: str) -> str:
    """Cut every quoted value (“…”) longer than QUOTE_LIMIT characters, marking the cut with …."""
    return _LONG_QUOTE.sub(lambda m: f"“{m[1][:QUOTE_LIMIT]}…”", text)


def error_count(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.is_error)


def warning_count(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.is_warning)

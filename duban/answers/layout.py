"""Layout of an answer file (答卷): sheet titles, columns, the info sheet, the file name.

The header texts of the item columns come from ``schema.ITEMS`` so that an
answer column and the 周交办 column it feeds always carry the same words.
"""

from __future__ import annotations

import re

from duban import schema
from duban.schema import Column, Sheet

# Folders beside the ledger: where split writes the files, where returned files are collected from.
SPLIT_DIR = "下发答卷"
ANSWER_DIR = "答卷"

ANSWER_TITLE = "答卷"
INFO_TITLE = "_答卷信息"
FORMAT_TAG = "duban-答卷-2"   # -2: keys made with the ledger's own secret, per split batch
KEY_HEADER = "校验码"

# Fields the unit may change (same field names as schema.ITEMS).
ANSWER_FIELDS = ("status", "completed", "progress", "feedback_date")
DATE_FIELDS = ("completed", "feedback_date")


def _item_col(name: str, *, width: float | None = None, header: str | None = None) -> Column:
    c = schema.ITEMS.column(name)
    return Column(c.name, header or c.header, c.kind, width=width or c.width)


ANSWER = Sheet("answer", ANSWER_TITLE, (
    Column("id", schema.ITEMS.column("id").header, required=True, width=12),
    _item_col("content", width=46),
    # The effective deadline (调整后时限 when filled, else 完成时限), shown under the 完成时限 header.
    Column("deadline", schema.ITEMS.column("deadline").header, "date", width=12),
    _item_col("status", width=11),
    _item_col("completed", width=12),
    _item_col("progress", width=46),
    _item_col("feedback_date", width=12),
    Column("key", KEY_HEADER, required=True, width=24),
))

LOCKED_FIELDS = ("id", "content", "deadline")

# Info sheet: one key/value pair per row (column A key, column B value).
INFO_FORMAT = "格式"
INFO_UNIT = "单位"
INFO_MEETING = "期次"
INFO_LEDGER = "台账文件"
INFO_CREATED = "生成日期"
INFO_COUNT = "事项数"
INFO_BATCH = "批次"

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(unit: str, meeting: int | None) -> str:
    """'答卷_第12期_区住建局.xlsx', or '答卷_区住建局.xlsx' without a meeting."""
    safe = _UNSAFE.sub("_", unit).strip("_") or "未命名单位"
    period = f"第{meeting}期_" if meeting is not None else ""
    return f"答卷_{period}{safe}.xlsx"

"""Sheet names and the mapping between Chinese headers and field names.

This is the one module that knows the Chinese header texts. Everything else
refers to sheets and columns by the English names defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from duban.xlsxio.model import Conventions


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its field name, its header text, and its kind."""

    name: str
    header: str
    kind: str = "text"  # text | date | number | int | month
    required: bool = False
    width: float = 12
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """A sheet located by name; its columns are located by header text."""

    key: str
    title: str
    columns: tuple[Column, ...]
    computed: bool = False
    header_row: int = 0  # zero-based row of the header in the template
    user_columns: tuple[str, ...] = field(default_factory=tuple)
    key_fields: tuple[str, ...] = field(default_factory=tuple)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, name: str) -> Column:
        return _columns_by_name(self)[name]

    def header_map(self) -> dict[str, str]:
        """Header text (and aliases) -> field name."""
        out: dict[str, str] = {}
        for c in self.columns:
            out[c.header] = c.name
            for a in c.aliases:
                out[a] = c.name
        return out


_COLUMN_INDEX: dict[str, dict[str, Column]] = {}


def _columns_by_name(sheet: Sheet) -> dict[str, Column]:
    index = _COLUMN_INDEX.get(sheet.key)
    if index is None:
        index = _COLUMN_INDEX[sheet.key] = {c.name: c for c in sheet.columns}
    return index


C = Column

PARAMS = Sheet("params", "参数", (
    C("key", "参数", width=22), C("value", "值", width=26), C("note", "说明", width=60),
))

UNITS = Sheet("units", "单位", (
    C("name", "单位名称", required=True, width=26, aliases=("单位全称", "单位", "名称", "责任单位")),
    C("short", "简称", width=12, aliases=("单位简称", "别名", "简称（别名）")),
    C("group", "组别", required=True, width=12, aliases=("分组", "考评组别", "单位类别", "单位类型", "类别")),
    C("leader", "分管区领导", width=12, aliases=("分管领导", "联系领导", "分管区长")),
    C("contact", "联系人", width=10, aliases=("联络员", "督办联络员")),
    C("phone", "联系电话", width=14, aliases=("电话", "手机", "联系方式", "手机号码")),
    C("evaluated", "参与考评", width=10, aliases=("是否参与考评", "是否考评", "参加考评", "是否参加考评")),
    C("order", "排序", kind="int", width=8, aliases=("顺序", "排列顺序")),
))

LEADERS = Sheet("leaders", "领导", (
    C("name", "姓名", required=True, width=12, aliases=("领导姓名", "领导", "名字")),
    C("title", "职务", width=20, aliases=("职位",)),
    C("area", "分管领域", width=40, aliases=("分管工作", "分工", "工作分工")),
))

ITEMS = Sheet("items", "周交办", (
    C("id", "编号", width=12, aliases=("事项编号", "督办编号", "交办编号", "督办号", "编码")),
    C("period", "期次", kind="int", width=8, aliases=("期数", "交办期次", "例会期次", "周次")),
    C("assigned", "交办日期", kind="date", width=12,
      aliases=("交办时间", "例会日期", "会议日期", "下达日期", "交办会日期", "交办日")),
    C("leader", "交办领导", width=10,
      aliases=("责任领导", "分管区领导", "分管领导", "交办区领导", "包抓领导", "领导")),
    C("lead_unit", "牵头单位", required=True, width=20,
      aliases=("责任单位", "承办单位", "主办单位", "牵头部门", "责任部门", "主责单位", "牵头责任单位", "办理单位")),
    C("co_units", "配合单位", width=24, aliases=("协办单位", "配合部门", "协助单位", "协同单位", "责任配合单位")),
    C("content", "事项内容", required=True, width=40,
      aliases=("交办事项", "督办事项", "工作任务", "事项", "任务内容", "工作内容", "交办内容", "督办内容",
               "工作事项", "重点工作", "事项名称", "任务")),
    C("category", "事项类别", width=12, aliases=("事项类型", "工作类别", "类别", "类型")),
    C("deadline", "完成时限", kind="date", required=True, width=12,
      aliases=("办结时限", "时限要求", "时限", "办理时限", "完成期限", "截止日期", "截止时间", "完成时间要求",
               "办结期限")),
    C("adjusted_deadline", "调整后时限", kind="date", width=12,
      aliases=("延期时限", "调整时限", "延期后时限", "调整后完成时限", "延期至", "调整后办结时限")),
    C("status", "办理状态", required=True, width=10,
      aliases=("完成情况", "办结情况", "状态", "事项状态", "办结状态", "完成状态")),
    C("completed", "完成日期", kind="date", width=12,
      aliases=("办结日期", "实际完成时间", "实际完成日期", "完成时间", "办结时间", "销号日期", "实际办结日期")),
    C("progress", "本周进展", width=36,
      aliases=("进展情况", "办理情况", "工作进展", "最新进展", "推进情况", "落实情况", "办理进度", "进展",
               "本周进展情况", "进度")),
    C("feedback_date", "反馈日期", kind="date", width=12, aliases=("反馈时间", "报送日期", "答卷日期", "更新日期")),
    C("grade", "点评等次", width=10, aliases=("点评等级", "评价等次", "评价等级", "点评结果", "考评等次", "等次")),
    C("comment", "点评意见", width=24, aliases=("点评", "评价意见", "点评内容")),
    C("remark", "备注", width=16),
    # Extension requests (申请延期), optional: the date of the request and how many times the deadline moved.
    C("extension_requested", "申请延期日期", kind="date", width=12,
      aliases=("延期申请日期", "申请延期时间", "延期申请时间", "提出延期日期")),
    C("extensions", "延期次数", kind="int", width=8, aliases=("申请延期次数", "延期申请次数", "已延期次数")),
))

REVIEWS = Sheet("reviews", "周研判", (
    C("id", "编号", required=True, width=12),
    C("date", "研判日期", kind="date", required=True, width=12, aliases=("研判时间", "日期")),
    C("category", "问题类别", required=True, width=14, aliases=("问题类型", "类别")),
    C("description", "问题描述", required=True, width=36, aliases=("问题", "问题内容", "基本情况")),
    C("unit", "责任单位", required=True, width=20, aliases=("牵头单位", "承办单位")),
    C("cause", "原因分析", width=24, aliases=("原因",)),
    C("root", "根源分析", width=24, aliases=("根源",)),
    C("path", "破题路径", width=24, aliases=("解决路径", "化解措施", "措施")),
    C("deadline", "化解时限", kind="date", width=12, aliases=("时限",)),
    C("status", "化解状态", required=True, width=10, aliases=("化解情况", "状态")),
    C("resolved", "化解日期", kind="date", width=12, aliases=("化解时间",)),
    C("remark", "备注", width=16),
))

ADJUSTMENTS = Sheet("adjustments", "加减分", (
    C("month", "月份", kind="month", required=True, width=10, aliases=("考评月份", "月度")),
    C("unit", "单位", required=True, width=20, aliases=("单位名称", "被考评单位")),
    C("points", "分值", kind="number", required=True, width=8, aliases=("加减分", "分数", "加减分值")),
    C("reason", "事由", width=36, aliases=("加减分事由", "原因")),
    C("basis", "依据", width=24, aliases=("加减分依据", "文件依据")),
    C("reviewer", "审核人", width=10, aliases=("审核",)),
))

INPUT_SHEETS = (PARAMS, UNITS, LEADERS, ITEMS, REVIEWS, ADJUSTMENTS)

# ---- computed sheets -------------------------------------------------------

MONTHLY = Sheet("monthly", "月考评", (
    C("month", "月份", width=10), C("unit", "单位", width=22), C("group", "组别", width=10),
    C("due", "应办结", kind="int", width=8), C("done", "已办结", kind="int", width=8),
    C("on_time", "按时办结", kind="int", width=9), C("overdue", "逾期未办结", kind="int", width=10),
    C("done_rate", "办结率", kind="number", width=8), C("on_time_rate", "按时率", kind="number", width=8),
    C("quality", "点评质量", kind="number", width=9), C("adjustment", "加减分", kind="number", width=8),
    C("score", "综合得分", kind="number", width=9), C("rank", "组内排名", width=10),
    C("left_out", "未计入事项", kind="int", width=10),
    C("note", "说明", width=36),
), computed=True)
# Appended to 月考评 (after 说明) only when the ledger records extensions (duban.extensions.recorded).
MONTHLY_EXTENSIONS = C("extensions", "延期次数", kind="int", width=8)

MONTH_REVIEW = Sheet("month_review", "月讲评", (
    C("rank", "名次", width=8), C("unit", "单位", width=24), C("score", "综合得分", kind="number", width=10),
    C("change", "较上月", width=10), C("result", "结果", width=14), C("reward", "奖励经费（元）", kind="number", width=14),
), computed=True)

ACCOUNTABILITY = Sheet("accountability", "问责", (
    C("unit", "单位", width=24), C("group", "组别", width=10), C("month", "末位月份", width=10),
    C("run", "连续末位月数", kind="int", width=12), C("advice", "建议", width=16),
    C("decision", "处理决定", width=30),
), computed=True, user_columns=("decision",), key_fields=("unit", "month"))

ANNUAL_MONTH_HEADERS = tuple(f"{m}月" for m in range(1, 13))

ANNUAL = Sheet("annual", "年度汇总", (
    C("unit", "单位", width=24), C("group", "组别", width=10),
    *(C(f"m{m}", f"{m}月", kind="number", width=7) for m in range(1, 13)),
    C("regular", "平时考核成绩", kind="number", width=12), C("rewards", "奖励次数", kind="int", width=9),
    C("statements", "表态次数", kind="int", width=9), C("accountability", "问责次数", kind="int", width=9),
    C("rank", "年度排名", width=9),
), computed=True, key_fields=("unit",))

STATS = Sheet("stats", "统计", (C("label", "项目", width=16), C("value", "数值", width=12)), computed=True)

FINDINGS = Sheet("findings", "校验结果", (
    C("level", "级别", width=8), C("sheet", "工作表", width=10), C("cell", "单元格", width=10),
    C("field", "字段", width=12), C("message", "问题", width=50), C("suggestion", "建议", width=40),
), computed=True)

HISTORY = Sheet("history", "历史排名", (
    C("month", "月份", width=10), C("group", "组别", width=10), C("rank", "名次", kind="int", width=8),
    C("unit", "单位", width=24), C("score", "综合得分", kind="number", width=10),
    C("result", "结果", width=18), C("state", "状态", width=10),
), computed=True)

RUN_LOG = Sheet("run_log", "运行日志", (
    C("time", "时间", width=20), C("action", "操作", width=12), C("user", "用户", width=12),
    C("file", "输入文件", width=36), C("counts", "计数", width=40), C("result", "结果", width=24),
    C("seconds", "耗时(秒)", kind="number", width=10),
), computed=True)

CHANGE_LOG = Sheet("change_log", "变更记录", (
    C("id", "编号", width=12), C("field", "字段", width=12), C("old", "旧值", width=24),
    C("new", "新值", width=24), C("source", "来源文件", width=30), C("time", "时间", width=20),
), computed=True)

# Written by `duban remind` / the 生成催办 button (not by recompute): one row per chased item.
REMINDERS = Sheet("reminders", "催办提醒", (
    C("unit", "单位", width=22), C("id", "编号", width=14), C("content", "事项内容", width=36),
    C("deadline", "完成时限", kind="date", width=12), C("level", "级别", width=8),
    C("days", "天数", kind="int", width=7), C("detail", "说明", width=22), C("text", "催办文本", width=60),
    C("as_of", "截至", kind="date", width=12),
), computed=True)

HOME_TITLE = "首页"
XLWINGS_CONF_TITLE = "xlwings.conf"

COMPUTED_SHEETS = (MONTHLY, MONTH_REVIEW, ACCOUNTABILITY, ANNUAL, STATS, FINDINGS, HISTORY, RUN_LOG)

ALL_SHEETS = INPUT_SHEETS + COMPUTED_SHEETS + (CHANGE_LOG, REMINDERS)

BY_KEY = {s.key: s for s in ALL_SHEETS}
BY_TITLE = {s.title: s for s in ALL_SHEETS}

# Workbook-level defined names used as dropdown list sources.
LIST_NAMES = {
    "units": "单位列表",
    "leaders": "领导列表",
    "groups": "组别列表",
    "status": "办理状态列表",
    "grades": "点评等次列表",
    "item_categories": "事项类别列表",
    "review_categories": "研判类别列表",
    "review_status": "化解状态列表",
    "yes_no": "是否列表",
}

# Hidden sheet carrying one prototype cell per style role (column A, row i+1 for
# STYLE_ROLES[i], the cell's text is the role name). Writers that patch a file
# reuse those cells' style indexes so styles.xml is never rewritten.
STYLE_SHEET_TITLE = "_样式"
STYLE_ROLES = (
    "text",      # plain text, thin border
    "header",    # bold, filled, centred, wrapped, border
    "title",     # large bold title
    "int",       # whole number, border
    "number",    # 0.00, border
    "rate",      # 0.0 (percent figures already scaled to 0-100), border
    "date",      # yyyy-mm-dd, border
    "datetime",  # yyyy-mm-dd hh:mm:ss, border
    "link",      # blue underlined, border
    "error",     # red fill (级别 错误, 末位, 启动问责程序)
    "warning",   # yellow fill (级别 警告, 预警, 表态发言)
    "good",      # green fill (奖励)
    "wrap",      # wrapped paragraph text, no border (通报 text)
    "note",      # italic grey explanation line
    "para",      # paragraph text: 11pt, no border, NOT wrapped (long lines overflow to the right)
    "input",     # a user's own column on a computed sheet (处理决定): border, wrapped, NOT locked
    "subtitle",  # bold 12pt section label, no border, not wrapped (月讲评 group blocks)
    "money",     # #,##0 amount in 元, border (奖励经费（元）); appended last: older ledgers lack it
)

# The folder beside the ledger that receives a copy before each write.
BACKUP_DIR = "督办备份"
# What every write of a ledger passes to the file layer (duban.xlsxio knows no ledger).
LEDGER_FILE = Conventions(roles=STYLE_ROLES, style_sheet=STYLE_SHEET_TITLE, backup_dir=BACKUP_DIR)

# 首页 status block: key -> zero-based (row, col) of the value cell (label one column left).
HOME_STATUS_CELLS = {
    "time": (11, 2),
    "action": (12, 2),
    "result": (13, 2),
    "items": (14, 2),
    "errors": (15, 2),
    "warnings": (16, 2),
}

# ---- optional columns (issue 20: 销号, 回头看) --------------------------------
# Read when a sheet has them, each as a field of its own; the template does not carry them, so a
# ledger without them computes exactly as before. Sheet key -> field -> headers (first = standard).
CLOSURE_SHARED = "销号日期"   # alone it is the completion date (an alias of 完成日期); beside one, the 销号
OPTIONAL_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "items": {"closed": (CLOSURE_SHARED, "销号确认日期", "销号时间", "销号确认时间")},
    "reviews": {"revisit": ("回头看日期", "回头看时间"),
                "revisit_finding": ("回头看结论", "回头看情况", "回头看结果")},
}


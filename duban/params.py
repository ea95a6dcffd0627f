"""Settings read from the 参数 sheet, with the defaults of SPEC §3.

The 参数 sheet is a column of blocks. Each block starts with a title cell in
column A such as 【基本设置】, followed by a header row and data rows up to the
next blank row. `DEFAULT_BLOCKS` is both the template's content and the
fallback used when a block or a key is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, cell_ref

BASIC = "基本设置"
GROUPS = "考评组别"
REWARDS = "奖励经费"
GRADES = "点评等次"
WEIGHTS = "指标权重"
STATUS = "办理状态"
REVIEW_STATUS = "化解状态"
ITEM_CATEGORIES = "事项类别"
REVIEW_CATEGORIES = "研判类别"
COLUMN_NAMES = "列名对照"
EXCLUDED_SHEETS = "排除工作表"
# Blocks a ledger may lack without a warning: they only add to the built-in behaviour.
OPTIONAL_BLOCKS = {COLUMN_NAMES, EXCLUDED_SHEETS}

OFFICE = "办事处"
DEPARTMENT = "区直单位"

# key -> (default, note). Keys are what users see in column A of 【基本设置】.
BASIC_KEYS: dict[str, tuple[Any, str]] = {
    "区县名称": ("示范区", "用于通报标题，如“示范区”"),
    "考评年度": (None, "台账所属年度；留空时取交办日期最多的年份。“9月5日”这类日期按此年度读取"),
    "例会星期": ("星期一", "每周交办例会在星期几召开"),
    "加减分上限": (10, "每个单位每月加减分合计的上下限（绝对值）"),
    "问责连续末位月数": (2, "连续几个月末位启动问责程序"),
    "临期提醒工作日": (3, "距完成时限几个工作日内标黄"),
    "答卷间隔天数": (7, "未办结事项超过几天没有本周进展即提醒（一周一答卷）"),
    "考评月份": ("", "重算排名、生成上报件考评哪个月，如 2026-10；留空为上一个完整月份（命令行的 --month 优先）"),
    "发件服务器": ("", "上报邮件的 SMTP 服务器，如 smtp.example.gov.cn"),
    "发件端口": (465, "SMTP 端口，SSL 常用 465，STARTTLS 常用 587"),
    "加密方式": ("SSL", "SSL、STARTTLS 或 无"),
    "发件人": ("", "发件邮箱地址"),
    "收件人": ("", "多个收件人用顿号或分号分隔"),
    "发件账号": ("", "登录账号；密码不存表格，运行时从环境变量 DUBAN_SMTP_PASSWORD 读取"),
    "督办机构": ("", "催办、交办单上署名的机构，如“示范区委督查室”；留空为“<区县名称>督查室”"),
    "督办联系人": ("", "催办、交办单上的联系人"),
    "通报落款": ("", "月度通报（.docx）落款的发文机关；留空为“<区县名称>督查委（督查室）”"),
    "通报主送": ("各街道办事处，区直各单位", "月度通报的主送机关"),
    "督办联系电话": ("", "催办、交办单上的联系电话"),
    "催办回复工作日": (2, "催办后请单位在几个工作日内回复"),
    "首次进展工作日": (5, "交办单：例会后第几个工作日前报送首次进展（按法定节假日和调休计算）"),
    "反馈方式": ("通过答卷或OA报送", "催办、交办单中告诉单位怎样反馈办理情况，如“通过答卷或OA报送”"),
}

# Block title -> (header, default rows)
DEFAULT_BLOCKS: dict[str, tuple[list[str], list[list[Any]]]] = {
    BASIC: (["参数", "值", "说明"], [[k, v, note] for k, (v, note) in BASIC_KEYS.items()]),
    GROUPS: (["组别", "奖励名额", "表态发言名额"], [[OFFICE, 2, 1], [DEPARTMENT, 3, 2]]),
    REWARDS: (["组别", "名次", "金额（元）"], [
        [OFFICE, 1, 50000], [OFFICE, 2, 30000],
        [DEPARTMENT, 1, 30000], [DEPARTMENT, 2, 20000], [DEPARTMENT, 3, 10000],
    ]),
    GRADES: (["等次", "分值"], [["好", 100], ["较好", 85], ["一般", 70], ["差", 50]]),
    WEIGHTS: (["指标", "权重"], [["办结率", 40], ["按时率", 30], ["点评质量", 30]]),
    STATUS: (["状态", "是否办结"], [["未启动", "否"], ["推进中", "否"], ["已完成", "是"]]),
    REVIEW_STATUS: (["状态", "是否化解"], [["未化解", "否"], ["化解中", "否"], ["已化解", "是"]]),
    ITEM_CATEGORIES: (["类别"], [["重点项目"], ["民生实事"], ["招商引资"], ["城市管理"], ["安全生产"], ["生态环保"], ["其他"]]),
    REVIEW_CATEGORIES: (["类别"], [["历史遗留问题"], ["信访积案"], ["问题楼盘"], ["征迁遗留问题"]]),
    COLUMN_NAMES: (["本单位列名", "标准列名", "工作表（留空为所有表）"], []),
    EXCLUDED_SHEETS: (["工作表", "说明"], []),
}

# Spare rows left under each list block in the template so users can add entries.
SPARE_ROWS = 6

WEEKDAYS = {"星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6,
            "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "星期天": 6, "周天": 6}


@dataclass
class GroupRule:
    name: str
    reward_slots: int
    statement_slots: int
    rewards: dict[int, float] = field(default_factory=dict)  # rank -> amount


@dataclass
class Settings:
    district: str = "示范区"
    year: int | None = None
    month: str | None = None
    meeting_weekday: int = 0
    adjustment_cap: float = 10.0
    accountability_months: int = 2
    due_soon_workdays: int = 3
    answer_days: int = 7
    office: str = ""           # 督办机构 ('' -> "<区县名称>督查室")
    office_contact: str = ""
    issuer: str = ""           # 通报落款 ('' -> "<区县名称>督查委（督查室）")
    addressee: str = "各街道办事处，区直各单位"   # 通报主送
    office_phone: str = ""
    reply_workdays: int = 2
    first_report_workdays: int = 5
    report_channel: str = "通过答卷或OA报送"
    smtp: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, GroupRule] = field(default_factory=dict)
    grades: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    status_done: dict[str, bool] = field(default_factory=dict)
    review_done: dict[str, bool] = field(default_factory=dict)
    item_categories: list[str] = field(default_factory=list)
    review_categories: list[str] = field(default_factory=list)
    # 列名对照: sheet title ('' = every sheet) -> {the office's header: standard header}.
    column_names: dict[str, dict[str, str]] = field(default_factory=dict)
    excluded_sheets: list[str] = field(default_factory=list)

    def user_names(self, sheet_title: str) -> dict[str, str]:
        """The office's own header names that apply to one sheet (sheet-specific ones win)."""
        return {**self.column_names.get("", {}), **self.column_names.get(sheet_title, {})}

    @property
    def done_status(self) -> set[str]:
        return {k for k, v in self.status_done.items() if v}

    @property
    def resolved_status(self) -> set[str]:
        return {k for k, v in self.review_done.items() if v}


def template_rows() -> list[list[Any]]:
    """The 参数 sheet as the template writes it: blocks separated by blank rows."""
    rows: list[list[Any]] = []
    for title, (header, data) in DEFAULT_BLOCKS.items():
        rows.append([f"【{title}】"])
        rows.append(list(header))
        rows.extend(list(r) for r in data)
        if title != BASIC:
            rows.extend([[] for _ in range(SPARE_ROWS)])
        rows.append([])
    return rows


def template_block_ranges() -> dict[str, tuple[int, int]]:
    """Block title -> (first data row, last row incl. spare rows), zero-based, as laid out by template_rows()."""
    out: dict[str, tuple[int, int]] = {}
    r = 0
    for title, (_header, data) in DEFAULT_BLOCKS.items():
        first = r + 2
        last = first + len(data) - 1 + (SPARE_ROWS if title != BASIC else 0)
        out[title] = (first, last)
        r = last + 2
    return out


def _blocks(grid: list[list[Any]]) -> dict[str, tuple[int, list[str], list[tuple[int, list[Any]]]]]:
    """Find blocks in a raw grid: title -> (header row index, header, [(row index, values)])."""
    found: dict[str, tuple[int, list[str], list[tuple[int, list[Any]]]]] = {}
    r = 0
    n = len(grid)
    while r < n:
        a = _text(grid[r][0] if grid[r] else None)
        if a.startswith("【") and a.endswith("】") and r + 1 < n:
            title = a[1:-1].strip()
            header = [_text(v) for v in grid[r + 1]]
            rows = []
            k = r + 2
            while k < n and not _text(grid[k][0] if grid[k] else None).startswith("【"):
                if any(_text(v) for v in grid[k]):
                    rows.append((k, list(grid[k])))
                k += 1
            found[title] = (r + 1, header, rows)
            r = k
        else:
            r += 1
    return found


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(_text(v))
    except ValueError:
        return None


class _Reader:
    """Reads blocks with a fallback to defaults, collecting findings."""

    def __init__(self, grid: list[list[Any]], sheet: str):
        self.sheet = sheet
        self.blocks = _blocks(grid)
        self.findings: list[Finding] = []

    def rows(self, title: str) -> list[tuple[int | None, list[Any]]]:
        if title in self.blocks:
            _h, _header, rows = self.blocks[title]
            if rows:
                return rows
        if title in DEFAULT_BLOCKS and title not in OPTIONAL_BLOCKS:
            self.findings.append(Finding(
                "警告", self.sheet, "A1", title,
                f"参数表中没有找到“【{title}】”或其内容为空，已按默认值计算",
                "可用 duban new 生成的模板中的参数表对照补齐"))
            return [(None, list(r)) for r in DEFAULT_BLOCKS[title][1]]
        return []

    def bad(self, row: int | None, col: int, field_name: str, message: str, suggestion: str = "") -> None:
        cell = cell_ref(row, col) if row is not None else "A1"
        self.findings.append(Finding("错误", self.sheet, cell, field_name, message, suggestion))

    def number(self, row: int | None, col: int, value: Any, label: str, default: float,
               low: float | None = None) -> float:
        n = _number(value)
        if n is None or (low is not None and n < low):
            self.bad(row, col, label, f"“{label}”应填写数字，现为“{_text(value)}”，已按默认值 {default:g} 计算",
                     f"请填写不小于 {low:g} 的数字" if low is not None else "请填写数字")
            return default
        return n


def read_settings(grid: list[list[Any]] | None, sheet: str = "参数") -> tuple[Settings, list[Finding]]:
    """Parse the 参数 sheet grid (rows from A1). Missing parts fall back to defaults."""
    rd = _Reader(grid or [], sheet)
    s = Settings()

    basic: dict[str, tuple[int | None, Any]] = {}
    for r, vals in rd.rows(BASIC):
        key = _text(vals[0] if vals else None)
        if key:
            basic[key] = (r, vals[1] if len(vals) > 1 else None)

    def get(key: str) -> tuple[int | None, Any]:
        if key in basic and _text(basic[key][1]) != "":
            return basic[key]
        return None, BASIC_KEYS[key][0]

    s.district = _text(get("区县名称")[1]) or "示范区"
    r, v = get("考评年度")
    if v not in (None, ""):
        n = _number(v)
        if n is None or not 2000 <= n <= 2100:
            rd.bad(r, 1, "考评年度", f"考评年度“{_text(v)}”无法识别", "请填写四位年份，如 2026")
        else:
            s.year = int(n)
    r, v = get("考评月份")
    if v not in (None, ""):
        from .dates import parse_month
        month, err = parse_month(v, s.year)
        if err or month is None:
            rd.bad(r, 1, "考评月份", f"考评月份“{_text(v)}”无法识别，已按上一个完整月份计算", "请按“2026-10”的格式填写，或留空")
        else:
            s.month = month
    r, v = get("例会星期")
    wd = WEEKDAYS.get(_text(v))
    if wd is None:
        rd.bad(r, 1, "例会星期", f"例会星期“{_text(v)}”无法识别，已按星期一处理", "请填写“星期一”至“星期日”")
        wd = 0
    s.meeting_weekday = wd
    r, v = get("加减分上限")
    s.adjustment_cap = rd.number(r, 1, v, "加减分上限", 10, low=0)
    r, v = get("问责连续末位月数")
    s.accountability_months = int(rd.number(r, 1, v, "问责连续末位月数", 2, low=1))
    r, v = get("临期提醒工作日")
    s.due_soon_workdays = int(rd.number(r, 1, v, "临期提醒工作日", 3, low=0))
    r, v = get("答卷间隔天数")
    s.answer_days = int(rd.number(r, 1, v, "答卷间隔天数", 7, low=1))
    s.office = _text(get("督办机构")[1]) or f"{s.district}督查室"
    s.office_contact = _text(get("督办联系人")[1])
    s.issuer = _text(get("通报落款")[1]) or f"{s.district}督查委（督查室）"
    s.addressee = _text(get("通报主送")[1]) or BASIC_KEYS["通报主送"][0]
    s.office_phone = _text(get("督办联系电话")[1])
    r, v = get("催办回复工作日")
    s.reply_workdays = int(rd.number(r, 1, v, "催办回复工作日", 2, low=0))
    r, v = get("首次进展工作日")
    s.first_report_workdays = int(rd.number(r, 1, v, "首次进展工作日", 5, low=1))
    s.report_channel = _text(get("反馈方式")[1]) or BASIC_KEYS["反馈方式"][0]
    for key, name in (("发件服务器", "host"), ("发件端口", "port"), ("加密方式", "security"),
                      ("发件人", "sender"), ("收件人", "recipients"), ("发件账号", "user")):
        s.smtp[name] = get(key)[1]

    for r, vals in rd.rows(GROUPS):
        name = _text(vals[0])
        if not name:
            continue
        k = rd.number(r, 1, vals[1] if len(vals) > 1 else None, f"{name}奖励名额", 0, low=0)
        st = rd.number(r, 2, vals[2] if len(vals) > 2 else None, f"{name}表态发言名额", 0, low=0)
        s.groups[name] = GroupRule(name, int(k), int(st))
    for r, vals in rd.rows(REWARDS):
        name = _text(vals[0])
        if not name:
            continue
        if name not in s.groups:
            rd.bad(r, 0, "组别", f"奖励经费中的组别“{name}”不在【考评组别】中", "请与【考评组别】的组别名称保持一致")
            continue
        rank = rd.number(r, 1, vals[1] if len(vals) > 1 else None, "名次", 0, low=1)
        amount = rd.number(r, 2, vals[2] if len(vals) > 2 else None, "金额", 0, low=0)
        if rank >= 1:
            s.groups[name].rewards[int(rank)] = amount
    for r, vals in rd.rows(GRADES):
        name = _text(vals[0])
        if name:
            s.grades[name] = rd.number(r, 1, vals[1] if len(vals) > 1 else None, f"等次“{name}”分值", 0, low=0)
    for r, vals in rd.rows(WEIGHTS):
        name = _text(vals[0])
        if name:
            if name not in ("办结率", "按时率", "点评质量"):
                rd.bad(r, 0, "指标", f"指标“{name}”无法识别", "指标只能是 办结率、按时率、点评质量")
                continue
            s.weights[name] = rd.number(r, 1, vals[1] if len(vals) > 1 else None, f"{name}权重", 0, low=0)
    s.status_done = _flag_table(rd, STATUS, "是否办结")
    s.review_done = _flag_table(rd, REVIEW_STATUS, "是否化解")
    s.item_categories = [_text(v[0]) for _r, v in rd.rows(ITEM_CATEGORIES) if _text(v[0])]
    s.review_categories = [_text(v[0]) for _r, v in rd.rows(REVIEW_CATEGORIES) if _text(v[0])]
    s.column_names = _column_names(rd)
    s.excluded_sheets = [_text(v[0]) for _r, v in rd.rows(EXCLUDED_SHEETS) if v and _text(v[0])]
    return s, rd.findings


def _column_names(rd: _Reader) -> dict[str, dict[str, str]]:
    """【列名对照】: the office's header -> a standard header (of any input sheet)."""
    from . import schema
    from .headers import normalise_header

    standard = {normalise_header(c.header): c.header for sh in schema.INPUT_SHEETS for c in sh.columns}
    out: dict[str, dict[str, str]] = {}
    for r, vals in rd.rows(COLUMN_NAMES):
        vals = list(vals) + [None, None, None]
        theirs, std, sheet = _text(vals[0]), _text(vals[1]), _text(vals[2])
        if not theirs and not std:
            continue
        if not theirs or normalise_header(std) not in standard:
            import difflib
            close = difflib.get_close_matches(std, list(standard.values()), n=1, cutoff=0.3)
            rd.bad(r, 1, "标准列名", f"【列名对照】中“{theirs}”对应的标准列名“{std}”无法识别" if theirs
                   else "【列名对照】中本单位列名未填写",
                   f"是否为“{close[0]}”？" if close and theirs else "请填写本单位列名和标准列名（如 办结时限 → 完成时限）")
            continue
        out.setdefault(sheet, {})[theirs] = standard[normalise_header(std)]
    return out


def _flag_table(rd: _Reader, title: str, flag: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for r, vals in rd.rows(title):
        name = _text(vals[0])
        if not name:
            continue
        f = _text(vals[1] if len(vals) > 1 else None)
        if f not in ("是", "否"):
            rd.bad(r, 1, flag, f"“{name}”的“{flag}”应填“是”或“否”，现为“{f}”", "请填写“是”或“否”")
        out[name] = f == "是"
    if out and not any(out.values()):
        rd.findings.append(Finding("错误", rd.sheet, "A1", title, f"【{title}】中没有任何一项标为“是”",
                                   "请把表示办结（化解）的状态标为“是”"))
    return out


def default_settings() -> Settings:
    """Settings as the template ships them."""
    return read_settings(template_rows())[0]

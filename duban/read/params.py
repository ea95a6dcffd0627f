"""Settings read from the 参数 sheet, with the defaults of SPEC §3.

The 参数 sheet is a column of blocks. Each block starts with a title cell in
column A such as 【基本设置】, followed by a header row and data rows up to the
next blank row. `DEFAULT_BLOCKS` is both the template's content and the
fallback used when a block or a key is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from duban.findings import Finding, at
from duban.model import (
    ACCOUNTABILITY_MEASURE,
    DEFAULT_DISTRICT,
    WARNING_MEASURE,
    GroupRule,
    Letterhead,
    Rung,
    Settings,
    default_ladder,
)
from duban.names import yes_no
from duban.workdays import OFF, ON, REGISTERED, Calendar, Day

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
ESCALATION = "问责阶梯"
HOLIDAYS = "节假日安排"
REVISIT = "回头看结论"
# Blocks a ledger may lack without a warning: they only add to the built-in behaviour.
OPTIONAL_BLOCKS = {COLUMN_NAMES, EXCLUDED_SHEETS, ESCALATION, HOLIDAYS, REVISIT}
# 办理状态 that reopens an item the office sent back (退回重办): not done, a new deadline in 调整后时限.
REOPENED_STATUS = "退回重办"
CLOSURE_KEY = "办结以销号为准"
# Rows of 【节假日安排】 (the last block) that the template's defined names and formulas cover.
HOLIDAY_ROWS = 400


OFFICE = "办事处"
DEPARTMENT = "区直单位"

# key -> (default, note). Keys are what users see in column A of 【基本设置】.
SIGNATURE_KEY = "署名"
# Settings of earlier templates, read when 署名 is empty: the name of 交办单/催办 and the 通报's 落款.
LEGACY_SIGNATURE_KEYS = ("督办机构", "通报落款")
# Extension requests (申请延期): the two statuses of the default 【办理状态】 and the scoring switch.
EXTENSION_REQUESTED, EXTENDED = "申请延期", "已延期"
LATE_EXTENSION_KEY = "逾期申请延期按原时限计分"

BASIC_KEYS: dict[str, tuple[Any, str]] = {
    "区县名称": (DEFAULT_DISTRICT, "用于文书标题，如“红旗县”；“署名”留空时也用于署名"),
    "考评年度": (None, "台账所属年度；留空时取交办日期最多的年份。“9月5日”这类日期按此年度读取"),
    "例会星期": ("星期一", "每周交办例会在星期几召开"),
    "加减分上限": (10, "每个单位每月加减分合计的上下限（绝对值）"),
    "问责连续末位月数": (2, "连续几个月末位启动问责程序（参数表有【问责阶梯】时以【问责阶梯】为准）"),
    "临期提醒工作日": (3, "距完成时限几个工作日内标黄"),
    "答卷间隔天数": (7, "未办结事项超过几天没有本周进展即提醒（一周一答卷）"),
    "考评月份": ("", "重算排名、生成上报件考评哪个月，如 2026-10；留空为上一个完整月份（命令行的 --month 优先）"),
    "发件服务器": ("", "上报邮件的 SMTP 服务器，如 smtp.example.gov.cn"),
    "发件端口": (465, "SMTP 端口，SSL 常用 465，STARTTLS 常用 587"),
    "加密方式": ("SSL", "SSL、STARTTLS 或 无"),
    "发件人": ("", "发件邮箱地址"),
    "收件人": ("", "多个收件人用顿号或分号分隔"),
    "发件账号": ("", "登录账号；密码不存表格，运行时从环境变量 DUBAN_SMTP_PASSWORD 读取"),
    SIGNATURE_KEY: ("", "所有文书（通报落款、交办单、催办、研判议程、制表单位）署名的机关，如“红旗县委督查室”；"
                        "留空为“<区县名称>督查室”"),
    "督办联系人": ("", "催办、交办单上的联系人"),
    "通报主送": ("各街道办事处，区直各单位", "月度通报的主送机关"),
    "发文机关标志": ("", "通报版头的红色机关标志，如“红旗县督查委员会文件”；留空则通报不印版头"),
    "发文字号": ("", "通报的发文字号，如“红督查〔2026〕5号”（年份用六角括号，序号不编虚位）"),
    "签发人": ("", "上行文的签发人姓名；填写后与发文字号排在同一行"),
    "抄送": ("", "通报版记的抄送机关，用逗号或顿号分隔，如“区委办公室，区政府办公室”；与“印发机关”都留空则不印版记"),
    "印发机关": ("", "通报版记的印发机关；留空时，填了“抄送”则用“署名”"),
    "印发日期": ("", "通报版记的印发日期，如 2026-11-27；留空为成文日期"),
    "督办联系电话": ("", "催办、交办单上的联系电话"),
    "催办回复工作日": (2, "催办后请单位在几个工作日内回复"),
    "配合单位权重": (0, "配合单位的事项按此权重计入配合单位的月考评（0 至 1，如 0.5）；0 为只考核牵头单位"),
    "首次进展工作日": (5, "交办单：例会后第几个工作日前报送首次进展（按法定节假日和调休计算）"),
    "反馈方式": ("通过答卷或OA报送", "催办、交办单中告诉单位怎样反馈办理情况，如“通过答卷或OA报送”"),
    "答卷纪律考核": ("否", "是：按反馈日期统计各单位每月漏报、迟报的周数，列入月考评和月讲评（一周一答卷）"),
    "答卷截止": ("星期五", "每周答卷的截止日（例会后的第一个该星期几）；当周截止日之后才答卷为迟报"),
    "漏报扣分": (0, "答卷纪律考核为“是”时，每漏报一周从加减分中扣减的分数（与加减分合计后一并受加减分上限约束）"),
    "迟报扣分": (0, "答卷纪律考核为“是”时，每迟报一周从加减分中扣减的分数"),
    CLOSURE_KEY: ("否", "是：已完成的事项经督查室销号（周交办“销号日期”列填写日期）后才计为办结，按时与否仍看完成日期；"
                        "否：按办理状态和完成日期计算"),
    LATE_EXTENSION_KEY: ("否", "申请延期日期晚于完成时限（逾期后才申请）的事项：填“是”按原完成时限计分，"
                               "填“否”按调整后时限计分；两种情况都在校验结果中提示"),
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
    STATUS: (["状态", "是否办结"], [["未启动", "否"], ["推进中", "否"], ["已完成", "是"], [REOPENED_STATUS, "否"],
                                 [EXTENSION_REQUESTED, "否"], [EXTENDED, "否"]]),
    REVIEW_STATUS: (["状态", "是否化解"], [["未化解", "否"], ["化解中", "否"], ["已化解", "是"]]),
    ITEM_CATEGORIES: (["类别"], [["重点项目"], ["民生实事"], ["招商引资"], ["城市管理"], ["安全生产"], ["生态环保"], ["其他"]]),
    REVIEW_CATEGORIES: (["类别"], [["历史遗留问题"], ["信访积案"], ["问题楼盘"], ["征迁遗留问题"]]),
    COLUMN_NAMES: (["本单位列名", "标准列名", "工作表（留空为所有表）"], []),
    EXCLUDED_SHEETS: (["工作表", "说明"], []),
    ESCALATION: (["连续末位月数", "措施", "计入问责次数"],
                 [[1, WARNING_MEASURE, "否"], [2, ACCOUNTABILITY_MEASURE, "是"]]),
    # 周研判 回头看: a finding marked 否 reopens a problem marked 已化解 (it counts as not resolved).
    REVISIT: (["结论", "是否巩固"], [["已巩固", "是"], ["反弹", "否"], ["未化解", "否"], ["问题复发", "否"]]),
    # Last block: it grows by some 40 rows a year, below it nothing else needs to move.
    HOLIDAYS: (["日期", "类型", "名称"], []),
}

# Spare rows left under each list block in the template so users can add entries.
SPARE_ROWS = 6

WEEKDAYS = {"星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6,
            "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "星期天": 6, "周天": 6}


def default_signature(district: str) -> str:
    return f"{district}督查室"


def default_name_note(settings: Settings) -> str:
    """The warning every document command prints while the office still signs as the template's 示范区."""
    if not settings.default_name:
        return ""
    return (f"注意：文书仍署名“{settings.signature}”（参数【{BASIC}】中“区县名称”“{SIGNATURE_KEY}”还是模板的"
            f"“{DEFAULT_DISTRICT}”）。请在“参数”表填写本区县名称和{SIGNATURE_KEY}，"
            f"或新建台账时用 duban new 文件名 --name 区县名称")


_YEAR_BRACKETS = re.compile(r"[\[［【(（〔{｛]\s*(\d{4})\s*[\]］】)）〕}｝]")
_SERIAL = re.compile(r"〕0+(\d+号)")


def document_number(text: str) -> str:
    """发文字号 per GB/T 9704 §7.2.4: the year in 六角括号 〔2026〕, the serial without padding (5号, not 05号)."""
    text = _YEAR_BRACKETS.sub(lambda m: f"〔{m[1]}〕", text.strip())
    return _SERIAL.sub(r"〕\1", text)


def named_values(district: str) -> dict[str, str]:
    """【基本设置】 values of a ledger for `district` (duban new --name, adopt): 区县名称 and 署名."""
    return {"区县名称": district, SIGNATURE_KEY: default_signature(district)}


def template_rows(values: dict[str, Any] | None = None) -> list[list[Any]]:
    """The 参数 sheet as the template writes it: blocks separated by blank rows; `values` replace
    【基本设置】 defaults by key."""
    rows: list[list[Any]] = []
    for title, (header, data) in DEFAULT_BLOCKS.items():
        rows.append([f"【{title}】"])
        rows.append(list(header))
        if title == BASIC and values:
            data = [[k, values.get(k, v), note] for k, v, note in data]
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


Rows = Sequence[tuple[int | None, list[Any]]]


class _Basic:
    """【基本设置】 by key: (row, value); a key missing or left empty reads as its default (row None)."""

    def __init__(self, rows: Rows):
        self.cells: dict[str, tuple[int | None, Any]] = {}
        for r, vals in rows:
            key = _text(vals[0] if vals else None)
            if key:
                self.cells[key] = (r, _at(vals, 1))

    def get(self, key: str) -> tuple[int | None, Any]:
        if key in self.cells and _text(self.cells[key][1]) != "":
            return self.cells[key]
        return None, BASIC_KEYS[key][0]

    def text(self, key: str) -> str:
        return _text(self.get(key)[1])

    def row(self, key: str) -> int | None:
        """The key's row even when its value is empty."""
        return self.cells.get(key, (None, None))[0]


class _Reader:
    """Reads blocks with a fallback to defaults, collecting findings."""

    def __init__(self, grid: list[list[Any]], sheet: str):
        self.sheet = sheet
        self.blocks = _blocks(grid)
        self.findings: list[Finding] = []
        self.basic = _Basic([])

    def rows(self, title: str) -> Rows:
        if title in self.blocks:
            _h, _header, rows = self.blocks[title]
            if rows:
                return rows
        if title in DEFAULT_BLOCKS and title not in OPTIONAL_BLOCKS:
            self.findings.append(Finding(
                "missing-parameter-block", "警告", self.sheet, None, None, title,
                f"参数表中没有找到“【{title}】”或其内容为空，已按默认值计算",
                "可用 duban new 生成的模板中的参数表对照补齐"))
            return [(None, list(r)) for r in DEFAULT_BLOCKS[title][1]]
        return []

    def bad(self, row: int | None, col: int, field_name: str, message: str, suggestion: str = "") -> None:
        row1, col1 = at(row, col) if row is not None else (None, None)
        self.findings.append(Finding("bad-parameter", "错误", self.sheet, row1, col1, field_name, message, suggestion))

    def number(self, row: int | None, col: int, value: Any, label: str, default: float,
               low: float | None = None) -> float:
        n = _number(value)
        if n is None or (low is not None and n < low):
            self.bad(row, col, label, f"“{label}”应填写数字，现为“{_text(value)}”，已按默认值 {default:g} 计算",
                     f"请填写不小于 {low:g} 的数字" if low is not None else "请填写数字")
            return default
        return n

    def number_key(self, key: str, low: float) -> float:
        """A number of 【基本设置】 not below `low`; anything else is an error and reads as the default."""
        r, v = self.basic.get(key)
        return self.number(r, 1, v, key, BASIC_KEYS[key][0], low=low)


def _at(vals: list[Any], i: int) -> Any:
    return vals[i] if len(vals) > i else None


def read_settings(grid: list[list[Any]] | None, sheet: str = "参数") -> tuple[Settings, list[Finding]]:
    """Parse the 参数 sheet grid (rows from A1). Missing parts fall back to defaults."""
    rd = _Reader(grid or [], sheet)
    s = Settings()
    for title, read in BLOCK_READERS.items():
        read(rd, rd.rows(title), s)
    return s, rd.findings


def _read_basic(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【基本设置】: key / value rows."""
    rd.basic = basic = _Basic(rows)
    s.district = basic.text("区县名称") or DEFAULT_DISTRICT
    _read_period(rd, s)
    s.adjustment_cap = rd.number_key("加减分上限", low=0)
    s.accountability_months = int(rd.number_key("问责连续末位月数", low=1))
    s.due_soon_workdays = int(rd.number_key("临期提醒工作日", low=0))
    s.answer_days = int(rd.number_key("答卷间隔天数", low=1))
    _read_documents(rd, s)
    s.reply_workdays = int(rd.number_key("催办回复工作日", low=0))
    s.co_weight = _co_weight(rd)
    s.first_report_workdays = int(rd.number_key("首次进展工作日", low=1))
    s.report_channel = basic.text("反馈方式") or BASIC_KEYS["反馈方式"][0]
    _answer_discipline(rd, s)
    s.late_extension_original = _yes_no_key(rd, LATE_EXTENSION_KEY)
    for key, name in (("发件服务器", "host"), ("发件端口", "port"), ("加密方式", "security"),
                      ("发件人", "sender"), ("收件人", "recipients"), ("发件账号", "user")):
        s.smtp[name] = basic.get(key)[1]
    s.closure_required = _yes_no_key(rd, CLOSURE_KEY)
    r = basic.get(CLOSURE_KEY)[0]
    s.closure_row = r + 1 if r is not None else None


def _read_period(rd: _Reader, s: Settings) -> None:
    """考评年度 (a year 2000-2100 or empty), 考评月份 (a month or empty) and 例会星期."""
    r, v = rd.basic.get("考评年度")
    if v not in (None, ""):
        n = _number(v)
        if n is None or not 2000 <= n <= 2100:
            rd.bad(r, 1, "考评年度", f"考评年度“{_text(v)}”无法识别", "请填写四位年份，如 2026")
        else:
            s.year = int(n)
    r, v = rd.basic.get("考评月份")
    if v not in (None, ""):
        from duban.dates import parse_month
        month, err = parse_month(v, s.year)
        if err or month is None:
            rd.bad(r, 1, "考评月份", f"考评月份“{_text(v)}”无法识别，已按上一个完整月份计算", "请按“2026-10”的格式填写，或留空")
        else:
            s.month = month
    s.meeting_weekday = _weekday_key(rd, "例会星期")


def _read_documents(rd: _Reader, s: Settings) -> None:
    """What the documents print: 署名, contacts, 通报主送 and the 通报's 版头/版记."""
    basic = rd.basic
    s.signature = _signature(rd) or default_signature(s.district)
    s.office_contact = basic.text("督办联系人")
    s.letterhead = Letterhead(basic.text("发文机关标志"), document_number(basic.text("发文字号")),
                              basic.text("签发人"), basic.text("抄送"), basic.text("印发机关"),
                              basic.get("印发日期")[1])
    s.addressee = basic.text("通报主送") or BASIC_KEYS["通报主送"][0]
    s.office_phone = basic.text("督办联系电话")


def _co_weight(rd: _Reader) -> float:
    """配合单位权重: 0 to 1; above 1 is an error and reads as 0."""
    weight = rd.number_key("配合单位权重", low=0)
    if weight > 1:
        rd.bad(rd.basic.get("配合单位权重")[0], 1, "配合单位权重",
               f"“配合单位权重”不能大于 1，现为 {weight:g}，已按 0 计算", "请填写 0 至 1 之间的数，如 0.5")
        return 0.0
    return weight


def _answer_discipline(rd: _Reader, s: Settings) -> None:
    """答卷纪律考核 (是/否), 答卷截止 (a weekday), 漏报扣分 and 迟报扣分 (points ≥ 0 per week)."""
    s.answer_discipline = _yes_no_key(rd, "答卷纪律考核")
    s.answer_deadline_weekday = _weekday_key(rd, "答卷截止")
    s.missed_points = rd.number_key("漏报扣分", low=0)
    s.late_points = rd.number_key("迟报扣分", low=0)


def _read_groups(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【考评组别】: 组别, 奖励名额, 表态发言名额."""
    for r, vals in rows:
        name = _text(vals[0])
        if name:
            k = rd.number(r, 1, _at(vals, 1), f"{name}奖励名额", 0, low=0)
            st = rd.number(r, 2, _at(vals, 2), f"{name}表态发言名额", 0, low=0)
            s.groups[name] = GroupRule(name, int(k), int(st))


def _read_rewards(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【奖励经费】: 组别 (one of 【考评组别】), 名次, 金额."""
    for r, vals in rows:
        name = _text(vals[0])
        if not name:
            continue
        if name not in s.groups:
            rd.bad(r, 0, "组别", f"奖励经费中的组别“{name}”不在【考评组别】中", "请与【考评组别】的组别名称保持一致")
            continue
        rank = rd.number(r, 1, _at(vals, 1), "名次", 0, low=1)
        amount = rd.number(r, 2, _at(vals, 2), "金额", 0, low=0)
        if rank >= 1:
            s.groups[name].rewards[int(rank)] = amount


def _read_grades(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【点评等次】: 等次, 分值."""
    for r, vals in rows:
        name = _text(vals[0])
        if name:
            s.grades[name] = rd.number(r, 1, _at(vals, 1), f"等次“{name}”分值", 0, low=0)


def _read_weights(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【指标权重】: 办结率, 按时率 and 点评质量 with their weights."""
    for r, vals in rows:
        name = _text(vals[0])
        if not name:
            continue
        if name not in ("办结率", "按时率", "点评质量"):
            rd.bad(r, 0, "指标", f"指标“{name}”无法识别", "指标只能是 办结率、按时率、点评质量")
            continue
        s.weights[name] = rd.number(r, 1, _at(vals, 1), f"{name}权重", 0, low=0)


def _first_column(rows: Rows) -> list[str]:
    return [_text(v[0]) for _r, v in rows if v and _text(v[0])]


def _read_revisit(rd: _Reader, rows: Rows, s: Settings) -> None:
    """【回头看结论】: 结论, 是否巩固 (all 否 is allowed); empty reads as the template's rows."""
    s.revisit_held = _flag_table(rd, rows, REVISIT, "是否巩固", all_no=True) or {
        str(k): v == "是" for k, v in DEFAULT_BLOCKS[REVISIT][1]}


def holiday_calendar(rows: list[list[Any]]) -> tuple[Calendar, list[Finding]]:
    """A calendar from the rows of 【节假日安排】 alone (日期, 类型, 名称), e.g. a worksheet range."""
    rd = _Reader([[f"【{HOLIDAYS}】"], list(DEFAULT_BLOCKS[HOLIDAYS][0]), *rows], "参数")
    return Calendar(_holidays(rd, rd.rows(HOLIDAYS))), rd.findings


def _holidays(rd: _Reader, rows: Rows) -> list[Day]:
    """【节假日安排】: 日期, 类型 (休/班), 名称. A bad row is an error on its cell and is left out."""
    from duban.dates import parse_date

    days: dict = {}
    for r, vals in rows:
        vals = list(vals) + [None, None, None]
        parsed = parse_date(vals[0])
        kind, name = _text(vals[1]), _text(vals[2])
        if parsed.value is None:
            rd.bad(r, 0, "日期", f"【{HOLIDAYS}】中的日期“{_text(vals[0])}”无法识别" if _text(vals[0])
                   else f"【{HOLIDAYS}】中“{name or kind}”一行没有填写日期",
                   "请填写日期，如 2027-01-01；这一行未使用")
            continue
        if kind not in (OFF, ON):
            rd.bad(r, 1, "类型", f"【{HOLIDAYS}】中 {parsed.value.isoformat()} 的类型“{kind}”无法识别",
                   f"请填写“{OFF}”（放假）或“{ON}”（调休上班）；这一行未使用")
            continue
        earlier = days.get(parsed.value)
        if earlier is not None and earlier.kind != kind:
            rd.bad(r, 1, "类型", f"【{HOLIDAYS}】中 {parsed.value.isoformat()} 登记了两次，类型不同",
                   f"请删去其中一行；已按先登记的“{earlier.kind}”计算")
            continue
        days.setdefault(parsed.value, Day(parsed.value, kind, name, REGISTERED))
    return list(days.values())


def _weekday_key(rd: _Reader, key: str) -> int:
    """A weekday key of 【基本设置】 (星期一 … 星期日, 周一 …); anything else is an error on its cell
    and reads as the key's default."""
    r, v = rd.basic.get(key)
    wd = WEEKDAYS.get(_text(v))
    if wd is None:
        default = BASIC_KEYS[key][0]
        rd.bad(r, 1, key, f"{key}“{_text(v)}”无法识别，已按{default}处理", "请填写“星期一”至“星期日”")
        wd = WEEKDAYS[default]
    return wd


def _yes_no_key(rd: _Reader, key: str) -> bool:
    """A 是/否 key of 【基本设置】; anything else is an error on its cell and reads as the default."""
    r, v = rd.basic.get(key)
    default = yes_no(BASIC_KEYS[key][0])
    flag = yes_no(_text(v))
    if flag is None:
        rd.bad(r, 1, key, f"“{key}”应填“是”或“否”，现为“{_text(v)}”，已按“{BASIC_KEYS[key][0]}”处理",
               "请填写“是”或“否”")
        return bool(default)
    return flag


def _signature(rd: _Reader) -> str:
    """署名, else (a ledger from an earlier template) 督办机构 or 通报落款; '' for the default.
    Two different old names become one, with a warning saying which."""
    basic = rd.basic.cells
    name = _text(basic.get(SIGNATURE_KEY, (None, ""))[1])
    if name:
        return name
    old = {k: (basic[k][0], _text(basic[k][1])) for k in LEGACY_SIGNATURE_KEYS if k in basic and _text(basic[k][1])}
    names = list(dict.fromkeys(v for _r, v in old.values()))
    if len(names) > 1:
        row = next(iter(old.values()))[0]
        where: tuple[int | None, int | None] = at(row, 1) if row is not None else (None, None)
        rd.findings.append(Finding(
            "parameter-conflict", "警告", rd.sheet, *where, SIGNATURE_KEY,
            f"参数中“督办机构”（{names[0]}）与“通报落款”（{names[1]}）不同；所有文书现统一署名“{names[0]}”",
            f"请在【{BASIC}】中填写“{SIGNATURE_KEY}”，并删除“督办机构”“通报落款”两行"))
    return names[0] if names else ""


def _column_names(rd: _Reader, rows: Rows) -> dict[str, dict[str, str]]:
    """【列名对照】: the office's header -> a standard header (of any input sheet)."""
    from duban import schema
    from duban.read.headers import normalise_header

    standard = {normalise_header(c.header): c.header for sh in schema.INPUT_SHEETS for c in sh.columns}
    out: dict[str, dict[str, str]] = {}
    for r, vals in rows:
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


def _escalation(rd: _Reader, rows: Rows, accountability_months: int) -> list[Rung]:
    """【问责阶梯】: consequences by consecutive 末位 months. Absent or empty: 问责连续末位月数 decides."""
    rungs: dict[int, Rung] = {}
    for r, vals in rows:
        vals = list(vals) + [None] * 3
        months, measure, flag = _number(vals[0]), _text(vals[1]), _text(vals[2])
        if months is None or months < 1 or not months.is_integer():
            rd.bad(r, 0, "连续末位月数", f"【{ESCALATION}】的“连续末位月数”应填写正整数，现为“{_text(vals[0])}”，此行未采用",
                   "请填写 1、2、3 这样的月数")
            continue
        if not measure:
            rd.bad(r, 1, "措施", f"【{ESCALATION}】连续末位 {int(months)} 个月的“措施”未填写，此行未采用",
                   "请填写措施，如“预警”“由分管区领导约谈”“启动问责程序”")
            continue
        if flag not in ("", "是", "否"):
            rd.bad(r, 2, "计入问责次数", f"【{ESCALATION}】的“计入问责次数”应填“是”或“否”，现为“{flag}”，已按“是”处理",
                   "请填写“是”或“否”")
        if int(months) in rungs:
            rd.bad(r, 0, "连续末位月数", f"【{ESCALATION}】中连续末位 {int(months)} 个月出现了两次，以后一行为准",
                   "每个月数只保留一行")
        counts = flag != "否" if flag else measure != WARNING_MEASURE
        rungs[int(months)] = Rung(int(months), measure, counts)
    ladder = [rungs[k] for k in sorted(rungs)]
    if ladder == default_ladder(2):
        return []   # the template's rows as shipped: 问责连续末位月数 (an older setting) decides
    counted = [r.months for r in ladder if r.counts]
    key_row = rd.basic.row("问责连续末位月数")
    if ladder and key_row is not None and counted and accountability_months != counted[0]:
        rd.findings.append(Finding(
            "parameter-conflict", "警告", rd.sheet, *at(key_row, 1), "问责连续末位月数",
            f"“问责连续末位月数”为 {accountability_months}，与【{ESCALATION}】（连续末位 {counted[0]} 个月起计入问责）不一致，"
            f"已按【{ESCALATION}】计算", f"请修改【{ESCALATION}】，或把“问责连续末位月数”改为 {counted[0]}"))
    return ladder


def _flag_table(rd: _Reader, rows: Rows, title: str, flag: str, all_no: bool = False) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for r, vals in rows:
        name = _text(vals[0])
        if not name:
            continue
        f = _text(vals[1] if len(vals) > 1 else None)
        yes = yes_no(f)
        if yes is None:
            rd.bad(r, 1, flag, f"“{name}”的“{flag}”应填“是”或“否”，现为“{f}”", "请填写“是”或“否”（也可用 √ 和 ×）")
        out[name] = bool(yes)
    if out and not any(out.values()) and not all_no:
        rd.findings.append(Finding("no-option-chosen", "错误", rd.sheet, None, None, title, f"【{title}】中没有任何一项标为“是”",
                                   "请把表示办结（化解）的状态标为“是”"))
    return out


def _read_status(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.status_done = _flag_table(rd, rows, STATUS, "是否办结")


def _read_review_status(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.review_done = _flag_table(rd, rows, REVIEW_STATUS, "是否化解")


def _read_item_categories(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.item_categories = _first_column(rows)


def _read_review_categories(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.review_categories = _first_column(rows)


def _read_column_names(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.column_names = _column_names(rd, rows)


def _read_excluded_sheets(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.excluded_sheets = _first_column(rows)


def _read_escalation(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.escalation = _escalation(rd, rows, s.accountability_months)


def _read_holidays(rd: _Reader, rows: Rows, s: Settings) -> None:
    s.calendar = Calendar(_holidays(rd, rows))


# Block title -> its reader, in reading order (【基本设置】 first: the blocks below use its keys).
BLOCK_READERS: dict[str, Callable[[_Reader, Rows, Settings], None]] = {
    BASIC: _read_basic,
    GROUPS: _read_groups,
    REWARDS: _read_rewards,   # after 【考评组别】: a reward names a group
    GRADES: _read_grades,
    WEIGHTS: _read_weights,
    STATUS: _read_status,
    REVIEW_STATUS: _read_review_status,
    ITEM_CATEGORIES: _read_item_categories,
    REVIEW_CATEGORIES: _read_review_categories,
    COLUMN_NAMES: _read_column_names,
    EXCLUDED_SHEETS: _read_excluded_sheets,
    REVISIT: _read_revisit,
    ESCALATION: _read_escalation,
    HOLIDAYS: _read_holidays,
}


def default_settings() -> Settings:
    """Settings as the template ships them."""
    return read_settings(template_rows())[0]

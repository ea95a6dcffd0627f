"""`duban holidays [YEAR] [--file LEDGER]`: the holidays and make-up working days a run uses.

Registered through duban.commands.main.build_parser. Each day says where it comes from: 库 (the
published arrangement chinese-calendar knows), 法定规则 (the statutory holidays of a later
year) or 参数 (the ledger's 【节假日安排】). Exit 1 when the ledger's block has bad rows.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from duban.commands.common import DATA_ERRORS, OK, console, err_console, existing_file, parse_today
from duban.errors import BadArguments
from duban.findings import Finding

FIRST_YEAR, LAST_YEAR = 1901, 2099   # the lunar table's range


def register(sub, add) -> None:
    sp = sub.add_parser("holidays", help="显示某年的节假日和调休上班日（来自库、法定规则或参数表）",
                        description="显示某年的节假日和调休上班日，以及各自的来源（库/法定规则/参数）")
    sp.add_argument("year", nargs="?", metavar="年份", help="如 2027（默认今年）")
    sp.add_argument("--file", metavar="台账", help="同时使用此台账“参数”表【节假日安排】中登记的日期")
    sp.add_argument("--today", metavar="YYYY-MM-DD", help="按哪一天计算“今年”（默认今天）")
    sp.set_defaults(func=cmd_holidays)


def _year(value: str | None, today) -> int:
    if value is None:
        return today.year
    text = value.strip().rstrip("年")
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadArguments(f"年份“{value}”无法识别，请填写 {FIRST_YEAR} 至 {LAST_YEAR} 之间的四位年份，如 2027")
    return int(text)


def cmd_holidays(args) -> int:
    from duban import schema
    from duban.read.book import read_book
    from duban.read.params import HOLIDAYS, read_settings
    from duban.workdays import LIBRARY_YEARS, OFF, Calendar

    year = _year(args.year, parse_today(args.today))
    calendar = Calendar()
    findings: list[Finding] = []
    if args.file:
        path = existing_file(args.file)
        book = read_book(path, [schema.PARAMS.title])
        settings, findings = read_settings(book.grid(schema.PARAMS.title), schema.PARAMS.title)
        findings = [f for f in findings if f.field in ("日期", "类型") and HOLIDAYS in f.message]
        calendar = settings.calendar
    days = calendar.days(year)
    console.print(escape(f"{year}年的节假日安排：{calendar.year_source(year)}"))
    t = RichTable(show_lines=False)
    for h in ("日期", "星期", "类型", "名称", "来源"):
        t.add_column(h)
    for d in days:
        kind = Text(d.kind, style="green" if d.kind == OFF else "red")
        t.add_row(d.date.isoformat(), "星期" + "一二三四五六日"[d.date.weekday()], kind, Text(d.name or "—"),
                  d.source)
    console.print(t)
    off = sum(d.kind == OFF for d in days)
    console.print(f"共 {off} 天放假、{len(days) - off} 天调休上班；其余星期一至星期五上班、星期六和星期日休息")
    if year not in LIBRARY_YEARS:
        calendar.note_rule_year(year)
    notice = calendar.notice()
    if notice:
        console.print(f"[yellow]提示：[/yellow]{escape(notice)}")
    for f in findings:
        err_console.print(f"错误 {f.sheet}!{f.cell}：{f.message}。{f.suggestion}", markup=False)
    return DATA_ERRORS if findings else OK

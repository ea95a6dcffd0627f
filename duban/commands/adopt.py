"""`duban adopt OLD -o NEW.xlsm`: bring an office's existing ledger into a duban workbook.

Registered by duban.commands.main.build_parser. Exit codes as in duban.commands.common: 0 adopted, 1 adopted
but NEW holds cells to fix (listed) or the row count does not add up, 2 cannot run (nothing written).
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from duban.commands.common import DATA_ERRORS, OK, console, parse_today
from duban.errors import BadArguments

SHOWN_ROWS = 15  # rows of each section on the console; the 导入说明 sheet has them all


def register(sub, add) -> None:
    help_text = "把原有台账（.xlsx/.xlsm/.xls/.ods/.csv）导入新的 duban 台账，原文件不改动"
    sp = sub.add_parser("adopt", help=help_text, description=help_text)
    sp.add_argument("file", metavar="原台账", help="原有台账文件：.xlsx、.xlsm、.xls、.ods 或 .csv（UTF-8 或 GBK）")
    sp.add_argument("-o", "--output", metavar="新台账",
                    help="新台账文件名：.xlsm 带按钮，.xlsx 不带宏（默认：原文件名加“-duban.xlsm”，放在原文件旁）")
    sp.add_argument("--today", metavar="YYYY-MM-DD", help="按哪一天计算（默认今天；用于推断年份）")
    sp.add_argument("--dry-run", action="store_true", help="只显示导入说明，不生成新台账")
    sp.add_argument("--force", action="store_true", help="新台账文件已存在时覆盖")
    sp.set_defaults(func=cmd_adopt)


def cmd_adopt(args) -> int:
    from duban.adopt import adopt

    old = Path(args.file)
    if not old.exists():
        raise BadArguments(f"找不到文件“{args.file}”，请检查文件名和所在文件夹")
    if old.is_dir():
        raise BadArguments(f"“{args.file}”是文件夹，请给出原台账文件")
    new = Path(args.output) if args.output else old.with_name(f"{old.stem}-duban.xlsm")
    today = parse_today(args.today)
    with console.status("正在读取原台账…"):
        report = adopt(old, new, today=today, dry_run=args.dry_run, force=args.force)
    print_report(report)
    if args.dry_run:
        console.print("（试运行：未生成新台账）")
    else:
        console.print(escape(f"已生成新台账：{new}（原台账未改动）。完整说明见其中的“{'导入说明'}”工作表；"
                             f"核对后可运行 duban recompute {new.name}"))
    return OK if report.adds_up and not report.cells.rows else DATA_ERRORS


def print_report(report) -> None:
    for line in report.summary():
        console.print(escape(line))
    for s in report.sections:
        if not s.rows:
            continue
        t = RichTable(title=escape(f"{s.title}（{len(s.rows)} 项）"), title_justify="left", show_lines=False)
        for h in s.header:
            t.add_column(h, overflow="fold")
        for row in s.rows[:SHOWN_ROWS]:
            t.add_row(*(Text("" if v is None else str(v)) for v in row))
        console.print(t)
        if len(s.rows) > SHOWN_ROWS:
            console.print(f"……另有 {len(s.rows) - SHOWN_ROWS} 项，见“导入说明”工作表")

"""Commands of the weekly rhythm: `duban remind|assign|agenda`.

Registered by duban.commands.main.build_parser. Exit codes as in duban.commands.common: 0 ok,
1 items that could not be handled (no resolvable lead unit), 2 cannot run (bad file,
a meeting that does not exist, an empty ledger); nothing is written on exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.markup import escape

from duban.commands.common import DATA_ERRORS, OK, console, err_console, open_ledger, parse_meeting, print_table


def register(sub, add) -> None:
    sp = add("remind", cmd_remind, "生成催办：逾期、临期、超期未反馈的事项，按单位生成可直接发送的催办文本，"
             "并写入“催办提醒”工作表")
    sp.add_argument("-o", "--output", metavar="文件夹",
                    help="催办文本保存到哪个文件夹（默认：台账旁的“催办\\日期”文件夹）")

    sp = add("assign", cmd_assign, "生成交办单：某期例会交办给各牵头单位的事项（.docx 和一页 .xlsx），另附汇总表",
             dry=False)
    sp.add_argument("--meeting", type=parse_meeting, metavar="N", help="期次（默认：最近一期）")
    sp.add_argument("-o", "--output", metavar="文件夹", help="交办单保存到哪个文件夹（默认：台账旁的“交办单\\第N期”）")

    sp = add("agenda", cmd_agenda, "生成周研判议程：未化解问题按类别列出原因、根源、破题路径和时限（.docx 和 .xlsx）",
             dry=False)
    sp.add_argument("--meeting-date", type=_date, metavar="YYYY-MM-DD",
                    help="研判会议日期（默认：今天或之后最近的例会日，见“参数”表的例会星期）")
    sp.add_argument("-o", "--output", metavar="文件夹", help="议程保存到哪个文件夹（默认：台账旁的“周研判”）")


def _date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{value}”无法识别，请按 2026-11-30 的格式填写") from None


def _saved(paths: list[Path], folder: Path) -> None:
    console.print(escape(f"已生成 {len(paths)} 个文件，保存在 {folder}"))


# ---- remind -----------------------------------------------------------------

def cmd_remind(args) -> int:
    from duban import schema
    from duban.rhythm.chase import LEVELS
    from duban.rhythm.remind import default_outdir, plan_remind, reminders_grid, write_files
    from duban.xlsxio import write_parts

    path, today, book = open_ledger(args)
    plan = plan_remind(book, today)
    console.print(escape(plan.headline()))
    if plan.pending_note():
        console.print(escape(plan.pending_note()))
    calendar_notice(plan.calendar_notice)
    if plan.messages:
        print_table("催办对象", ("单位", *LEVELS, "消息条数", "文件"),
               [(unit, *(str(k) for k in plan.level_counts(unit).values()), str(len(ms)), plan.file_name(unit))
                for unit, ms in plan.messages.items()])
    _left_out(plan.chases.left_out)
    _notes(plan.warnings())
    code = DATA_ERRORS if plan.chases.left_out else OK
    if args.dry_run:
        console.print("试运行：没有写入文件和台账")
        return code
    outdir = Path(args.output) if args.output else default_outdir(path, today)
    written = {}

    def write_sheet() -> None:   # runs once the files are complete, before they are put in place
        written["report"] = write_parts(path, {schema.REMINDERS.title: reminders_grid(plan)},
                                        conventions=schema.LEDGER_FILE, expect=plan.ledger.signature)

    files = write_files(plan, outdir, write_sheet)
    if files:
        _saved(files, outdir)
        console.print(escape(f"各单位的催办文本可直接复制到工作群；办公室汇总见 {plan.list_name}"))
    backup = written["report"].backup
    console.print(escape(f"已更新“{schema.REMINDERS.title}”工作表" + (f"（原文件已备份到 {backup}）" if backup else "")))
    return code


def calendar_notice(notice: str) -> None:
    """Say once that some year's 调休 arrangement is not registered (working days counted without it)."""
    if notice:
        console.print(f"[yellow]提示：[/yellow]{escape(notice)}")
def _notes(lines: list[str]) -> None:
    """Warnings for the clerk (the files are written; exit code unchanged)."""
    for line in lines:
        err_console.print(f"[yellow]{escape(line)}[/yellow]")


def _left_out(left_out) -> None:
    if not left_out:
        return
    from duban.rhythm.common import where

    err_console.print(f"[red]以下 {len(left_out)} 件事项需要催办，但牵头单位无法确定[/red]，请在台账中更正后重新生成：")
    for it, level, why in left_out:
        err_console.print(escape(f"  {where(it)}（{it.ref}，{level}）：{why}"))


# ---- assign -----------------------------------------------------------------

def cmd_assign(args) -> int:
    from duban.rhythm.assign import default_outdir, plan_assign, write_assign

    path, today, book = open_ledger(args)
    plan = plan_assign(book, today, args.meeting)
    outdir = Path(args.output) if args.output else default_outdir(path, plan.number)
    files = write_assign(plan, outdir)
    console.print(escape(plan.headline()))
    calendar_notice(plan.calendar_notice)
    print_table(f"第{plan.number}期交办单", ("单位", "事项", "文件"),
           [(unit, str(len(items)), plan.docx_name(unit)) for unit, items in plan.by_unit.items()])
    _left_out_assign(plan)
    _notes(plan.warnings())
    _saved(files, outdir)
    return DATA_ERRORS if plan.left_out else OK


def _left_out_assign(plan) -> None:
    if plan.left_out:
        err_console.print(f"[red]以下 {len(plan.left_out)} 件事项没有放进任何交办单[/red]，请在台账中更正后重新生成：")
        for line in plan.left_out_lines():
            err_console.print(escape("  " + line))


# ---- agenda -----------------------------------------------------------------

def cmd_agenda(args) -> int:
    from duban.rhythm.agenda import default_outdir, plan_agenda, write_agenda

    path, today, book = open_ledger(args)
    plan = plan_agenda(book, today, args.meeting_date)
    outdir = Path(args.output) if args.output else default_outdir(path)
    files = write_agenda(plan, outdir)
    console.print(escape(plan.headline()))
    print_table("各类问题化解情况", ("问题类别", "问题数", "已化解", "化解率", "未化解", "其中超时限"), plan.summary_rows())
    _saved(files, outdir)
    return OK

"""Commands of the answer loop and the upward report: `duban split|collect|export`.

Registered by duban.commands.main.build_parser. Exit codes as in duban.commands.common: 0 ok,
1 data problems (rejected answers, items left out, ledger errors), 2 cannot run.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.markup import escape

from duban.answers.layout import ANSWER_DIR, SPLIT_DIR
from duban.commands.common import (
    CANNOT_RUN,
    DATA_ERRORS,
    OK,
    console,
    err_console,
    existing_file,
    open_ledger,
    parse_meeting,
    parse_today,
    print_table,
)
from duban.errors import BadArguments
from duban.export import EXPORT_DIR
from duban.textclean import clean_control


def register(sub, add) -> None:
    sp = add("split", cmd_split, "为每个有未办结事项的牵头单位生成答卷（只能填写办理情况）", dry=False)
    sp.add_argument("--meeting", type=parse_meeting, metavar="N",
                    help="期次：只含第 N 期及以前交办的未办结事项，文件名带“第N期”")
    sp.add_argument("-o", "--output", metavar="文件夹", help=f"答卷保存到哪个文件夹（默认：台账旁的“{SPLIT_DIR}”）")

    sp = add("collect", cmd_collect, "汇总各单位交回的答卷：更新“周交办”，每处改动记入“变更记录”")
    sp.add_argument("answers", nargs="*", metavar="答卷",
                    help=f"交回答卷所在的文件夹，或答卷文件（可多个；默认：台账旁的“{ANSWER_DIR}”文件夹）")
    sp.add_argument("--accept", metavar="编号", action="append", default=[],
                    help="督查室核实后采用该事项冲突或待核实的答卷（可多次给出）")
    sp.add_argument("--reject", metavar="编号", action="append", default=[],
                    help="督查室决定不采用该事项冲突或待核实的答卷（可多次给出）")

    sp = add("export", cmd_export, "生成上报件（.xlsx，无宏、只有数值），可另存 PDF、生成邮件或直接发送",
             month=True, dry=False)
    sp.add_argument("-o", "--output", metavar="文件夹", help=f"上报件保存到哪个文件夹（默认：台账旁的“{EXPORT_DIR}”）")
    sp.add_argument("--ledger", action="store_true", help="同时附上“周交办”台账明细")
    sp.add_argument("--pdf", action="store_true", help="用 LibreOffice 另存一份 PDF")
    sp.add_argument("--docx", action="store_true", help="同时生成公文格式的月度通报（.docx，GB/T 9704）")
    sp.add_argument("--eml", action="store_true", help="生成可直接发送的邮件文件（.eml，附上报件）")
    sp.add_argument("--png", action="store_true", help="每个考评组生成一张红黑榜图片（.png，适合手机和工作群），并放入上报件")
    sp.add_argument("--smtp", action="store_true", help="按参数表中的发件设置直接发送邮件")
    sp.add_argument("--force", action="store_true", help="台账仍有错误时也发送邮件")
    sp.add_argument("--final", action="store_true",
                    help="台账仍有错误时，确认按现有数据生成正式通报（不标“草稿”）；此确认记入台账“运行日志”")


# ---- split ------------------------------------------------------------------

def cmd_split(args) -> int:
    from duban.answers.split import split_ledger

    path, today, book = open_ledger(args)
    outdir = Path(args.output) if args.output else path.parent / SPLIT_DIR
    result = split_ledger(book, outdir, today, args.meeting)
    if result.files:
        print_table(f"已生成答卷 {len(result.files)} 份（保存在 {outdir}）", ("单位", "未办结事项", "文件"),
               [(unit, str(n), p.name) for unit, p, n in result.files])
        console.print(f"请把答卷分别发给各单位；交回后放进台账旁的“{ANSWER_DIR}”文件夹，运行 duban collect 汇总。")
    else:
        console.print("没有未办结事项，未生成答卷")
    if result.left_out:
        err_console.print(f"[red]以下 {len(result.left_out)} 件未办结事项没有放进任何答卷[/red]，请在“周交办”中更正后重新生成：")
        for it, why in result.left_out:
            err_console.print(escape(f"  周交办 第 {it.row + 1} 行（编号 {it.id or '空'}）：{why}"))
        return DATA_ERRORS
    return OK


# ---- collect ----------------------------------------------------------------

def cmd_collect(args) -> int:
    from duban.answers.apply import write_headless
    from duban.answers.collect import plan_collect
    from duban.read.book import read_book

    started = time.perf_counter()
    path = existing_file(args.file)
    today = parse_today(args.today)
    inputs = [Path(a) for a in args.answers] or [path.parent / ANSWER_DIR]
    if not args.answers and not inputs[0].is_dir():
        raise BadArguments(f"找不到答卷文件夹“{inputs[0]}”。请把各单位交回的答卷放进台账旁的“{ANSWER_DIR}”文件夹，"
                           "或在命令中给出答卷所在的文件夹")
    for p in inputs:
        if p.resolve() == path.resolve():
            raise BadArguments("答卷列表中包含台账本身，请只给出答卷文件或答卷所在文件夹")
    accept, reject = _ids(args.accept), _ids(args.reject)
    if set(accept) & set(reject):
        raise BadArguments(f"编号“{'、'.join(sorted(set(accept) & set(reject)))}”同时给了 --accept 和 --reject，请只给一个")
    with console.status("正在读取台账和答卷…"):
        plan = plan_collect(read_book(path), inputs, today, accept=accept, reject=reject)
    if not plan.files and not plan.notices and not plan.changes:
        raise BadArguments(f"在 {'、'.join(str(p) for p in inputs)} 中没有找到答卷文件（.xlsx）")
    print_collect(plan)
    if args.dry_run:
        console.print("试运行：以上改动没有写入台账")
    else:
        report = write_headless(path, plan, time.perf_counter() - started)
        if report is None:
            console.print("没有需要更新的内容，台账未改动")
        else:
            done = (f"已更新“周交办” {len(plan.changes)} 处，每处改动已记入“变更记录”" if plan.changes
                    else "“周交办”没有改动")
            console.print(escape(clean_control(
                done + ("；未采用的答卷列在“答卷汇总”表" if plan.not_applied else "")
                + (f"（原文件已备份到 {report.backup}）" if report.backup else ""))))
    return DATA_ERRORS if plan.not_applied else OK


def _ids(values: list[str]) -> list[str]:
    """--accept A1 --accept A2,A3 -> ['A1', 'A2', 'A3']."""
    return [v.strip() for raw in values for v in raw.replace("，", ",").replace("、", ",").split(",") if v.strip()]


def print_collect(plan) -> None:
    from duban.answers import report

    print_table("读取的答卷", ("文件", "单位", "行数", "更新", "未采用"), report.file_rows(plan))
    rows = report.change_rows(plan)
    if rows:
        print_table("更新内容", ("编号", "字段", "原值", "新值", "来源"), rows, limit=50)
    notices = report.notice_lines(plan)
    if notices:
        console.print("问题清单：")
        for line in notices:
            line = escape(clean_control(line))
            for level in ("拒收", "冲突", "待核实", "过期答卷"):
                line = line.replace(f"【{level}】", f"[red]【{level}】[/red]", 1)
            console.print(line)
    for line in report.headline(plan):
        console.print(escape(clean_control(line)))


# ---- export -----------------------------------------------------------------

FINAL_ACTION = "确认生成正式通报"


def _log_final(path: Path, result, seconds: float) -> None:
    """A 运行日志 row for `export --final` on a ledger with errors: who confirmed which 通报, when. Should the
    ledger not take the row (open in Excel), the unlogged final 通报 is removed again."""
    from duban import schema
    from duban.model import RunEntry
    from duban.render.sheets import run_log_grid
    from duban.run import sized
    from duban.xlsxio import write_parts

    a = result.analysis
    done = (f"台账有 {a.errors} 处错误，{a.evaluation.excluded_items} 件事项未计入考评，"
            f"经确认生成正式通报：{result.docx.name}")
    entry = RunEntry.now(FINAL_ACTION, path.name, a.counts_text(), done, seconds=seconds)
    try:
        write_parts(path, sized({schema.RUN_LOG.title: run_log_grid(a.ledger, entry)}),
                    conventions=schema.LEDGER_FILE, expect=a.ledger.signature)
    except BaseException:
        for p in (result.docx, result.docx_pdf):
            if p is not None:
                p.unlink(missing_ok=True)
        raise
    console.print(escape(f"已在台账“{schema.RUN_LOG.title}”中记录：{done}"))

def cmd_export(args) -> int:
    from duban.export.mail import MailFailed, send
    from duban.export.produce import produce

    started = time.perf_counter()
    path, today, book = open_ledger(args)
    outdir = Path(args.output) if args.output else path.parent / EXPORT_DIR
    with console.status("正在生成上报件…"):
        result = produce(book, today, args.month, outdir, include_ledger=args.ledger, pdf=args.pdf, eml=args.eml,
                         docx=args.docx or args.final, final=args.final, png=args.png)
    a = result.analysis
    if args.final and a.errors:
        _log_final(path, result, time.perf_counter() - started)
    console.print(escape(f"已生成上报件：{result.xlsx}"))
    for p, what in ((result.docx, "月度通报"), (result.docx_pdf, "月度通报 PDF"), (result.pdf, "PDF"),
                    (result.eml, "邮件文件")):
        if p is not None:
            console.print(escape(f"已生成{what}：{p}"))
    for p in result.pngs:
        console.print(escape(f"已生成红黑榜图片：{p}"))
    for note in result.notes:
        err_console.print(f"[yellow]{escape(note)}[/yellow]")
    if args.smtp:
        if a.errors and not args.force:
            err_console.print(f"[red]台账有 {a.errors} 处错误，邮件未发送。[/red]请先更正后重新生成；确需发送请加 --force")
            return DATA_ERRORS
        try:
            with console.status("正在发送邮件…"):
                to = send(a.ledger.settings.smtp, result.message())
        except MailFailed as exc:
            err_console.print(f"[red]邮件未发送：[/red]{escape(exc.message)}")
            err_console.print(escape(f"上报件已保存在 {result.xlsx.parent}，可稍后重试或手工发送"))
            return CANNOT_RUN
        console.print(escape(f"已发送邮件“{result.subject}”至 {'、'.join(to)}"))
    return DATA_ERRORS if a.errors else OK

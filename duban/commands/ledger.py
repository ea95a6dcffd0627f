"""The ledger commands: `duban new|validate|recompute|publish`, and what they print.

Registered by duban.commands.main.build_parser. Exit codes as in duban.commands.common: 0 ok,
1 data errors found, 2 cannot run (bad file, bad arguments).
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.markup import escape
from rich.table import Table as RichTable

from duban import schema
from duban.commands.common import DATA_ERRORS, OK, BadArguments, console, console_text, err_console, open_ledger


def register(sub, add) -> None:
    sp = sub.add_parser("new", help="生成新的台账模板", description="生成新的台账模板")
    sp.add_argument("file", metavar="文件", help="新文件名（.xlsm 带按钮，.xlsx 不带宏）")
    sp.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    sp.add_argument("--name", metavar="区县名称",
                    help="本区县名称，如 红旗县：写入参数“区县名称”，文书署名为“红旗县督查室”（默认“示范区”）")
    sp.set_defaults(func=cmd_new)
    add("validate", cmd_validate, "校验台账，结果写入“校验结果”工作表")
    add("recompute", cmd_recompute, "校验并重算月度考评、排名、问责、年度汇总和统计", month=True)
    sp = add("publish", cmd_publish, "把某月排名标记为“已发布”（之后重算不再改动）", month=True, dry=False)
    sp.add_argument("--force", action="store_true", help="台账仍有错误时也发布")


# ---- commands ---------------------------------------------------------------

def cmd_new(args) -> int:
    from duban.template.builder import build_workbook

    p = Path(args.file)
    if p.exists() and not args.force:
        raise BadArguments(f"文件“{p}”已存在。为防止覆盖，请换一个文件名，或加 --force 覆盖")
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadArguments("新台账的文件名应以 .xlsm（带按钮）或 .xlsx（不带宏）结尾")
    from duban.read import params

    values = params.named_values(district_name(args.name)) if args.name is not None else None
    build_workbook(p, macros=p.suffix.lower() == ".xlsm",
                   rows={schema.PARAMS.title: params.template_rows(values)} if values else None)
    console.print(escape(f"已生成台账模板：{p}"))
    if values:
        console.print(escape(f"区县名称：{values['区县名称']}；文书署名：{values[params.SIGNATURE_KEY]}（可在“参数”表中修改）"))
    else:
        console.print(escape("区县名称仍是模板的“示范区”：请在“参数”表中填写本区县名称和署名，或用 --name 指定"))
    return OK


def district_name(name: str) -> str:
    """The --name of `duban new`: a short name such as 红旗县 (not empty, no line breaks)."""
    name = name.strip()
    if not name or len(name) > 20 or any(ch in name for ch in "\r\n\t"):
        raise BadArguments(f"区县名称“{name}”不合适：请填写本区县的简称，如 --name 红旗县（不超过20个字）")
    return name


def _analyse(args, score: bool):
    from duban.run import analyse

    path, today, book = open_ledger(args)
    with console.status("正在校验和计算…"):
        a = analyse(book, today, getattr(args, "month", None), score=score)
    print_reading(a.ledger, always=getattr(args, "show_columns", False))
    return path, a


def print_reading(ledger, always: bool = False) -> None:
    """Which sheets were read as items, and the column mapping when it is not the standard one
    (always with --show-columns)."""
    from duban.read.tables import ReadTable

    items = ledger.item_tables
    if always or len(items) > 1 or items[0].title != schema.ITEMS.title:
        counts: dict[str, int] = {}
        for it in ledger.items:
            counts[it.sheet] = counts.get(it.sheet, 0) + 1
        console.print(escape("读取的事项表：" + "、".join(f"“{t.title}”（{counts.get(t.title, 0)} 件）" for t in items)))
    tables = list(items) + [ledger.tables[k] for k in ("units", "leaders", "reviews", "adjustments")]
    for t in tables:
        if not isinstance(t, ReadTable) or t.match is None:
            continue
        m = t.match
        if not always and m.standard and m.first_row == 0 and m.last_row == 0:
            continue
        rows = f"第 {m.first_row + 1} 行" if m.first_row == m.last_row else f"第 {m.first_row + 1}–{m.last_row + 1} 行"
        table = RichTable(title=escape(f"“{t.title}”的列（表头在{rows}）"), show_lines=False)
        for h in ("列", "表头", "按标准列读取", "依据"):
            table.add_column(h)
        for letter, label, standard, how in m.described(t.sheet):
            table.add_row(letter, console_text(label), standard, how)
        console.print(table)


def _finish(path: Path, a, action: str, started: float) -> None:
    """The run's 运行日志 entry and, unless --dry-run, run.finish writing the ledger file."""
    from duban.hosts import FileHost
    from duban.run import finish, run_entry

    entry = run_entry(a, action, path.name, started)
    host = FileHost(path, a.ledger.signature, a.sheet_titles)
    with console.status("正在写回工作簿…"):
        finish(a, entry, host)
    if host.report is not None and host.report.backup:
        console.print(escape(f"已写回 {path.name}（原文件已备份到 {host.report.backup}）"))


def cmd_validate(args) -> int:
    started = time.perf_counter()
    path, a = _analyse(args, score=False)
    print_findings(a.findings)
    if not args.dry_run:
        _finish(path, a, "校验台账", started)
    return DATA_ERRORS if a.errors else OK


def cmd_recompute(args) -> int:
    started = time.perf_counter()
    path, a = _analyse(args, score=True)
    print_findings(a.findings)
    print_ranking(a)
    if not args.dry_run:
        _finish(path, a, "重算排名", started)
    return DATA_ERRORS if a.errors else OK


def cmd_publish(args) -> int:
    from duban.read.ledger import load_ledger
    from duban.render.sheets import history_grid
    from duban.render.text import month_label
    from duban.rules.evaluate import publish
    from duban.rules.validate import validate
    from duban.run import check_month
    from duban.xlsxio import write_parts

    path, today, book = open_ledger(args)
    month = check_month(args.month, today)
    ledger = load_ledger(book)
    rows = [h for h in ledger.history if h.month == month]
    if not rows:
        raise BadArguments(f"历史排名中没有 {month} 的记录，请先运行 duban recompute {path.name} --month {month}")
    if all(h.state == "已发布" for h in rows):
        console.print(f"{month_label(month)}的排名已经发布过，未作改动")
        return OK
    errors = sum(f.is_error for f in validate(ledger, today))
    if errors and not args.force:
        err_console.print(f"[red]台账中还有 {errors} 处错误，排名可能不准确，未发布。[/red]"
                          "请先更正“校验结果”中的错误并重算；确需发布请加 --force")
        return DATA_ERRORS
    write_parts(path, {schema.HISTORY.title: history_grid(publish(ledger, month))}, conventions=schema.LEDGER_FILE,
                expect=ledger.signature)
    console.print(f"已将{month_label(month)}的排名标记为“已发布”" + ("（台账仍有错误）" if errors else ""))
    return OK


# ---- printing ---------------------------------------------------------------

def print_findings(findings, limit: int = 20) -> None:
    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if f.is_warning]
    notes = [f for f in findings if not f.is_error and not f.is_warning]
    also = f"（另有 {len(notes)} 条提示）" if notes else ""
    if not errors and not warnings:
        console.print(f"[green]校验通过：没有发现错误或警告[/green]{also}")
        if not notes:
            return
    else:
        console.print(f"校验发现 [red]{len(errors)} 处错误[/red]、[yellow]{len(warnings)} 处警告[/yellow]{also}"
                      "（完整清单写在“校验结果”工作表）")
    t = RichTable(show_lines=False)
    for h in ("级别", "工作表", "单元格", "问题", "建议"):
        t.add_column(h)
    shown = errors + warnings + notes
    for f in shown[:limit]:
        colour = "red" if f.is_error else "yellow" if f.is_warning else ""
        level = f"[{colour}]{f.level}[/{colour}]" if colour else f.level
        t.add_row(level, *(console_text(v) for v in (f.sheet, f.cell, f.message, f.suggestion)))
    console.print(t)
    if len(shown) > limit:
        console.print(f"……另有 {len(shown) - limit} 条未显示")


def print_ranking(a) -> None:
    from duban.render.text import month_label
    from duban.render.unranked import empty_ranking_lines

    ev = a.evaluation
    res = ev.results[ev.month]
    if not a.ledger.items:
        console.print("周交办中还没有交办事项，本月没有排名。请先录入交办事项后再重算")
    why = empty_ranking_lines(a.ledger, ev) if a.ledger.items else {}
    for group in a.ledger.settings.groups if a.ledger.items else ():
        if group in why:
            console.print(f"[yellow]{escape(why[group])}[/yellow]")
            continue
        t = RichTable(title=escape(f"{month_label(ev.month)} {group}排名" + ("（已发布）" if res.published else "")))
        for h in ("名次", "单位", "综合得分", "结果", "奖励经费"):
            t.add_column(h)
        rows = sorted(((u, st) for u, st in res.standings.items() if st.group == group), key=lambda kv: kv[1].rank or 0)
        for u, st in rows:
            t.add_row(str(st.rank), console_text(u), f"{st.score:.2f}" if st.score is not None else "—", st.result,
                      f"{st.reward:,.0f}" if st.reward else "")
        console.print(t)
    if a.errors:
        console.print(f"[red]注意：台账有 {a.errors} 处错误，{ev.excluded_items} 件事项未计入排名[/red]")

"""What every command module shares: exit codes, consoles, the Chinese argument parser,
and reading the ledger named on the command line.

A small module of its own so that command modules (duban.commands.main, duban.commands.loop, …)
import it instead of each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from rich.console import Console

from duban.errors import BadArguments
from duban.outputs import protect

OK, DATA_ERRORS, CANNOT_RUN = 0, 1, 2

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese help and errors, and exit code 2 without a traceback."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str):  # noqa: D401 - argparse API
        raise BadArguments(f"命令参数有误：{_translate(message)}。用法见：duban --help")


_CHOICE = re.compile(r"argument ([^:]+): invalid choice: '([^']*)' \(choose from (.*)\)")


def _translate(message: str) -> str:
    """argparse's English error messages in Chinese."""
    m = _CHOICE.search(message)
    if m:
        what = "命令" if m[1].strip() in ("命令", "command") else f"“{m[1].strip()}”的值"
        choices = "、".join(c.strip().strip("'") for c in m[3].split(","))
        return f"无效的{what}“{m[2]}”（可选：{choices}）"
    table = {"the following arguments are required": "缺少必填参数",
             "unrecognized arguments": "无法识别的参数",
             "invalid choice": "无效的命令",
             "choose from": "可选",
             "expected one argument": "此参数需要一个值",
             "invalid int value": "不是整数",
             "invalid float value": "不是数字",
             "ambiguous option": "选项不明确",
             "could match": "可能是",
             "not allowed with argument": "不能与此参数同时使用",
             "argument": "参数"}
    for en, zh in table.items():
        message = message.replace(en, zh)
    return message


def parse_today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadArguments(f"日期“{value}”格式不对，请按 YYYY-MM-DD 填写，如 2026-11-27") from None


def existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise BadArguments(f"找不到文件“{path}”，请检查文件名和所在文件夹")
    if p.is_dir():
        raise BadArguments(f"“{path}”是文件夹，请给出台账工作簿文件")
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadArguments(f"“{p.name}”不是 .xlsx 或 .xlsm 文件。WPS 用户请先“另存为” Excel 工作簿（.xlsx）")
    protect(p)
    return p


SHOWN_CHARS = 200


def console_text(text) -> str:
    """Text from the workbook, safe for rich: markup escaped, a huge cell shortened (the sheet keeps it all)."""
    from rich.markup import escape

    text = str(text)
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS - 40]}……{text[-40:]}"
    return escape(text)


def parse_meeting(value: str) -> int:
    """The --meeting of split and assign: 12, 第12期 (argparse type; a positive number)."""
    try:
        n = int(value.strip().lstrip("第").rstrip("期"))
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"期次“{value}”应为正整数，如 12")
    return n


def print_table(title: str, headers: tuple[str, ...], rows, limit: int | None = None) -> None:
    """A console table of user text (never markup, never a control sequence), at most `limit` rows."""
    from rich.markup import escape
    from rich.table import Table as RichTable
    from rich.text import Text

    from duban.textclean import clean_control

    t = RichTable(title=escape(clean_control(title)), show_lines=False)
    for h in headers:
        t.add_column(h, overflow="fold")
    for row in rows[:limit]:
        t.add_row(*(Text(clean_control(v)) for v in row))
    console.print(t)
    if limit is not None and len(rows) > limit:
        console.print(f"……另有 {len(rows) - limit} 条未显示")


# Commands that write documents signed with the office's name (参数 署名).
DOCUMENT_COMMANDS = ("export", "assign", "remind", "agenda")


def open_ledger(args):
    """The ledger named on the command line, the day to compute for, and its sheets as read. A document
    command warns while the office's name is still the template's 示范区."""
    from duban.read.book import read_book

    path = existing_file(args.file)
    today = parse_today(args.today)
    with console.status("正在读取台账…"):
        book = read_book(path)
    if getattr(args, "command", None) in DOCUMENT_COMMANDS:
        warn_default_name(book)
    return path, today, book


def warn_default_name(book) -> None:
    from rich.markup import escape

    from duban import schema
    from duban.read.params import default_name_note, read_settings

    note = default_name_note(read_settings(book.grid(schema.PARAMS.title))[0])
    if note:
        err_console.print(f"[yellow]{escape(note)}[/yellow]")

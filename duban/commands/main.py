"""The headless command line `duban 命令 …`: the parser, main() and the dispatch to the command
groups (duban.commands.ledger, loop, rhythm, adopt, setup, vba, holidays).

Exit codes: 0 ok, 1 data errors found, 2 cannot run (bad file, bad arguments).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from rich.markup import escape

from duban import outputs
from duban.commands import adopt, holidays, ledger, loop, rhythm, setup, vba
from duban.commands.common import CANNOT_RUN, OK, BadArguments, ChineseParser, console_text, err_console
from duban.errors import Failure, guarded

# ---- entry ------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from duban import __version__

    p = ChineseParser(prog="duban", description="督办台账：校验、月度考评排名、问责与统计")
    p.add_argument("--version", action="version", version=f"duban {__version__}", help="显示 duban 的版本号")
    sub = p.add_subparsers(dest="command", parser_class=ChineseParser, metavar="命令")

    def add(name: str, fn: Callable, help_text: str, month: bool = False, dry: bool = True):
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.add_argument("file", metavar="文件", help="台账工作簿（.xlsx 或 .xlsm）")
        sp.add_argument("--today", metavar="YYYY-MM-DD", help="按哪一天计算（默认今天）")
        if month:
            sp.add_argument("--month", metavar="YYYY-MM", help="考评月份（默认上一个完整月份）")
        if dry:
            sp.add_argument("--dry-run", action="store_true", help="只计算和显示，不写回文件")
        if name in ("validate", "recompute"):
            sp.add_argument("--show-columns", action="store_true",
                            help="显示每张表的表头在第几行、每一列按哪个标准列读取")
        sp.set_defaults(func=fn)
        return sp

    for group in COMMAND_GROUPS:
        group.register(sub, add)
    return p


# The command groups, in the order `duban --help` lists them; each module has `register(sub, add)`.
COMMAND_GROUPS = (ledger, loop, rhythm, adopt, setup, vba, holidays)


# Set by packaging/windows/duban-run.bat: duban writes its exit code into this file as it ends,
# so the batch file tells duban's own "1 = data errors" from a Python crash (also exit code 1).
STATUS_FILE_ENV = "DUBAN_STATUS_FILE"


def main(argv: list[str] | None = None) -> int:
    code = CANNOT_RUN
    try:
        code = _main(argv)
    except SystemExit as exc:  # argparse: --help, --version, bad arguments
        code = exc.code if isinstance(exc.code, int) else (OK if exc.code is None else CANNOT_RUN)
        raise
    finally:
        _record_exit_code(code)
    return code


def _record_exit_code(code: int) -> None:
    target = os.environ.get(STATUS_FILE_ENV)
    if target:
        with suppress(OSError):  # the batch file then reports a crash: better than a wrong verdict
            Path(target).write_text(str(code), encoding="ascii")


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    outputs.reset()
    with guarded() as guard:
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help()
            return CANNOT_RUN
        if getattr(args, "command", "") == "publish" and not args.month:
            raise BadArguments("请用 --month YYYY-MM 指定要发布的月份")
        return args.func(args)
    assert guard.failure is not None
    return _print_failure(guard.failure)


def _print_failure(failure: Failure) -> int:
    """The Chinese words for a run that stopped (see duban.errors.guarded); its exit code."""
    exc = failure.exc
    if failure.unexpected:
        err_console.print(f"[red]程序出错：[/red]{type(exc).__name__}: {console_text(exc)}。文件未改动。"
                          "请把此信息和台账文件发给技术支持（设置环境变量 DUBAN_DEBUG=1 可显示详细信息）")
    elif isinstance(exc, KeyboardInterrupt):
        err_console.print(f"{failure.message}，文件未改动")
    else:
        err_console.print(f"[red]无法运行：[/red]{escape(failure.message)}")
    return failure.code


if __name__ == "__main__":
    sys.exit(main())

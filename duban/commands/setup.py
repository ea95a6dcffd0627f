"""`duban setup-excel 台账.xlsm`: point the workbook's buttons at this Python.

The workbook's hidden xlwings.conf sheet (keys in column A from A1 down, values in column B)
tells the xlwings VBA module which interpreter to start. This command writes the full path of
the running interpreter (on Windows under %LOCALAPPDATA% as "%LOCALAPPDATA%\\…", which xlwings
expands for whoever opens the workbook) into Interpreter_Win (Windows) or Interpreter_Mac (macOS), and
PYTHONPATH only when that interpreter cannot import duban by itself (a source folder that was
not pip-installed). Cells are patched through duban.xlsxio.write_parts: every other byte of
the workbook stays as it was, a backup is made, the file is replaced atomically.
"""

from __future__ import annotations

import ntpath
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape

from duban import schema
from duban.commands.common import OK, BadArguments, console, existing_file

TARGETS = {"windows": "Interpreter_Win", "mac": "Interpreter_Mac"}
PYTHONPATH_KEY = "PYTHONPATH"
PACKAGES = ("duban", "macros", "udfs")  # what the buttons and worksheet functions import
IMPORT_CHECK_SECONDS = 60


def register(sub, add) -> None:
    help_text = "把本机 Python 的完整路径写入台账的 xlwings.conf，让 Excel 按钮找到 duban"
    sp = sub.add_parser("setup-excel", help=help_text, description=help_text)
    sp.add_argument("file", metavar="文件", help="带按钮的台账（.xlsm）")
    sp.add_argument("--for", dest="target", choices=sorted(TARGETS), metavar="windows|mac",
                    help="为哪种系统的 Excel 设置（默认：本机系统）")
    sp.add_argument("--python", metavar="路径",
                    help="写入这个 python 的路径，而不是正在运行的 Python（为另一台电脑准备台账时用）")
    sp.add_argument("--pythonpath", metavar="文件夹",
                    help="同时写入 PYTHONPATH（只在 duban 没有用 pip 安装时需要）")
    sp.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不改动文件")
    sp.set_defaults(func=cmd_setup_excel)


@dataclass
class Setting:
    key: str
    value: str
    old: object  # the value in the sheet now (None when the key is missing)

    @property
    def changed(self) -> bool:
        return _text(self.old) != self.value


def cmd_setup_excel(args) -> int:
    from duban.read.book import read_book

    path = existing_file(args.file)
    if path.suffix.lower() != ".xlsm":
        raise BadArguments(f"“{path.name}”是 .xlsx 文件，没有按钮和宏，不需要设置 Python。"
                           "请对带按钮的 .xlsm 台账运行本命令")
    target = args.target or _this_system()
    interpreter, pythonpath = _interpreter_and_path(args)
    book = read_book(path, titles=[schema.XLWINGS_CONF_TITLE])
    grid = book.grid(schema.XLWINGS_CONF_TITLE)
    if grid is None:
        raise BadArguments(f"“{path.name}”中没有 xlwings.conf 工作表，无法设置。"
                           "请用 duban new 生成的台账模板（或把数据复制进模板）后再运行")
    rows = conf_rows(grid)
    settings = [Setting(TARGETS[target], interpreter, _old(grid, rows, TARGETS[target]))]
    old_path = _old(grid, rows, PYTHONPATH_KEY)
    if pythonpath or _text(old_path):
        settings.append(Setting(PYTHONPATH_KEY, pythonpath, old_path))
    changes = [s for s in settings if s.changed]
    if changes and not args.dry_run:
        from duban.xlsxio import write_parts

        patches = conf_patches(rows, changes)
        report = write_parts(path, {}, conventions=schema.LEDGER_FILE,
                             cell_patches={schema.XLWINGS_CONF_TITLE: patches}, expect=book.signature)
        console.print(escape(f"已写入 {path.name} 的 xlwings.conf（原文件已备份到 {report.backup}）："))
    elif changes:
        console.print(escape(f"将写入 {path.name} 的 xlwings.conf（--dry-run，未改动文件）："))
    else:
        console.print(escape(f"{path.name} 的 xlwings.conf 已是以下设置，未改动文件："))
    for s in settings:
        console.print(escape(f"  {s.key} = {s.value or '（空）'}" + (f"（原为：{_text(s.old) or '空'}）" if s.changed else "")))
    if changes and not args.dry_run:
        console.print(_next_steps(target))
    return OK


# ---- the sheet ------------------------------------------------------------------

def conf_rows(grid: list[list]) -> dict[str, int]:
    """Upper-case key -> zero-based row, for the keys xlwings reads: column A from A1 down to
    the first empty cell (VBA: Range("A1").End(xlDown))."""
    rows: dict[str, int] = {}
    for r, row in enumerate(grid):
        key = _text(row[0] if row else None).strip()
        if not key:
            break
        rows.setdefault(key.upper(), r)
    return rows


def conf_patches(rows: dict[str, int], settings: list[Setting]) -> dict[tuple[int, int], str]:
    """Cell patches (row0, col0) -> value: a present key gets its B cell, a missing key a new
    row right below the last key (so xlwings still reads it)."""
    patches: dict[tuple[int, int], str] = {}
    next_row = len(rows) and max(rows.values()) + 1
    for s in settings:
        r = rows.get(s.key.upper())
        if r is None:
            r, next_row = next_row, next_row + 1
            patches[(r, 0)] = s.key
        patches[(r, 1)] = s.value
    return patches


def _old(grid: list[list], rows: dict[str, int], key: str):
    r = rows.get(key.upper())
    if r is None:
        return None
    row = grid[r]
    return row[1] if len(row) > 1 else None


def _text(value) -> str:
    return "" if value is None else str(value)


# ---- the interpreter ------------------------------------------------------------

def _this_system() -> str:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "mac"
    raise BadArguments("这台电脑是 Linux，没有 Excel，不需要设置 xlwings.conf。WPS 和 Linux 桌面用户请用命令行"
                       "或桌面启动器（见《安装与设置》）；为 Windows 电脑准备台账时请加 --for windows --python 路径")


def _interpreter_and_path(args) -> tuple[str, str]:
    """The interpreter path to write and the PYTHONPATH it needs ("" when none)."""
    if args.python:
        return args.python, args.pythonpath or ""
    interpreter = sys.executable
    if not interpreter or not Path(interpreter).is_file():
        raise BadArguments("无法确定正在运行的 Python 的位置，请用 --python 给出 python.exe 的完整路径")
    shown = portable_interpreter(interpreter)
    if args.pythonpath:
        return shown, args.pythonpath
    return shown, "" if imports_without_path(interpreter) else source_folder()


def portable_interpreter(interpreter: str) -> str:
    """On Windows, an interpreter under the user's LOCALAPPDATA (where install.bat puts it) as
    "%LOCALAPPDATA%\\…": xlwings expands environment variables in xlwings.conf, so the same
    workbook then works for every colleague who ran install.bat. Any other path is kept as is."""
    base = os.environ.get("LOCALAPPDATA", "") if sys.platform == "win32" else ""
    if not base:
        return interpreter
    base = ntpath.normpath(base).rstrip("\\")
    path = ntpath.normpath(interpreter)
    if ntpath.normcase(path).startswith(ntpath.normcase(base) + "\\"):
        return "%LOCALAPPDATA%" + path[len(base):]
    return interpreter


def imports_without_path(interpreter: str) -> bool:
    """Whether `interpreter`, started from an unrelated folder without PYTHONPATH, imports the
    packages the buttons need (true once duban is pip-installed into it)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    code = "import " + ", ".join(PACKAGES)
    with tempfile.TemporaryDirectory() as neutral:
        try:
            done = subprocess.run([interpreter, "-c", code], cwd=neutral, env=env, capture_output=True,
                                  timeout=IMPORT_CHECK_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0


def source_folder() -> str:
    """The folder holding the duban, macros and udfs packages this process runs from."""
    root = Path(__file__).resolve().parents[2]
    missing = [p for p in PACKAGES if not (root / p).is_dir()]
    if missing:
        raise BadArguments(f"在 {root} 中找不到 {'、'.join(missing)} 文件夹，无法设置 PYTHONPATH。"
                           "请先用 pip 安装 duban（见《安装与设置》）再运行本命令")
    return str(root)


def _next_steps(target: str) -> str:
    steps = "下一步：保存并关闭 Excel 中打开的所有工作簿，再打开这个台账，点“首页”的“校验台账”按钮试一次。"
    if target == "mac":
        steps += "Mac 上还要在终端运行一次：xlwings runpython install"
    return steps

"""`duban vba-export 文件夹`: the repair kit for an office PC where the shipped VBA project does not run.

Writes the VBA modules as the VBA editor imports them (xlwings.bas, Dictionary.cls, Duban.bas,
xlwings_udfs.bas; ASCII, CRLF), the list of home-sheet buttons (buttons.txt: caption, macro,
note; UTF-8, tab-separated), the macro-free template and scripts/rebuild-in-excel.ps1, which
rebuilds the .xlsm inside Excel through COM. Nothing here needs the build-only VBA packages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from duban.commands.common import OK, BadArguments, console

BUTTONS_FILE = "buttons.txt"
BUTTONS_HEADER = ("caption", "macro", "note")


def register(sub, add) -> None:
    help_text = "导出 VBA 模块和重建脚本，供 IT 人员在 Excel 中重建带按钮的台账（.xlsm）"
    sp = sub.add_parser("vba-export", help=help_text, description=help_text)
    sp.add_argument("folder", metavar="文件夹", help="导出到哪个文件夹（不存在时自动创建）")
    sp.add_argument("--force", action="store_true", help="文件夹中已有同名文件时覆盖")
    sp.set_defaults(func=cmd_vba_export)


def crlf_ascii(path: Path) -> bytes:
    """A VBA source as the VBA editor imports it: ASCII text with CRLF line ends."""
    data = path.read_bytes()
    try:
        data.decode("ascii")
    except UnicodeDecodeError:
        raise BadArguments(f"VBA 源文件 {path.name} 含有非 ASCII 字符，无法导入 Excel（代码页 1252）") from None
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


def buttons_text(buttons) -> bytes:
    """buttons.txt: a header line, then caption, macro and note per button; UTF-8 with BOM, CRLF."""
    lines = ["\t".join(BUTTONS_HEADER)] + ["\t".join((caption, macro, note)) for caption, macro, note in buttons]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def export_files() -> dict[str, bytes | Path]:
    """File name -> bytes to write, or a file to copy as it is."""
    from duban.template import vba_files
    from duban.template.home import BUTTONS

    sources = [*vba_files.MODULE_FILES, vba_files.REBUILD_PS1, vba_files.MACRO_FREE_TEMPLATE]
    missing = [p for p in sources if not p.is_file()]
    if missing:
        raise BadArguments("找不到 " + "、".join(str(p) for p in missing) + "：duban 安装不完整，请重新安装")
    files: dict[str, bytes | Path] = {p.name: crlf_ascii(p) for p in vba_files.MODULE_FILES}
    files[BUTTONS_FILE] = buttons_text(BUTTONS)
    files[vba_files.REBUILD_PS1.name] = vba_files.REBUILD_PS1
    files[vba_files.MACRO_FREE_TEMPLATE.name] = vba_files.MACRO_FREE_TEMPLATE
    return files


def write_kit(folder: Path, force: bool = False) -> list[Path]:
    """Write the kit into folder; refuses to overwrite files unless force. Returns the paths written."""
    if folder.exists() and not folder.is_dir():
        raise BadArguments(f"“{folder}”是一个文件，请给出文件夹")
    files = export_files()
    clash = [name for name in files if (folder / name).exists()]
    if clash and not force:
        raise BadArguments(f"文件夹“{folder}”中已有 {'、'.join(clash)}。换一个空文件夹，或加 --force 覆盖")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in files.items():
            target = folder / name
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
            written.append(target)
    except OSError as exc:
        raise BadArguments(f"无法写入文件夹“{folder}”：{exc.strerror or exc}。请检查路径和写入权限") from None
    return written


def cmd_vba_export(args) -> int:
    from rich.markup import escape

    folder = Path(args.folder)
    written = write_kit(folder, force=args.force)
    console.print(escape(f"已导出到 {folder}："))
    for path in written:
        console.print(escape(f"  {path.name}"))
    console.print(escape(
        "在装有 Microsoft Excel 的 Windows 电脑上，把整个文件夹拷过去，在该文件夹中运行：\n"
        "  powershell -NoProfile -ExecutionPolicy Bypass -File .\\rebuild-in-excel.ps1 -TrustTemporarily\n"
        "它用 Excel 打开 duban-template.xlsx，导入以上模块，放置首页按钮，另存为 duban-template.xlsm。\n"
        "运行期间需要“信任对 VBA 工程对象模型的访问”（-TrustTemporarily 会临时打开并在结束后恢复）。\n"
        "逐项验收见 docs/验收清单.md。"))
    return OK

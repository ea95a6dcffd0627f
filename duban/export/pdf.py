"""PDF of the exported files through LibreOffice headless, when LibreOffice is installed.

LibreOffice runs with the project's font map (duban-fonts.conf beside this module, a fontconfig
file): the Windows fonts duban's files name (仿宋, 黑体, 楷体, 宋体, 方正小标宋简体, 等线) map to Simplified
Chinese faces on a Linux machine instead of fontconfig's first CJK fallback (Noto Sans CJK JP). A
公文 .docx also puts 宋体 on a single-face font (see the map's notes). On Windows and macOS,
LibreOffice uses the system's fonts and the map is not read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from duban.outputs import refuse_overwrite

TIMEOUT = 180
FONT_MAP = Path(__file__).with_name("duban-fonts.conf")
# The .docx map: 宋体 (page numbers, tables) on the single-face 宋 font first, then the common map.
GONGWEN_MAP = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <alias binding="same"><family>宋体</family><prefer><family>AR PL SungtiL GB</family></prefer></alias>
  <include ignore_missing="yes">{common}</include>
</fontconfig>
"""
NO_SOFFICE = ("未找到 LibreOffice（soffice 命令），未生成 PDF。可安装 LibreOffice 后重试，"
              "或用 Excel/WPS 打开上报件后“另存为 PDF”")


class PdfFailed(Exception):
    """``message`` is Chinese; ``made`` the PDFs that were made all the same."""

    def __init__(self, message: str, made: list[Path] | None = None):
        super().__init__(message)
        self.message = message
        self.made = made or []


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_env(folder: Path, files: tuple[Path, ...]) -> dict[str, str]:
    """The environment LibreOffice runs in: the project's font map for fontconfig (the 公文 one,
    written into `folder`, when every file is a .docx)."""
    env = dict(os.environ)
    if not FONT_MAP.exists():
        return env
    env["FONTCONFIG_FILE"] = str(FONT_MAP)
    if all(f.suffix.lower() == ".docx" for f in files):
        gongwen = folder / "duban-fonts-gongwen.conf"
        gongwen.write_text(GONGWEN_MAP.format(common=escape(str(FONT_MAP.resolve()))), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(gongwen)
    return env


def convert(*files: Path, outdir: Path | None = None, timeout: int = TIMEOUT) -> list[Path]:
    """PDFs of sheets and documents, one LibreOffice run per font map (the .xlsx, then the .docx)."""
    made: list[Path] = []
    notes: list[str] = []
    for group in ([f for f in files if f.suffix.lower() != ".docx"], [f for f in files if f.suffix.lower() == ".docx"]):
        if not group:
            continue
        try:
            made += to_pdf(*group, outdir=outdir, timeout=timeout)
        except PdfFailed as exc:
            made += exc.made
            notes.append(exc.message)
    if notes:
        raise PdfFailed("；".join(dict.fromkeys(notes)), made)
    return made


def to_pdf(*files: Path, outdir: Path | None = None, timeout: int = TIMEOUT) -> list[Path]:
    """Convert each file (.xlsx, .docx) to a PDF of the same name beside it (or in ``outdir``), in one
    LibreOffice run; raises PdfFailed."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfFailed(NO_SOFFICE)
    outdir = outdir or files[0].parent
    targets = [outdir / (f.stem + ".pdf") for f in files]
    for t in targets:
        refuse_overwrite(t)
    for t in targets:
        t.unlink(missing_ok=True)
    # A private profile: works while the user has LibreOffice open, and leaves their settings alone.
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  env=soffice_env(Path(profile), files))
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"LibreOffice 转换 PDF 超时（{timeout} 秒），未生成 PDF。"
                            "请用 Excel/WPS 打开上报件后“另存为 PDF”") from None
        except OSError as exc:
            raise PdfFailed(f"无法启动 LibreOffice（{exc}），未生成 PDF") from exc
    missing = [f.name for f, t in zip(files, targets) if not t.exists()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[:200]
        raise PdfFailed(f"LibreOffice 未能把“{'、'.join(missing) or files[0].name}”转换为 PDF"
                        + (f"（{detail}）" if detail else "") + "。请用 Excel、WPS 或 Word 打开后“另存为 PDF”",
                        [t for t in targets if t.exists()])
    return targets

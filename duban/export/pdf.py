"""PDF of the exported workbook through LibreOffice headless, when LibreOffice is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..outputs import refuse_overwrite

TIMEOUT = 180
NO_SOFFICE = ("未找到 LibreOffice（soffice 命令），未生成 PDF。可安装 LibreOffice 后重试，"
              "或用 Excel/WPS 打开上报件后“另存为 PDF”")


class PdfFailed(Exception):
    """``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx: Path, outdir: Path | None = None, timeout: int = TIMEOUT) -> Path:
    """Convert ``xlsx`` to PDF beside it (or in ``outdir``); raises PdfFailed."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfFailed(NO_SOFFICE)
    outdir = outdir or xlsx.parent
    target = outdir / (xlsx.stem + ".pdf")
    refuse_overwrite(target)
    target.unlink(missing_ok=True)
    # A private profile: works while the user has LibreOffice open, and leaves their settings alone.
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"LibreOffice 转换 PDF 超时（{timeout} 秒），未生成 PDF。"
                            "请用 Excel/WPS 打开上报件后“另存为 PDF”") from None
        except OSError as exc:
            raise PdfFailed(f"无法启动 LibreOffice（{exc}），未生成 PDF") from exc
    if done.returncode != 0 or not target.exists():
        detail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip()[:200]
        raise PdfFailed("LibreOffice 未能把上报件转换为 PDF" + (f"（{detail}）" if detail else "")
                        + "。请用 Excel/WPS 打开上报件后“另存为 PDF”")
    return target

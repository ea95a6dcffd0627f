"""Writing a set of files all or nothing.

Files are written into a hidden folder inside the output folder; only when every one is
complete do they replace their namesakes (each old file set aside first and put back if a
later one cannot be placed). On any failure the output folder is as it was — a folder this
run created is removed again — so a failed run never leaves half a set behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from duban.errors import DubanError, WriteFailed
from duban.outputs import is_input, refuse_overwrite
from duban.xlsxio import atomic, os_error_reason


class Staging:
    def __init__(self, folder: Path):
        self.folder = folder
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write the file `name` now; it moves into the output folder at the end."""
        if name in self.names:
            raise ValueError(f"file written twice: {name}")
        self.names.append(name)
        return self.folder / name

    def write_text(self, name: str, text: str) -> None:
        """Text for Windows users: UTF-8 with a byte-order mark (Notepad, WPS) and CRLF line ends."""
        self.path(name).write_text(text.replace("\r\n", "\n").replace("\n", "\r\n"), encoding="utf-8-sig",
                                   newline="")


def _created_dirs(outdir: Path) -> list[Path]:
    """The folders mkdir(parents=True) would create for `outdir`, deepest first."""
    missing = []
    p = outdir
    while not p.exists():
        missing.append(p)
        p = p.parent
    return missing


@contextmanager
def staged(outdir: Path, stale_prefixes: tuple[str, ...] = ()):
    """Yield a Staging. On success its files land in `outdir` and earlier files of ours (names
    starting with one of `stale_prefixes`) that this run did not write are removed."""
    outdir = Path(outdir)
    created = _created_dirs(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        _remove_leftover_dirs(outdir)
        work = Path(tempfile.mkdtemp(prefix=".~duban-", dir=outdir))
    except OSError as exc:
        _remove_dirs(created)
        raise WriteFailed(f"无法在“{outdir}”中写入文件：{os_error_reason(exc)}") from exc
    staging = Staging(work)
    placed = False
    try:
        yield staging
        for name in staging.names:
            refuse_overwrite(outdir / name)
        _place(staging, outdir)
        placed = True
        _remove_stale(outdir, stale_prefixes, set(staging.names))
    except DubanError:
        raise
    except OSError as exc:
        raise WriteFailed(f"无法写入“{outdir}”中的文件：{os_error_reason(exc)}。没有留下不完整的文件") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not placed:
            _remove_dirs(created)


def _place(staging: Staging, outdir: Path) -> None:
    aside = staging.folder / ".old"
    aside.mkdir()
    moved: list[str] = []
    kept: list[str] = []
    name = ""
    try:
        for name in staging.names:
            target = outdir / name
            if target.exists():
                os.replace(target, aside / name)
                kept.append(name)
            os.replace(staging.folder / name, target)
            moved.append(name)
    except OSError as exc:
        for name in moved:
            (outdir / name).unlink(missing_ok=True)
        for name in kept:
            os.replace(aside / name, outdir / name)
        if isinstance(exc, PermissionError):
            raise WriteFailed(f"无法写入“{name}”：文件可能正在 Excel、WPS 或记事本中打开，或没有写入权限。"
                              "请关闭该文件后重试；本次没有改动任何文件") from exc
        raise


LEFTOVER_AGE = 3600   # seconds: a staging folder this old belongs to a run that was killed


def _remove_leftover_dirs(outdir: Path) -> None:
    """Hidden staging folders ('.~duban-*') a killed run left in the output folder."""
    atomic.remove_leftovers(outdir, ".~duban-*", older_than=LEFTOVER_AGE, dirs=True)


def _remove_stale(outdir: Path, prefixes: tuple[str, ...], written: set[str]) -> None:
    if not prefixes:
        return
    for p in outdir.iterdir():
        if p.is_file() and p.name.startswith(prefixes) and p.name not in written and is_input(p) is None:
            with suppress(OSError):  # an earlier file that cannot go: harmless, the console lists this run's files
                p.unlink()


def _remove_dirs(dirs: list[Path]) -> None:
    for d in dirs:  # deepest first
        try:
            d.rmdir()
        except OSError:
            break

"""Writing a generated workbook safely: to a temporary file beside it, then replace."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from duban.errors import WriteFailed
from duban.outputs import refuse_overwrite
from duban.xlsxio import atomic, os_error_reason
from duban.xlsxio.atomic import Replacement


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind a library's own exception (XlsxWriter wraps it in FileCreateError)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        for arg in getattr(seen, "args", ()):
            if isinstance(arg, OSError):
                return arg
        seen = seen.__cause__ or seen.__context__
    return None


@contextmanager
def replaced_when_done(path: Path):
    """Yield a temporary file name; on success it replaces ``path`` (mode rw-r--r-- less the umask).
    A ``path`` that is one of the run's inputs (the ledger) is refused before anything is written."""
    refuse_overwrite(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path.parent, path.suffix)
        with Replacement(path, suffix=path.suffix) as tmp:
            yield str(tmp.path)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp.path, 0o666 & ~umask)
    except PermissionError as exc:
        raise WriteFailed(f"无法写入“{path.name}”：文件可能正在 Excel 或 WPS 中打开，或没有文件夹“{path.parent}”的"
                          "写入权限。请关闭该文件后重试，或用 -o 换一个文件夹") from exc
    except (OSError, FileCreateError) as exc:
        cause = exc if isinstance(exc, OSError) else _os_error_in(exc)
        reason = os_error_reason(cause, path.parent) if cause is not None else f"{type(exc).__name__}: {exc}"
        raise WriteFailed(f"无法写入“{path.name}”：{reason}。已有的文件没有改动") from exc


LEFTOVER_AGE = 3600   # seconds: a temporary file this old belongs to a run that was killed


def remove_leftovers(folder: Path, suffix: str) -> None:
    """Temporary files ('.~duban-*') a killed run left in an output folder."""
    atomic.remove_leftovers(folder, f".~duban-*{suffix}", older_than=LEFTOVER_AGE)

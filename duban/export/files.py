"""Writing a generated workbook safely: to a temporary file beside it, then replace."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from ..errors import WriteFailed
from ..xlsxio import os_error_reason


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind a library's own exception (XlsxWriter wraps it in FileCreateError)."""
    seen = exc
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
    """Yield a temporary file name; on success it replaces ``path`` (mode rw-r--r-- less the umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~duban-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise WriteFailed(f"无法写入“{path.name}”：文件可能正在 Excel 或 WPS 中打开，或没有写入权限。"
                          "请关闭该文件后重试") from exc
    except (OSError, FileCreateError) as exc:
        cause = exc if isinstance(exc, OSError) else _os_error_in(exc)
        reason = os_error_reason(cause) if cause is not None else f"{type(exc).__name__}: {exc}"
        raise WriteFailed(f"无法写入“{path.name}”：{reason}。已有的文件没有改动") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

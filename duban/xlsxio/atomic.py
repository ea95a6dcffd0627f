"""Replacing a file all at once: write a temporary file in the target's folder, then os.replace.

os.replace is atomic within one file system, so a reader sees the old file or the new one, never
half of one; on any failure the old file stays and the temporary file is removed. A run killed
outright can leave its temporary file behind: `remove_leftovers` clears those on a later run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from types import TracebackType


class Replacement:
    """A temporary file beside ``target`` (named prefix…suffix) that takes its place on `commit`.

    As a context manager: commit when the block ends without an exception; in every case the
    temporary file is gone afterwards. Callers that verify the file before committing use
    `commit` and `discard` themselves."""

    def __init__(self, target: str | os.PathLike[str], prefix: str = ".~duban-", suffix: str = ".tmp"):
        self.target = Path(target)
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.target.parent)
        os.close(fd)
        self.path = Path(name)
        self.committed = False

    def commit(self) -> Path:
        """Put the temporary file in the target's place (replacing the old file)."""
        os.replace(self.path, self.target)
        self.committed = True
        return self.target

    def discard(self) -> None:
        """Remove the temporary file unless it was committed (best effort)."""
        if self.committed:
            return
        with suppress(OSError):
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.discard()


def write_bytes(target: str | os.PathLike[str], data: bytes, *, prefix: str = ".~duban-",
                suffix: str = ".tmp") -> Path:
    """Replace ``target`` with ``data`` atomically."""
    with Replacement(target, prefix, suffix) as tmp:
        tmp.path.write_bytes(data)
    return tmp.target


def remove_leftovers(folder: Path, pattern: str, *, older_than: float | None = None, dirs: bool = False) -> None:
    """Remove temporary files (folders when ``dirs``) matching ``pattern`` that a killed run left in
    ``folder``. ``older_than`` (seconds) spares recent ones, where another run may be writing now."""
    now = time.time()
    for p in folder.glob(pattern):
        try:
            if p.is_dir() != dirs or (older_than is not None and now - p.stat().st_mtime <= older_than):
                continue
            if dirs:
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink()
        except OSError:
            pass

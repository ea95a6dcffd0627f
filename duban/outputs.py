"""No output replaces an input: the one guard every writer of new files calls.

The command line registers the files a run reads (the ledger, adopt's old ledger);
export, split, assign, remind, agenda and adopt call ``refuse_overwrite`` for each
file they are about to write (and staging never deletes one as a stale output).
A path that resolves to an input (through "..", a symlink, a hard link or a
case-insensitive file system) is refused with exit code 2 before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from duban.errors import BadArguments

_inputs: dict[str, Path] = {}


def _key(p: Path | str) -> str:
    return os.path.normcase(os.path.realpath(p))


def reset() -> None:
    _inputs.clear()


def protect(*paths: Path | str) -> None:
    """Files this run reads and must never write over."""
    for p in paths:
        _inputs[_key(p)] = Path(p)


def is_input(path: Path | str) -> Path | None:
    """The input ``path`` would replace, or None."""
    hit = _inputs.get(_key(path))
    if hit is not None:
        return hit
    if os.path.exists(path):
        for p in _inputs.values():
            try:
                if os.path.samefile(path, p):
                    return p
            except OSError:
                continue
    return None


def refuse_overwrite(path: Path | str) -> None:
    """Raise BadArguments (exit 2) when writing ``path`` would replace a file this run reads."""
    hit = is_input(path)
    if hit is not None:
        raise BadArguments(f"要生成的文件“{path}”就是本次读取的“{hit}”，写出会把它覆盖。"
                           "什么都没有写。请用 -o 另选一个文件夹（或文件名），或把台账改个名字")

"""Errors that stop a run. Each carries a plain Chinese message for the user.

The root and the file errors live in the file layer (duban.xlsxio.errors), which imports nothing
of duban; they are the same classes here.
"""

from __future__ import annotations

from duban.xlsxio.errors import BadWorkbook, FileBusy, UserError, WriteFailed

DubanError = UserError   # a run cannot go on; `message` is shown to the user as it is

__all__ = ["DubanError", "BadWorkbook", "FileBusy", "WriteFailed", "BadArguments"]


class BadArguments(DubanError):
    """Command-line arguments are wrong."""

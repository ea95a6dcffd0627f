"""Errors that stop a run. Each carries a plain Chinese message for the user.

The root and the file errors live in the file layer (duban.xlsxio.errors), which imports nothing
of duban; they are the same classes here.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.xlsxio.errors import BadWorkbook, FileBusy, UserError, WriteFailed

DubanError = UserError   # a run cannot go on; `message` is shown to the user as it is

__all__ = ["DubanError", "BadWorkbook", "FileBusy", "WriteFailed", "BadArguments"]


class BadArguments(DubanError):
    """Command-line arguments are wrong."""


CANNOT_RUN = 2   # the exit code of a run that could not go on (DubanError.exit_code's default)
INTERRUPTED = "已中断"


class guarded:
    """The one "no traceback reaches a user" wrapper, for the command line and the workbook's buttons::

        with guarded() as guard:
            return run()
        tell_the_user(guard.failure)

    A DubanError (its Chinese message and exit code), Ctrl+C (KeyboardInterrupt) and any other
    exception (a bug: `unexpected`, exit code 2; its traceback printed only with DUBAN_DEBUG=1)
    stop here and are kept in `failure`; SystemExit (argparse's --help, bad arguments) goes on.
    """

    def __init__(self) -> None:
        self.failure: Failure | None = None

    def __enter__(self) -> guarded:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or not isinstance(exc, (Exception, KeyboardInterrupt)):
            return False
        if isinstance(exc, DubanError):
            self.failure = Failure(exc, exc.exit_code, exc.message)
        elif isinstance(exc, KeyboardInterrupt):
            self.failure = Failure(exc, CANNOT_RUN, INTERRUPTED)
        else:
            _debug_traceback()
            self.failure = Failure(exc, CANNOT_RUN, "", unexpected=True)
        return True


@dataclass
class Failure:
    """Why a guarded run stopped: the exception, the exit code, and the Chinese message (empty for
    an unexpected exception, whose words depend on where it is shown)."""

    exc: BaseException
    code: int
    message: str
    unexpected: bool = False


def _debug_traceback() -> None:
    import os

    if os.environ.get("DUBAN_DEBUG"):
        import traceback

        traceback.print_exc()

"""Errors that stop a run. Each carries a plain Chinese message for the user."""

from __future__ import annotations

from dataclasses import dataclass


class DubanError(Exception):
    """A run cannot go on. `message` is shown to the user as it is (Chinese)."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadWorkbook(DubanError):
    """The file cannot be read as a ledger workbook (not xlsx, damaged, encrypted...)."""


class FileBusy(DubanError):
    """The file is open in Excel/WPS or another duban run holds it."""


class WriteFailed(DubanError):
    """Writing failed; the original file was left as it was."""


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

"""Errors that stop a run. Each carries a plain Chinese message for the user."""

from __future__ import annotations


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

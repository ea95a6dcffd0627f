"""Errors of the file layer. Each carries a plain message for the user (Chinese, as the tool's
users read it); ``duban.errors`` re-exports them and roots every other error of a run here."""

from __future__ import annotations


class UserError(Exception):
    """A run cannot go on. ``message`` is shown to the user as it is (``duban.errors.DubanError``)."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadWorkbook(UserError):
    """The file cannot be read as a workbook (not xlsx, damaged, encrypted...)."""


class FileBusy(UserError):
    """The file is open in Excel/WPS or another run holds it."""


class WriteFailed(UserError):
    """Writing failed; the original file was left as it was."""

"""Write the tool-owned parts of an .xlsx/.xlsm without re-saving the workbook.

Every zip member we do not touch is copied as its compressed bytes; sheets are
written as XML text with inline strings; styles come from the caller's style
sheet (``Conventions``). See ``write_parts`` and ``check_workbook``.

The file layer knows no ledger: it imports nothing of duban outside duban.xlsxio
(tests/test_layers.py); style roles, the style sheet and the backup folder are
passed in by the caller.
"""

from duban.xlsxio.guard import (
    DTD_SCAN_BYTES,
    MAX_MEMBER_UNCOMPRESSED,
    MAX_RATIO,
    MAX_TOTAL_UNCOMPRESSED,
    RATIO_MIN_SIZE,
    check_workbook,
)
from duban.xlsxio.model import Cell, Conventions, Grid, WriteReport
from duban.xlsxio.transaction import STEPS, file_signature, os_error_reason, read_sheet_xml, write_parts

__all__ = [
    "Cell", "Conventions", "Grid", "WriteReport", "check_workbook", "write_parts", "read_sheet_xml", "STEPS", "file_signature", "os_error_reason",
    "MAX_TOTAL_UNCOMPRESSED", "MAX_MEMBER_UNCOMPRESSED", "MAX_RATIO", "RATIO_MIN_SIZE",
    "DTD_SCAN_BYTES",
]

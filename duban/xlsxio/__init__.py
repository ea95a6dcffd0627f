"""Write the tool-owned parts of an .xlsx/.xlsm without re-saving the workbook.

Every zip member we do not touch is copied as its compressed bytes; sheets are
written as XML text with inline strings; styles come from the hidden '_样式'
sheet. See ``write_parts`` and ``check_workbook``.
"""

from duban.xlsxio.guard import (DTD_SCAN_BYTES, MAX_MEMBER_UNCOMPRESSED, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED, RATIO_MIN_SIZE, check_workbook)
from duban.xlsxio.model import Cell, Grid, WriteReport
from duban.xlsxio.transaction import STEPS, file_signature, os_error_reason, read_sheet_xml, write_parts

__all__ = [
    "Cell", "Grid", "WriteReport", "check_workbook", "write_parts", "read_sheet_xml", "STEPS", "file_signature", "os_error_reason",
    "MAX_TOTAL_UNCOMPRESSED", "MAX_MEMBER_UNCOMPRESSED", "MAX_RATIO", "RATIO_MIN_SIZE",
    "DTD_SCAN_BYTES",
]

"""Where the VBA sources live; no heavy imports, so the command line can use it without the
build-only packages (ms-ovba, oletools)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The built workbooks and the VBA sources stay in the `workbook` folder (its package data when installed).
WORKBOOK_DIR = Path(__file__).resolve().parents[2] / "workbook"
VBA_DIR = WORKBOOK_DIR / "vba"
_XLWINGS = importlib.util.find_spec("xlwings")  # found without importing xlwings
assert _XLWINGS is not None and _XLWINGS.origin is not None  # a declared dependency
XLWINGS_DIR = Path(_XLWINGS.origin).parent
XLWINGS_BAS = XLWINGS_DIR / "xlwings.bas"
DICTIONARY_CLS = XLWINGS_DIR / "addin" / "Dictionary.cls"
DUBAN_BAS = VBA_DIR / "Duban.bas"
UDFS_BAS = VBA_DIR / "xlwings_udfs.bas"
# The PowerShell script that rebuilds the .xlsm in Excel: scripts/rebuild-in-excel.ps1 in a source
# checkout; vba/rebuild-in-excel.ps1 links to it so that the wheel (package data) carries it too.
# The checkout's own file wins: a Windows clone without symlinks turns the link into a text file.
PACKAGED_PS1 = VBA_DIR / "rebuild-in-excel.ps1"
SOURCE_PS1 = WORKBOOK_DIR.parent / "scripts" / "rebuild-in-excel.ps1"
REBUILD_PS1 = SOURCE_PS1 if SOURCE_PS1.is_file() else PACKAGED_PS1
MACRO_FREE_TEMPLATE = WORKBOOK_DIR / "duban-template.xlsx"

# Files `duban vba-export` writes, in the order Excel should import them.
MODULE_FILES = (XLWINGS_BAS, DICTIONARY_CLS, DUBAN_BAS, UDFS_BAS)

"""Write the shipped templates: python -m workbook.build [output folder]

workbook/duban-template.xlsm (buttons, VBA project) and workbook/duban-template.xlsx
(no macros), both from duban.template.builder.build_workbook.
"""

from __future__ import annotations

import sys
from pathlib import Path

from duban.template.builder import SHIPPED_TEMPLATE, build_workbook


def build(folder: Path | None = None) -> list[Path]:
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    xlsm = (folder / SHIPPED_TEMPLATE.name) if folder else SHIPPED_TEMPLATE
    xlsx = xlsm.with_suffix(".xlsx")
    build_workbook(xlsm, macros=True)
    build_workbook(xlsx, macros=False)
    return [xlsm, xlsx]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for path in build(Path(argv[0]) if argv else None):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cells that are neither a value nor blank: an error value (#N/A …) or a formula without a
cached result. Readers put a CellError in the grid where such a cell is, so no rule reads it
as an empty cell (SPEC §3: an error leaves out what it touches, never reads as empty).

The file layer finds them (duban.xlsxio: CellFault, Excel's error values); a CellError is a
CellFault that says, in Chinese, what is wrong and what the office does about it."""

from __future__ import annotations

from dataclasses import dataclass

from duban.xlsxio.cells import ERROR_TEXTS, error_text
from duban.xlsxio.model import ERROR, UNCOMPUTED, CellFault

__all__ = ["ERROR", "UNCOMPUTED", "ERROR_TEXTS", "CellError", "error_value", "is_mark", "from_fault"]


@dataclass(frozen=True)
class CellError(CellFault):
    """An error value or an uncomputed formula; ``text`` is what the cell shows (#N/A) or, for an
    uncomputed formula, its formula text ("=…", or "" when the file does not say)."""

    def __str__(self) -> str:
        return self.text or "（公式）"

    def problem(self) -> str:
        """What is wrong with the cell, in Chinese, for a finding's message."""
        if self.kind == UNCOMPUTED:
            return "公式没有计算结果"
        return f"单元格显示 {self.text}（公式或引用出错）"

    def fix(self) -> str:
        """What the office does about it."""
        if self.kind == UNCOMPUTED:
            return "这个文件最后是由程序保存的，公式还没有算出结果：请在 Excel/WPS 中打开并保存一次，再运行"
        return f"请在 Excel/WPS 中查看这个单元格的公式或所引用的单元格，改正后不再显示 {self.text}，保存后再运行"


def error_value(text: str) -> CellError | None:
    """A CellError for a stored error text (#N/A, Err:502), else None."""
    t = error_text(text)
    return CellError(ERROR, t) if t else None


def from_fault(fault: CellFault) -> CellError:
    """The mark for a cell the file layer found faulty."""
    return CellError(fault.kind, fault.text)


def is_mark(v: object) -> bool:
    return type(v) is CellError

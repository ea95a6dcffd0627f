"""The parts of an opened workbook that the writer reads: workbook, rels, content types, sheets."""

from __future__ import annotations

from duban.xlsxio import workbookxml as W
from duban.xlsxio.xmltext import XmlShapeError
from duban.xlsxio.zipraw import ZipSource

CONTENT_TYPES = "[Content_Types].xml"


class Book:
    """Workbook-level parts of a zip source, and sheet lookup by title."""

    def __init__(self, src: ZipSource):
        self.src = src
        self.names = [e.name for e in src.entries]
        self._lower = {n.lower(): n for n in self.names}
        root_rels = self.member("_rels/.rels")
        wb_part = self.member(W.workbook_part(src.read(root_rels) if root_rels else None))
        if wb_part is None:
            raise XmlShapeError("no workbook part")
        rels_part, ct_part = self.member(W.rels_path(wb_part)), self.member(CONTENT_TYPES)
        if rels_part is None or ct_part is None:
            raise XmlShapeError("no workbook relationships or content types")
        self.wb_part: str = wb_part
        self.rels_part: str = rels_part
        self.ct_part: str = ct_part
        self.wb = src.read(self.wb_part)
        self.rels = src.read(self.rels_part)
        self.ct = src.read(self.ct_part)
        self.rel_list = W.parse_rels(self.rels, self.wb_part)
        self.sheets = W.sheets(self.wb, self.rel_list)
        self.date1904 = W.date1904(self.wb)

    def member(self, part: str | None) -> str | None:
        """The zip member for an OPC part name (part names are case-insensitive)."""
        if not part:
            return None
        return part if part in self.src.by_name else self._lower.get(part.lower())

    def sheet(self, title: str) -> W.SheetRef | None:
        for s in self.sheets:
            if s.title == title:
                return s
        folded = title.casefold()
        return next((s for s in self.sheets if s.title.casefold() == folded), None)

    def sheet_xml(self, title: str) -> bytes | None:
        ref = self.sheet(title)
        name = self.member(ref.part) if ref else None
        return self.src.read(name) if name else None

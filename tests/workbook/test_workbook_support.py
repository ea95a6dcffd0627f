"""Helpers for the workbook tests: read parts of a built workbook (no tests here)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from python_calamine import CalamineWorkbook

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
R_ID = f"{{{NS['r']}}}id"


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def _rels(path: Path, part: str) -> dict[str, str]:
    """Relationship id -> target part name for a part."""
    folder, name = posixpath.split(part)
    rels = ET.fromstring(read_part(path, f"{folder}/_rels/{name}.rels"))
    return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
            for r in rels.findall("rel:Relationship", NS)}


def workbook(path: Path) -> ET.Element:
    return ET.fromstring(read_part(path, "xl/workbook.xml"))


def sheet_part(path: Path, title: str) -> str:
    rels = _rels(path, "xl/workbook.xml")
    for s in workbook(path).find("m:sheets", NS):
        if s.get("name") == title:
            return rels[s.get(R_ID)]
    raise KeyError(title)


def sheet(path: Path, title: str) -> ET.Element:
    return ET.fromstring(read_part(path, sheet_part(path, title)))


def related(path: Path, part: str, tag: str) -> list[str]:
    """Targets of a sheet's <drawing>/<legacyDrawing> elements (tag: 'drawing' | 'legacyDrawing')."""
    found = ET.fromstring(read_part(path, part)).findall(f"m:{tag}", NS)
    if not found:
        return []
    rels = _rels(path, part)
    return [rels[e.get(R_ID)] for e in found]


def defined_names(path: Path) -> dict[tuple[str, str | None], str]:
    """(name, localSheetId or None) -> formula text."""
    return {(d.get("name"), d.get("localSheetId")): d.text for d in workbook(path).iter(f"{{{NS['m']}}}definedName")}


def button_macros(path: Path, title: str) -> dict[str, str]:
    """Caption -> macro of the form buttons (VML) on a sheet."""
    out = {}
    for vml in related(path, sheet_part(path, title), "legacyDrawing"):
        text = read_part(path, vml).decode("utf-8")
        for shape in re.findall(r"<v:shape .*?</v:shape>", text, re.S):
            caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape, re.S).group(0)).strip()
            out[caption] = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape).group(1)
    return out


def grid(path: Path, title: str) -> list[list]:
    """Cell values from A1 (calamine starts at the first used cell; pad back to A1)."""
    sh = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title)
    r0, c0 = sh.start or (0, 0)
    return [[] for _ in range(r0)] + [[""] * c0 + row for row in sh.to_python()]

"""Raw edits of a worksheet's cells inside an .xlsx, to make the files tools and habits leave:
a formula without a cached value (a script saved it), an error value (#N/A), a stray cell at
A1048576. Every other part of the file is copied as it is."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from duban.xlsxio.cells import parse_ref


def error(text: str, formula: str | None = None) -> str:
    """A cell showing an error value, as Excel stores it (with its formula when given)."""
    f = f"<f>{_esc(formula)}</f>" if formula else ""
    return f't="e">{f}<v>{text}</v>'


def uncomputed(formula: str) -> str:
    """A formula cell without a cached value, as openpyxl and other scripts save it."""
    return f"><f>{_esc(formula)}</f>"


def computed(formula: str, value: float) -> str:
    return f"><f>{_esc(formula)}</f><v>{value!r}</v>"


def text(value: str) -> str:
    return f't="inlineStr"><is><t>{_esc(value)}</t></is>'


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def sheet_member(z: zipfile.ZipFile, title: str) -> str:
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        if f'name="{title}"' in m.group(0):
            rid = re.search(r'r:id="([^"]+)"', m.group(0)).group(1)
            rel = re.search(rf'<Relationship\b[^>]*Id="{rid}"[^>]*>', rels).group(0)
            target = re.search(r'Target="([^"]+)"', rel).group(1)
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(title)


def put_cells(path: str | Path, title: str, cells: dict[str, str], out: str | Path | None = None) -> Path:
    """Replace or add cells (ref -> the cell's attributes and body from the helpers above)."""
    path = Path(path)
    out = Path(out or path)
    with zipfile.ZipFile(path) as z:
        member = sheet_member(z, title)
        parts = {i.filename: (i, z.read(i)) for i in z.infolist()}
    xml = parts[member][1].decode("utf-8")
    for ref, body in cells.items():
        xml = _put(xml, ref, f'<c r="{ref}" {body}</c>' if not body.startswith(">") else f'<c r="{ref}"{body}</c>')
    parts[member] = (parts[member][0], xml.encode("utf-8"))
    tmp = out.with_suffix(out.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.values():
            z.writestr(info, data)
    tmp.replace(out)
    return out


def _put(xml: str, ref: str, cell: str) -> str:
    r0, c0 = parse_ref(ref)
    if "<sheetData/>" in xml:
        xml = xml.replace("<sheetData/>", "<sheetData></sheetData>")
    rows = list(re.finditer(r'<row\b[^>]*\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', xml, re.S))
    for m in rows:
        n = int(m.group(1))
        if n == r0 + 1:
            row = m.group(0)
            if row.endswith("/>"):
                row = row[:-2] + "></row>"
            row = re.sub(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', "", row, flags=re.S)
            pos = row.rindex("</row>")
            for c in re.finditer(r'<c r="([A-Z]+\d+)"', row):
                if parse_ref(c.group(1))[1] > c0:
                    pos = c.start()
                    break
            row = row[:pos] + cell + row[pos:]
            return xml[:m.start()] + row + xml[m.end():]
        if n > r0 + 1:
            return xml[:m.start()] + f'<row r="{r0 + 1}">{cell}</row>' + xml[m.start():]
    end = xml.index("</sheetData>")
    return xml[:end] + f'<row r="{r0 + 1}">{cell}</row>' + xml[end:]

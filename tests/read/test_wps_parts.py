"""A ledger last saved by WPS Office carries parts Excel does not write (issue 16, tests):
xl/cellimages.xml (pictures placed in cells) with its relationships and media, DISPIMG formula
cells whose cached value WPS stores as the formula's text, and docProps/custom.xml with
KSOProductBuildVer. The reader reads such a file as it is, and recompute writes it back with
every part it does not own byte for byte.

The parts below are copied from the shape WPS 2019/2023 (12.1.0.x) writes.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from duban import schema
from duban.cellmark import CellError
from duban.commands.main import main
from duban.read.book import read_book

from cellxml import put_cells
from ledgers import D, done, item, make_ledger
from test_preserve import BOOKKEEPING, members, sheet_parts

IMAGE_ID = "ID_4A3F1D2C9B8E4F0A8C6D5E4F3A2B1C0D"
DISPIMG = f'_xlfn.DISPIMG("{IMAGE_ID}",1)'
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")
CELLIMAGES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><etc:cellImage><xdr:pic><xdr:nvPicPr>'
    f'<xdr:cNvPr id="2" name="{IMAGE_ID}" descr="现场照片"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/>'
    '</xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch>'
    '</xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage></etc:cellImages>'
).encode()
CELLIMAGES_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    b'Target="media/image1.png"/></Relationships>')
CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    b'<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property>'
    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
    b'<vt:lpwstr>8A3B1C2D4E5F60718293A4B5C6D7E8F9_13</vt:lpwstr></property></Properties>')

CG = "城关街道办事处"
ITEMS = [done("1", CG, D(2026, 1, 20), D(2026, 1, 19), "好"),   # 城关 100.00
         item("2", "东关街道办事处", D(2026, 1, 20))]            # 东关 0.00 (overdue, open)


def wps_saved(path):
    """Add WPS's parts to a ledger, and a 现场照片 column (R) whose R2 shows a picture via DISPIMG."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: (i, z.read(i)) for i in z.infolist()}

    def edit(name, fn):
        info, data = parts[name]
        parts[name] = (info, fn(data))

    edit("[Content_Types].xml", lambda d: d.replace(
        b"</Types>",
        b'<Default Extension="png" ContentType="image/png"/>'
        b'<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/>'
        b'<Override PartName="/docProps/custom.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
        if b'Extension="png"' not in d else d)
    edit("xl/_rels/workbook.xml.rels", lambda d: d.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://www.wps.cn/officeDocument/2020/cellImage" '
        b'Target="cellimages.xml"/></Relationships>'))
    edit("_rels/.rels", lambda d: d.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'custom-properties" Target="docProps/custom.xml"/></Relationships>'))
    new = {"xl/cellimages.xml": CELLIMAGES, "xl/_rels/cellimages.xml.rels": CELLIMAGES_RELS,
           "xl/media/image1.png": PNG, "docProps/custom.xml": CUSTOM}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.values():
            z.writestr(info, data)
        for name, data in new.items():
            z.writestr(name, data)
    # WPS stores a DISPIMG cell as t="str" with the formula and, as cached value, its own text.
    return put_cells(path, "周交办", {
        "R1": 't="inlineStr"><is><t>现场照片</t></is>',
        "R2": f't="str"><f>{DISPIMG.replace(chr(34), "&quot;")}</f><v>=DISPIMG("{IMAGE_ID}",1)</v>'})


@pytest.fixture
def wps(tmp_path):
    return wps_saved(make_ledger(tmp_path / "台账.xlsx", items=ITEMS))


def test_wps_parts_read(wps):
    grid = read_book(wps).sheets["周交办"]
    assert grid[0][17] == "现场照片"
    assert grid[1][17] == f'=DISPIMG("{IMAGE_ID}",1)'        # the cached value: not an error, not a blank
    assert not any(isinstance(v, CellError) for row in grid for v in row)


def test_recompute_keeps_wps_parts_byte_for_byte(wps, capsys):
    before = members(wps)
    assert main(["recompute", str(wps), "--month", "2026-01", "--today", "2026-02-10"]) == 0
    out = capsys.readouterr().out
    assert "100.00" in out
    after = members(wps)
    parts = sheet_parts(wps)
    owned = {parts[s.title] for s in schema.COMPUTED_SHEETS if s.title in parts}
    for name, data in before.items():
        if name in owned or name in BOOKKEEPING:
            continue
        assert after.get(name) == data, f"{name} changed"
    for name in ("xl/cellimages.xml", "xl/_rels/cellimages.xml.rels", "xl/media/image1.png", "docProps/custom.xml",
                 "_rels/.rels", parts["周交办"]):
        assert after[name] == before[name]
    # The workbook still declares WPS's parts.
    assert b"cellimages.xml" in after["xl/_rels/workbook.xml.rels"]
    assert b"/xl/cellimages.xml" in after["[Content_Types].xml"]
    assert b"KSOProductBuildVer" in after["docProps/custom.xml"]
    sheet = read_book(wps).sheets["月考评"]
    head = sheet[0]
    got = {r[head.index("单位")]: r[head.index("综合得分")] for r in sheet[1:] if r[head.index("月份")] == "2026-01"}
    assert got[CG] == 100.00 and got["东关街道办事处"] == 0.00


def test_wps_dispimg_without_cached_value_is_a_warning_only(tmp_path):
    # Saved by a script that dropped the cached value: the picture column is not a field the
    # score uses, so a 警告 at most — never an error, the item counts.
    from duban.run import analyse

    path = wps_saved(make_ledger(tmp_path / "台账.xlsx", items=ITEMS))
    path = put_cells(path, "周交办", {"R2": f'><f>{DISPIMG.replace(chr(34), "&quot;")}</f>'})
    grid = read_book(path).sheets["周交办"]
    assert isinstance(grid[1][17], CellError)
    a = analyse(read_book(path), D(2026, 2, 10), "2026-01")
    assert a.errors == 0
    rows = {r.unit: r.score for r in a.evaluation.results["2026-01"].rows}
    assert rows[CG] == 100.00


def test_recomputed_wps_file_passes_audit(wps, capsys):
    pytest.importorskip("openxml_audit")
    assert main(["recompute", str(wps), "--month", "2026-01", "--today", "2026-02-10"]) == 0
    p = subprocess.run([sys.executable, "-m", "openxml_audit", "-q", str(wps)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr

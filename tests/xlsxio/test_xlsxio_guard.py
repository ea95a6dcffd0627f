"""check_workbook: every kind of unreadable or dangerous file gives BadWorkbook in Chinese."""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest

from duban.errors import BadWorkbook
from duban.xlsxio import check_workbook, guard

try:
    from test_xlsxio_fixtures import build_excel_like, build_rich, write_zip
except ImportError:  # tests collected as a package
    from tests.test_xlsxio_fixtures import build_excel_like, build_rich, write_zip

CJK = re.compile(r"[\u4e00-\u9fff]")


def bad(path, *needles):
    with pytest.raises(BadWorkbook) as ei:
        check_workbook(path)
    msg = ei.value.message
    assert CJK.search(msg), msg
    for n in needles:
        assert n in msg, msg
    return msg


@pytest.fixture
def rich(tmp_path):
    return build_rich(tmp_path / "台账.xlsx", ledger_rows=5)


def test_good_workbooks_pass(tmp_path, rich):
    check_workbook(rich)
    check_workbook(build_rich(tmp_path / "m.xlsm", vba=True, ledger_rows=3))
    check_workbook(build_excel_like(tmp_path / "e.xlsx"))


def test_missing_file_and_directory(tmp_path):
    bad(tmp_path / "没有.xlsx", "找不到文件")
    bad(tmp_path, "不是文件")


def test_empty_file(tmp_path):
    p = tmp_path / "空.xlsx"
    p.write_bytes(b"")
    bad(p, "空的")


def test_random_bytes_not_a_zip(tmp_path):
    p = tmp_path / "x.xlsx"
    p.write_bytes(bytes(range(256)) * 10)
    bad(p, "无法识别", ".xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_csv_renamed(tmp_path, encoding):
    p = tmp_path / "台账.xlsx"
    p.write_bytes("编号,单位,内容\n1,甲街道,修路\n2,丙局,清淤\n".encode(encoding))
    bad(p, "CSV", "另存为")


def test_text_and_html_renamed(tmp_path):
    p = tmp_path / "t.xlsx"
    p.write_text("这是一段说明文字，没有分隔符\n第二行", encoding="utf-8")
    bad(p, "文本")
    h = tmp_path / "h.xlsx"
    h.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    bad(h, "HTML")


def test_truncated_zip(tmp_path, rich):
    data = rich.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        p = tmp_path / f"cut{cut}.xlsx"
        p.write_bytes(data[:cut])
        bad(p, "损坏")


def test_damaged_member_data(tmp_path, rich):
    data = bytearray(rich.read_bytes())
    with zipfile.ZipFile(rich) as z:
        info = z.getinfo("xl/workbook.xml")
    nlen, elen = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + nlen + elen
    data[start:start + 40] = b"\xff" * 40  # garbage deflate stream
    p = tmp_path / "d.xlsx"
    p.write_bytes(bytes(data))
    bad(p, "损坏")


def test_zip_bomb_real_zeros(tmp_path):
    """60 MB of zeros compress ~1000:1: rejected by the ratio rule without being inflated."""
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            zero = bytes(1 << 20)
            for _ in range(60):
                f.write(zero)
    assert p.stat().st_size < 200_000
    bad(p, "压缩炸弹")


def _forge_sizes(src, dst, sizes: dict[str, int]):
    """Rewrite declared uncompressed sizes in the central directory."""
    data = bytearray(src.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        nlen = struct.unpack_from("<H", data, pos + 28)[0]
        name = bytes(data[pos + 46:pos + 46 + nlen]).decode()
        if name in sizes:
            struct.pack_into("<L", data, pos + 24, sizes[name])
        pos = data.find(b"PK\x01\x02", pos + 46)
    dst.write_bytes(bytes(data))


def test_zip_bomb_declared_member_size(tmp_path):
    src = write_zip(tmp_path / "s.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/big.xml": b"x" * 100})
    p = tmp_path / "forged.xlsx"
    _forge_sizes(src, p, {"xl/big.xml": guard.MAX_MEMBER_UNCOMPRESSED + 1})
    bad(p, "压缩炸弹")


def test_zip_bomb_declared_total(tmp_path):
    names = {f"xl/m{i}.bin": b"x" * 10 for i in range(3)}
    src = write_zip(tmp_path / "s.xlsx", {"xl/workbook.xml": b"<workbook/>", **names})
    p = tmp_path / "forged.xlsx"
    _forge_sizes(src, p, {n: 400 << 20 for n in names})  # 3 x 400 MiB > 1 GiB, each < 512 MiB
    bad(p, "压缩炸弹")


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "_rels/.rels"])
def test_dtd_or_entity_rejected(tmp_path, member):
    evil = (b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<workbook>&b;</workbook>")
    members = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
               "xl/worksheets/sheet1.xml": b"<worksheet/>", "_rels/.rels": b"<Relationships/>"}
    members[member] = evil
    p = write_zip(tmp_path / "dtd.xlsx", members)
    bad(p, "DTD", member)


def test_utf16_dtd_rejected(tmp_path):
    evil = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    p = write_zip(tmp_path / "dtd16.xlsx", {"xl/workbook.xml": evil})
    bad(p, "DTD")


def test_ole_encrypted_fake(tmp_path):
    p = tmp_path / "enc.xlsx"
    p.write_bytes(guard.OLE_SIGNATURE + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                  + b"\0" * 2000 + "EncryptedPackage".encode("utf-16-le"))
    bad(p, "密码", "取消密码保护")


def test_ole_encrypted_real(tmp_path, rich):
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile
    p = tmp_path / "加密.xlsx"
    with open(rich, "rb") as f, open(p, "wb") as out:
        OOXMLFile(f).encrypt("secret", out)
    assert p.read_bytes().startswith(guard.OLE_SIGNATURE)
    bad(p, "密码", "取消密码保护")


def test_old_xls(tmp_path):
    p = tmp_path / "old.xlsx"
    p.write_bytes(guard.OLE_SIGNATURE + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 2000)
    bad(p, ".xls", "另存为 .xlsx")


def test_other_ole(tmp_path):
    p = tmp_path / "doc.xlsx"
    p.write_bytes(guard.OLE_SIGNATURE + b"\0" * 3000)
    bad(p, "另存为")


def test_missing_workbook_xml(tmp_path):
    p = write_zip(tmp_path / "nowb.xlsx", {"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<a/>"})
    bad(p, "xl/workbook.xml")


def test_word_document_renamed(tmp_path):
    p = write_zip(tmp_path / "w.xlsx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"})
    bad(p, "Word")


def test_duplicate_member_names(tmp_path):
    buf = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
    p = tmp_path / "dup.xlsx"
    p.write_bytes(buf.getvalue())
    bad(p, "重复")


def test_encrypted_zip_member(tmp_path, rich):
    data = bytearray(rich.read_bytes())
    pos = data.find(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, pos + 8)[0]
    struct.pack_into("<H", data, pos + 8, flags | 1)
    p = tmp_path / "zipenc.xlsx"
    p.write_bytes(bytes(data))
    bad(p, "加密")


def test_limits_are_module_constants():
    assert guard.MAX_TOTAL_UNCOMPRESSED == 1 << 30
    assert guard.MAX_MEMBER_UNCOMPRESSED == 512 << 20
    assert guard.MAX_RATIO == 1000
    assert guard.RATIO_MIN_SIZE == 50_000_000


def test_ods_renamed(tmp_path):
    p = write_zip(tmp_path / "o.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                         "content.xml": b"<office:document-content/>"})
    bad(p, ".ods")


def test_xlsb_renamed(tmp_path):
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    p = write_zip(tmp_path / "b.xlsx", {"_rels/.rels": rels, "xl/workbook.bin": b"\x83\x01\x00"})
    bad(p, ".xlsb")

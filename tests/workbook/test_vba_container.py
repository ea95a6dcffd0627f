"""The VBA container checked against the specifications by code written here, not by the
libraries that wrote it: the compound-file directory trees ([MS-CFB] 2.6.4), the compression
rules ([MS-OVBA] 2.4.1), the dir stream's references and modules ([MS-OVBA] 2.3.4.2) and the
CMG/DPB/GC fields of the PROJECT stream ([MS-OVBA] 2.4.3, encrypted with the project ID's key).
"""

from __future__ import annotations

import io
import os
import random
import struct

import olefile
import pytest
from ms_ovba_compression.ms_ovba import MsOvba

from duban.template import vba
from duban.template.builder import sheet_code_names

NOSTREAM = 0xFFFFFFFF
RED, BLACK = 0, 1
CHUNK = 4096


@pytest.fixture(scope="module")
def project() -> bytes:
    return vba.build_vba_project(sheet_code_names())


@pytest.fixture(scope="module")
def ole(project):
    f = olefile.OleFileIO(io.BytesIO(project))
    yield f
    f.close()


# ---- [MS-CFB] 2.6.4: every storage's children form an ordered red-black tree -------------------

def cfb_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then the upper-cased names compared code point by code point."""
    return len(name.encode("utf-16-le")) // 2, name.upper()


def check_tree(entries, root_sid: int) -> list[str]:
    """Names of the tree under root_sid in order; asserts order, colours and equal black heights."""
    assert entries[root_sid].color == BLACK, f"tree root {entries[root_sid].name} must be black"
    names: list[str] = []

    def walk(sid: int, parent_red: bool) -> int:  # black height of the subtree
        if sid == NOSTREAM:
            return 1
        e = entries[sid]
        red = e.color == RED
        assert e.color in (RED, BLACK), e.name
        assert not (red and parent_red), f"two red nodes in a row at {e.name}"
        left = walk(e.sid_left, red)
        names.append(e.name)
        right = walk(e.sid_right, red)
        assert left == right, f"unequal black heights under {e.name}"
        return left + (not red)

    walk(root_sid, False)
    return names


def test_every_storage_is_an_ordered_red_black_tree(ole):
    entries = ole.direntries
    storages = [e for e in entries if e is not None and e.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE)]
    reached = []
    for storage in storages:
        names = check_tree(entries, storage.sid_child)
        assert names == sorted(names, key=cfb_key), storage.name
        assert len(set(map(cfb_key, names))) == len(names), f"duplicate names in {storage.name}"
        reached += names
    # every entry but the root hangs in exactly one tree
    assert sorted(reached) == sorted(e.name for e in entries[1:] if e is not None)


def test_directory_holds_the_streams_a_vba_project_needs(ole, project):
    streams = {"/".join(p) for p in ole.listdir()}
    modules = {m.name for m in vba.project_modules(sheet_code_names())}
    assert streams == {"PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT"} | {f"VBA/{m}" for m in modules}
    assert ole.direntries[0].name == "Root Entry"


def test_tree_check_rejects_a_misordered_or_unbalanced_tree():
    class E:
        def __init__(self, name, color, left=NOSTREAM, right=NOSTREAM):
            self.name, self.color, self.sid_left, self.sid_right = name, color, left, right

    good = [E("Sheet9", BLACK, 1, 2), E("dir", RED), E("Sheet10", RED)]
    assert check_tree(good, 0) == ["dir", "Sheet9", "Sheet10"]
    swapped = [E("Sheet9", BLACK, 1, 2), E("Sheet10", RED), E("dir", RED)]
    names = check_tree(swapped, 0)
    assert names != sorted(names, key=cfb_key)
    with pytest.raises(AssertionError, match="black heights"):
        check_tree([E("Sheet9", BLACK, 1), E("dir", BLACK)], 0)
    with pytest.raises(AssertionError, match="two red"):
        check_tree([E("Sheet9", BLACK, 1), E("dir", RED, 2), E("a", RED)], 0)


def test_compound_file_name_order():
    # "Sheet10" sorts after "Sheet9" in a compound file (longer name), before it in plain string order
    assert sorted(["Sheet10", "Sheet9", "dir", "_VBA_PROJECT"], key=cfb_key) == \
        ["dir", "Sheet9", "Sheet10", "_VBA_PROJECT"]
    # upper-casing puts "_" (0x5F) after letters: _VBA_PROJECT after XLWINGS_UDFS
    assert cfb_key("xlwings_udfs") < cfb_key("_VBA_PROJECT")


# ---- [MS-OVBA] 2.4.1: compression ----------------------------------------------------------

def bit_count(position: int) -> int:
    """[MS-OVBA] 2.4.1.3.19.1: bits of a copy token's offset at this position of the chunk (at least 4)."""
    n = 4
    while (1 << n) < position:
        n += 1
    return n


def strict_decompress(container: bytes) -> tuple[bytes, list[bool]]:
    """Decompress a CompressedContainer, asserting every rule a reader relies on.
    Returns the data and, per chunk, whether it was stored compressed."""
    assert container[:1] == b"\x01", "signature byte"
    pos, out, flags = 1, bytearray(), []
    while pos < len(container):
        assert not out or len(out) % CHUNK == 0, "only the last chunk may decompress to less than 4096 bytes"
        header, = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3  # whole chunk, header included
        assert header & 0x7000 == 0x3000, "chunk signature 0b011"
        compressed = bool(header & 0x8000)
        data = container[pos + 2:pos + size]
        assert len(data) == size - 2, "chunk runs past the end of the container"
        pos += size
        flags.append(compressed)
        if not compressed:
            assert size == CHUNK + 2, "a raw chunk holds exactly 4096 bytes"
            out += data
            continue
        chunk = bytearray()
        i = 0
        while i < len(data):
            flag = data[i]
            i += 1
            for bit in range(8):
                if i >= len(data):
                    break
                if not flag >> bit & 1:
                    chunk.append(data[i])
                    i += 1
                    continue
                token, = struct.unpack_from("<H", data, i)
                i += 2
                assert chunk, "a copy token cannot open a chunk"
                n = bit_count(len(chunk))
                offset = (token >> (16 - n)) + 1
                length = (token & (0xFFFF >> n)) + 3
                assert offset <= len(chunk), "copy token reaches before the chunk"
                for _ in range(length):
                    chunk.append(chunk[-offset])
        assert len(chunk) <= CHUNK, "chunk decompresses to more than 4096 bytes"
        assert size <= CHUNK + 2
        out += chunk
    return bytes(out), flags


def compress(data: bytes) -> bytes:
    return MsOvba().compress(data)


def test_every_module_stream_follows_the_compression_rules(project, ole):
    texts = {m.name: m.text.encode(vba.CODEPAGE) for m in vba.project_modules(sheet_code_names())}
    for name, source in texts.items():
        data, flags = strict_decompress(ole.openstream(["VBA", name]).read())
        assert data == source, name
        assert len(flags) == (len(source) - 1) // CHUNK + 1, name
        assert all(flags), f"{name}: source text always compresses"


def test_dir_stream_follows_the_compression_rules(ole):
    data, flags = strict_decompress(ole.openstream(["VBA", "dir"]).read())
    assert data[:2] == b"\x01\x00" and flags == [True]


@pytest.mark.parametrize("data", [
    b"a" * (3 * CHUNK + 17),            # long runs: copy tokens of maximum length
    b"abcabcabd" * 2000,                 # periodic: overlapping copies
    bytes(range(256)) * 33,              # long distances: every bit count up to 12
    b"x" * CHUNK,                        # exactly one chunk
    b"x" * (CHUNK + 1),                  # one byte into the second chunk
], ids=["runs", "periodic", "distances", "one-chunk", "chunk-plus-one"])
def test_compressed_chunks_obey_the_rules(data):
    out, flags = strict_decompress(compress(data))
    assert out == data
    assert all(flags)


def test_incompressible_chunk_is_stored_raw():
    rng = random.Random(11)
    noise = bytes(rng.randrange(256) for _ in range(CHUNK))
    text = vba.XLWINGS_BAS.read_bytes()[:CHUNK]
    container = compress(noise + text)
    out, flags = strict_decompress(container)
    assert out == noise + text
    assert flags == [False, True]  # the noise raw (it would grow), the text compressed
    assert container[1:3] == b"\xff\x3f"  # raw chunk header: size 4095, signature 0b011, flag 0


def test_matching_takes_the_longest_then_the_nearest_match():
    # at position 16, "abcdX" occurs at 8 (length 5) and "abcd" at 0 (length 4): one token, offset 8, length 5
    data = b"abcdefghabcdXyzwabcdXQ"
    container = compress(data)
    assert strict_decompress(container)[0] == data
    body = container[3:]
    # flag bytes: 8 literals (abcdefgh); then "abcd" copy (offset 8), X y z w literals, copy, Q
    token = struct.unpack_from("<H", body, 1 + 8 + 1 + 2 + 4)[0]
    n = bit_count(16)
    assert ((token >> (16 - n)) + 1, (token & (0xFFFF >> n)) + 3) == (8, 5)


# ---- [MS-OVBA] 2.3.4.2: the dir stream -------------------------------------------------------

def dir_records(ole) -> list[tuple[int, bytes]]:
    data, _ = strict_decompress(ole.openstream(["VBA", "dir"]).read())
    pos, out = 0, []
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == 0x0009:  # PROJECTVERSION: its Reserved field says 4, six bytes follow
            size = 6
        out.append((rid, data[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return out


def test_project_references_only_ole_automation(ole):
    records = dir_records(ole)
    names = [body.decode("cp1252") for rid, body in records if rid == 0x0016]  # REFERENCENAME
    assert names == ["stdole"]
    libids = [body for rid, body in records if rid == 0x000D]  # REFERENCEREGISTERED
    assert len(libids) == 1 and b"00020430-0000-0000-C000-000000000046" in libids[0]
    whole = b"".join(body for _rid, body in records).upper()
    assert b"MSO.DLL" not in whole and b"2DF8D04C" not in whole  # no Office type library


def test_dir_modules_match_the_project_stream_and_the_storage(ole):
    records = dir_records(ole)
    # MODULESTREAMNAME (0x001A); its Unicode twin follows under the id 0x0032
    mbcs = [body.decode("cp1252") for rid, body in records if rid == 0x001A]
    unicode = [body.decode("utf-16-le") for rid, body in records if rid == 0x0032]
    assert unicode == mbcs
    wanted = [m.name for m in vba.project_modules(sheet_code_names())]
    assert mbcs == wanted
    count = next(body for rid, body in records if rid == 0x000F)  # PROJECTMODULES
    assert struct.unpack("<H", count)[0] == len(wanted)
    for name in wanted:
        assert ole.exists(f"VBA/{name}")
    offsets = [struct.unpack("<I", body)[0] for rid, body in records if rid == 0x0031]  # MODULEOFFSET
    assert offsets == [0] * len(wanted)  # no p-code before the source


# ---- [MS-OVBA] 2.4.3: CMG, DPB and GC under the project ID's key --------------------------------

def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """([MS-OVBA] 2.4.3.3) -> (version, project key, data) of one Data Encryption field."""
    enc = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = enc[0], enc[1], enc[2]
    version, key = seed ^ version_enc, seed ^ key_enc
    plain_1, enc_1, enc_2 = key, key_enc, version_enc
    pos = 3

    def take(n: int) -> bytes:
        nonlocal pos, plain_1, enc_1, enc_2
        out = bytearray()
        for b in enc[pos:pos + n]:
            p = b ^ ((plain_1 + enc_2) & 0xFF)
            out.append(p)
            enc_2, enc_1, plain_1 = enc_1, b, p
        assert len(out) == n, "field shorter than its length says"
        pos += n
        return bytes(out)

    take((seed & 6) // 2)  # IgnoredEnc
    length, = struct.unpack("<I", take(4))
    data = take(length)
    assert pos == len(enc), "trailing bytes"
    return version, key, data


def project_lines(ole) -> dict[str, str]:
    text = ole.openstream("PROJECT").read().decode("cp1252")
    return dict(line.split("=", 1) for line in text.split("\r\n") if "=" in line and not line.startswith("&H"))


def test_cmg_dpb_gc_are_encrypted_with_the_project_id_key(ole):
    lines = project_lines(ole)
    project_id = lines["ID"].strip('"')
    assert project_id == vba.PROJECT_ID and len(project_id) == 38
    key = sum(project_id.encode("cp1252")) & 0xFF  # [MS-OVBA] 2.4.3.1: ProjectKey
    fields = {name: decrypt(lines[name].strip('"')) for name in ("CMG", "DPB", "GC")}
    for name, (version, field_key, _data) in fields.items():
        assert version == 2, name
        assert field_key == key, f"{name} encrypted with key {field_key:#x}, the project ID gives {key:#x}"
    assert fields["CMG"][2] == b"\x00\x00\x00\x00"  # not protected
    assert fields["DPB"][2] == b"\x00"              # no password
    assert fields["GC"][2] == b"\xff"               # visible
    assert 22 <= len(lines["CMG"].strip('"')) <= 28 and 16 <= len(lines["GC"].strip('"')) <= 22


def test_decrypt_tells_a_field_of_another_project_id_apart():
    from ms_ovba_crypto import MsOvbaCrypto

    state = random.getstate()
    try:
        random.seed(5)
        other = MsOvbaCrypto.encrypt("{00000000-0000-0000-0000-000000000000}", b"\xff").hex().upper()
    finally:
        random.setstate(state)
    _v, key, data = decrypt(other)
    assert data == b"\xff" and key == sum(b"{00000000-0000-0000-0000-000000000000}") & 0xFF
    assert key != sum(vba.PROJECT_ID.encode()) & 0xFF


def test_build_is_reproducible_and_leaves_the_random_state_alone():
    cwd = os.getcwd()
    vba.build_vba_project.cache_clear()
    random.seed(42)
    before = random.random()
    random.seed(42)
    first = vba.build_vba_project(sheet_code_names())
    after = random.random()
    vba.build_vba_project.cache_clear()
    assert vba.build_vba_project(sheet_code_names()) == first
    assert after == before
    assert os.getcwd() == cwd  # ms-ovba writes into a temporary folder; the build returns from it


def test_strict_reader_rejects_the_unfixed_library(monkeypatch):
    from duban.template import ovba_fix

    monkeypatch.setattr(MsOvba, "copytoken_help", ovba_fix.ORIGINAL_COPYTOKEN_HELP)
    monkeypatch.setattr(MsOvba, "_matching", ovba_fix.ORIGINAL_MATCHING)
    source = vba.XLWINGS_BAS.read_bytes()[:3000]
    try:
        out, _ = strict_decompress(compress(source))
    except (AssertionError, IndexError, struct.error):
        return
    assert out != source


@pytest.mark.parametrize("name", ["duban-template.xlsm", "duban-sample.xlsm", "duban-sample-dirty.xlsm"])
def test_shipped_workbooks_reference_only_ole_automation(name):
    import zipfile

    path = vba.VBA_DIR.parent / name
    if not path.exists():
        pytest.skip("run python -m workbook.build and python -m workbook.sample first")
    with zipfile.ZipFile(path) as z:
        shipped = z.read("xl/vbaProject.bin")
    assert shipped == vba.build_vba_project(sheet_code_names()), f"{name} is stale: rebuild it"
    f = olefile.OleFileIO(io.BytesIO(shipped))
    try:
        names = [body.decode("cp1252") for rid, body in dir_records(f) if rid == 0x0016]
    finally:
        f.close()
    assert names == ["stdole"], f"{name} is stale: rebuild it"


# ---- compared with a project Excel wrote (xlwings' own standalone quickstart workbook) -----------

def real_excel_project():
    import sys

    sys.path.insert(0, str(vba.VBA_DIR.parent.parent / "tests"))
    from ledgers import xlwings_vba_project

    return olefile.OleFileIO(io.BytesIO(xlwings_vba_project()))


def project_keys(ole) -> list[str]:
    """The PROJECT stream's property names in order, module lines and [Workspace] left out."""
    text = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n\r\n[Workspace]")[0].rstrip("\r\n")
    keys = [line.split("=", 1)[0] if "=" in line and not line.startswith("&H") else line for line in text.split("\r\n")]
    return [k for k in keys if k not in ("Document", "Module", "Class", "BaseClass", "Package")]


def test_project_stream_has_the_properties_excel_writes_in_its_order(ole):
    real = real_excel_project()
    try:
        assert project_keys(ole) == project_keys(real)
    finally:
        real.close()
    assert project_lines(ole)["VersionCompatible32"] == '"393222000"'


def test_root_entry_is_black_as_office_writes_it(ole):
    real = real_excel_project()
    try:
        assert ole.direntries[0].color == real.direntries[0].color == BLACK
    finally:
        real.close()


def test_dir_stream_records_follow_the_order_excel_writes(ole):
    """Same record ids in the same order as Excel's, up to the references (theirs: MSForms and
    Office; ours: stdole) and the number of modules."""
    real = real_excel_project()
    try:
        theirs = [rid for rid, _b in dir_records(real)]
    finally:
        real.close()
    ours = [rid for rid, _b in dir_records(ole)]

    def shape(ids):  # information records, one reference, one module: drop repeats
        head = ids[:ids.index(0x0F)]
        first_ref = head.index(0x16)
        info = head[:first_ref]
        module = ids[ids.index(0x19):ids.index(0x2B) + 1]
        return info, module, ids[-1]

    assert shape(ours) == shape(theirs)

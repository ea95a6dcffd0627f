"""A small raw zip reader/writer.

Untouched members are copied as their compressed bytes with their original
central-directory fields (name bytes, date/time, method, attributes, extra,
comment), in their original order. A member's local header is copied as it is
unless it uses a data descriptor or a zip64 extra; then a fresh, equivalent
local header is written (and no descriptor). Only members we produce are
compressed here.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
EOCD_SIG = b"PK\x05\x06"
ZIP64_LOCATOR_SIG = b"PK\x06\x07"
ZIP64_EOCD_SIG = b"PK\x06\x06"

LOCAL_FMT = "<4s5H3L2H"          # 30 bytes
CENTRAL_FMT = "<4s6H3L5H2L"      # 46 bytes
EOCD_FMT = "<4s4H2LH"            # 22 bytes
ZIP64_EOCD_FMT = "<4sQ2H2L4Q"    # 56 bytes
LOCAL_SIZE = struct.calcsize(LOCAL_FMT)
CENTRAL_SIZE = struct.calcsize(CENTRAL_FMT)
EOCD_SIZE = struct.calcsize(EOCD_FMT)

FLAG_DESCRIPTOR = 0x08
FLAG_UTF8 = 0x800
ZIP64_EXTRA_ID = 0x0001
DEFLATED = 8
COPY_CHUNK = 1 << 20
COMPRESS_LEVEL = 6                # parts we write are usually small ...
LARGE_COMPRESS_LEVEL = 3          # ... a big patched ledger sheet trades ~14% size for 2.5x speed
LARGE_PART = 4 << 20


class ZipFormatError(Exception):
    """The archive structure cannot be read (damaged or unsupported)."""


@dataclass
class Entry:
    """One central-directory record, with the offset of its local header."""

    name: str
    raw_name: bytes
    create_version: int
    extract_version: int
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    csize: int
    usize: int
    extra: bytes          # central extra fields, zip64 field removed
    comment: bytes
    internal_attr: int
    external_attr: int
    offset: int           # absolute position of the local header in the source


def _split_extra(extra: bytes) -> list[tuple[int, bytes]]:
    out, i = [], 0
    while i + 4 <= len(extra):
        hid, size = struct.unpack_from("<2H", extra, i)
        out.append((hid, extra[i + 4:i + 4 + size]))
        i += 4 + size
    return out


def _join_extra(fields: list[tuple[int, bytes]]) -> bytes:
    return b"".join(struct.pack("<2H", hid, len(d)) + d for hid, d in fields)


def _without_zip64(extra: bytes) -> bytes:
    fields = _split_extra(extra)
    if not any(hid == ZIP64_EXTRA_ID for hid, _ in fields):
        return extra
    return _join_extra([(h, d) for h, d in fields if h != ZIP64_EXTRA_ID])


def _decode_name(raw: bytes, flags: int) -> str:
    return raw.decode("utf-8" if flags & FLAG_UTF8 else "cp437")


class ZipSource:
    """The members of an existing zip file, readable raw or decompressed."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self.fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - the source owns the handle until close()
        try:
            self.entries, self.comment = self._read_directory()
            self.zf = zipfile.ZipFile(self.fh)
        except (zipfile.BadZipFile, struct.error, UnicodeDecodeError, ValueError) as e:
            self.fh.close()
            raise ZipFormatError(str(e)) from e
        except BaseException:
            self.fh.close()
            raise
        self.by_name = {e.name: e for e in self.entries}

    def close(self) -> None:
        self.zf.close()
        self.fh.close()

    def __enter__(self) -> ZipSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- directory ---------------------------------------------------------
    def _read_directory(self) -> tuple[list[Entry], bytes]:
        fh = self.fh
        fh.seek(0, 2)
        size = fh.tell()
        tail_len = min(size, EOCD_SIZE + 0xFFFF)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        pos = len(tail)
        while True:
            pos = tail.rfind(EOCD_SIG, 0, pos)
            if pos < 0:
                raise ZipFormatError("no end of central directory")
            if pos + EOCD_SIZE <= len(tail):
                rec = struct.unpack_from(EOCD_FMT, tail, pos)
                if pos + EOCD_SIZE + rec[7] == len(tail):
                    break
        eocd_pos = size - tail_len + pos
        _, _, _, _, count, cd_size, cd_offset, clen = rec
        comment = tail[pos + EOCD_SIZE:pos + EOCD_SIZE + clen]
        cd_end = eocd_pos
        if count == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
            loc = tail[pos - 20:pos] if pos >= 20 else b""
            if loc[:4] == ZIP64_LOCATOR_SIG:
                cd_end = eocd_pos - 20 - struct.calcsize(ZIP64_EOCD_FMT)
                fh.seek(cd_end)
                z = fh.read(struct.calcsize(ZIP64_EOCD_FMT))
                if z[:4] != ZIP64_EOCD_SIG:
                    raise ZipFormatError("bad zip64 end record")
                rec64 = struct.unpack(ZIP64_EOCD_FMT, z)
                count, cd_size, cd_offset = rec64[7], rec64[8], rec64[9]
        concat = cd_end - cd_size - cd_offset  # bytes prepended to the archive
        if concat < 0:
            raise ZipFormatError("central directory out of range")
        fh.seek(cd_offset + concat)
        cd = fh.read(cd_size)
        if len(cd) != cd_size:
            raise ZipFormatError("truncated central directory")
        entries, i = [], 0
        while i < len(cd):
            if cd[i:i + 4] != CENTRAL_SIG:
                raise ZipFormatError("bad central directory record")
            (_, cver, xver, flags, method, t, d, crc, csize, usize, nlen, elen,
             clen2, _disk, iattr, eattr, off) = struct.unpack_from(CENTRAL_FMT, cd, i)
            j = i + CENTRAL_SIZE
            raw_name = cd[j:j + nlen]
            extra = cd[j + nlen:j + nlen + elen]
            ecomment = cd[j + nlen + elen:j + nlen + elen + clen2]
            i = j + nlen + elen + clen2
            for hid, data in _split_extra(extra):
                if hid == ZIP64_EXTRA_ID:
                    vals, k = [], 0
                    while k + 8 <= len(data):
                        vals.append(struct.unpack_from("<Q", data, k)[0])
                        k += 8
                    if usize == 0xFFFFFFFF and vals:
                        usize = vals.pop(0)
                    if csize == 0xFFFFFFFF and vals:
                        csize = vals.pop(0)
                    if off == 0xFFFFFFFF and vals:
                        off = vals.pop(0)
            entries.append(Entry(
                name=_decode_name(raw_name, flags), raw_name=raw_name, create_version=cver,
                extract_version=xver, flags=flags, method=method, dos_time=t, dos_date=d,
                crc=crc, csize=csize, usize=usize, extra=_without_zip64(extra),
                comment=ecomment, internal_attr=iattr, external_attr=eattr, offset=off + concat))
        if len(entries) != count:
            raise ZipFormatError("member count mismatch")
        return entries, comment

    # -- member data -------------------------------------------------------
    def local_header(self, e: Entry) -> tuple[bytes, int]:
        """Raw local header bytes of ``e`` and the position of its data."""
        self.fh.seek(e.offset)
        head = self.fh.read(LOCAL_SIZE)
        if len(head) != LOCAL_SIZE or head[:4] != LOCAL_SIG:
            raise ZipFormatError(f"bad local header for {e.name}")
        nlen, elen = struct.unpack_from("<2H", head, 26)
        rest = self.fh.read(nlen + elen)
        if len(rest) != nlen + elen:
            raise ZipFormatError(f"truncated local header for {e.name}")
        return head + rest, e.offset + LOCAL_SIZE + nlen + elen

    def raw_chunks(self, e: Entry, start: int) -> Iterator[bytes]:
        """Yield the compressed bytes of ``e`` whose data begins at ``start``."""
        left = e.csize
        while left:
            self.fh.seek(start + e.csize - left)
            chunk = self.fh.read(min(left, COPY_CHUNK))
            if not chunk:
                raise ZipFormatError(f"truncated data for {e.name}")
            left -= len(chunk)
            yield chunk

    def read(self, name: str) -> bytes:
        """Decompressed bytes of a member (CRC-checked, bounded by its declared size)."""
        return self.zf.read(name)


def dos_now() -> tuple[int, int]:
    """Current local time as zip (time, date) fields."""
    t = time.localtime()
    year = max(t.tm_year, 1980)
    return ((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
            ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday)


class ZipSink:
    """Writes a zip file member by member, then its central directory."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.pos = 0
        self.central: list[bytes] = []
        self.written: list[str] = []   # names of members compressed here

    def _write(self, data: bytes) -> None:
        self.fh.write(data)
        self.pos += len(data)

    def _add_central(self, e: Entry, offset: int) -> None:
        if offset > 0xFFFFFFFF or e.csize > 0xFFFFFFFF or e.usize > 0xFFFFFFFF:
            raise ZipFormatError("archive too large (zip64 not supported)")
        self.central.append(struct.pack(
            CENTRAL_FMT, CENTRAL_SIG, e.create_version, e.extract_version, e.flags, e.method,
            e.dos_time, e.dos_date, e.crc, e.csize, e.usize, len(e.raw_name), len(e.extra),
            len(e.comment), 0, e.internal_attr, e.external_attr, offset)
            + e.raw_name + e.extra + e.comment)

    def _fresh_local(self, e: Entry, extra: bytes) -> bytes:
        return struct.pack(LOCAL_FMT, LOCAL_SIG, e.extract_version, e.flags, e.method,
                           e.dos_time, e.dos_date, e.crc, e.csize, e.usize,
                           len(e.raw_name), len(extra)) + e.raw_name + extra

    def copy(self, src: ZipSource, e: Entry) -> None:
        """Copy member ``e`` of ``src`` as its raw compressed bytes."""
        head, start = src.local_header(e)
        local_extra = head[LOCAL_SIZE + len(e.raw_name):]
        lf = struct.unpack_from(LOCAL_FMT, head)
        clean = (not e.flags & FLAG_DESCRIPTOR and head[LOCAL_SIZE:LOCAL_SIZE + len(e.raw_name)] == e.raw_name
                 and (lf[6], lf[7], lf[8]) == (e.crc, e.csize, e.usize)
                 and _without_zip64(local_extra) == local_extra)
        offset = self.pos
        if clean:
            self._write(head)
        else:
            e = replace(e, flags=e.flags & ~FLAG_DESCRIPTOR)
            self._write(self._fresh_local(e, _without_zip64(local_extra)))
        for chunk in src.raw_chunks(e, start):
            self._write(chunk)
        self._add_central(e, offset)

    def add(self, name: str, data: bytes, like: Entry | None = None) -> None:
        """Add ``data`` deflated; keep date, attributes and versions of ``like`` if given."""
        level = LARGE_COMPRESS_LEVEL if len(data) > LARGE_PART else COMPRESS_LEVEL
        comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        packed = comp.compress(data) + comp.flush()
        raw_name = name.encode("utf-8")
        if like is not None:
            e = replace(like, flags=like.flags & FLAG_UTF8, method=DEFLATED,
                        extract_version=max(like.extract_version, 20))
        else:
            t, d = dos_now()
            e = Entry(name, raw_name, 20, 20, 0, DEFLATED, t, d, 0, 0, 0, b"", b"", 0, 0, 0)
        flags = e.flags | (FLAG_UTF8 if not name.isascii() else 0)
        e = replace(e, name=name, raw_name=raw_name, flags=flags, crc=zlib.crc32(data),
                    csize=len(packed), usize=len(data))
        offset = self.pos
        self._write(self._fresh_local(e, b""))
        self._write(packed)
        self._add_central(e, offset)
        self.written.append(name)

    def finish(self, comment: bytes = b"") -> None:
        """Write the central directory and the end record."""
        if len(self.central) > 0xFFFF:
            raise ZipFormatError("too many members (zip64 not supported)")
        cd_offset = self.pos
        for rec in self.central:
            self._write(rec)
        cd_size = self.pos - cd_offset
        self._write(struct.pack(EOCD_FMT, EOCD_SIG, 0, 0, len(self.central), len(self.central),
                                cd_size, cd_offset, len(comment)) + comment)

"""Builders of bad input files, generated at test time (no binaries committed).

Every builder takes a folder and returns the path to hand to `duban`. The
workbooks start from the same small, clean ledger (`clean_sheets`), written
with XlsxWriter, and are then damaged the way real files get damaged: a bad
row, a renamed or merged header, a missing sheet, a chart sheet where a
worksheet should be, or bytes changed inside the zip.
"""

from __future__ import annotations

import random
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from duban import schema
from duban.read import params

from ledgers import LEADERS, D, done, item, unit_rows, write_rows

TODAY = "2026-02-10"
MONTH = "2026-01"
NAME = "台账.xlsx"
CHART = object()  # a sheet value: write a chart sheet under that title instead of a worksheet

Rows = list[list[Any]]
Hook = Callable[[Any, Any], None]  # (xlsxwriter Workbook, Worksheet) -> None


# -- the clean ledger ------------------------------------------------------------------------

def clean_items() -> Rows:
    """Four items, no findings at all on TODAY (checked by test_clean_base_has_no_findings)."""
    return [
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
        item("2", "东关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9)),
        done("3", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "较好", feedback=D(2026, 1, 19)),
        item("4", "区财政局", D(2026, 1, 20), feedback=D(2026, 2, 9)),
    ]


def params_rows(**values: Any) -> Rows:
    """The template's 参数 sheet with 考评年度 2026 and the given 【基本设置】 values replaced."""
    values.setdefault("考评年度", 2026)
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] in values:
            r[1] = values[r[0]]
    return rows


def clean_sheets(*, items: Rows | None = None, extra_items: Rows = (), units: Rows | None = None,
                 reviews: Rows = (), adjustments: Rows = (), params: Rows | None = None) -> dict[str, Any]:
    """Title -> rows (header included) of a clean ledger, in the template's sheet order."""
    return {
        schema.PARAMS.title: params if params is not None else params_rows(),
        schema.UNITS.title: [schema.UNITS.headers] + (units if units is not None else unit_rows()),
        schema.LEADERS.title: [schema.LEADERS.headers] + [list(r) for r in LEADERS],
        schema.ITEMS.title: [schema.ITEMS.headers] + (items if items is not None else clean_items())
        + list(extra_items),
        schema.REVIEWS.title: [schema.REVIEWS.headers] + list(reviews),
        schema.ADJUSTMENTS.title: [schema.ADJUSTMENTS.headers] + list(adjustments),
        schema.HISTORY.title: [schema.HISTORY.headers],
    }


def write_book(path: Path, sheets: dict[str, Any], hooks: dict[str, Hook] | None = None) -> Path:
    """Write sheets with XlsxWriter; a hook may format, merge or add rows after the values are written."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    hooks = hooks or {}
    for title, rows in sheets.items():
        if rows is CHART:
            data = wb.add_worksheet(f"{title}数据")
            data.write_column(0, 0, [3, 5, 8])
            chart = wb.add_chart({"type": "column"})
            chart.add_series({"values": f"='{title}数据'!$A$1:$A$3"})
            wb.add_chartsheet(title).set_chart(chart)
            continue
        ws = wb.add_worksheet(title)
        write_rows(ws, rows, date_fmt)
        if title in hooks:
            hooks[title](wb, ws)
    wb.close()
    return path


def ledger(folder: Path, name: str = NAME, hooks: dict[str, Hook] | None = None, **kw: Any) -> Path:
    return write_book(folder / name, clean_sheets(**kw), hooks)


# -- zip surgery -------------------------------------------------------------------------------

def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> zip member of its part (worksheets and chart sheets)."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        a = _attrs(tag)
        targets[a["Id"]] = a["Target"]
    out = {}
    for tag in re.findall(r"<sheet\b[^>]*>", wb):
        a = _attrs(tag)
        target = targets[a["r:id"]]
        out[_unescape(a["name"])] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w:]+)="([^"]*)"', tag))


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rewrite(path: Path, changes: dict[str, bytes | Callable[[bytes], bytes] | None],
            dst: Path | None = None) -> Path:
    """Copy the zip with members replaced (bytes), transformed (callable) or removed (None)."""
    old = members(path)
    dst = dst or path
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in old.items():
            if n in changes:
                ch = changes[n]
                if ch is None:
                    continue
                data = ch(data) if callable(ch) else ch
            z.writestr(n, data)
        for n, ch in changes.items():
            if n not in old and isinstance(ch, bytes):
                z.writestr(n, ch)
    return dst


def replace_in(old: bytes, new: bytes, count: int = 1) -> Callable[[bytes], bytes]:
    def fn(data: bytes) -> bytes:
        assert old in data, (old, data[:200])
        return data.replace(old, new, count)
    return fn


def forge_declared_sizes(path: Path, sizes: dict[str, int]) -> Path:
    """Rewrite the uncompressed sizes declared in the central directory (and local headers)."""
    data = bytearray(path.read_bytes())
    for sig, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        pos = data.find(sig)
        while pos >= 0:
            nlen = struct.unpack_from("<H", data, pos + name_len_at)[0]
            name = bytes(data[pos + name_at:pos + name_at + nlen]).decode("utf-8", "replace")
            if name in sizes:
                struct.pack_into("<L", data, pos + size_at, sizes[name])
            pos = data.find(sig, pos + 4)
    path.write_bytes(bytes(data))
    return path


# -- OLE2 compound files (old .xls, other Office 97-2003 files) ----------------------------------

def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal, valid OLE2 compound file (v3, 512-byte sectors) holding the given root streams.

    Streams are padded to 4096 bytes so they live in regular sectors (no mini stream).
    olefile parses it and lists the streams (checked by the tests).
    """
    if len(streams) > 3:
        raise ValueError("at most 3 streams (one directory sector)")
    sec = 512
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    datas = [d + b"\0" * max(0, 4096 - len(d)) for d in streams.values()]
    datas = [d + b"\0" * (-len(d) % sec) for d in datas]
    fat = [fatsect, end]  # sector 0: FAT, sector 1: directory
    starts = []
    for d in datas:
        n = len(d) // sec
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [end]
    if len(fat) > sec // 4:
        raise ValueError("streams too large for one FAT sector")
    fat += [free] * (sec // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", nostream, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))
    names = list(streams)
    dir_ = entry("Root Entry", 5, 1 if names else nostream, nostream, end, 0)
    for i, (n, d) in enumerate(zip(names, datas)):
        right = i + 2 if i + 1 < len(names) else nostream
        dir_ += entry(n, 2, nostream, right, starts[i], len(d))
    dir_ = dir_.ljust(sec, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    assert len(header) == sec
    path.write_bytes(header + struct.pack(f"<{sec // 4}I", *fat) + dir_ + b"".join(datas))
    return path


BIFF8_BOF = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0x41, 0x06)


# -- small helpers for builders ------------------------------------------------------------------

def raw_bytes(folder: Path, data: bytes, name: str = NAME) -> Path:
    p = folder / name
    p.write_bytes(data)
    return p


def noise(n: int, seed: int = 5) -> bytes:
    return random.Random(seed).randbytes(n)

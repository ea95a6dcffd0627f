"""check_workbook: refuse files that are not a safe, readable .xlsx/.xlsm before reading them."""

from __future__ import annotations

import codecs
import os
import zipfile
import zlib
from pathlib import Path
from typing import IO

from duban.xlsxio import workbookxml as W
from duban.xlsxio.errors import BadWorkbook

# Zip-bomb limits (declared sizes; reads are bounded by them).
MAX_TOTAL_UNCOMPRESSED = 1 << 30          # 1 GiB for all members
MAX_MEMBER_UNCOMPRESSED = 512 << 20       # 512 MiB for one member
MAX_RATIO = 1000                          # uncompressed / compressed ...
RATIO_MIN_SIZE = 50 * 1000 * 1000         # ... checked on members larger than 50 MB
DTD_SCAN_BYTES = 64 << 10                 # decompressed head of each XML part scanned for a DTD
                                          # (and on through a longer prolog: _dtd_in_prolog)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
SAVE_AS = "请在 Excel 或 WPS 中打开后另存为 .xlsx 或 .xlsm 格式再运行"


def _bad(path: Path, why: str) -> BadWorkbook:
    return BadWorkbook(f"无法读取工作簿“{path.name}”：{why}")


def _scan_for(path: Path, needle: bytes, chunk: int = 1 << 20) -> bool:
    with open(path, "rb") as f:
        tail = b""
        while block := f.read(chunk):
            if needle in tail + block:
                return True
            tail = block[-len(needle):]
    return False


def ole_kind(path: Path) -> str:
    """What an OLE2 compound file holds: "encrypted" (an .xlsx with an open password), "xls" (an
    old Excel 97-2003 workbook) or "other"; "unreadable" when olefile cannot parse it."""
    try:
        import olefile
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(p) for p in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile missing, or its own errors and OSError
        return "unreadable"
    if {"EncryptionInfo", "EncryptedPackage"} & streams:
        return "encrypted"
    return "xls" if {"Workbook", "Book"} & streams else "other"


ENCRYPTED = ("工作簿设置了打开密码（已加密）。请先在 Excel 或 WPS 中取消密码保护"
             "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并保存，再运行")


def _check_ole(path: Path) -> None:
    """An OLE2 compound file: an encrypted workbook, an old .xls, or something else."""
    kind = ole_kind(path)
    if kind == "unreadable":  # judged by its bytes
        kind = ("encrypted" if _scan_for(path, ENCRYPTION_MARK)
                else "xls" if _scan_for(path, "Workbook".encode("utf-16-le")) else "other")
    if kind == "encrypted":
        raise _bad(path, ENCRYPTED)
    if kind == "xls":
        raise _bad(path, f"这是旧版 Excel 97-2003 工作簿（.xls）。{SAVE_AS}")
    raise _bad(path, f"这不是 Excel 工作簿（可能是旧版 Office 文档）。{SAVE_AS}")


def _describe_non_zip(path: Path, head: bytes) -> str:
    if not head:
        return "文件是空的（0 字节），可能保存或复制时中断了，请找回原文件或备份"
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ")
    low = text[:2048].lower()
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        return f"这是“XML 电子表格 2003”格式，不是 .xlsx。{SAVE_AS}"
    if low.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in low[:512]:
        return f"这是网页（HTML）格式的文件，只是扩展名为 .xlsx。{SAVE_AS}"
    sample = head[:4096]
    for enc in ("utf-8", "gb18030", "utf-16"):
        try:
            decoded = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
        if decoded and printable / len(decoded) > 0.95:
            if any(sep in decoded for sep in (",", "\t", "，")):
                return f"这是文本（CSV）文件，只是扩展名改成了 .xlsx。{SAVE_AS}"
            return f"这是纯文本文件，不是 Excel 工作簿。{SAVE_AS}"
    return f"文件格式无法识别，不是 .xlsx/.xlsm 工作簿。{SAVE_AS}"


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], file_size: int) -> None:
    total = 0
    seen = set()
    for info in infos:
        if info.filename in seen:
            raise _bad(path, f"压缩包中有重复的部件“{info.filename}”，文件已损坏或被篡改")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise _bad(path, "压缩包内容被加密，无法读取。请先取消密码保护")
        if info.header_offset + info.compress_size > file_size:
            raise _bad(path, "文件不完整或已损坏（可能下载或复制时中断），请找回原文件或备份")
        total += info.file_size
        big_ratio = (info.file_size > RATIO_MIN_SIZE
                     and info.file_size > MAX_RATIO * max(info.compress_size, 1))
        if info.file_size > MAX_MEMBER_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED or big_ratio:
            raise _bad(path, "解压后体积异常巨大（疑似“压缩炸弹”恶意文件），已拒绝处理")


def _dtd_in_prolog(f: IO[bytes], head: bytes) -> bool:
    """Read on past ``head`` through the prolog (declaration, comments, processing instructions)
    up to the root element: True if a DTD comes first. A DTD cannot follow the root element, so
    padding the prolog with a long comment does not hide one."""
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    dec = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8")("ignore")
    buf = dec.decode(head)
    while True:
        buf = buf.lstrip().lstrip("\ufeff").lstrip()
        if buf.startswith(("<!DOCTYPE", "<!ENTITY")):
            return True
        opener = next((o for o in ("<?", "<!--") if buf.startswith(o)), None)
        if opener:
            close = "?>" if opener == "<?" else "-->"
            end = buf.find(close, len(opener))
            if end >= 0:
                buf = buf[end + len(close):]
                continue
            buf = opener + buf[len(opener):][-len(close):]  # keep what may start the terminator
        elif len(buf) >= len("<!DOCTYPE"):
            return False  # the root element (or something that is not a prolog): no DTD
        block = f.read(1 << 20)
        if not block:
            return False
        buf += dec.decode(block)


def _check_dtd(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with zf.open(info) as f:
            head = f.read(DTD_SCAN_BYTES)
            late = len(head) == DTD_SCAN_BYTES and _dtd_in_prolog(f, head)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as e:
        raise _bad(path, f"部件“{info.filename}”已损坏，无法解压（{type(e).__name__}）") from e
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    if late or b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise _bad(path, f"部件“{info.filename}”含有 DTD/实体声明（<!DOCTYPE、<!ENTITY），"
                         "这不是 Excel 生成的正常内容，可能是恶意构造的文件，已拒绝处理")


def check_workbook(path: str | os.PathLike[str]) -> None:
    """Raise BadWorkbook (Chinese message) unless ``path`` looks like a safe .xlsx/.xlsm."""
    path = Path(path)
    if not path.exists():
        raise BadWorkbook(f"找不到文件：{path}")
    if not path.is_file():
        raise BadWorkbook(f"“{path}”不是文件")
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
        size = os.path.getsize(path)
    except PermissionError as e:
        raise BadWorkbook(f"没有权限读取文件“{path.name}”") from e
    if head.startswith(OLE_SIGNATURE):
        _check_ole(path)
    if not head.startswith(b"PK"):
        raise _bad(path, _describe_non_zip(path, head))
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise _bad(path, "文件不完整或已损坏（可能下载或复制时中断），请找回原文件或备份") from e
    with zf:
        infos = zf.infolist()
        _check_sizes(path, infos, size)
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            raise _bad(path, "这是 Word 文档，不是 Excel 工作簿")
        if "ppt/presentation.xml" in names:
            raise _bad(path, "这是 PowerPoint 演示文稿，不是 Excel 工作簿")
        if "mimetype" in names and "content.xml" in names:
            raise _bad(path, f"这是 OpenDocument（.ods）表格，不是 .xlsx。{SAVE_AS}")
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")):
                _check_dtd(path, zf, info)
        root_rels = zf.read("_rels/.rels") if "_rels/.rels" in names else None
        wb_part = W.workbook_part(root_rels)
        if wb_part.lower().endswith(".bin"):
            raise _bad(path, f"这是 Excel 二进制工作簿（.xlsb），本工具不能直接修改。{SAVE_AS}")
        if wb_part not in names:
            raise _bad(path, f"缺少工作簿主体（{wb_part}），这不是有效的 Excel 工作簿，或文件已损坏")

"""write_parts: lock, back up, rebuild the zip with only our parts changed, verify, swap atomically."""

from __future__ import annotations

import errno
import glob
import os
import re
import shutil
import stat
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from duban.xlsxio import atomic
from duban.xlsxio import workbookxml as W
from duban.xlsxio.atomic import Replacement
from duban.xlsxio.book import Book
from duban.xlsxio.errors import FileBusy, UserError, WriteFailed
from duban.xlsxio.guard import check_workbook
from duban.xlsxio.model import Cell, Conventions, Grid, WriteReport
from duban.xlsxio.sheetxml import PatchError, new_sheet_xml, patch_cells, replace_data, role_styles
from duban.xlsxio.zipraw import ZipSink, ZipSource

BACKUP_KEEP = 20
LOCK_POLL = 0.05
# Steps at which the original file must stay untouched if anything goes wrong.
STEPS = ("check", "lock", "read", "build", "backup", "write_temp", "sync_temp", "verify", "replace")

MSG_LOCKED = "另一个督办程序正在处理此文件，请稍后再试"
MSG_OPEN = "文件正在被 Excel 或 WPS 打开，请先关闭后再运行"


def _fault(step: str) -> None:
    """Test hook, called at the start of every step in STEPS; tests monkeypatch it to raise."""


# -- lock and "is it open?" checks ------------------------------------------------------

def lock_path(path: Path) -> Path:
    return path.with_name(f".~duban-{path.name}.lock")


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
    except ImportError:  # Windows
        import msvcrt
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # Windows only
            return True
        except OSError:
            return False


@contextmanager
def file_lock(path: Path, timeout: float) -> Iterator[Path]:
    """Exclusive lock on the sidecar '.~duban-<name>.lock'; FileBusy after ``timeout`` seconds."""
    lp = lock_path(path)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
        if _try_lock(fd):
            try:  # the holder before us may have removed the file: then lock the new one
                if os.fstat(fd).st_ino == os.stat(lp).st_ino:
                    break
            except FileNotFoundError:
                pass
        os.close(fd)
        if time.monotonic() >= deadline:
            raise FileBusy(MSG_LOCKED)
        time.sleep(LOCK_POLL)
    try:
        yield lp
    finally:
        with suppress(OSError):
            os.unlink(lp)
        os.close(fd)  # closing releases the lock


def owner_files(path: Path) -> list[Path]:
    """Lock files that Excel/WPS (and LibreOffice) leave beside a file they have open."""
    cands = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    return [p for p in cands if p.exists()]


def check_not_open(path: Path) -> None:
    found = owner_files(path)
    if found:
        raise FileBusy(f"{MSG_OPEN}（发现锁定文件“{found[0].name}”；如确认没有打开，可删除该文件后重试）")
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only file", str(path))
    try:
        with open(path, "r+b"):
            pass
    except PermissionError as e:
        raise FileBusy(MSG_OPEN) from e


# -- building the new parts -------------------------------------------------------------

CellPatches = Mapping[str, Mapping[tuple[int, int], object]]  # sheet title -> (row0, col0) -> value or Cell


def _validate(sheets: dict[str, Grid], patches: CellPatches, roles: tuple[str, ...]) -> None:
    for title, grid in sheets.items():
        if not isinstance(grid, Grid):
            raise TypeError(f"sheets[{title!r}] must be a Grid")
        for row in grid.rows:
            for v in row:
                if isinstance(v, Cell) and v.role not in roles:
                    raise ValueError(f"unknown style role {v.role!r} in sheet {title!r}")
    for title, cells in patches.items():
        for key, v in cells.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise ValueError(f"cell_patches[{title!r}] keys must be (row0, col0)")
            if isinstance(v, Cell) and v.role not in roles:
                raise ValueError(f"unknown style role {v.role!r} in patches of {title!r}")


class Plan:
    """Member name -> new bytes (replaced), names removed, (name, bytes) added at the end."""

    def __init__(self) -> None:
        self.replaced: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.added: list[tuple[str, bytes]] = []


def sheet_charts(book: Book, sheet_member: str) -> list[str]:
    """Chart members drawn on a sheet: the sheet's drawing relationships, then each drawing's charts."""
    def related(member: str, kind: str) -> list[str]:
        rels = book.member(W.rels_path(member))
        if rels is None:
            return []
        found = (book.member(r.part) for r in W.parse_rels(book.src.read(rels), member)
                 if r.part and r.type.endswith("/" + kind))
        return [m for m in found if m]
    return [chart for drawing in related(sheet_member, "drawing") for chart in related(drawing, "chart")]



def _relationship(rid: str) -> Callable[[dict[str, str]], bool]:
    """Matches the attributes of the Relationship with this Id."""
    return lambda a: a.get("Id") == rid


def _override(member: str) -> Callable[[dict[str, str]], bool]:
    """Matches the attributes of the content-type Override for this zip member (case-insensitive)."""
    part = member.lower()
    return lambda a: a.get("PartName", "").lstrip("/").lower() == part


def build(src: ZipSource, sheets: dict[str, Grid], patches: CellPatches, report: WriteReport,
          conventions: Conventions) -> Plan:
    book = Book(src)
    plan = Plan()
    wb, rels, ct = book.wb, book.rels, book.ct
    styles = role_styles(book.sheet_xml(conventions.style_sheet), conventions.roles)
    d1904 = book.date1904
    ids = W.new_ids(book.sheets, book.rel_list, book.names, book.wb_part)
    rewritten: set[int] = set()

    def existing(title: str) -> tuple[W.SheetRef | None, str]:
        """The sheet called ``title`` and its zip member; (None, "") if there is none."""
        ref = book.sheet(title)
        if ref is None:
            return None, ""
        if not ref.rel_type.endswith("/worksheet"):
            raise PatchError(f"“{title}”不是普通工作表（可能是图表工作表），不能写入")
        name = book.member(ref.part)
        if name is None:
            raise PatchError(f"工作表“{title}”的内容部件缺失，文件可能已损坏")
        return ref, name

    for title, grid in sheets.items():
        ref, name = existing(title)
        cells = patches.get(title, {})
        if ref is None:
            W.check_title(title, [s.title for s in book.sheets])
            sid, rid, part = next(ids)
            xml = patch_cells(new_sheet_xml(grid, styles, d1904), cells, styles, d1904)
            plan.added.append((part, xml))
            wb, rels, ct = W.add_sheet(wb, rels, ct, book.wb_part, title, part, sid, rid, grid.state)
            book.sheets.append(W.SheetRef(title, sid, rid, part, W.REL_WORKSHEET, len(book.sheets)))
            report.sheets_added.append(title)
        else:
            xml, af_ref = replace_data(src.read(name), grid, styles, d1904)
            plan.replaced[name] = patch_cells(xml, cells, styles, d1904)
            if grid.charts is not None:
                for chart in sheet_charts(book, name):
                    old = src.read(chart)
                    new = grid.charts(old)
                    if new != old:
                        plan.replaced[chart] = new
            if af_ref:
                wb = W.update_filter_name(wb, ref.index, ref.title, af_ref)
            rewritten.add(ref.sheet_id)
        report.sheets_written.append(title)
        report.cells_patched += len(cells)
    for title, cells in patches.items():
        if title in sheets:
            continue
        ref, name = existing(title)
        if ref is None:
            raise PatchError(f"工作簿中找不到工作表“{title}”")
        plan.replaced[name] = patch_cells(src.read(name), cells, styles, d1904)
        rewritten.add(ref.sheet_id)
        report.cells_patched += len(cells)
    # calcChain lists formula cells per sheet; stale entries make Excel "repair" the file.
    for rel in book.rel_list:
        chain = book.member(rel.part) if rel.type.endswith("/calcChain") else None
        if chain and rewritten:
            try:
                stale = bool(W.calc_chain_sheet_ids(src.read(chain)) & rewritten)
            except Exception:
                stale = True
            if stale:
                plan.removed.add(chain)
                rels = W.remove_elements(rels, b"Relationship", _relationship(rel.rid))
                ct = W.remove_elements(ct, b"Override", _override(chain))
                report.calc_chain_removed = True
    wb = W.set_full_calc(wb)
    for name, new, old in ((book.wb_part, wb, book.wb), (book.rels_part, rels, book.rels),
                           (book.ct_part, ct, book.ct)):
        if new != old:
            plan.replaced[name] = new
    return plan


# -- files ---------------------------------------------------------------------------------

# Windows marks a file that came from the Internet or e-mail with an NTFS alternate data stream,
# "Zone.Identifier" (the Mark of the Web); Office then blocks the file's macros. A new file put in
# place by os.replace has only the streams of the temp file, so the mark is copied onto it first.
MARK_OF_THE_WEB = ":Zone.Identifier"
ALTERNATE_STREAMS = os.name == "nt"  # tests set it to exercise the copy on Linux


def copy_mark_of_the_web(source: Path, dest: Path) -> None:
    """Give ``dest`` the Zone.Identifier stream of ``source`` (best effort; no-op off Windows)."""
    if not ALTERNATE_STREAMS:
        return
    try:
        with open(f"{source}{MARK_OF_THE_WEB}", "rb") as f:
            mark = f.read()
    except OSError:
        return  # no mark (or no NTFS): nothing to keep
    try:
        with open(f"{dest}{MARK_OF_THE_WEB}", "wb") as f:
            f.write(mark)
    except OSError:
        pass


BACKUP_NAME = re.compile(r"_\d{8}_\d{6}_\d{6}")


def make_backup(path: Path, backup_dir: str) -> Path:
    """Copy the workbook into '<backup_dir>/<stem>_<YYYYMMDD_HHMMSS_ffffff><suffix>'; keep the newest 20."""
    folder = path.parent / backup_dir
    if folder.exists() and not folder.is_dir():
        raise WriteFailed(f"台账旁的“{backup_dir}”是一个文件，不是文件夹，无法保存备份；台账没有改动。"
                          f"请把文件“{folder}”改名或移走后重试")
    folder.mkdir(exist_ok=True)
    while True:
        dest = folder / f"{path.stem}_{datetime.now():%Y%m%d_%H%M%S_%f}{path.suffix}"
        if not dest.exists():
            break
    # Copy under a temporary name and rename when complete, so a killed run never
    # leaves a truncated file that looks like a good backup.
    with Replacement(dest, prefix=f".~{dest.name}.", suffix=".part") as partial:
        with open(path, "rb") as src, open(partial.path, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(path, partial.path)
        copy_mark_of_the_web(path, partial.path)
    pat = re.compile(re.escape(path.stem) + BACKUP_NAME.pattern + re.escape(path.suffix) + "$")
    atomic.remove_leftovers(folder, f".~{glob.escape(path.stem)}_*.part")  # left by a run that was killed
    old = sorted(p for p in folder.iterdir() if pat.match(p.name))
    for p in old[:-BACKUP_KEEP]:
        with suppress(OSError):
            p.unlink()
    return dest


def remove_leftovers(path: Path) -> None:
    """Temporary copies a killed run left beside the ledger (only we write them, and we hold the lock)."""
    atomic.remove_leftovers(path.parent, f".~duban-{glob.escape(path.stem)}-*.tmp")


def write_temp(path: Path, src: ZipSource, plan: Plan) -> tuple[Replacement, list[str]]:
    """Write the new zip beside ``path``; returns the replacement (not yet committed) and the
    expected member order."""
    tmp = Replacement(path, prefix=f".~duban-{path.stem}-", suffix=".tmp")
    order = []
    try:
        with open(tmp.path, "wb") as f:
            sink = ZipSink(f)
            for e in src.entries:
                if e.name in plan.removed:
                    continue
                if e.name in plan.replaced:
                    sink.add(e.name, plan.replaced[e.name], like=e)
                else:
                    sink.copy(src, e)
                order.append(e.name)
            for name, data in plan.added:
                sink.add(name, data)
                order.append(name)
            sink.finish(src.comment)
            f.flush()
            _fault("sync_temp")
            os.fsync(f.fileno())
        os.chmod(tmp.path, stat.S_IMODE(os.stat(path).st_mode))
    except BaseException:
        tmp.discard()
        raise
    return tmp, order


def verify(tmp: Path, order: list[str], plan: Plan, src: ZipSource) -> None:
    """Re-open the new file: same member order, copied members unchanged, written members CRC-clean."""
    written = set(plan.replaced) | {n for n, _ in plan.added}
    with zipfile.ZipFile(tmp) as zf:
        if zf.namelist() != order:
            raise zipfile.BadZipFile("member list differs after writing")
        for info in zf.infolist():
            if info.filename in written:
                with zf.open(info) as f:
                    while f.read(1 << 20):
                        pass
            else:
                e = src.by_name[info.filename]
                if (info.CRC, info.compress_size, info.file_size) != (e.crc, e.csize, e.usize):
                    raise zipfile.BadZipFile(f"copied member differs: {info.filename}")


def sync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _folder_of(e: OSError, default: Path | str | None = None) -> str:
    """The folder an OSError is about (its file's folder), for the message."""
    where = e.filename
    if not where:
        return str(default) if default is not None else "（未知）"
    where = os.fsdecode(where)
    return where if os.path.isdir(where) else (os.path.dirname(where) or ".")


def os_error_reason(e: BaseException, folder: Path | str | None = None) -> str:
    """A plain Chinese reason for a failed write (disk full, no permission, ...); ``folder`` is named
    when the error does not say which file it is about."""
    if isinstance(e, PatchError):
        return e.message
    if isinstance(e, OSError):
        folder = _folder_of(e, folder)
        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "磁盘空间不足"
        if e.errno == errno.EROFS:
            return (f"没有写入权限：文件夹“{folder}”所在的磁盘是只读的（如光盘、写保护的U盘或只读的共享文件夹），"
                    "请换一个可写的文件夹")
        if isinstance(e, PermissionError) or e.errno in (errno.EACCES, errno.EPERM):
            return f"没有写入权限（文件夹“{folder}”；或文件正被其他程序占用）"
        return f"文件系统错误：{e.strerror or e}"
    return f"内部错误：{type(e).__name__}: {e}"


def _failed(path: Path, e: BaseException, backup: Path | None) -> WriteFailed:
    where = f"备份文件在：{backup}" if backup else "本次没有生成备份（原文件没有动过，不需要备份）"
    return WriteFailed(f"写入“{path.name}”失败：{os_error_reason(e, path.parent)}。原文件未改动。{where}")


# -- the transaction -------------------------------------------------------------------------

def file_signature(path: str | os.PathLike[str]) -> tuple[int, int, int]:
    """What identifies one version of the file on disk: inode, size and modification time."""
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


MSG_CHANGED = "文件在本次读取之后已被改动（可能是另一次运行或其他程序），本次结果没有写入，原文件未改动。请重新运行"


def write_parts(path: str | os.PathLike[str], sheets: dict[str, Grid], *, conventions: Conventions,
                cell_patches: CellPatches | None = None,
                backup: bool = True, lock_timeout: float = 10.0,
                expect: tuple[int, int, int] | None = None) -> WriteReport:
    """Replace/add computed sheets and patch single cells, keeping every other part byte-identical.

    ``sheets``: title -> Grid; an existing worksheet gets new sheetData/dimension/hyperlinks (its
    mergeCells dropped, its autoFilter ref reset), a missing one is added at the end.
    ``cell_patches``: title -> {(row0, col0): value or Cell}; only those cells change, existing
    cells keep their ``s=``; a Cell's ``link`` is not applied in patches.
    ``conventions``: the caller's style roles, style sheet and backup folder.
    ``expect``: the file_signature() taken when the caller read the file; if the file changed
    since (another run wrote in between), nothing is written and FileBusy is raised.
    Raises BadWorkbook, FileBusy or WriteFailed (original untouched) with Chinese messages.
    """
    t0 = time.perf_counter()
    report = WriteReport(Path(path))
    path = Path(os.path.realpath(path))  # write through a symlink, not over it
    patches = cell_patches or {}
    _validate(sheets, patches, conventions.roles)
    tmp: Replacement | None = None
    try:
        _fault("check")
        check_workbook(path)
        _fault("lock")
        with file_lock(path, lock_timeout):
            remove_leftovers(path)
            check_not_open(path)
            if expect is not None and file_signature(path) != expect:
                raise FileBusy(MSG_CHANGED)
            _fault("read")
            with ZipSource(path) as src:
                _fault("build")
                plan = build(src, sheets, patches, report, conventions)
                if backup:
                    _fault("backup")
                    report.backup = make_backup(path, conventions.backup_dir)
                _fault("write_temp")
                tmp, order = write_temp(path, src, plan)
                _fault("verify")
                verify(tmp.path, order, plan, src)
            _fault("replace")
            copy_mark_of_the_web(path, tmp.path)
            tmp.commit()
        with suppress(OSError):  # the new file is in place; directory fsync is best effort
            sync_dir(path.parent)
    except UserError:
        _cleanup(tmp)
        raise
    except Exception as e:
        _cleanup(tmp)
        raise _failed(path, e, report.backup) from e
    except BaseException:
        _cleanup(tmp)
        raise
    report.seconds = time.perf_counter() - t0
    return report


def _cleanup(tmp: Replacement | None) -> None:
    if tmp is not None:
        tmp.discard()


def read_sheet_xml(path: str | os.PathLike[str], title: str) -> bytes:
    """Raw XML of the worksheet called ``title`` (KeyError if there is none)."""
    with ZipSource(path) as src:
        xml = Book(src).sheet_xml(title)
    if xml is None:
        raise KeyError(title)
    return xml

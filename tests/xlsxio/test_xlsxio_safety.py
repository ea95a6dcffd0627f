"""write_parts failure paths: the original stays byte-identical and errors are Chinese."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import textwrap
import time

import pytest

from duban.errors import FileBusy, WriteFailed
from duban.xlsxio import STEPS, Grid, atomic, transaction, zipraw

from ledgers import write_parts

try:
    from test_xlsxio_fixtures import build_rich, calamine_rows
except ImportError:
    from tests.test_xlsxio_fixtures import build_rich, calamine_rows

CJK = re.compile(r"[\u4e00-\u9fff]")
GRID = {"月考评": Grid([["单位", "得分"], ["甲", 1]]), "新表": Grid([["x"]])}


@pytest.fixture
def book(tmp_path):
    return build_rich(tmp_path / "台账.xlsx", ledger_rows=30)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~") or p.suffix == ".tmp")


@pytest.mark.parametrize("step", STEPS)
def test_fault_at_each_step_leaves_original(book, monkeypatch, step):
    data = book.read_bytes()

    def fault(s):
        if s == step:
            raise RuntimeError(f"injected at {s}")
    monkeypatch.setattr(transaction, "_fault", fault)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID, cell_patches={"周交办": {(1, 1): 9}})
    msg = ei.value.message
    assert "原文件未改动" in msg and CJK.search(msg)
    assert book.read_bytes() == data
    assert leftovers(book.parent) == []
    if STEPS.index(step) > STEPS.index("backup"):
        assert "备份文件在" in msg
        backups = list((book.parent / "督办备份").iterdir())
        assert len(backups) == 1 and backups[0].read_bytes() == data
        assert str(backups[0]) in msg
    # and a later run works
    monkeypatch.setattr(transaction, "_fault", lambda s: None)
    write_parts(book, GRID)


def test_every_step_is_reached(book, monkeypatch):
    seen = []
    monkeypatch.setattr(transaction, "_fault", seen.append)
    write_parts(book, GRID)
    assert seen == list(STEPS)


def test_disk_full_while_writing(book, monkeypatch):
    data = book.read_bytes()
    real = zipraw.ZipSink._write

    def write(self, b):
        if self.pos > 2000:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, b)
    monkeypatch.setattr(zipraw.ZipSink, "_write", write)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID)
    assert "磁盘空间不足" in ei.value.message and "原文件未改动" in ei.value.message
    assert book.read_bytes() == data
    assert leftovers(book.parent) == []


def test_disk_full_at_fsync(book, monkeypatch):
    data = book.read_bytes()

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID, backup=False)
    assert "磁盘空间不足" in ei.value.message
    assert book.read_bytes() == data
    assert leftovers(book.parent) == []


def test_disk_full_during_backup(book, monkeypatch):
    data = book.read_bytes()
    import shutil
    real = shutil.copyfileobj

    def copy(src, dst, length=0):
        real(src, dst, length)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(shutil, "copyfileobj", copy)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID)
    assert "磁盘空间不足" in ei.value.message and "没有生成备份" in ei.value.message
    assert book.read_bytes() == data
    assert list((book.parent / "督办备份").iterdir()) == []


def test_read_only_filesystem_on_temp(book, monkeypatch):
    data = book.read_bytes()

    def mkstemp(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID, backup=False)
    assert "没有写入权限" in ei.value.message
    assert book.read_bytes() == data


def test_read_only_directory(book):
    """A real read-only directory: chmod for normal users, chattr +i when running as root."""
    data = book.read_bytes()
    folder = book.parent
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = lambda: folder.chmod(0o755)  # noqa: E731
    else:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a read-only directory here")
        undo = lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)  # noqa: E731
    try:
        with pytest.raises(WriteFailed) as ei:
            write_parts(book, GRID)
    finally:
        undo()
    assert "没有写入权限" in ei.value.message and "原文件未改动" in ei.value.message
    assert book.read_bytes() == data


def test_read_only_file(book, monkeypatch):
    data = book.read_bytes()
    monkeypatch.setattr(transaction.os, "access", lambda p, mode: False)
    with pytest.raises(WriteFailed) as ei:
        write_parts(book, GRID)
    assert "没有写入权限" in ei.value.message
    assert book.read_bytes() == data


def test_file_open_in_excel_permission_error(book, monkeypatch):
    data = book.read_bytes()
    real_open = open

    def fake_open(p, mode="r", *a, **k):
        if "+" in mode:
            raise PermissionError(errno.EACCES, "sharing violation")
        return real_open(p, mode, *a, **k)
    monkeypatch.setattr(transaction, "open", fake_open, raising=False)
    with pytest.raises(FileBusy) as ei:
        write_parts(book, GRID)
    assert ei.value.message == "文件正在被 Excel 或 WPS 打开，请先关闭后再运行"
    assert book.read_bytes() == data


@pytest.mark.parametrize("owner", ["~${name}", ".~lock.{name}#"])
def test_owner_file_means_busy(book, owner):
    data = book.read_bytes()
    (book.parent / owner.format(name=book.name)).write_bytes(b"owner")
    with pytest.raises(FileBusy) as ei:
        write_parts(book, GRID)
    assert "Excel 或 WPS" in ei.value.message
    assert book.read_bytes() == data
    assert not (book.parent / "督办备份").exists()


def test_lock_held_in_process(book):
    data = book.read_bytes()
    with transaction.file_lock(book, 1):
        t0 = time.monotonic()
        with pytest.raises(FileBusy) as ei:
            write_parts(book, GRID, lock_timeout=0.3)
        assert time.monotonic() - t0 >= 0.3
    assert ei.value.message == "另一个督办程序正在处理此文件，请稍后再试"
    assert book.read_bytes() == data
    write_parts(book, GRID, lock_timeout=0.3)  # released


def test_lock_held_by_other_process(book):
    data = book.read_bytes()
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from duban.xlsxio import transaction
        with transaction.file_lock(Path({str(book)!r}), 5):
            print("locked", flush=True)
            sys.stdin.readline()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=os.getcwd(), env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(FileBusy):
            write_parts(book, GRID, lock_timeout=0.2)
        assert book.read_bytes() == data
    finally:
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(10)
    write_parts(book, GRID, lock_timeout=2)
    assert not transaction.lock_path(book).exists()


def test_waits_for_lock_then_proceeds(book):
    import threading
    release = threading.Event()

    def hold():
        with transaction.file_lock(book, 1):
            release.wait(5)
    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.1)
    threading.Timer(0.3, release.set).start()
    rep = write_parts(book, GRID, lock_timeout=5)
    t.join()
    assert rep.seconds >= 0.15


def test_bad_workbook_leaves_nothing_behind(tmp_path):
    from duban.errors import BadWorkbook
    p = tmp_path / "台账.xlsx"
    p.write_text("编号,单位\n1,甲\n", encoding="utf-8")
    with pytest.raises(BadWorkbook):
        write_parts(p, GRID)
    with pytest.raises(BadWorkbook) as ei:
        write_parts(tmp_path / "nope" / "没有.xlsx", GRID)
    assert "找不到文件" in ei.value.message
    assert sorted(x.name for x in tmp_path.iterdir()) == ["台账.xlsx"]


def test_symlink_is_written_through(book, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)
    rep = write_parts(link, GRID)
    assert link.is_symlink() and rep.path == link
    assert rep.backup.parent == book.parent / "督办备份"
    assert calamine_rows(book, "新表") == [["x"]]

"""duban.xlsxio.atomic: a file is replaced whole at the end, or not at all, and no temp file stays."""

from __future__ import annotations

import os
import time

import pytest

from duban.xlsxio import atomic
from duban.xlsxio.atomic import Replacement


@pytest.fixture
def target(tmp_path):
    p = tmp_path / "通报.docx"
    p.write_bytes(b"old")
    return p


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_target_bytes_change_only_when_the_block_ends(target):
    with Replacement(target, prefix=".~duban-", suffix=".tmp") as r:
        r.path.write_bytes(b"new content")
        assert r.path.parent == target.parent and r.path.name.startswith(".~duban-")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new content"
    assert listing(target.parent) == ["通报.docx"]


def test_failure_mid_write_leaves_the_old_file_and_no_temp(target):
    with pytest.raises(OSError), Replacement(target) as r:
        r.path.write_bytes(b"half")
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"old"
    assert listing(target.parent) == ["通报.docx"]


def test_failed_replace_leaves_the_old_file_and_no_temp(target, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "in use", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert listing(target.parent) == ["通报.docx"]


def test_write_bytes_creates_a_missing_file(tmp_path):
    p = tmp_path / "新.xlsx"
    assert atomic.write_bytes(p, b"data", suffix=".xlsx") == p
    assert p.read_bytes() == b"data" and listing(tmp_path) == ["新.xlsx"]


def test_explicit_commit_and_discard(target):
    r = Replacement(target)
    r.path.write_bytes(b"verified")
    r.commit()
    r.discard()   # after commit: nothing to remove, the new file stays
    assert target.read_bytes() == b"verified" and listing(target.parent) == ["通报.docx"]
    r = Replacement(target)
    r.discard()
    assert target.read_bytes() == b"verified" and listing(target.parent) == ["通报.docx"]


def test_remove_leftovers_by_age_and_kind(tmp_path):
    old_file, new_file = tmp_path / ".~duban-a.xlsx", tmp_path / ".~duban-b.xlsx"
    old_dir = tmp_path / ".~duban-c"
    for p in (old_file, new_file):
        p.write_bytes(b"x")
    old_dir.mkdir()
    (old_dir / "f").write_bytes(b"x")
    hour_ago = time.time() - 7200
    for p in (old_file, old_dir):
        os.utime(p, (hour_ago, hour_ago))
    atomic.remove_leftovers(tmp_path, ".~duban-*.xlsx", older_than=3600)
    assert listing(tmp_path) == [".~duban-b.xlsx", ".~duban-c"]
    atomic.remove_leftovers(tmp_path, ".~duban-*", older_than=3600, dirs=True)
    assert listing(tmp_path) == [".~duban-b.xlsx"]
    atomic.remove_leftovers(tmp_path, ".~duban-*.xlsx")
    assert listing(tmp_path) == []

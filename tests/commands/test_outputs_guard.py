"""No output replaces an input (issue 15, attack 5), and the messages of a run that cannot write:
the folder without write permission named, a read-only answer folder, 督办备份 being a file,
temporary files of a killed run removed by the next run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from duban.errors import BadArguments
from duban.outputs import protect, refuse_overwrite, reset

from ledgers import D, item, make_ledger
from test_answers import run

TODAY = "2026-03-02"
ITEMS = [item("X1", "区住建局", D(2026, 3, 20)), item("Y1", "区财政局", D(2026, 3, 10))]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def ledger(tmp_path):
    return make_ledger(tmp_path / "台账.xlsx", items=ITEMS)


def test_export_over_a_ledger_named_like_the_report(ledger, tmp_path, capsys):
    """The ledger carries the report's name; `export -o` its own folder must not replace it."""
    code, _ = run(capsys, "export", ledger, "--today", TODAY, "--month", "2026-02", "-o", tmp_path / "试")
    report = next((tmp_path / "试").glob("*.xlsx"))
    named = ledger.rename(tmp_path / report.name)
    before = named.read_bytes()
    code, text = run(capsys, "export", named, "--today", TODAY, "--month", "2026-02", "-o", tmp_path)
    assert code == 2 and "就是本次读取的" in flat(text) and "Traceback" not in text
    assert named.read_bytes() == before


def test_split_over_a_ledger_named_like_an_answer_file(tmp_path, capsys):
    named = make_ledger(tmp_path / "答卷_区住建局.xlsx", items=ITEMS)
    before = named.read_bytes()
    code, text = run(capsys, "split", named, "--today", TODAY, "-o", tmp_path)
    assert code == 2 and "就是本次读取的" in flat(text)
    assert named.read_bytes() == before                    # not even the split record was written


def test_adopt_onto_its_own_input(ledger, capsys):
    before = ledger.read_bytes()
    code, text = run(capsys, "adopt", ledger, "-o", ledger.parent / "." / ledger.name, "--force")
    assert code == 2 and "就是本次读取的" in flat(text)
    assert ledger.read_bytes() == before


def test_guard_sees_through_links(tmp_path):
    real = tmp_path / "a.xlsx"
    real.write_bytes(b"x")
    (tmp_path / "link.xlsx").symlink_to(real)
    os.link(real, tmp_path / "hard.xlsx")
    reset()
    protect(real)
    for p in ("link.xlsx", "hard.xlsx", "sub/../a.xlsx"):
        with pytest.raises(BadArguments):
            refuse_overwrite(tmp_path / p)
    refuse_overwrite(tmp_path / "b.xlsx")
    reset()


def test_no_write_permission_names_the_folder(ledger, tmp_path, capsys, monkeypatch):
    import errno

    out = tmp_path / "只读"

    def refuse(self, *a, **k):   # what a folder without write permission answers (root would not see it)
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "touch", refuse)
    code, text = run(capsys, "split", ledger, "--today", TODAY, "-o", out)
    assert code == 2 and f"没有写入权限（文件夹“{out}”" in flat(text).replace(flat(str(out)), str(out))


def test_read_only_file_system_in_split(ledger, tmp_path, capsys, monkeypatch):
    import errno

    def refuse(self, *a, **k):
        raise OSError(errno.EROFS, "Read-only file system", str(self))
    monkeypatch.setattr(Path, "touch", refuse)
    before = ledger.read_bytes()
    code, text = run(capsys, "split", ledger, "--today", TODAY, "-o", tmp_path / "出")
    assert code == 2 and "磁盘是只读的" in flat(text) and "Traceback" not in text
    assert ledger.read_bytes() == before


def test_backup_folder_that_is_a_file(ledger, tmp_path, capsys):
    (tmp_path / "督办备份").write_text("not a folder")
    before = ledger.read_bytes()
    code, text = run(capsys, "recompute", ledger, "--today", TODAY)
    assert code == 2 and "“督办备份”是一个文件，不是文件夹" in flat(text)
    assert ledger.read_bytes() == before


def test_leftovers_of_a_killed_run_removed(ledger, tmp_path, capsys):
    tmp = tmp_path / ".~duban-台账-k1ll3d.tmp"
    tmp.write_bytes(b"half a zip")
    lock = tmp_path / ".~duban-台账.xlsx.lock"
    lock.write_bytes(b"")
    out = tmp_path / "下发答卷"
    out.mkdir()
    old = out / ".~duban-abc123.xlsx"
    old.write_bytes(b"half")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    code, text = run(capsys, "split", ledger, "--today", TODAY, "-o", out)
    assert code == 0, text
    assert not tmp.exists() and not lock.exists() and not old.exists()


def test_staging_leftover_of_a_killed_assign_removed(tmp_path):
    from duban.rhythm.staging import staged

    out = tmp_path / "交办单"
    left = out / ".~duban-k1ll3d"
    left.mkdir(parents=True)
    (left / "半个文件.docx").write_bytes(b"half")
    os.utime(left, (1_700_000_000, 1_700_000_000))
    with staged(out) as st:
        st.write_text("a.txt", "x")
    assert not left.exists() and (out / "a.txt").exists()

"""Two runs on the same ledger at once: the second waits for the lock (or refuses with a Chinese
message, exit 2), and the file is never a mix: it equals one run's result, or two runs one after
the other."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main
from duban.xlsxio import transaction

from bad_inputs import build
from bad_inputs.results import (
    SAMPLE_ARGS,
    clean_result,
    cli,
    duban_cmd,
    env,
    leftovers,
    outcome,
    result_key,
    sample_ledger,
)

BUSY = "另一个督办程序正在处理此文件，请稍后再试"
CHANGED = "文件在本次读取之后已被改动"  # the second run read the old version: it refuses instead of overwriting


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return sample_ledger(tmp_path_factory.mktemp("sample") / "台账.xlsm", 1000)


@pytest.fixture(scope="module")
def results(sample, tmp_path_factory):
    """Keys of one clean recompute, and of two recomputes one after the other."""
    work = tmp_path_factory.mktemp("clean")
    once = clean_result(sample, work / "once")
    twice_dir = work / "twice"
    clean_result(sample, twice_dir)
    done = cli("recompute", str(twice_dir / sample.name), *SAMPLE_ARGS)
    assert done.returncode in (0, 1)
    return once, result_key(twice_dir / sample.name)


@pytest.mark.parametrize("attempt", range(3))
def test_two_recomputes_at_once(attempt, sample, results, tmp_path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    cmd = duban_cmd("recompute", path, *SAMPLE_ARGS)
    procs = [subprocess.Popen(cmd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", errors="replace") for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = [p.returncode for p in procs]
    for code, (out, err) in zip(codes, outs):
        assert "Traceback" not in out + err
        assert code in (0, 1) or (code == 2 and (BUSY in err or CHANGED in err)), (code, out, err)
    assert any(c in (0, 1) for c in codes)
    once, twice = results
    key = result_key(path)
    assert key in (once, twice), "the file is a mix of the two runs"
    assert outcome(path, old, once if key == once else twice) == "new"
    assert leftovers(tmp_path) == []
    backups = sorted((tmp_path / "督办备份").iterdir())
    assert len(backups) == sum(c in (0, 1) for c in codes)
    assert backups[0].read_bytes() == old


def test_second_run_refuses_after_waiting(sample, tmp_path, capsys, monkeypatch):
    """Another process holds the lock for longer than the wait: exit 2, a Chinese message, file untouched."""
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from duban.xlsxio import transaction
        with transaction.file_lock(Path({str(path)!r}), 5):
            print("locked", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env())
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setitem(transaction.write_parts.__kwdefaults__, "lock_timeout", 0.5)
        t0 = time.monotonic()
        code = main(["recompute", str(path), *SAMPLE_ARGS])
        waited = time.monotonic() - t0
        out = capsys.readouterr()
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(10)
    assert code == 2 and BUSY in out.err and "Traceback" not in out.out + out.err
    assert waited >= 0.5
    assert path.read_bytes() == old
    assert not (tmp_path / "督办备份").exists()


def test_second_run_waits_for_the_lock(sample, results, tmp_path, capsys):
    """The lock is released while the second run waits: it goes on and writes."""
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    release = threading.Event()

    def hold():
        with transaction.file_lock(path, 1):
            release.wait(10)
    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.1)
    threading.Timer(1.0, release.set).start()
    code = main(["recompute", str(path), *SAMPLE_ARGS])
    t.join()
    capsys.readouterr()
    assert code in (0, 1)
    assert outcome(path, old, results[0]) == "new"


# -- lost updates: a run that read the file before another run wrote it --------------------------------

PAUSED_CHILD = textwrap.dedent("""
    import sys
    from duban.xlsxio import transaction

    def fault(step):
        if step == "lock":
            print("@@PAUSED@@", flush=True)
            sys.stdin.readline()
    transaction._fault = fault
    from duban.commands.main import main
    sys.exit(main(sys.argv[1:]))
""")


def paused(*argv: str) -> subprocess.Popen:
    """Start `duban argv` and return once it has read and analysed the file, just before it locks and writes."""
    proc = subprocess.Popen([sys.executable, "-c", PAUSED_CHILD, *map(str, argv)], env=env(), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace")
    for line in proc.stdout:
        if "@@PAUSED@@" in line:
            return proc
    raise AssertionError(proc.stderr.read())


def resume(proc: subprocess.Popen) -> int:
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.communicate(timeout=120)
    return proc.returncode


LOST_UPDATE = (
    "Lost update: a run reads and analyses the ledger before it takes the lock "
    "(duban/cli.py reads with read_book, then duban/xlsxio/transaction.py write_parts locks, re-reads "
    "the zip and writes grids computed from the earlier read). A run that wrote in between is silently "
    "overwritten: {what}. Fix: write_parts(..., expect=<size, mtime_ns and hash of the file as read>) "
    "checked under the lock, refusing with FileBusy(\"文件在读取后已被改动，请重新运行\") (exit 2).")


def test_publish_is_not_undone_by_a_concurrent_recompute(sample, tmp_path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    assert cli("recompute", str(path), *SAMPLE_ARGS).returncode in (0, 1)
    slow = paused("recompute", path, *SAMPLE_ARGS)
    try:
        done = cli("publish", str(path), "--month", "2026-10", "--today", "2026-11-27", "--force")
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        code = resume(slow)
    history = build_rows(path, schema.HISTORY.title)
    states = {r[6] for r in history[1:] if r[0] == "2026-10"}
    assert code == 2 or states == {"已发布"}, states


def test_two_collects_keep_every_change_record(tmp_path):
    from test_faults import fill_answers
    path = build.ledger(tmp_path)
    assert main(["split", str(path), "--today", build.TODAY, "-o", str(tmp_path / "全部")]) == 0
    fill_answers(tmp_path / "全部")
    first, second = tmp_path / "甲", tmp_path / "乙"
    files = sorted((tmp_path / "全部").glob("*.xlsx"))
    assert len(files) == 2
    for folder, f in zip((first, second), files):
        folder.mkdir()
        shutil.copy(f, folder / f.name)
    slow = paused("collect", path, second, "--today", build.TODAY)
    try:
        done = cli("collect", str(path), str(first), "--today", build.TODAY)
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        code = resume(slow)
    log = build_rows(path, schema.CHANGE_LOG.title)
    items = {r[0]: r for r in build_rows(path, schema.ITEMS.title)[1:]}
    changed = [i for i in ("2", "4") if items[i][12] == "本周完成现场核查，下周报送方案"]
    recorded = {r[0] for r in log[1:]}
    assert code == 2 or set(changed) <= recorded, (changed, recorded)


def build_rows(path: Path, title: str) -> list[list]:
    from python_calamine import CalamineWorkbook
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python()

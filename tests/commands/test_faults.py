"""Faults on every writing path: afterwards the ledger is exactly the old file or exactly the new one,
and the backup is intact.

- (a) an exception raised at each step of the write transaction (`transaction._fault`), through the
  command line, for recompute, validate, publish and collect; and an export that fails half-way;
- (b) `python -m duban` killed with SIGKILL: deterministically at the start of each step (a small
  wrapper patches `_fault` in the child to announce the step and wait), half-way through the backup
  copy and the temp file, right after the swap; and at random moments of the write window of an
  unmodified `python -m duban recompute`;
- (c) a full disk: a real tmpfs mounted small (as root), else ENOSPC simulated;
- (d) a read-only directory and a read-only file: real permissions, with the child run as root minus
  CAP_DAC_OVERRIDE (setpriv), since root ignores mode bits; and a read-only bind mount (EROFS).
"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from duban.commands.main import main
from duban.xlsxio import STEPS, transaction

from bad_inputs import build
from bad_inputs.results import SAMPLE_ARGS, backups, cli, duban_cmd, env, leftovers, outcome, result_key, sample_ledger

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = build.TODAY


# -- ledgers and commands ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A 300-item ledger made from the real template (.xlsm with VBA, buttons, 首页, _样式)."""
    return sample_ledger(tmp_path_factory.mktemp("sample") / "台账.xlsm", 300)


@pytest.fixture(scope="module")
def big_sample(tmp_path_factory) -> Path:
    """A 2,000-item ledger for the kill tests (a longer write window)."""
    return sample_ledger(tmp_path_factory.mktemp("big") / "台账.xlsm", 2000)


def fill_answers(folder: Path, progress: str = "本周完成现场核查，下周报送方案") -> int:
    """Type an answer into every returned answer file, as a unit would (openpyxl saves it)."""
    from openpyxl import load_workbook
    n = 0
    for f in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(f)
        ws = wb["答卷"]
        head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "编号")
        cols = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
        ws.cell(head + 1, cols["本周进展"]).value = progress
        ws.cell(head + 1, cols["本周进展"]).data_type = "s"
        wb.save(f)
        n += 1
    return n


def split_and_answer(ledger: Path, answers: Path, progress: str = "本周完成现场核查，下周报送方案") -> Path:
    code = main(["split", str(ledger), "--today", TODAY, "-o", str(answers)])
    assert code == 0
    assert fill_answers(answers, progress) >= 1
    return answers


@pytest.fixture(scope="module")
def answered(tmp_path_factory) -> tuple[Path, Path]:
    """A small ledger and its answer files, each with a new 本周进展 typed in."""
    folder = tmp_path_factory.mktemp("answered")
    path = build.ledger(folder)
    return path, split_and_answer(path, folder / "答卷")


def prepare(command: str, folder: Path, sample: Path, capsys, answered=None) -> tuple[Path, list[str]]:
    """A ledger in `folder` ready for `command`, and the command line to run."""
    if command == "collect":
        ledger, answers = answered
        path = folder / ledger.name
        shutil.copyfile(ledger, path)
        capsys.readouterr()
        return path, ["collect", str(path), str(answers), "--today", TODAY]
    path = folder / sample.name
    shutil.copyfile(sample, path)
    if command == "recompute":
        return path, ["recompute", str(path), *SAMPLE_ARGS]
    if command == "validate":
        return path, ["validate", str(path), "--today", "2026-11-27"]
    assert main(["recompute", str(path), *SAMPLE_ARGS]) in (0, 1)  # publish needs the month's draft
    shutil.rmtree(folder / "督办备份")
    capsys.readouterr()
    return path, ["publish", str(path), "--month", "2026-10", "--today", "2026-11-27", "--force"]


def run(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


_CLEAN: dict[str, dict] = {}


def in_process_key(command: str, argv: list[str], path: Path, capsys, work: Path) -> dict:
    """Result key of the same command run without faults on a copy of the prepared file (once per command)."""
    if command not in _CLEAN:
        work.mkdir()
        copy = work / path.name
        shutil.copyfile(path, copy)
        code, out = run(capsys, [str(copy) if a == str(path) else a for a in argv])
        assert code in (0, 1), out
        _CLEAN[command] = result_key(copy)
    return _CLEAN[command]


# -- (a) an exception at each step ----------------------------------------------------------------------

WRITERS = ["recompute", "validate", "publish", "collect"]


def _raise_at(step: str, exc: BaseException):
    def fault(s: str) -> None:
        if s == step:
            raise exc
    return fault


def _assert_untouched_after_fault(step: str, path: Path, before: bytes, code: int, out: str, folder: Path):
    assert code == 2, out
    assert CJK.search(out) and "Traceback" not in out and "程序出错" not in out, out
    assert path.read_bytes() == before
    assert leftovers(folder) == []
    made = backups(folder)
    if STEPS.index(step) > STEPS.index("backup"):
        assert len(made) == 1 and made[0].read_bytes() == before
        assert "已中断" in out or str(made[0]) in out.replace("\n", "")
    else:
        assert made == []


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("command", WRITERS)
def test_exception_at_each_step(command, step, sample, answered, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "台账"
    folder.mkdir()
    path, argv = prepare(command, folder, sample, capsys, answered)
    before = path.read_bytes()
    expected = in_process_key(command, argv, path, capsys, tmp_path / "clean")
    monkeypatch.setattr(transaction, "_fault", _raise_at(step, RuntimeError(f"injected at {step}")))
    code, out = run(capsys, argv)
    _assert_untouched_after_fault(step, path, before, code, out, folder)
    assert "原文件未改动" in out
    # the same command, without the fault, gives exactly the clean result
    monkeypatch.setattr(transaction, "_fault", lambda s: None)
    code, out = run(capsys, argv)
    assert code in (0, 1), out
    assert outcome(path, before, expected) == "new"


@pytest.mark.parametrize("exc, words", [(KeyboardInterrupt(), "已中断，文件未改动"),
                                        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
                                        (PermissionError(errno.EACCES, "denied"), "没有写入权限")],
                         ids=["ctrl-c", "enospc", "eacces"])
@pytest.mark.parametrize("step", ["lock", "check", "backup", "write_temp", "sync_temp", "replace"])
def test_other_exceptions_at_steps(step, exc, words, sample, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "台账"
    folder.mkdir()
    path, argv = prepare("recompute", folder, sample, capsys)
    before = path.read_bytes()
    monkeypatch.setattr(transaction, "_fault", _raise_at(step, exc))
    code, out = run(capsys, argv)
    _assert_untouched_after_fault(step, path, before, code, out, folder)
    assert words in out


def test_export_failing_half_way_leaves_previous_export(sample, tmp_path, capsys, monkeypatch):
    """An export that dies while writing: the earlier export file and the ledger are as they were."""
    from duban.export import upward
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    argv = ["export", str(path), *SAMPLE_ARGS, "-o", str(tmp_path / "上报")]
    assert run(capsys, argv)[0] in (0, 1)
    exported = sorted((tmp_path / "上报").iterdir())
    assert len(exported) == 1
    old_export, ledger_bytes = exported[0].read_bytes(), path.read_bytes()
    real = upward._write

    def half(a, book, filename, include_ledger):
        real(a, book, filename, include_ledger)
        with open(filename, "r+b") as f:
            f.truncate(os.path.getsize(filename) // 2)
        raise RuntimeError("injected after a partial write")
    monkeypatch.setattr(upward, "_write", half)
    code, out = run(capsys, argv)
    assert code == 2 and CJK.search(out) and "Traceback" not in out
    assert sorted((tmp_path / "上报").iterdir()) == exported
    assert exported[0].read_bytes() == old_export
    assert path.read_bytes() == ledger_bytes


# -- (b) killed with SIGKILL ----------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import os, shutil, sys, time
    from duban.xlsxio import transaction, zipraw
    where = os.environ["DUBAN_TEST_KILL_AT"]

    def announce():
        print("@@KILLME@@", flush=True)
        time.sleep(60)

    def fault(step):
        if step == where:
            announce()
    transaction._fault = fault
    if where == "mid_backup":
        def half_copy(src, dst, length=0):
            data = src.read()
            dst.write(data[: len(data) // 2])
            dst.flush()
            announce()
        shutil.copyfileobj = half_copy
    if where == "mid_temp":
        real_finish = zipraw.ZipSink.finish
        def finish(self, comment=b""):
            self.fh.flush()
            announce()
        zipraw.ZipSink.finish = finish
    if where == "after_replace":
        real_sync = transaction.sync_dir
        def sync_dir(folder):
            announce()
        transaction.sync_dir = sync_dir
    from duban.commands.main import main
    sys.exit(main(sys.argv[1:]))
""")
KILL_POINTS = list(STEPS) + ["mid_backup", "mid_temp", "after_replace"]


def kill_when_announced(argv: list[str], where: str, timeout: float = 120) -> str:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, *argv], env={**env(), "DUBAN_TEST_KILL_AT": where},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace")
    seen = []
    deadline = time.monotonic() + timeout
    try:
        for line in proc.stdout:
            seen.append(line)
            if "@@KILLME@@" in line:
                proc.send_signal(signal.SIGKILL)
                break
            assert time.monotonic() < deadline
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, "".join(seen) + proc.stderr.read()
    return "".join(seen)


@pytest.fixture(scope="module")
def sample_clean(sample, tmp_path_factory):
    from bad_inputs.results import clean_result
    return clean_result(sample, tmp_path_factory.mktemp("clean"))


@pytest.mark.parametrize("where", KILL_POINTS)
def test_sigkill_at_each_point(where, sample, sample_clean, tmp_path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    kill_when_announced(["recompute", str(path), *SAMPLE_ARGS], where)
    got = outcome(path, old, sample_clean)
    assert got == ("new" if where == "after_replace" else "old")
    if where != "mid_backup":
        assert all(b.read_bytes() == old for b in backups(tmp_path)), "a backup differs from the original"
    stale = [n for n in leftovers(tmp_path) if n.endswith(".tmp")]
    assert len(stale) <= (1 if where in ("mid_temp", "sync_temp", "verify", "replace") else 0), stale
    if where in ("lock", "mid_temp", "replace"):
        # the next run is not blocked by the dead run's lock file or temp file, and gives the clean result
        done = cli("recompute", str(path), *SAMPLE_ARGS)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        assert outcome(path, old, sample_clean) == "new"


def test_sigkill_during_backup_copy_leaves_no_truncated_backup(sample, tmp_path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    kill_when_announced(["recompute", str(path), *SAMPLE_ARGS], "mid_backup")
    assert path.read_bytes() == old
    assert all(b.read_bytes() == old for b in backups(tmp_path)), [b.stat().st_size for b in backups(tmp_path)]


def kill_at_random(ledger: Path, clean: dict, work: Path, runs: int, seed: int) -> dict[str, int]:
    """Kill an unmodified `python -m duban recompute` at random moments of its write window.

    The window opens when the lock file beside the ledger appears (the transaction has started)
    and is calibrated on one uninterrupted run. Kills are spread from 0 to 1.3 x the window, so
    some land before the swap, some after and a few after the process has finished."""
    rng = random.Random(seed)
    work.mkdir(exist_ok=True)
    path = work / ledger.name
    lock = transaction.lock_path(path)
    old = ledger.read_bytes()

    def start():
        shutil.copyfile(ledger, path)
        shutil.rmtree(work / "督办备份", ignore_errors=True)
        for n in leftovers(work):
            (work / n).unlink()
        return subprocess.Popen(duban_cmd("recompute", path, *SAMPLE_ARGS), env=env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def wait_lock(proc) -> float | None:
        while not lock.exists():
            if proc.poll() is not None:
                return None
            time.sleep(0.0002)
        return time.monotonic()

    proc = start()
    opened = wait_lock(proc)
    proc.wait(300)
    window = time.monotonic() - opened
    assert proc.returncode in (0, 1) and outcome(path, old, clean) == "new"
    seen = {"old": 0, "new": 0, "backups_truncated": 0, "temp_left": 0}
    for _ in range(runs):
        proc = start()
        if wait_lock(proc) is not None:
            time.sleep(rng.uniform(0, 1.3 * window))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        seen[outcome(path, old, clean)] += 1
        seen["backups_truncated"] += sum(b.read_bytes() != old for b in backups(work))
        seen["temp_left"] += sum(n.endswith(".tmp") for n in leftovers(work))
    seen["window_ms"] = round(window * 1000)
    return seen


def test_sigkill_at_random_moments(big_sample, tmp_path):
    from bad_inputs.results import clean_result
    clean = clean_result(big_sample, tmp_path / "clean")
    seen = kill_at_random(big_sample, clean, tmp_path / "runs", runs=8, seed=1)
    print("random kills, 2,000 items:", seen)
    assert seen["old"] + seen["new"] == 8


@pytest.mark.slow
def test_sigkill_at_random_moments_large(tmp_path):
    ledger = sample_ledger(tmp_path / "台账.xlsm", 40_000)
    from bad_inputs.results import clean_result
    clean = clean_result(ledger, tmp_path / "clean")
    seen = kill_at_random(ledger, clean, tmp_path / "runs", runs=30, seed=2)
    print("random kills, 40,000 items:", seen)
    assert seen["old"] + seen["new"] == 30
    assert seen["old"] and seen["new"]


# -- (c) a full disk -------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """mount_disk(bytes) -> a folder on a fresh tmpfs of that size (root only; skipped otherwise)."""
    mounted: list[Path] = []

    def mount_disk(size: int) -> Path:
        d = tmp_path / f"disk{len(mounted)}"
        d.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(d)],
                           capture_output=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace').strip()}")
        mounted.append(d)
        return d
    yield mount_disk
    for d in mounted:
        subprocess.run(["umount", "-l", str(d)], check=False)


PAGE = 4096


def pages(n: int) -> int:
    return -(-n // PAGE) * PAGE


@pytest.mark.parametrize("room, stage", [(0.3, "backup"), (1.2, "temp"), (3.5, None)],
                         ids=["no-room-for-backup", "no-room-for-temp", "enough-room"])
def test_full_disk_recompute(room, stage, small_disk, sample, sample_clean, tmp_path, capsys):
    size = pages(sample.stat().st_size)
    disk = small_disk(size + pages(int(size * room)) + 4 * PAGE)
    path = disk / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    code, out = run(capsys, ["recompute", str(path), *SAMPLE_ARGS])
    assert "Traceback" not in out and "程序出错" not in out
    assert leftovers(disk) == []
    if stage is None:
        assert code in (0, 1) and outcome(path, old, sample_clean) == "new"
        return
    assert code == 2 and "磁盘空间不足" in out and "原文件未改动" in out, out
    assert path.read_bytes() == old
    made = backups(disk)
    if stage == "backup":
        assert made == [] and "没有生成备份" in out
    else:
        assert len(made) == 1 and made[0].read_bytes() == old and "备份文件在" in out


def test_full_disk_collect(small_disk, tmp_path, capsys):
    probe = build.ledger(tmp_path)
    answers = split_and_answer(probe, tmp_path / "答卷")   # split records the batch in the ledger itself
    disk = small_disk(pages(probe.stat().st_size) + 2 * PAGE)
    path = disk / probe.name
    shutil.copyfile(probe, path)
    capsys.readouterr()
    old = path.read_bytes()
    code, out = run(capsys, ["collect", str(path), str(answers), "--today", TODAY])
    assert code == 2 and "磁盘空间不足" in out and "Traceback" not in out, out
    assert path.read_bytes() == old and leftovers(disk) == []


# XlsxWriter leaves its ZipFile open when the disk fills; its __del__ then fails again (harmless here).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_full_disk_export_leaves_nothing_partial(small_disk, sample, tmp_path, capsys):
    disk = small_disk(2 * PAGE)
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    code, out = run(capsys, ["export", str(path), *SAMPLE_ARGS, "-o", str(disk / "上报")])
    assert code == 2 and CJK.search(out) and "Traceback" not in out, out
    assert path.read_bytes() == old
    out_dir = disk / "上报"
    assert not out_dir.exists() or list(out_dir.iterdir()) == []   # no partial report, no temp file


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_full_disk_export_message(small_disk, sample, tmp_path, capsys):
    disk = small_disk(2 * PAGE)
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    code, out = run(capsys, ["export", str(path), *SAMPLE_ARGS, "-o", str(disk / "上报")])
    assert code == 2 and "磁盘空间不足" in out and "程序出错" not in out, out


# -- (d) read-only directory, read-only file, read-only file system -------------------------------------

def unprivileged() -> tuple[str, ...]:
    """Prefix that runs a child under real permission checks: as root, drop CAP_DAC_OVERRIDE."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions would not apply")
    caps = "-dac_override,-dac_read_search"
    return ("setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}")


def check_refused(done: subprocess.CompletedProcess, words: str) -> str:
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert words in out and "Traceback" not in out, out
    return out


@pytest.mark.parametrize("command", ["recompute", "validate", "publish", "collect"])
def test_read_only_directory(command, sample, answered, tmp_path, capsys):
    folder = tmp_path / "只读"
    folder.mkdir()
    path, argv = prepare(command, folder, sample, capsys, answered)
    old = path.read_bytes()
    folder.chmod(0o555)
    try:
        done = cli(*argv, prefix=unprivileged())
    finally:
        folder.chmod(0o755)
    out = check_refused(done, "没有写入权限")
    assert "原文件未改动" in out
    assert path.read_bytes() == old and leftovers(folder) == [] and backups(folder) == []


def test_read_only_file(sample, tmp_path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    path.chmod(0o444)
    done = cli("recompute", str(path), *SAMPLE_ARGS, prefix=unprivileged())
    check_refused(done, "没有写入权限")
    assert path.read_bytes() == old and leftovers(tmp_path) == [] and backups(tmp_path) == []


def test_read_only_directory_export(sample, tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    folder.chmod(0o555)
    try:
        done = cli("export", str(path), *SAMPLE_ARGS, prefix=unprivileged())
    finally:
        folder.chmod(0o755)
    out = done.stdout + done.stderr
    assert done.returncode == 2 and CJK.search(out) and "Traceback" not in out, out
    assert path.read_bytes() == old and sorted(p.name for p in folder.iterdir()) == [path.name]


@pytest.fixture
def read_only_mount(tmp_path):
    """A folder bind-mounted read-only onto itself: writes fail with EROFS, even for root."""
    if os.geteuid() != 0:
        pytest.skip("bind mounts need root")
    d = tmp_path / "ro"
    d.mkdir()
    mounted = False

    def seal():
        nonlocal mounted
        for cmd in (["mount", "--bind", str(d), str(d)], ["mount", "-o", "remount,bind,ro", str(d)]):
            r = subprocess.run(cmd, capture_output=True)
            if r.returncode != 0:
                if mounted:
                    subprocess.run(["umount", str(d)])
                pytest.skip(f"cannot bind-mount read-only: {r.stderr.decode(errors='replace').strip()}")
            mounted = True
    yield d, seal
    if mounted:
        subprocess.run(["umount", "-l", str(d)], check=False)


def test_read_only_file_system(read_only_mount, sample, capsys):
    folder, seal = read_only_mount
    path = folder / sample.name
    shutil.copyfile(sample, path)
    old = path.read_bytes()
    seal()
    code, out = run(capsys, ["recompute", str(path), *SAMPLE_ARGS])
    assert code == 2 and "没有写入权限" in out and "原文件未改动" in out and "Traceback" not in out, out
    assert path.read_bytes() == old

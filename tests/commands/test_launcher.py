"""The Linux desktop launcher (packaging/linux): the .desktop entry validates, install.sh puts
it in ~/.local/share/applications, and a dropped workbook is recomputed with the result shown
through zenity, notify-send or a terminal window, whichever the desktop has."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
SAMPLE = ROOT / "workbook" / "duban-sample.xlsm"
TOOLS = ("bash", "sh", "env", "basename", "cat", "tail", "rm", "mkdir", "readlink", "sed", "grep", "chmod",
         "mv", "cp", "dirname")  # what the scripts use besides the result viewers


def executable(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def desk(tmp_path):
    """A hermetic desktop: PATH holds only basic tools plus the viewers a test puts there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    # duban as installed, with a fixed "today" so the sample's ranking is October 2026's.
    duban = executable(tmp_path / "duban", f'#!/bin/sh\nexec "{sys.executable}" -m duban "$@" --today 2026-11-27\n')
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": str(bin_dir), "HOME": str(home), "DUBAN": str(duban), "LANG": "C.UTF-8",
           "PYTHONPATH": str(ROOT)}
    return tmp_path, bin_dir, env


def recorder(bin_dir: Path, name: str, extra: str = "") -> Path:
    """A stand-in for a viewer: appends its arguments (and zenity's --filename text) to NAME.log."""
    log = bin_dir.parent / f"{name}.log"
    executable(bin_dir / name, f"""#!/bin/bash
for a in "$@"; do printf '%s\\n' "$a" >> "{log}"; case "$a" in --filename=*) cat "${{a#--filename=}}" >> "{log}";; esac; done
{extra}
""")
    return log


def launch(env, *args):
    return subprocess.run([str(LINUX / "duban-launch"), *map(str, args)], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "样例 台账.xlsm"  # a space and Chinese, as real file names have
    shutil.copyfile(SAMPLE, path)
    return path


def test_dropped_workbook_recomputed_and_shown_in_zenity(desk, ledger):
    tmp, bin_dir, env = desk
    shown = recorder(bin_dir, "zenity")
    before = ledger.read_bytes()
    done = launch(env, ledger)
    assert done.returncode == 0, done.stderr
    text = shown.read_text(encoding="utf-8")
    assert "--text-info" in text and "--title=督办台账 · 重算排名" in text
    assert text.count("重算完成") == 1 and "区财政局" in text and "98.88" in text  # 2026年10月, first of 区直单位
    assert ledger.read_bytes() != before and list((tmp / "督办备份").iterdir())


def test_without_zenity_a_notification_names_the_full_output(desk, ledger):
    _tmp, bin_dir, env = desk
    shown = recorder(bin_dir, "notify-send")
    assert launch(env, ledger).returncode == 0
    args = shown.read_text(encoding="utf-8")
    assert "--urgency=normal" in args and "重算完成" in args
    saved = Path(env["HOME"]) / ".cache" / "duban" / "上次重算.txt"
    assert f"完整输出：{saved}" in args and "区财政局" in saved.read_text(encoding="utf-8")


def test_zenity_that_cannot_show_falls_back_to_a_notification(desk, ledger):
    _tmp, bin_dir, env = desk
    recorder(bin_dir, "zenity", "exit 255")  # e.g. no display
    shown = recorder(bin_dir, "notify-send")
    assert launch(env, ledger).returncode == 0
    assert "重算完成" in shown.read_text(encoding="utf-8")


def test_without_viewers_a_terminal_window_shows_the_run_and_waits(desk, ledger):
    _tmp, bin_dir, env = desk
    # A terminal emulator stand-in: runs the command it is given, its output to a file.
    out = bin_dir.parent / "terminal.out"
    recorder(bin_dir, "x-terminal-emulator", f'shift; "$@" > "{out}" 2>&1 < /dev/null')
    assert launch(env, ledger).returncode == 0
    args = (bin_dir.parent / "x-terminal-emulator.log").read_text(encoding="utf-8").splitlines()
    saved = Path(env["HOME"]) / ".cache" / "duban" / "上次重算.txt"
    assert args == ["-e", str(LINUX / "duban-launch"), "--show-log", str(saved), "0"]
    text = out.read_text(encoding="utf-8")
    assert "区财政局" in text and "重算完成" in text and "按回车键关闭窗口" in text


@pytest.mark.parametrize("notify", ["absent", "failing"])
def test_recomputed_once_when_zenity_is_missing_and_notify_send_fails(desk, ledger, notify):
    # duban, notify-send and the terminal are stand-ins that log every call: the workbook is
    # recomputed once, and the terminal window shows that run's saved output.
    tmp, bin_dir, env = desk
    calls = tmp / "duban-calls.log"
    env["DUBAN"] = str(executable(tmp / "duban-logged", f"""#!/bin/sh
printf '%s\\n' "$*" >> "{calls}"
exec "{env['DUBAN']}" "$@"
"""))
    if notify == "failing":
        recorder(bin_dir, "notify-send", "exit 1")  # e.g. no notification daemon
    out = tmp / "terminal.out"
    recorder(bin_dir, "x-terminal-emulator", f'shift; "$@" > "{out}" 2>&1 < /dev/null')
    done = launch(env, ledger)
    assert done.returncode == 0, done.stderr
    assert calls.read_text(encoding="utf-8").splitlines() == [f"recompute {ledger}"]
    text = out.read_text(encoding="utf-8")
    assert text.count("重算完成") == 1 and "区财政局" in text and "按回车键关闭窗口" in text


def test_bad_file_and_no_file_say_what_to_do(desk, tmp_path):
    _tmp, bin_dir, env = desk
    shown = recorder(bin_dir, "zenity")
    note = tmp_path / "说明.txt"
    note.write_text("不是台账", encoding="utf-8")
    assert launch(env, note).returncode == 2
    text = shown.read_text(encoding="utf-8")
    assert "未能运行，台账没有被改动" in text and "不是 .xlsx 或 .xlsm 文件" in text and "Traceback" not in text
    shown.unlink()
    assert launch(env).returncode == 2
    assert "拖到“督办台账 重算排名”图标上" in shown.read_text(encoding="utf-8")


# ---- the menu entry -------------------------------------------------------------------------

VALIDATE = shutil.which("desktop-file-validate")
needs_validator = pytest.mark.skipif(VALIDATE is None, reason="desktop-file-validate (desktop-file-utils) not installed")


@needs_validator
def test_desktop_entry_validates():
    done = subprocess.run([VALIDATE, str(LINUX / "duban.desktop")], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@needs_validator
def test_install_puts_a_valid_entry_and_launcher_in_the_users_folders(desk):
    tmp, bin_dir, env = desk
    home = Path(env["HOME"])
    (home / "Desktop").mkdir()
    duban = env["DUBAN"]
    done = subprocess.run(["bash", str(LINUX / "install.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entry = home / ".local" / "share" / "applications" / "duban-recompute.desktop"
    launcher = home / ".local" / "share" / "duban" / "duban-launch"
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{launcher}" %f' in text and f"TryExec={launcher}" in text
    assert f'DUBAN="${{DUBAN:-{duban}}}"' in launcher.read_text(encoding="utf-8")
    assert os.access(launcher, os.X_OK)
    assert (home / "Desktop" / "duban-recompute.desktop").read_text(encoding="utf-8") == text
    assert subprocess.run([VALIDATE, str(entry)], capture_output=True).returncode == 0
    assert "结果将显示在终端窗口中" in done.stdout  # no zenity/notify-send on this PATH

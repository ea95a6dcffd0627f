"""The offline Windows bundle (scripts/bundle-windows.sh): batch files, the wheelhouse check,
the zip's contents; the real download-and-resolve run is marked slow."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bundle_windows  # noqa: E402
import wheelhouse  # noqa: E402

WINDOWS = ROOT / "packaging" / "windows"
BATCH_FILES = sorted(WINDOWS.glob("*.bat"))
DROP_TARGETS = {"校验台账.bat": "validate", "重算排名.bat": "recompute", "生成上报件.bat": "export"}


# ---- batch files ---------------------------------------------------------------------------

def test_batch_files_present():
    assert {p.name for p in BATCH_FILES} == {"install.bat", "duban-run.bat", *DROP_TARGETS}


@pytest.mark.parametrize("bat", BATCH_FILES, ids=lambda p: p.name)
def test_batch_file_is_crlf_and_switches_to_utf8_first(bat):
    data = bat.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b""), "every line ends in CRLF"
    text = data.decode("utf-8")  # UTF-8 without BOM (a BOM would be read as part of "@echo off")
    lines = text.split("\r\n")
    assert lines[0] == "@echo off" and lines[1] == "chcp 65001 >nul"
    # Labels jumped to exist; no block parentheses (a ")" in a path would close them).
    labels = {m.lower() for m in re.findall(r"^:(\w+)", text, flags=re.M)}
    assert {m.lower() for m in re.findall(r"goto :(\w+)", text)} <= labels
    assert not re.search(r"\)\s*$|^\s*\(|\bdo \(|\) else \(", text, flags=re.M)


@pytest.mark.parametrize("name,command", sorted(DROP_TARGETS.items()))
def test_drop_target_runs_its_command_through_the_shared_runner(name, command):
    text = (WINDOWS / name).read_bytes().decode("utf-8")
    title = name.removesuffix(".bat")
    assert f'call "%~dp0duban-run.bat" {command} {title} %1' in text
    from duban.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert command in sub.choices


def test_runner_and_installer_use_the_same_python_and_install_offline():
    run = (WINDOWS / "duban-run.bat").read_bytes().decode("utf-8")
    install = (WINDOWS / "install.bat").read_bytes().decode("utf-8")
    venv_python = r"%LOCALAPPDATA%\duban\venv\Scripts\python.exe"
    assert f'set "PY={venv_python}"' in run
    assert 'set "VENV=%LOCALAPPDATA%\\duban\\venv"' in install and 'set "VPY=%VENV%\\Scripts\\python.exe"' in install
    pip_line = next(line for line in install.split("\r\n") if "-m pip install" in line)
    assert "--no-index" in pip_line and '--find-links "%HERE%wheels"' in pip_line
    assert pip_line.split()[-2:] == list(wheelhouse.ALWAYS)  # duban and pywin32, as checked at build time
    assert '"%VPY%" -m duban setup-excel "%~1"' in install
    for name in bundle_windows.WORKBOOKS.values():
        if name.endswith(".xlsm"):
            assert f'setup-excel "%HERE%{name}"' in install
    # Exit codes of duban (0 ok, 1 data errors, 2 cannot run) each get their Chinese line.
    assert '"%CODE%"=="0"' in run and '"%CODE%"=="1"' in run and "【未能运行】" in run and "pause" in run


# ---- the wheelhouse check -----------------------------------------------------------------

def fake_wheel(folder: Path, filename: str, requires: list[str] = ()) -> Path:
    name, version = filename.split("-")[:2]
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    path = folder / filename
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{name}-{version}.dist-info/METADATA", meta)
    return path


@pytest.fixture
def house(tmp_path):
    fake_wheel(tmp_path, "duban-0.1.0-py3-none-any.whl", ["xlwings==0.37.8", "pandas>=2.2", "pytest>=8; extra == 'test'"])
    fake_wheel(tmp_path, "xlwings-0.37.8-cp311-cp311-win_amd64.whl", ['pywin32>=224; platform_system == "Windows"'])
    fake_wheel(tmp_path, "xlwings-0.37.8-cp312-cp312-win_amd64.whl", ['pywin32>=224; platform_system == "Windows"'])
    fake_wheel(tmp_path, "pandas-3.1.1-cp311-cp311-win_amd64.whl", ['tzdata; sys_platform == "win32"',
                                                                    'pyobjc; sys_platform == "darwin"'])
    fake_wheel(tmp_path, "pandas-3.1.1-cp312-cp312-win_amd64.whl", ['tzdata; sys_platform == "win32"'])
    fake_wheel(tmp_path, "tzdata-2026.6-py2.py3-none-any.whl")
    return tmp_path


def test_wheelhouse_without_pywin32_is_caught_as_pip_on_linux_leaves_it(house):
    # What `pip download --platform win_amd64` on Linux gives: everything but pywin32.
    assert "Python 3.12: 缺少 pywin32>=224; platform_system == \"Windows\"（xlwings 0.37.8 需要）" in \
        wheelhouse.problems(house, "3.12")
    fake_wheel(house, "pywin32-312-cp312-cp312-win_amd64.whl")
    assert wheelhouse.problems(house, "3.12") == []  # darwin-only and extra-only requirements do not count
    # A cp312 wheel does nothing for Python 3.11.
    assert wheelhouse.problems(house, "3.11") == [
        "Python 3.11: 缺少 pywin32", "Python 3.11: 缺少 pywin32>=224; platform_system == \"Windows\"（xlwings 0.37.8 需要）"]


def test_wheelhouse_checks_versions_and_windows_only_requirements(house):
    fake_wheel(house, "pywin32-312-cp312-cp312-win_amd64.whl")
    (house / "tzdata-2026.6-py2.py3-none-any.whl").unlink()
    assert wheelhouse.problems(house, "3.12") == ['Python 3.12: 缺少 tzdata; sys_platform == "win32"（pandas 3.1.1 需要）']
    fake_wheel(house, "tzdata-2026.6-py2.py3-none-any.whl")
    (house / "pandas-3.1.1-cp312-cp312-win_amd64.whl").unlink()
    fake_wheel(house, "pandas-2.1.0-cp312-cp312-win_amd64.whl")
    assert wheelhouse.problems(house, "3.12") == ["Python 3.12: 缺少 pandas>=2.2（duban 0.1.0 需要）"]


# ---- the zip ------------------------------------------------------------------------------

def test_pack_lays_out_the_bundle(house, tmp_path):
    out = bundle_windows.pack(house, tmp_path / "out" / "bundle.zip")
    top = bundle_windows.FOLDER
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        for bat in BATCH_FILES:
            assert z.read(f"{top}/{bat.name}") == bat.read_bytes()
        for src, name in bundle_windows.WORKBOOKS.items():
            assert z.read(f"{top}/{name}") == (ROOT / "workbook" / src).read_bytes()
        assert {f"{top}/说明/{d}" for d in bundle_windows.DOCS} <= names
        assert f"{top}/wheels/duban-0.1.0-py3-none-any.whl" in names
        assert z.read(f"{top}/先读我.txt").startswith("\ufeff督办台账".encode("utf-8"))
        # Chinese file names are flagged as UTF-8, so Windows unpackers show them as written.
        assert all(i.flag_bits & 0x800 for i in z.infolist() if not i.filename.isascii())
    assert not list(out.parent.glob("*.part"))


# ---- the real bundle (downloads ~70 MB of wheels from PyPI) -------------------------------

@pytest.mark.slow
def test_real_bundle_resolves_for_windows_311_and_312(tmp_path):
    out = tmp_path / "duban-windows-offline.zip"
    done = subprocess.run(["bash", str(ROOT / "scripts" / "bundle-windows.sh"), "-o", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(out) as z:
        for info in z.infolist():
            if info.filename.endswith(".whl"):
                (wheels / Path(info.filename).name).write_bytes(z.read(info))
    names = {p.name for p in wheels.iterdir()}
    assert {"pywin32-312-cp311-cp311-win_amd64.whl", "pywin32-312-cp312-cp312-win_amd64.whl"} <= names
    assert {"xlwings-0.37.8-cp311-cp311-win_amd64.whl", "xlwings-0.37.8-cp312-cp312-win_amd64.whl"} <= names
    for python in ("3.11", "3.12"):
        assert wheelhouse.problems(wheels, python) == []
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {"PIP_CONFIG_FILE": os.devnull}
        with tempfile.TemporaryDirectory() as target:
            resolved = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--only-binary=:all:",
                 "--platform", "win_amd64", "--implementation", "cp", "--python-version", python, "--target", target,
                 "--find-links", str(wheels), "duban", "pywin32"], capture_output=True, text=True, env=env)
        assert resolved.returncode == 0, resolved.stdout + resolved.stderr
        assert "pywin32-312" in resolved.stdout and "xlwings-0.37.8" in resolved.stdout

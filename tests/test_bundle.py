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
sys.path.insert(0, str(ROOT / "tests"))
import batchlint  # noqa: E402
import bundle_windows  # noqa: E402
import wheelhouse  # noqa: E402

WINDOWS = ROOT / "packaging" / "windows"
BATCH_FILES = sorted(WINDOWS.glob("*.bat"))
SCRIPTS = BATCH_FILES + [WINDOWS / "duban.cmd"]
# Every command that works on a ledger has a drop target (the 首页 buttons' captions where one exists).
DROP_TARGETS = {"校验台账.bat": "validate", "重算排名.bat": "recompute", "生成上报件.bat": "export",
                "汇总答卷.bat": "collect", "生成答卷.bat": "split", "生成催办.bat": "remind",
                "生成交办单.bat": "assign", "生成研判议程.bat": "agenda", "发布排名.bat": "publish"}
VENV_PYTHON = r"%LOCALAPPDATA%\duban\venv\Scripts\python.exe"


def text(name: str) -> str:
    return (WINDOWS / name).read_bytes().decode("utf-8")


def lines(name: str) -> list[str]:
    return text(name).split("\r\n")


def subcommands() -> dict:
    from duban.cli import build_parser

    return next(a for a in build_parser()._actions if a.dest == "command").choices


# ---- batch files: parsed as cmd reads them -----------------------------------------------

def test_batch_files_present():
    assert {p.name for p in BATCH_FILES} == {"install.bat", "duban-run.bat", "督办命令行.bat", *DROP_TARGETS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_batch_file_parses_and_passes_the_checker(script):
    import tree_sitter
    import tree_sitter_batch

    tree = tree_sitter.Parser(tree_sitter.Language(tree_sitter_batch.language())).parse(script.read_bytes())
    assert not tree.root_node.has_error, str(tree.root_node)
    assert batchlint.problems(script) == []


@pytest.mark.parametrize("body,problem", [
    ('"%~dp0duban-run.bat" validate 校验台账 %1', "%1 outside double quotes"),
    ('"%PY%" -m duban validate %~1', "%~1 outside double quotes"),
    ('"%PY%" -m duban validate "%~1"\r\nif errorlevel 1 goto :x\r\n:x', "'if errorlevel' misses negative exit codes"),
    ('"%PY%" -m duban validate "%~1"\r\necho done', "exit code not checked on the next line"),
    ('if %ERRORLEVEL%==0 goto :x\r\n:x', "%ERRORLEVEL% not compared as quoted text"),
    ('if "%~1"=="" (\r\n  echo a\r\n)', "parenthesis outside quotes"),
    ('echo "unclosed', "unbalanced double quotes"),
    ("goto :nowhere", "no label :nowhere"),
    ("echo a & %* b", "%* neither the command nor at the end"),
    (":x\r\n:x", "label :x also on line"),
])
def test_checker_catches_what_cmd_gets_wrong(tmp_path, body, problem):
    bat = tmp_path / "x.bat"
    bat.write_bytes(("@echo off\r\nchcp 65001 >nul\r\nsetlocal DisableDelayedExpansion\r\n" + body + "\r\n").encode())
    assert any(problem in p for p in batchlint.problems(bat)), batchlint.problems(bat)


def test_checker_wants_crlf_utf8_and_delayed_expansion_off(tmp_path):
    bat = tmp_path / "x.bat"
    bat.write_bytes(b"\xef\xbb\xbf@echo off\nchcp 65001 >nul\nsetlocal\n")
    found = " | ".join(batchlint.problems(bat))
    assert "BOM" in found and "CRLF" in found and "DisableDelayedExpansion" in found


# ---- drop targets, the runner, the duban command --------------------------------------------

def test_every_ledger_command_has_a_drop_target():
    on_a_ledger = {name for name, sp in subcommands().items()
                   if any(a.dest == "file" and a.help == "台账工作簿（.xlsx 或 .xlsm）" for a in sp._actions)}
    assert set(DROP_TARGETS.values()) == on_a_ledger


@pytest.mark.parametrize("name,command", sorted(DROP_TARGETS.items()))
def test_drop_target_hands_every_dropped_file_to_the_runner(name, command):
    title = name.removesuffix(".bat")
    # Started, not called: no second round of %-expansion of the paths, its exit code is ours.
    assert f'"%~dp0duban-run.bat" {command} {title} %*' in lines(name)


def test_publish_asks_for_the_month_and_the_runner_passes_it_quoted():
    publish, run = lines("发布排名.bat"), lines("duban-run.bat")
    ask = next(i for i, line in enumerate(publish) if line.startswith('set /p "DUBAN_MONTH='))
    assert publish[ask + 1] == "if not defined DUBAN_MONTH goto :no_month"
    assert publish[ask + 2] == 'set "DUBAN_MONTH=%DUBAN_MONTH:"=%"'  # no quote can break out of "--month"
    assert '"%PY%" -m duban %DUBAN_COMMAND% "%~3" --month "%DUBAN_MONTH%"' in run


def test_runner_handles_each_dropped_file_in_turn():
    run = lines("duban-run.bat")
    loop = run.index(":next_file")
    assert run[loop + 1] == 'if "%~3"=="" goto :finish'
    assert run[run.index(":after_file") + 2:run.index(":after_file") + 4] == ["shift /3", "goto :next_file"]
    assert f'set "PY={VENV_PYTHON}"' in run


def test_runner_reads_data_errors_only_from_duban_itself():
    # A crash (Python failing on import exits 1 too; a native crash gives -1073741819) leaves no
    # status file: "台账中有错误" is only said when duban wrote the same code it exited with.
    from duban.cli import STATUS_FILE_ENV

    run = lines("duban-run.bat")
    assert any(line.startswith(f'set "{STATUS_FILE_ENV}=%TEMP%\\') for line in run)
    judge = run.index(":judge")
    assert run[judge + 1:judge + 4] == ['set "REPORTED="', f'if exist "%{STATUS_FILE_ENV}%" set /p REPORTED=<"%{STATUS_FILE_ENV}%"',
                                        f'del "%{STATUS_FILE_ENV}%" >nul 2>&1']
    verdicts = [line for line in run[judge:] if line.startswith("if ") and "goto :" in line]
    assert verdicts[:3] == ['if not "%REPORTED%"=="%CODE%" goto :crashed', 'if "%CODE%"=="0" goto :ok',
                            'if "%CODE%"=="1" goto :data_errors']
    crashed = run[run.index(":crashed") + 1]
    assert "【程序出错】" in crashed and "%CODE%" in crashed and "台账中有错误" not in crashed


def test_duban_writes_its_exit_code_for_the_runner(tmp_path):
    status = tmp_path / "status.txt"
    env = {**os.environ, "DUBAN_STATUS_FILE": str(status), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "duban", "validate", str(tmp_path / "无此文件.xlsx")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and status.read_text() == "2"
    done = subprocess.run([sys.executable, "-m", "duban", "--version"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("duban 0.1.0") and status.read_text() == "0"
    # A crash on import: exit code 1 like data errors, but no status file.
    status.unlink()
    broken = tmp_path / "broken"
    (broken / "rich").mkdir(parents=True)
    (broken / "rich" / "__init__.py").write_text("raise ImportError('DLL load failed')\n")
    env["PYTHONPATH"] = os.pathsep.join([str(broken), str(ROOT)])
    done = subprocess.run([sys.executable, "-m", "duban", "validate", "x.xlsx"], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" in done.stderr and not status.exists()


def test_duban_command_forwards_every_argument_to_the_venv():
    assert lines("duban.cmd") == [r'@"%LOCALAPPDATA%\duban\venv\Scripts\duban.exe" %*', ""]
    install = lines("install.bat")
    assert 'set "DUBAN_BIN=%LOCALAPPDATA%\\duban\\bin"' in install
    assert 'copy /y "%HERE%duban.cmd" "%DUBAN_BIN%\\duban.cmd" >nul' in install
    assert 'call "%DUBAN_BIN%\\duban.cmd" --version' in install  # the version, through the new command
    shell = lines("督办命令行.bat")
    assert 'set "PATH=%DUBAN_BIN%;%PATH%"' in shell and "cmd /k" in shell


def path_update() -> str:
    """The PowerShell that install.bat runs to put bin on the user's Path."""
    line = next(line for line in lines("install.bat") if line.startswith("powershell "))
    assert line.startswith('powershell -NoProfile -NonInteractive -Command "') and line.endswith('" <nul >nul 2>&1')
    return line.split('-Command "', 1)[1].rsplit('" <nul', 1)[0]


def test_path_update_is_valid_powershell_that_keeps_the_users_path():
    import tree_sitter
    import tree_sitter_powershell

    script = path_update()
    tree = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language())).parse(script.encode())
    assert not tree.root_node.has_error, str(tree.root_node)
    assert '"' not in script and "%" not in script  # nothing for cmd to cut or expand
    # Read raw (%USERPROFILE%\… entries stay unexpanded), append once, write back as REG_EXPAND_SZ
    # in HKCU (no admin rights); no setx, which cuts the value at 1024 characters.
    assert "GetValue('Path', '', 'DoNotExpandEnvironmentNames')" in script
    assert "-Type ExpandString" in script and "'HKCU:\\Environment'" in script and "-notcontains" not in script
    assert not [line for line in lines("install.bat") if re.match(r"\s*setx\b", line, re.I)]


def test_installer_finds_python_311_to_314_and_makes_the_folder_before_the_venv():
    install = lines("install.bat")
    tried = [line.removeprefix("call :try_python ") for line in install if line.startswith("call :try_python ")]
    assert tried == [f"py -{v}" for v in reversed(bundle_windows.PYTHONS)] + ["python"]
    check = next(line for line in install if line.startswith('set "CHECK='))
    assert all(f"(3, {v.split('.')[1]})" in check for v in bundle_windows.PYTHONS)
    assert "win-amd64" in check and "Py_GIL_DISABLED" in check  # cp31x win_amd64 wheels, not 314t
    mkdir = install.index('if not exist "%HOME_DIR%\\" mkdir "%HOME_DIR%"')
    venv = install.index('%PY% -m venv --clear "%VENV%"')
    assert mkdir < venv  # a Store Python would put a folder it creates itself into its LocalCache


def test_installer_reinstalls_duban_every_time_and_checks_setup_excel():
    install = lines("install.bat")
    pip_lines = [line for line in install if "-m pip install" in line]
    assert all("--no-index" in line and '--find-links "%HERE%wheels"' in line for line in pip_lines)
    assert pip_lines[0].split()[-2:] == list(wheelhouse.ALWAYS)  # duban and pywin32, as checked at build time
    assert "--force-reinstall" in pip_lines[1] and "--no-deps" in pip_lines[1] and pip_lines[1].endswith(" duban")
    setups = [i for i, line in enumerate(install) if " -m duban setup-excel " in line]
    assert '"%VPY%" -m duban setup-excel "%~1"' in install
    for name in bundle_windows.WORKBOOKS.values():
        if name.endswith(".xlsm"):
            assert f'"%VPY%" -m duban setup-excel "%HERE%{name}"' in install
    assert len(setups) == 3 and all(install[i + 1] == 'if not "%ERRORLEVEL%"=="0" set "RESULT=2"' for i in setups)
    assert install[-2] == "exit /b 2" and "exit /b %RESULT%" in install


def test_stamped_version_is_newer_every_build():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    from packaging.version import Version

    first = bundle_windows.stamped_version(pyproject, 1796000000.0)  # 2026-11-30 00:53 UTC
    assert first == "0.1.0.post202611300053"
    later = bundle_windows.stamped_version(pyproject, 1796000000.0 + 120)
    assert Version("0.1.0") < Version(first) < Version(later)


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


# ---- the real bundle (downloads ~60 MB of wheels from PyPI) -------------------------------

@pytest.mark.slow
def test_real_bundle_resolves_for_windows_311_to_314(tmp_path):
    """Builds the bundle (or, offline, packs the wheelhouse in $DUBAN_WHEELHOUSE, e.g. the wheels/
    folder of an earlier bundle) and resolves `duban pywin32` with pip for CPython 3.11-3.14."""
    out = tmp_path / "duban-windows-offline.zip"
    given = os.environ.get("DUBAN_WHEELHOUSE")
    argv = ["bash", str(ROOT / "scripts" / "bundle-windows.sh"), "-o", str(out)] + (["--wheels", given] if given else [])
    done = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "checked for CPython 3.11, 3.12, 3.13, 3.14 on win_amd64" in done.stdout
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        for info in z.infolist():
            if info.filename.endswith(".whl"):
                (wheels / Path(info.filename).name).write_bytes(z.read(info))
    assert {f"{bundle_windows.FOLDER}/{p.name}" for p in SCRIPTS} <= names
    assert bundle_windows.PYTHONS == ("3.11", "3.12", "3.13", "3.14")
    found = {p.name for p in wheels.iterdir()}
    (duban,) = [n for n in found if n.startswith("duban-")]
    assert re.fullmatch(r"duban-0\.1\.0\.post\d{12}-py3-none-any\.whl", duban)  # stamped at build time
    for python in bundle_windows.PYTHONS:
        tag = "cp" + python.replace(".", "")
        assert {f"pywin32-312-{tag}-{tag}-win_amd64.whl", f"xlwings-0.37.8-{tag}-{tag}-win_amd64.whl"} <= found
        assert wheelhouse.problems(wheels, python) == []
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {"PIP_CONFIG_FILE": os.devnull}
        with tempfile.TemporaryDirectory() as target:
            resolved = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--only-binary=:all:",
                 "--platform", "win_amd64", "--implementation", "cp", "--python-version", python, "--target", target,
                 "--find-links", str(wheels), "duban", "pywin32"], capture_output=True, text=True, env=env)
        assert resolved.returncode == 0, resolved.stdout + resolved.stderr
        assert "pywin32-312" in resolved.stdout and "xlwings-0.37.8" in resolved.stdout


def test_every_home_button_has_its_drop_target_named_on_the_home_sheet():
    from workbook.home import BUTTONS, CLI_NOTE

    note = "\n".join(CLI_NOTE)
    assert [caption for caption, _sub, _note in BUTTONS] == ["校验台账", "重算排名", "汇总答卷", "生成上报件", "生成催办"]
    for caption, _sub, _note in BUTTONS:
        assert f"{caption}.bat" in DROP_TARGETS and f"“{caption}.bat”" in note
    assert "install.bat" in note and "督办命令行.bat" in note

"""The offline Windows bundle (scripts/bundle-windows.sh): batch files, the wheelhouse check,
the zip's contents; the real download-and-resolve run is marked slow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
import bundle_windows  # noqa: E402
import wheelhouse  # noqa: E402

import batchlint  # noqa: E402
import cmdsim  # noqa: E402

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
    from duban.commands.main import build_parser

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
    from duban.commands.main import STATUS_FILE_ENV

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


def test_stamp_reaches_duban_version(tmp_path):
    (tmp_path / "duban").mkdir()
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copyfile(ROOT / "duban" / "__init__.py", tmp_path / "duban" / "__init__.py")
    assert bundle_windows.stamp(tmp_path, 1796000000.0) == "0.1.0.post202611300053"
    assert 'version = "0.1.0.post202611300053"' in (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import duban; print(duban.__version__)"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.stdout.strip() == "0.1.0.post202611300053"


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
    from duban.template.home import BUTTONS, CLI_NOTE

    note = "\n".join(CLI_NOTE)
    assert [caption for caption, _sub, _note in BUTTONS] == ["校验台账", "重算排名", "汇总答卷", "生成上报件", "生成催办"]
    for caption, _sub, _note in BUTTONS:
        assert f"{caption}.bat" in DROP_TARGETS and f"“{caption}.bat”" in note
    assert "install.bat" in note and "督办命令行.bat" in note


# ---- the drop targets run, cmd simulated (tests/cmdsim.py) --------------------------------

@pytest.fixture
def pc(tmp_path):
    """A Windows user's folders: LOCALAPPDATA with the venv's python.exe (as install.bat leaves it), TEMP."""
    local, temp = tmp_path / "AppData" / "Local", tmp_path / "Temp"
    python = local / "duban" / "venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.write_bytes(b"")
    temp.mkdir()
    return {"LOCALAPPDATA": str(local), "TEMP": str(temp)}


def stub_duban(results: dict[str, tuple[int, bool]], calls: list):
    """python.exe -m duban …: the exit code for each workbook and whether duban itself got to
    the end (writing DUBAN_STATUS_FILE, as duban.commands.main.main does) or crashed before."""
    def run(argv, env):
        calls.append(argv)
        code, finished = results[cmdsim.fs(argv[4]).name]
        if finished:
            cmdsim.fs(env["DUBAN_STATUS_FILE"]).write_text(str(code), encoding="ascii")
        return code, [f"(duban 的输出：{argv[3]} {cmdsim.fs(argv[4]).name})"]
    return run


def drop(name: str, pc: dict, run, files, keyboard=()):
    sim = cmdsim.Cmd(pc, run, list(keyboard))
    code = sim.call(WINDOWS / name, [f'"{f}"' for f in files])
    return code, sim.out


@pytest.mark.parametrize("name,command", sorted((n, c) for n, c in DROP_TARGETS.items() if c != "publish"))
def test_each_drop_target_runs_its_command_on_the_dropped_file(name, command, pc, tmp_path):
    calls = []
    code, out = drop(name, pc, stub_duban({"台账 1.xlsm": (0, True)}, calls), [tmp_path / "台账 1.xlsm"])
    venv_python = str(cmdsim.fs(pc["LOCALAPPDATA"] + r"\duban\venv\Scripts\python.exe"))
    assert [[str(cmdsim.fs(a[0]))] + a[1:] for a in calls] == [[venv_python, "-m", "duban", command, str(tmp_path / "台账 1.xlsm")]]
    assert code == 0 and f'【完成】"台账 1.xlsm"：{name.removesuffix(".bat")}已完成。' in out and out[-1] == "请按任意键继续. . ."


def test_several_dropped_files_each_handled_in_turn(pc, tmp_path):
    calls = []
    files = [tmp_path / "甲.xlsm", tmp_path / "乙 台账.xlsx", tmp_path / "丙.xlsm"]
    run = stub_duban({"甲.xlsm": (0, True), "乙 台账.xlsx": (1, True), "丙.xlsm": (2, True)}, calls)
    code, out = drop("重算排名.bat", pc, run, files)
    assert [cmdsim.fs(a[4]).name for a in calls] == ["甲.xlsm", "乙 台账.xlsx", "丙.xlsm"]
    verdicts = [line for line in out if line.startswith("【")]
    assert verdicts == ['【完成】"甲.xlsm"：重算排名已完成。',
                        '【已完成，但台账中有错误】"乙 台账.xlsx"：结果已写回台账。请打开台账看“校验结果”工作表，按提示改正后再运行一次。',
                        '【未能运行】"丙.xlsm"：原因见上面的说明，台账文件没有被改动。']
    assert "共处理 3 个文件，每个文件的结果见上面各自的【】一行。" in out
    assert code == 2  # the worst of the three
    assert not list(cmdsim.fs(pc["TEMP"]).iterdir())  # the status file is removed


@pytest.mark.parametrize("code", [1, -1073741819, 9009])  # a traceback on import, an access violation, no program
def test_a_crash_is_never_read_as_data_errors(code, pc, tmp_path):
    run = stub_duban({"台账.xlsm": (code, False)}, [])
    exit_code, out = drop("校验台账.bat", pc, run, [tmp_path / "台账.xlsm"])
    text = "\n".join(out)
    assert f'【程序出错】"台账.xlsm"：duban 没有正常结束（退出代码 {code}），不是台账的问题。' in out
    assert "台账中有错误" not in text and "【完成】" not in text and exit_code == 2


def test_not_installed_and_nothing_dropped_say_what_to_do(pc, tmp_path):
    code, out = drop("生成催办.bat", pc, stub_duban({}, []), [])
    assert code == 2 and any(line.startswith("用法：") and "“生成催办”的图标" in line for line in out)
    cmdsim.fs(pc["LOCALAPPDATA"] + r"\duban\venv\Scripts\python.exe").unlink()
    code, out = drop("生成催办.bat", pc, stub_duban({}, []), [tmp_path / "台账.xlsm"])
    assert code == 2 and any("请先双击安装包文件夹中的 install.bat" in line for line in out)


@pytest.mark.parametrize("typed,month", [("2026-10", "2026-10"), ('"2026-10"', "2026-10")])
def test_publish_asks_for_the_month(typed, month, pc, tmp_path):
    calls = []
    code, out = drop("发布排名.bat", pc, stub_duban({"台账.xlsm": (0, True)}, calls), [tmp_path / "台账.xlsm"], [typed])
    assert code == 0 and [a[3:] for a in calls] == [["publish", str(tmp_path / "台账.xlsm"), "--month", month]]
    assert any(line.startswith("要发布哪个月的排名？") for line in out)


def test_publish_without_a_month_runs_nothing(pc, tmp_path):
    calls = []
    code, out = drop("发布排名.bat", pc, stub_duban({}, calls), [tmp_path / "台账.xlsm"], [""])
    assert code == 2 and calls == [] and any(line.startswith("没有输入月份，未发布。") for line in out)


def test_dropped_sample_validated_by_the_real_duban(pc, tmp_path):
    ledger = tmp_path / "样例 台账.xlsm"
    ledger.write_bytes((ROOT / "workbook" / "duban-sample.xlsm").read_bytes())
    dirty = tmp_path / "有错的台账.xlsm"
    dirty.write_bytes((ROOT / "workbook" / "duban-sample-dirty.xlsm").read_bytes())

    def real(argv, env):  # python.exe -m duban … run by this Python, DUBAN_STATUS_FILE as a Linux path
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DUBAN_STATUS_FILE": str(cmdsim.fs(env["DUBAN_STATUS_FILE"]))}
        done = subprocess.run([sys.executable, *argv[1:], "--today", "2026-11-27"], env=env, capture_output=True,
                              text=True, timeout=300)
        return done.returncode, (done.stdout + done.stderr).splitlines()

    code, out = drop("校验台账.bat", pc, real, [ledger, dirty])
    verdicts = [line for line in out if line.startswith("【")]
    assert verdicts[0] == '【完成】"样例 台账.xlsm"：校验台账已完成。'
    assert verdicts[1].startswith('【已完成，但台账中有错误】"有错的台账.xlsm"') and code == 1


class WindowsPC:
    """The programs install.bat starts, on a simulated office PC: the py launcher with some
    Python versions, the venv's python.exe and duban.exe once made, PowerShell. Records each call."""

    def __init__(self, local: Path, pythons=("3.13",), setup_excel: int = 0, path_update: int = 0):
        self.local, self.pythons, self.setup_excel, self.path_update = local, pythons, setup_excel, path_update
        self.calls: list[list[str]] = []
        self.folder_before_venv: bool | None = None

    def __call__(self, argv, env):
        program = str(cmdsim.fs(argv[0]))
        self.calls.append([program] + argv[1:])
        venv = self.local / "duban" / "venv" / "Scripts"
        if program in ("py", "python"):
            version = argv[1][1:] if program == "py" else "3.12"
            if version not in self.pythons and not (program == "python" and "python" in self.pythons):
                return 1, []
            if argv[-3:-1] == ["venv", "--clear"]:
                self.folder_before_venv = (self.local / "duban").is_dir()
                venv.mkdir(parents=True)
                (venv / "python.exe").write_bytes(b"")
            return 0, []
        if program == "powershell":
            assert env["DUBAN_BIN"] == env["LOCALAPPDATA"] + r"\duban\bin"
            return self.path_update, []
        if not Path(program).exists():
            return 9009, []  # 'xxx' is not recognized as an internal or external command
        if program.endswith("duban.exe"):
            return 0, ["duban 0.1.0.post202612060130"]
        if argv[1:3] == ["-m", "pip"]:
            (venv / "duban.exe").write_bytes(b"")
            return 0, []
        if argv[1:4] == ["-m", "duban", "setup-excel"]:
            return self.setup_excel, [f"（setup-excel {cmdsim.fs(argv[4]).name}）"]
        return 0, []


@pytest.fixture
def bundle(tmp_path):
    """The unpacked bundle folder (batch files and two workbooks; a wheel that only has to exist)."""
    folder = tmp_path / "duban-windows-offline"
    (folder / "wheels").mkdir(parents=True)
    (folder / "wheels" / "duban-0.1.0.post202612060130-py3-none-any.whl").write_bytes(b"")
    for script in SCRIPTS:
        (folder / script.name).write_bytes(script.read_bytes())
    for name in ("台账模板.xlsm", "样例台账.xlsm"):
        (folder / name).write_bytes(b"")
    return folder


@pytest.fixture
def new_pc(tmp_path):
    """A PC where duban was never installed: an empty LOCALAPPDATA."""
    local, temp = tmp_path / "新电脑" / "Local", tmp_path / "新电脑" / "Temp"
    local.mkdir(parents=True)
    temp.mkdir()
    return {"LOCALAPPDATA": str(local), "TEMP": str(temp)}


def install(bundle, pc, machine, dropped=()):
    sim = cmdsim.Cmd(pc, machine)
    code = sim.call(bundle / "install.bat", [f'"{f}"' for f in dropped])
    return code, sim.out


def test_install_on_a_new_pc(bundle, new_pc):
    local = Path(new_pc["LOCALAPPDATA"])
    machine = WindowsPC(local, pythons=("3.13", "3.11"))
    code, out = install(bundle, new_pc, machine)
    assert code == 0 and "【安装完成】" in out and "第 1 步：找到 Python（py -3.13）" in out
    programs = [c[0].rsplit("/", 1)[-1] + " " + " ".join(c[1:3]) for c in machine.calls]
    assert programs[:2] == ["py -3.14 -c", "py -3.13 -c"]  # newest first
    assert machine.folder_before_venv is True  # mkdir from cmd, before a Store Python could redirect it
    pips = [c for c in machine.calls if c[1:3] == ["-m", "pip"]]
    assert pips[0][-2:] == ["duban", "pywin32"] and {"--force-reinstall", "--no-deps"} <= set(pips[1]) and pips[1][-1] == "duban"
    assert (local / "duban" / "bin" / "duban.cmd").read_bytes() == (WINDOWS / "duban.cmd").read_bytes()
    assert sum(c[0] == "powershell" for c in machine.calls) == 1
    assert [cmdsim.fs(c[4]).name for c in machine.calls if c[1:4] == ["-m", "duban", "setup-excel"]] == \
        ["台账模板.xlsm", "样例台账.xlsm"]
    # The version, through the new duban command (duban.cmd -> the venv's duban.exe).
    assert out[out.index("已安装的 duban 版本：") + 1] == "duban 0.1.0.post202612060130"
    assert machine.calls[-1][0].endswith("duban/venv/Scripts/duban.exe") and machine.calls[-1][1:] == ["--version"]


def test_rerun_keeps_the_venv_and_reinstalls_duban(bundle, new_pc):
    local = Path(new_pc["LOCALAPPDATA"])
    install(bundle, new_pc, WindowsPC(local))
    again = WindowsPC(local)
    code, out = install(bundle, new_pc, again, dropped=[bundle.parent / "我的 台账.xlsm"])
    assert code == 0 and any("沿用已有的程序文件夹" in line for line in out)
    assert not [c for c in again.calls if "venv" in c]
    assert any("--force-reinstall" in c for c in again.calls)
    assert [cmdsim.fs(c[4]).name for c in again.calls if c[1:4] == ["-m", "duban", "setup-excel"]] == ["我的 台账.xlsm"]


def test_setup_excel_failing_is_reported(bundle, new_pc):
    code, out = install(bundle, new_pc, WindowsPC(Path(new_pc["LOCALAPPDATA"]), setup_excel=2))
    assert code == 2 and "【安装完成】" not in out
    assert any(line.startswith("【已安装，但台账没有设置好】") for line in out)


def test_path_blocked_by_policy_points_at_the_shortcut(bundle, new_pc):
    code, out = install(bundle, new_pc, WindowsPC(Path(new_pc["LOCALAPPDATA"]), path_update=-1))
    assert code == 0 and "【安装完成】" in out
    assert any("未能把 duban 加入 PATH" in line for line in out) and any("督办命令行.bat" in line for line in out)


@pytest.mark.parametrize("pythons", [(), ("3.10",)])
def test_no_supported_python(bundle, new_pc, pythons):
    machine = WindowsPC(Path(new_pc["LOCALAPPDATA"]), pythons=pythons)
    code, out = install(bundle, new_pc, machine)
    assert code == 2 and any(line.startswith("【未能安装】这台电脑上没有找到 64 位的 Python 3.11、3.12、3.13 或 3.14") for line in out)
    assert any("py install 3.13" in line for line in out)
    assert not [c for c in machine.calls if "venv" in c]


def test_not_unpacked(bundle, new_pc):
    shutil.rmtree(bundle / "wheels")
    code, out = install(bundle, new_pc, WindowsPC(Path(new_pc["LOCALAPPDATA"])))
    assert code == 2 and any(line.startswith("【未能安装】找不到 wheels 文件夹") for line in out)


def test_command_prompt_shortcut_puts_duban_first_on_path(bundle, new_pc, tmp_path):
    seen = []

    def machine(argv, env):
        seen.append((argv, env["PATH"]))
        return 0, []

    cmd = cmdsim.Cmd({**new_pc, "PATH": r"C:\Windows\system32"}, machine)
    assert cmd.call(bundle / "督办命令行.bat", []) == 2 and seen == []  # not installed yet: says so
    assert any("请先双击安装包文件夹中的 install.bat" in line for line in cmd.out)
    install(bundle, new_pc, WindowsPC(Path(new_pc["LOCALAPPDATA"])))
    cmd = cmdsim.Cmd({**new_pc, "PATH": r"C:\Windows\system32"}, machine)
    ledger = tmp_path / "台账 文件夹" / "台账.xlsm"
    assert cmd.call(bundle / "督办命令行.bat", [f'"{ledger}"']) == 0
    assert [argv for argv, _path in seen] == [["cd", "/d", f"{ledger.parent}/"], ["cmd", "/k"]]
    assert seen[-1][1] == new_pc["LOCALAPPDATA"] + r"\duban\bin;C:\Windows\system32"
    assert any(line.strip().startswith("duban validate 台账.xlsm") for line in cmd.out)

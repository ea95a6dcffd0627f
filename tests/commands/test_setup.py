"""`duban setup-excel`: the interpreter path written into xlwings.conf, nothing else changed;
and the set-up scripts the README sends a newcomer to."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from duban.commands import setup as setup_cli
from duban.commands.main import main
from duban.template.builder import SHIPPED_TEMPLATE

ROOT = Path(__file__).resolve().parents[2]
WIN_PYTHON = r"C:\Users\张三\AppData\Local\duban\venv\Scripts\python.exe"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def conf(path: Path) -> dict[str, object]:
    """xlwings.conf as xlwings reads it: column A from A1 down to the first blank -> column B."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for key, value in wb["xlwings.conf"].iter_rows(max_col=2, values_only=True):
        if not key:
            break
        out[key] = value
    wb.close()
    return out


def changed_members(a: Path, b: Path) -> list[str]:
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.namelist() == zb.namelist()
        return [n for n in za.namelist() if za.read(n) != zb.read(n)]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "台账.xlsm"
    shutil.copyfile(SHIPPED_TEMPLATE, path)
    return path


def test_windows_path_written_only_conf_sheet_changes(book, tmp_path, capsys):
    before = tmp_path / "before.xlsm"
    shutil.copyfile(book, before)
    code, out = run(capsys, "setup-excel", book, "--for", "windows", "--python", WIN_PYTHON)
    assert code == 0
    assert f"Interpreter_Win = {WIN_PYTHON}（原为：python）" in out and "已写入" in out
    values = conf(book)
    assert values["Interpreter_Win"] == WIN_PYTHON
    # The template's other settings are kept; no PYTHONPATH was asked for or needed.
    assert values["UDF Modules"] == "udfs" and not values["PYTHONPATH"] and values["Show Console"] is False
    # Exactly one part (the xlwings.conf worksheet) differs; VBA, buttons, styles are the same bytes.
    (only,) = changed_members(before, book)
    assert only.startswith("xl/worksheets/sheet")
    assert list((tmp_path / "督办备份").iterdir())  # backed up first


AUDIT = shutil.which("openxml-audit") or shutil.which("openxml-audit", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(AUDIT is None, reason="openxml-audit not installed")
def test_written_workbook_is_valid_ooxml(book, capsys):
    assert run(capsys, "setup-excel", book, "--for", "windows", "--python", WIN_PYTHON)[0] == 0
    done = subprocess.run([AUDIT, "-q", str(book)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_running_interpreter_and_pythonpath_only_when_needed(book, capsys, monkeypatch):
    # A source folder that was not pip-installed: the buttons need PYTHONPATH = that folder.
    monkeypatch.setattr(setup_cli, "imports_without_path", lambda interpreter: False)
    assert run(capsys, "setup-excel", book, "--for", "windows")[0] == 0
    assert conf(book)["Interpreter_Win"] == sys.executable
    assert conf(book)["PYTHONPATH"] == str(ROOT)
    # Once duban is installed into that Python, a second run clears the now stale PYTHONPATH.
    monkeypatch.setattr(setup_cli, "imports_without_path", lambda interpreter: True)
    code, out = run(capsys, "setup-excel", book, "--for", "windows")
    assert code == 0 and f"PYTHONPATH = （空）（原为：{ROOT}）" in out
    assert not conf(book)["PYTHONPATH"]


def test_mac_key_and_second_run_changes_nothing(book, tmp_path, capsys):
    assert run(capsys, "setup-excel", book, "--for", "mac", "--python", "/usr/local/bin/python3")[0] == 0
    assert conf(book)["Interpreter_Mac"] == "/usr/local/bin/python3"
    assert conf(book)["Interpreter_Win"] == "python"  # the Windows setting is left alone
    before, backups = digest(book), len(list((tmp_path / "督办备份").iterdir()))
    code, out = run(capsys, "setup-excel", book, "--for", "mac", "--python", "/usr/local/bin/python3")
    assert code == 0 and "未改动文件" in out
    assert digest(book) == before and len(list((tmp_path / "督办备份").iterdir())) == backups


def test_dry_run_leaves_file(book, capsys):
    before = digest(book)
    code, out = run(capsys, "setup-excel", book, "--for", "windows", "--python", WIN_PYTHON, "--dry-run")
    assert code == 0 and WIN_PYTHON in out and "未改动文件" in out
    assert digest(book) == before


def test_default_system_on_linux_refuses_in_chinese(book, capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    before = digest(book)
    code, out = run(capsys, "setup-excel", book)
    assert code == 2 and "Linux" in out and "--for windows" in out and "Traceback" not in out
    assert digest(book) == before


def test_default_system_on_windows_writes_interpreter_win(book, capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(setup_cli, "imports_without_path", lambda interpreter: True)
    assert run(capsys, "setup-excel", book)[0] == 0
    assert conf(book)["Interpreter_Win"] == sys.executable


def test_xlsx_and_missing_conf_sheet_refused(tmp_path, capsys):
    import xlsxwriter

    xlsx = tmp_path / "台账.xlsx"
    shutil.copyfile(SHIPPED_TEMPLATE.with_suffix(".xlsx"), xlsx)
    code, out = run(capsys, "setup-excel", xlsx, "--for", "windows", "--python", WIN_PYTHON)
    assert code == 2 and "没有按钮和宏" in out
    bare = tmp_path / "bare.xlsm"
    wb = xlsxwriter.Workbook(str(bare))
    wb.add_worksheet("周交办").write_string(0, 0, "编号")
    wb.close()
    before = digest(bare)
    code, out = run(capsys, "setup-excel", bare, "--for", "windows", "--python", WIN_PYTHON)
    assert code == 2 and "没有 xlwings.conf 工作表" in out
    assert digest(bare) == before


def test_missing_key_goes_right_below_the_last_key():
    # xlwings reads A1 down to the first blank: a key added after a gap would never be read.
    rows = setup_cli.conf_rows([["UDF Modules", "udfs"], ["interpreter_win", "python"], [None, None],
                                ["PYTHONPATH", "x"]])
    assert rows == {"UDF MODULES": 0, "INTERPRETER_WIN": 1}
    settings = [setup_cli.Setting("Interpreter_Win", "C:\\py\\python.exe", "python"),
                setup_cli.Setting("PYTHONPATH", "D:\\duban", None)]
    assert setup_cli.conf_patches(rows, settings) == {
        (1, 1): "C:\\py\\python.exe", (2, 0): "PYTHONPATH", (2, 1): "D:\\duban"}


def test_import_check_runs_the_interpreter():
    # This test process imports duban as installed (pip install -e): no PYTHONPATH needed.
    assert setup_cli.imports_without_path(sys.executable)
    assert not setup_cli.imports_without_path(str(ROOT / "no-such-python"))


# ---- the scripts a newcomer runs -------------------------------------------------------

def readme_commands() -> list[str]:
    """The README's ```bash blocks, deduplicated in order (what .ci/run runs)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^ *```bash\n(.*?)^ *```", text, flags=re.M | re.S)
    out: list[str] = []
    for block in blocks:
        for line in block.splitlines():
            line = line.strip()
            if line and line not in out:
                out.append(line)
    return out


def test_readme_gives_two_commands_that_use_the_project_venv():
    first, second = readme_commands()
    assert first.startswith("bash scripts/setup.sh && ") and ".venv/bin/duban recompute" in first
    assert "workbook/duban-sample.xlsm" in first
    assert second == "bash scripts/test.sh"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" in ci
    assert ".venv/bin/python" in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def test_ci_reads_the_same_commands_as_the_test(tmp_path):
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    awk = re.search(r"awk '([^']*)' README.md", ci).group(1)
    done = subprocess.run(["awk", awk, str(ROOT / "README.md")], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == readme_commands()


@pytest.mark.parametrize("script", ["scripts/setup.sh", "scripts/test.sh", ".ci/run", "scripts/bundle-windows.sh",
                                    "packaging/linux/install.sh", "packaging/linux/duban-launch"])
def test_shell_scripts_parse(script):
    assert subprocess.run(["bash", "-n", str(ROOT / script)]).returncode == 0


# ---- %LOCALAPPDATA%: one workbook for every colleague who ran install.bat --------------------

@pytest.mark.parametrize("local,interpreter,written", [
    (r"C:\Users\张三\AppData\Local", WIN_PYTHON, r"%LOCALAPPDATA%\duban\venv\Scripts\python.exe"),
    (r"c:\users\张三\appdata\local\\", WIN_PYTHON, r"%LOCALAPPDATA%\duban\venv\Scripts\python.exe"),  # case, trailing \
    (r"C:\Users\张三\AppData\Local", r"C:\Program Files\Python313\python.exe", r"C:\Program Files\Python313\python.exe"),
    (r"C:\Users\张三\AppData\Local", r"C:\Users\张三\AppData\LocalLow\py\python.exe",  # a sibling, not a child
     r"C:\Users\张三\AppData\LocalLow\py\python.exe"),
    ("", WIN_PYTHON, WIN_PYTHON),  # no LOCALAPPDATA: the absolute path
])
def test_interpreter_under_localappdata_written_with_the_variable(local, interpreter, written, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", local)
    assert setup_cli.portable_interpreter(interpreter) == written


def test_variable_only_on_windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\张三\AppData\Local")
    assert setup_cli.portable_interpreter(WIN_PYTHON) == WIN_PYTHON


def test_setup_excel_writes_localappdata_literally_for_the_installed_venv(book, tmp_path, capsys, monkeypatch):
    # The venv install.bat makes, under a stand-in LOCALAPPDATA; setup-excel run by its python.
    local = tmp_path / "AppData" / "Local"
    venv_python = local / "duban" / "venv" / "Scripts" / "python.exe"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(venv_python))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setattr(setup_cli, "imports_without_path", lambda interpreter: interpreter == str(venv_python))
    code, out = run(capsys, "setup-excel", book)
    assert code == 0, out
    # Unexpanded: xlwings' GetConfig expands it (ExpandEnvironmentStrings) for whoever opens the book.
    assert conf(book)["Interpreter_Win"] == r"%LOCALAPPDATA%\duban\venv\Scripts\python.exe"
    assert r"Interpreter_Win = %LOCALAPPDATA%\duban\venv\Scripts\python.exe" in out

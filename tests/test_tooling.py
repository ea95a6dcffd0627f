"""The linters CI enforces: `ruff check .` and `mypy` (both configured in pyproject.toml) are clean.

mypy keeps its cache in .mypy_cache: about 3 s warm, under a minute cold on two busy cores.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    done = _run("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean_on_the_configured_packages():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
    # `mypy` with no arguments checks what [tool.mypy] files names: duban, macros, udfs and workbook
    checked = int(done.stdout.rsplit(" in ", 1)[1].split()[0])
    assert checked > 100, done.stdout

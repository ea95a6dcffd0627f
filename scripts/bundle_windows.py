"""Build dist/duban-windows-offline.zip (run through scripts/bundle-windows.sh).

The zip holds one folder, duban-windows-offline/:
  wheels/            the duban wheel (its version stamped with the build time, so a newer bundle
                     always upgrades) and every dependency as win_amd64 wheels for CPython
                     3.11-3.14, pywin32 included explicitly (pip skips it when downloading on Linux)
  install.bat        venv under %LOCALAPPDATA%\\duban, pip --no-index, the duban command
                     (duban.cmd, copied to %LOCALAPPDATA%\\duban\\bin and put on the user's PATH),
                     duban setup-excel
  校验台账.bat 重算排名.bat … duban-run.bat   drop targets, one per command (see packaging/windows)
  督办命令行.bat                              a command prompt where `duban` works
  台账模板.xlsm 台账模板（无宏）.xlsx 样例台账.xlsm          the shipped workbooks
  说明/*.md 先读我.txt                                       the Chinese docs

Before packing, the wheelhouse is checked twice for each Python: every Requires-Dist with
markers evaluated as on Windows (scripts/wheelhouse.py) and a real resolve,
`pip install --dry-run --no-index --only-binary=:all: --platform win_amd64 …`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import wheelhouse  # noqa: E402

PYTHONS = ("3.11", "3.12", "3.13", "3.14")
PYWIN32 = "pywin32==312"  # cp311-cp314 win_amd64 wheels; xlwings needs pywin32>=224 on Windows
FOLDER = "duban-windows-offline"
OUTPUT = ROOT / "dist" / f"{FOLDER}.zip"
WINDOWS_FILES = ROOT / "packaging" / "windows"
WORKBOOKS = {"duban-template.xlsm": "台账模板.xlsm", "duban-template.xlsx": "台账模板（无宏）.xlsx",
             "duban-sample.xlsm": "样例台账.xlsm"}
DOCS = ("安装与设置.md", "按钮与命令.md", "评分规则.md")
SOURCES = ("pyproject.toml", "README.md", "duban", "macros", "udfs", "workbook")  # what the wheel is built from


def pip(*args: str, isolated: bool = False) -> None:
    """Run pip of this interpreter; `isolated`: no pip.conf, no PIP_* variables (no other wheels)."""
    env = dict(os.environ)
    if isolated:
        env = {k: v for k, v in env.items() if not k.startswith("PIP_")}
        env["PIP_CONFIG_FILE"] = os.devnull
    subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check"], check=True, env=env)


def check_pip() -> None:
    """pip >= 25: older pips check Requires-Python against the running interpreter instead of
    --python-version (numpy for 3.12 "requires a different Python: 3.11"), so the resolve fails."""
    import pip as running_pip

    if int(running_pip.__version__.split(".")[0]) < 25:
        sys.exit(f"bundle: pip {running_pip.__version__} is too old; run: {sys.executable} -m pip install 'pip>=25'")


VERSION_LINE = re.compile(r'^version = "([^"]+)"$', re.M)


def stamped_version(pyproject: str, when: float) -> str:
    """The project's version with the build time (UTC) as a post-release: 0.1.0 -> 0.1.0.post202612060130.
    Every bundle then carries a newer version than the one before, and `duban --version` names it."""
    found = VERSION_LINE.search(pyproject)
    if found is None:
        raise SystemExit("bundle: no version = \"…\" line in pyproject.toml")
    return f"{found.group(1)}.post{time.strftime('%Y%m%d%H%M', time.gmtime(when))}"


def stamp(source: Path, when: float) -> str:
    """Write the stamped version into the copy at `source` (pyproject.toml and duban.__version__,
    which `duban --version` prints without a metadata lookup at start-up); returns it."""
    pyproject, init = source / "pyproject.toml", source / "duban" / "__init__.py"
    text = pyproject.read_text(encoding="utf-8")
    version = stamped_version(text, when)
    pyproject.write_text(VERSION_LINE.sub(f'version = "{version}"', text, count=1), encoding="utf-8")
    code, found = re.subn(r'^__version__ = "[^"]*"', f'__version__ = "{version}"', init.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
    if not found:
        raise SystemExit("bundle: no __version__ line in duban/__init__.py")
    init.write_text(code, encoding="utf-8")
    return version


def build_wheelhouse(wheels: Path) -> None:
    """The duban wheel, then for each Python the win_amd64 wheels of its dependencies and pywin32."""
    wheels.mkdir(parents=True, exist_ok=True)
    print("bundle: building the duban wheel")
    with tempfile.TemporaryDirectory() as src:  # a clean copy: no stale build/ in the project
        for name in SOURCES:
            source, dest = ROOT / name, Path(src) / name
            if source.is_dir():
                shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            else:
                shutil.copyfile(source, dest)
        version = stamp(Path(src), time.time())
        print(f"bundle: duban {version}")
        pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), src)
    (duban,) = wheels.glob("duban-*.whl")
    for python in PYTHONS:
        print(f"bundle: downloading win_amd64 wheels for CPython {python}")
        pip("download", "--quiet", "--only-binary=:all:", "--platform", "win_amd64", "--implementation", "cp",
            "--python-version", python, "--dest", str(wheels), str(duban), PYWIN32)


def check_wheelhouse(wheels: Path) -> list[str]:
    """Problems found (empty when both checks pass for every Python in PYTHONS)."""
    found = [p for python in PYTHONS for p in wheelhouse.problems(wheels, python)]
    for python in PYTHONS:
        try:
            resolve(wheels, python)
        except subprocess.CalledProcessError:
            found.append(f"Python {python}: pip 无法只用 wheels 文件夹完成安装（见上面 pip 的输出）")
    return found


def resolve(wheels: Path, python: str) -> None:
    """pip's own resolve of `duban pywin32` for Windows from `wheels` only (nothing installed)."""
    with tempfile.TemporaryDirectory() as target:
        pip("install", "--dry-run", "--quiet", "--no-index", "--only-binary=:all:", "--platform", "win_amd64",
            "--implementation", "cp", "--python-version", python, "--target", target,
            "--find-links", str(wheels), "duban", "pywin32", isolated=True)


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def pack(wheels: Path, output: Path) -> Path:
    """Write the zip: wheels, batch files (CRLF), workbooks, docs; replaced atomically."""
    entries: list[tuple[str, bytes]] = []
    for f in sorted(WINDOWS_FILES.iterdir()):
        if f.suffix in (".bat", ".cmd", ".txt"):
            entries.append((f.name, crlf(f.read_bytes())))
    for src, name in WORKBOOKS.items():
        entries.append((name, (ROOT / "workbook" / src).read_bytes()))
    for doc in DOCS:
        entries.append((f"说明/{doc}", (ROOT / "docs" / doc).read_bytes()))
    for whl in sorted(wheels.glob("*.whl")):
        entries.append((f"wheels/{whl.name}", whl.read_bytes()))
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.endswith((".whl", ".xlsm", ".xlsx")) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    os.replace(tmp, output)
    return output


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the offline Windows bundle of duban.")
    ap.add_argument("--wheels", type=Path, help="use this wheelhouse instead of building one (it is still checked)")
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = ap.parse_args(argv)
    check_pip()
    with tempfile.TemporaryDirectory() as stage:
        wheels = args.wheels or Path(stage) / "wheels"
        if args.wheels is None:
            build_wheelhouse(wheels)
        problems = check_wheelhouse(wheels)
        if problems:
            print("bundle: the wheelhouse does not install completely on Windows:", *problems, sep="\n  ",
                  file=sys.stderr)
            return 1
        out = pack(wheels, args.output)
    size = out.stat().st_size / 1e6
    print(f"bundle: wrote {out} ({size:.1f} MB; checked for CPython {', '.join(PYTHONS)} on win_amd64)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

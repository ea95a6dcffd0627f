"""Check that a folder of wheels installs completely on Windows (CPython, win_amd64).

`pip download --platform win_amd64` evaluates environment markers on the building machine, so
a wheelhouse built on Linux silently lacks Windows-only requirements (xlwings needs pywin32
`; platform_system == "Windows"`). This reads every wheel's Requires-Dist, evaluates the
markers as on Windows for the given Python version and reports each requirement that no wheel
in the folder satisfies.

    python scripts/wheelhouse.py DIR 3.11 3.12      (exit 1 and a list when something is missing)
"""

from __future__ import annotations

import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ALWAYS = ("duban", "pywin32")  # what install.bat installs: duban, and pywin32 for xlwings on Windows


def windows_environment(python: str) -> dict[str, str]:
    """Marker environment of CPython `python` ("3.12") on 64-bit Windows."""
    env = dict(default_environment())
    env.update(os_name="nt", sys_platform="win32", platform_system="Windows", platform_machine="AMD64",
               platform_release="10", platform_version="10.0.19045",
               implementation_name="cpython", platform_python_implementation="CPython",
               python_version=python, python_full_version=f"{python}.0", implementation_version=f"{python}.0")
    return env


def windows_tags(python: str) -> set[Tag]:
    """Wheel tags CPython `python` on win_amd64 installs (as pip's --platform/--python-version)."""
    version = tuple(int(x) for x in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    return set(cpython_tags(version, platforms=["win_amd64"])) | set(
        compatible_tags(version, interpreter, platforms=["win_amd64"]))


class Wheel:
    def __init__(self, path: Path):
        self.path = path
        name, version, _build, tags = parse_wheel_filename(path.name)
        self.name, self.version, self.tags = name, version, set(tags)

    def requires(self) -> list[Requirement]:
        with zipfile.ZipFile(self.path) as z:
            meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
            headers = HeaderParser().parsestr(z.read(meta).decode("utf-8"))
        return [Requirement(r) for r in headers.get_all("Requires-Dist") or []]


def problems(folder: Path, python: str) -> list[str]:
    """Requirements (with Windows markers) that no wheel for CPython `python`/win_amd64 in
    `folder` satisfies; empty when the folder installs completely."""
    tags = windows_tags(python)
    wheels = [w for w in (Wheel(p) for p in sorted(folder.glob("*.whl"))) if w.tags & tags]
    by_name: dict[str, list[Wheel]] = {}
    for w in wheels:
        by_name.setdefault(w.name, []).append(w)
    env = windows_environment(python)
    found: list[str] = []
    todo = [(Requirement(name), "") for name in ALWAYS]
    todo += [(r, extra) for w in wheels for r, extra in _with_extras(w, (), env)]
    seen: set[tuple[str, str]] = set()
    while todo:
        req, why = todo.pop()
        match = [w for w in by_name.get(canonicalize_name(req.name), []) if req.specifier.contains(w.version, prereleases=True)]
        if not match:
            found.append(f"Python {python}: 缺少 {req}" + (f"（{why} 需要）" if why else ""))
            continue
        for extra in req.extras:  # duban[x] pulls in the requirements of extra x too
            if (req.name, extra) not in seen:
                seen.add((req.name, extra))
                todo += _with_extras(match[0], (extra,), env)
    return sorted(set(found))


def _with_extras(wheel: Wheel, extras: tuple[str, ...], env: dict) -> list[tuple[Requirement, str]]:
    out = []
    for r in wheel.requires():
        for extra in extras or ("",):
            if r.marker is None or r.marker.evaluate({**env, "extra": extra}):
                out.append((r, f"{wheel.name} {wheel.version}"))
                break
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    folder, versions = Path(argv[0]), argv[1:]
    missing = [p for v in versions for p in problems(folder, v)]
    for p in missing:
        print(p)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

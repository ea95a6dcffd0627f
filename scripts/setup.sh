#!/usr/bin/env bash
# Install duban into a virtual environment inside the project (.venv), on any Python >= 3.11,
# including "externally managed" system pythons (Debian 12, Ubuntu 24.04: PEP 668 refuses a
# plain `pip install` there, a venv is the supported way).
#
#   bash scripts/setup.sh            then run  .venv/bin/duban …
#
# The base interpreter is $PYTHON if set, else the first of python3, python3.13, python3.12,
# python3.11 on PATH that is >= 3.11. An existing .venv is reused; pip runs again only when
# pyproject.toml (or this script) changed. As root on Debian/Ubuntu, the system packages the venv and the tests
# need are installed with apt-get (python3-venv where ensurepip is missing, headless
# LibreOffice with python3-uno and CJK fonts, desktop-file-utils).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 2; }

VENV=.venv
VENV_PY=$VENV/bin/python
STAMP=$VENV/.duban-installed

is_root_with_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

APT_UPDATED=
apt_install() {  # apt_install PKG... (only the ones not installed yet)
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "正在用 apt-get 安装：${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_ok() {  # python_ok CMD: CMD runs and is Python >= 3.11
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_base_python() {
    local c
    for c in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then command -v "$c"; return 0; fi
    done
    return 1
}

make_venv() {
    local base
    base=$(find_base_python) || die "没有找到 Python 3.11 或更高版本。请先安装（Debian/Ubuntu：apt-get install python3 python3-venv），或用 PYTHON=/path/to/python3 指定"
    if ! "$base" -c 'import ensurepip' >/dev/null 2>&1; then
        local ver
        ver=$("$base" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        if is_root_with_apt; then
            apt_install "python$ver-venv"
        else
            die "$base 缺少 venv/ensurepip 模块，无法创建虚拟环境。请让管理员运行：sudo apt-get install python$ver-venv（或以 root 运行本脚本）"
        fi
    fi
    say "正在用 $base 创建虚拟环境 $VENV"
    rm -rf "$VENV"
    "$base" -m venv "$VENV" || die "创建虚拟环境失败（$base -m venv $VENV）"
}

# 1. The virtual environment: reuse a working one, else create it.
if ! python_ok "$VENV_PY"; then
    make_venv
fi

# 2. duban and its test dependencies, into the venv (again only when pyproject.toml or this
#    script changed).
want=$("$VENV_PY" -c 'import hashlib; print(hashlib.sha256(b"".join(open(f, "rb").read() for f in ("pyproject.toml", "scripts/setup.sh"))).hexdigest())')
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ] || ! "$VENV_PY" -I -c 'import duban, pytest' >/dev/null 2>&1; then
    say "正在安装 duban 及其依赖到 $VENV（首次约需一两分钟）"
    # pip >= 25: older pips check Requires-Python against the running interpreter, not
    # --python-version, and so cannot verify the Windows bundle for another Python (bundle-windows.sh).
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check "pip>=25"
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
    echo "$want" > "$STAMP"
fi

# 3. System packages for the tests and PDF export (root on Debian/Ubuntu only).
if is_root_with_apt; then
    apt_install libreoffice-calc-nogui python3-uno fonts-noto-cjk desktop-file-utils \
        libreoffice-writer-nogui poppler-utils \
        fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei
    # the 通报 .docx to PDF, PDF pages to text/PNG; single-face SC fonts for 宋/仿宋, 楷, 黑 (duban-fonts.conf)
elif ! command -v soffice >/dev/null 2>&1; then
    say "未安装 LibreOffice：PDF 导出和部分测试将跳过（Debian/Ubuntu：sudo apt-get install libreoffice-calc-nogui python3-uno）"
fi

say "完成。运行 duban：$VENV/bin/duban --help"

#!/usr/bin/env bash
# Build dist/duban-windows-offline.zip, the offline installer for Windows office PCs
# (see scripts/bundle_windows.py and docs/安装与设置.md). Needs PyPI to download the wheels.
#
#   bash scripts/bundle-windows.sh [--wheels DIR] [-o OUTPUT.zip]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
exec .venv/bin/python scripts/bundle_windows.py "$@"

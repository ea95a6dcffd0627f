#!/usr/bin/env bash
# Install what duban needs on a fresh Debian/Ubuntu machine (or any machine with Python >= 3.11).
# Python packages always; LibreOffice (for the tests that open workbooks in it and for PDF export)
# only when apt-get is available and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

if ! command -v soffice >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing LibreOffice (headless) for workbook tests and PDF export"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui python3-uno fonts-noto-cjk >/dev/null
fi

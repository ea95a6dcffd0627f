#!/usr/bin/env bash
# The test command: install everything the project needs (scripts/setup.sh: the .venv, and as
# root on Debian/Ubuntu the system packages), then run the default test suite in the venv on every
# core and, as a separate step, the slow tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export XLWINGS_LICENSE_KEY="${XLWINGS_LICENSE_KEY:-noncommercial}"
# As if the venv were activated: its console scripts (duban, openxml-audit) come first on PATH.
export PATH="$PWD/.venv/bin:$PATH"
PY=.venv/bin/python
# On every core (pytest-xdist): tests use their own tmp_path, OS-assigned ports and LibreOffice profiles.
"$PY" -m pytest -q -m "not slow" -n auto -p no:cacheprovider
# Slow tests (large ledgers, the Windows bundle): pytest exits 5 when none are selected; that is not a failure.
set +e
"$PY" -m pytest -q -m slow -n auto -p no:cacheprovider
code=$?
set -e
if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then exit "$code"; fi

#!/usr/bin/env bash
# The test command: install everything the project needs, then run the default test suite
# and, as a separate step, the slow tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export XLWINGS_LICENSE_KEY="${XLWINGS_LICENSE_KEY:-noncommercial}"
python3 -m pytest -q -m "not slow" -p no:cacheprovider
# Slow tests (large ledgers): pytest exits 5 when none are selected; that is not a failure.
set +e
python3 -m pytest -q -m slow -p no:cacheprovider
code=$?
set -e
if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then exit "$code"; fi

"""The committed workbooks are exactly what the build commands make today (builds are reproducible)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workbook import build, sample

HERE = Path(build.__file__).resolve().parent


def test_shipped_templates_are_up_to_date(tmp_path):
    for made in build.build(tmp_path):
        assert made.read_bytes() == (HERE / made.name).read_bytes(), \
            f"{made.name} is stale: run python -m workbook.build"


@pytest.mark.parametrize("name", ["duban-sample.xlsm", "duban-sample-dirty.xlsm"])
def test_shipped_samples_are_up_to_date(name, tmp_path):
    assert sample.main(["--out-dir", str(tmp_path)]) == 0
    # Digests, not bytes: pytest's diff of two large byte strings takes minutes.
    fresh, shipped = (hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / name, HERE / name))
    assert fresh == shipped, f"{name} is stale: run python -m workbook.sample"

"""Every file duban writes is valid OOXML: `openxml-audit` (strict) reports 0 errors.

The template (.xlsm and .xlsx), a ledger after `duban recompute`, the answer files of `duban split`,
the export .xlsx (with the 周交办 detail) and the 通报 .docx. The ledger is small but real: built by
the template builder, so it carries the charts, validations, buttons and VBA the shipped files do.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from duban import schema
from duban.commands.main import main

from ledgers import D, done, item, unit_rows

pytest.importorskip("openxml_audit")


def audit(*paths) -> tuple[int, str]:
    """Exit code and report of openxml-audit over the files (one run per file, quiet: errors only)."""
    out = []
    worst = 0
    for path in paths:
        done_ = subprocess.run([sys.executable, "-m", "openxml_audit", "-q", str(path)], capture_output=True,
                               text=True, timeout=300)
        worst = max(worst, done_.returncode)
        if done_.returncode:
            out.append(f"{path.name}: {done_.stdout}{done_.stderr}")
    return worst, "\n".join(out)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    from duban.template.builder import build_workbook

    tmp = tmp_path_factory.mktemp("written")
    items = [
        done("1", "城关街道办事处", D(2026, 10, 30), D(2026, 10, 20), grade="好", assigned=D(2026, 10, 5)),
        done("2", "区财政局", D(2026, 10, 23), D(2026, 10, 22), grade="较好", assigned=D(2026, 10, 5)),
        item("3", "东关街道办事处", D(2026, 10, 16), assigned=D(2026, 10, 12)),
        item("4", "区住建局", D(2026, 12, 30), assigned=D(2026, 10, 19), content="“=1+1”不是公式"),
    ]
    files = {}
    for suffix in (".xlsm", ".xlsx"):
        files[f"template{suffix}"] = tmp / f"template{suffix}"
        build_workbook(files[f"template{suffix}"], macros=suffix == ".xlsm")
    ledger = tmp / "台账.xlsm"
    build_workbook(ledger, rows={schema.ITEMS.title: items, schema.UNITS.title: unit_rows()})
    assert main(["recompute", str(ledger), "--month", "2026-10", "--today", "2026-11-27"]) in (0, 1)
    files["recomputed ledger"] = ledger
    answers = tmp / "答卷"
    assert main(["split", str(ledger), "--today", "2026-11-27", "-o", str(answers)]) in (0, 1)
    for i, path in enumerate(sorted(answers.glob("*.xlsx"))):
        files[f"answer {i}"] = path
    out = tmp / "上报"
    assert main(["export", str(ledger), "--month", "2026-10", "--today", "2026-11-27", "--docx", "--ledger",
                 "-o", str(out)]) in (0, 1)
    files["export"] = next(out.glob("*.xlsx"))
    files["通报"] = next(out.glob("*.docx"))
    return files


def test_every_kind_of_file_was_written(written):
    assert {"template.xlsm", "template.xlsx", "recomputed ledger", "export", "通报", "answer 0"} <= set(written)


@pytest.mark.parametrize("kind", ["template.xlsm", "template.xlsx", "recomputed ledger", "export", "通报"])
def test_valid(written, kind):
    code, report = audit(written[kind])
    assert code == 0, report


def test_answer_files_valid(written):
    code, report = audit(*[p for k, p in written.items() if k.startswith("answer")])
    assert code == 0, report


def test_export_charts_have_no_empty_data_labels(written):
    import zipfile

    with zipfile.ZipFile(written["export"]) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts
    for xml in charts:
        assert "<c:dLbls/>" not in xml and "<c:dLbls></c:dLbls>" not in xml
        for block in xml.split("<c:dLbls>")[1:]:
            assert block.split("</c:dLbls>")[0].strip(), "empty <c:dLbls>"


def test_audit_tool_catches_a_broken_file(tmp_path):
    """The check itself works: a chart with an empty <c:dLbls> (XlsxWriter's data_labels value False) fails."""
    import xlsxwriter

    path = tmp_path / "bad.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_column(0, 0, [1, 2, 3])
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"values": "=Sheet1!$A$1:$A$3", "data_labels": {"value": False}})
    ws.insert_chart("C1", chart)
    wb.close()
    code, _report = audit(path)
    assert code != 0

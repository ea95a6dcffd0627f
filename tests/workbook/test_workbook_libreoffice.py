"""The built .xlsm opened by headless LibreOffice through UNO (workbook/lo_probe.py).

LibreOffice is the only office suite on a Linux CI machine: it shows that the
buttons are linked to the Subs of the VBA project, that the project's modules
load, and that the dynamic list names, validations and due-date formulas work.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from duban import schema
from duban.template import lists
from duban.template.builder import build_workbook, sheet_code_names
from duban.template.home import BUTTONS

UNO_PYTHON = "/usr/bin/python3"
PROBE = Path(__file__).resolve().parents[2] / "workbook" / "lo_probe.py"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _uno_python() -> bool:
    try:
        return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                               "CI installs libreoffice-calc-nogui and python3-uno"),
]

TODAY = dt.date.today()
OLD = dt.date(2000, 1, 3)
DUE_ROWS = [  # (deadline, adjusted, status) -> expected (overdue, due soon)
    ((OLD, None, "推进中"), (True, False)),
    ((OLD, None, "已完成"), (False, False)),
    ((TODAY, None, "推进中"), (False, True)),
    ((TODAY + dt.timedelta(days=30), None, "推进中"), (False, False)),
    ((OLD, TODAY + dt.timedelta(days=30), "推进中"), (False, False)),
]
# 办理状态: 未启动、推进中、已完成、退回重办、申请延期、已延期
LIST_SIZES = {"办理状态列表": 6, "点评等次列表": 4, "事项类别列表": 7, "研判类别列表": 4, "化解状态列表": 3,
              "组别列表": 2, "是否列表": 2, "单位列表": 2, "领导列表": 1}


def _item(deadline, adjusted, status) -> list:
    row = [None] * len(schema.ITEMS.columns)
    names = [c.name for c in schema.ITEMS.columns]
    row[names.index("deadline")], row[names.index("adjusted_deadline")], row[names.index("status")] = \
        deadline, adjusted, status
    return row


def _lo_formula(excel_formula: str, row: int) -> str:
    """A 周交办 conditional-format formula (row 2, Excel syntax) as a UNO formula for `row`."""
    f = re.sub(r"\$([A-Z]+)2\b", lambda m: f"$周交办.${m[1]}${row}", excel_formula)
    return f.replace(",", ";")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not _uno_python():
        pytest.skip(f"{UNO_PYTHON} cannot import uno (install python3-uno)")
    path = tmp_path_factory.mktemp("lo") / "probe.xlsm"
    build_workbook(path, rows={
        "单位": [["区住建局", "", "区直单位"], ["城关街道办事处", "城关街道", "办事处"]],
        "领导": [["王建国", "区长"]],
        "周交办": [_item(*spec) for spec, _want in DUE_ROWS],
    })
    overdue, soon = lists.due_rules(["已完成"])
    formulas = [f"=ROWS({n})" for n in LIST_SIZES] + ["=INDEX(办理状态列表;3)", f"={lists.DUE_SOON_NAME}"]
    for i in range(len(DUE_ROWS)):
        formulas += [_lo_formula(overdue, i + 2), _lo_formula(soon, i + 2)]
    args = [UNO_PYTHON, str(PROBE), str(path), "--timeout", "50",
            "--validation", "周交办!K2", "--validation", "周交办!E2", "--validation", "单位!G2",
            "--invalid", "周交办!K30=已完成|乱写", "--invalid", "周交办!E30=区住建局|区建设局",
            "--invalid", "单位!G30=是|否|可能"]
    for f in formulas:
        args += ["--formula", f]
    done = subprocess.run(args, capture_output=True, text=True, timeout=110)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_buttons_are_linked_to_their_subs(report):
    controls = {c["label"]: c["events"] for c in report["controls"]}
    assert set(controls) == {caption for caption, _sub, _note in BUTTONS}
    for caption, sub, _note in BUTTONS:
        events = controls[caption]
        assert [(e["listener"], e["event"], e["type"]) for e in events] == [("XActionListener", "actionPerformed",
                                                                            "Script")]
        assert events[0]["code"] == f"vnd.sun.star.script:VBAProject.Duban.{sub}?language=Basic&location=document"


def test_vba_project_loads(report):
    modules = report["basic"]["VBAProject"]
    assert set(modules) == {"ThisWorkbook", *sheet_code_names(), "xlwings", "Dictionary", "Duban", "xlwings_udfs"}
    for _caption, sub, _note in BUTTONS:
        assert re.search(rf"^Sub {sub}\(\)", modules["Duban"], re.M)
    assert "Function RunPython(" in modules["xlwings"]


def test_sheets_and_names(report):
    assert report["sheets"][:2] == ["首页", "参数"] and report["sheets"][-2:] == ["xlwings.conf", "_样式"]
    assert set(schema.LIST_NAMES.values()) | {lists.DUE_SOON_NAME} <= set(report["names"])


def test_dynamic_list_names_count_filled_rows(report):
    values = report["formulas"]
    for name, size in LIST_SIZES.items():
        assert values[f"=ROWS({name})"] == str(size), name
    assert values["=INDEX(办理状态列表;3)"] == "已完成"
    assert values[f"={lists.DUE_SOON_NAME}"] == "3"


def test_list_validations(report):
    v = report["validation"]
    assert (v["周交办!K2"]["type"], v["周交办!K2"]["formula1"], v["周交办!K2"]["alert"]) == ("LIST", "办理状态列表", "STOP")
    assert (v["周交办!E2"]["formula1"], v["周交办!E2"]["alert"]) == ("单位列表", "INFO")
    assert (v["单位!G2"]["formula1"], v["单位!G2"]["alert"]) == ("是否列表", "STOP")
    assert report["invalid"] == {
        "周交办!K30": {"已完成": False, "乱写": True},
        "周交办!E30": {"区住建局": False, "区建设局": True},
        "单位!G30": {"是": False, "否": False, "可能": True},
    }


def test_due_date_colour_formulas(report):
    overdue, soon = lists.due_rules(["已完成"])
    for i, (_spec, (want_overdue, want_soon)) in enumerate(DUE_ROWS):
        got = (report["formulas"][_lo_formula(overdue, i + 2)], report["formulas"][_lo_formula(soon, i + 2)])
        assert got == (str(want_overdue).upper(), str(want_soon).upper()), (i, got)

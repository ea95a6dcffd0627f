"""Worksheet functions (udfs/) through xlwings' Office.js custom-functions call path.

Excel's Office.js add-in (xlwings Server, xlwings Lite) does not call the Python
function directly: its JavaScript stub posts a body such as

    {"client": "Office.js", "func_name": "DB_RANK",
     "args": [[[85]], [[90], [85], [85], [80]]],   # one 2-D matrix per parameter
     "caller_address": "[督办台账.xlsm]首页!C3", "session_id": "...",
     "culture_info_name": "zh-CN", "date_format": "yyyy/m/d",
     "version": "0.37.8", "runtime": "1.4"}

and `xlwings.pro.custom_functions_call(body, module)` converts each matrix with the
"officejs" engine (a 1x1 matrix becomes a scalar, a row or column a flat list,
empty cells None, an omitted optional argument its Python default), calls the
function and returns the result converted back to a matrix ([[2]]).

Every parameter is registered with dimensionality "matrix" and type "any", so
Excel sends plain cell values: numbers as JavaScript numbers (an integral one
reaches Python as an int, through JSON or Pyodide alike), dates as serial numbers
(or a FormattedNumber dict when data types are on), error cells as Error dicts.

On a real server `XLWINGS_ON_SERVER=true` is set before xlwings is imported, and
`xw.func` is then xlwings.server.func, which records `__xlfunc__` on each UDF. In
this process xlwings was imported without it, so the fixture binds that decorator
and executes a fresh copy of udfs/__init__.py; the real `udfs` module is left
untouched. One test runs the genuine setting in a fresh interpreter and checks it
gives the same results.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from duban.dates import to_excel_date

pytestmark = pytest.mark.remote

ROOT = Path(__file__).resolve().parents[2]
D = dt.date
LICENSE_ENV = "XLWINGS_LICENSE_KEY"
WORKBOOK = "督办台账.xlsm"
DB_FUNCTIONS = ("DB_ALERT", "DB_COMPLETION_RATE", "DB_PERIOD", "DB_RANK", "DB_SCORE", "DB_UNIT_NAME",
                "DB_WORKDAYS_LEFT")


# ---- what Excel sends ---------------------------------------------------------

def serial(d: dt.date) -> float:
    """A date cell as Excel holds it: a serial number (a double)."""
    return float(to_excel_date(d))


def cell(v):
    """One cell passed to a matrix parameter."""
    return [[v]]


def column(*values):
    return [[v] for v in values]


def formatted_date(d: dt.date) -> dict:
    """A date cell as Office.js sends it when it comes as a FormattedNumber data type."""
    return {"type": "FormattedNumber", "basicValue": serial(d), "numberFormat": "yyyy/m/d"}


NA_ERROR = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}


def body(func_name: str, args: list, version: str) -> dict:
    """The body custom-functions-code.js posts for one invocation."""
    return {
        "client": "Office.js",
        "func_name": func_name,
        "args": args,
        "caller_address": f"[{WORKBOOK}]首页!C3",
        "session_id": "test-session",
        "culture_info_name": "zh-CN",
        "date_format": "yyyy/m/d",
        "version": version,
        "runtime": "1.4",
    }


def _js_numbers(v):
    """JSON.stringify writes integral numbers without a fraction: Python then reads an int."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, list):
        return [_js_numbers(x) for x in v]
    if isinstance(v, dict):
        return {k: _js_numbers(x) for k, x in v.items()}
    return v


def _doubles(v):
    """Every number a float, as Excel stores it (what the classic COM path hands over)."""
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, list):
        return [_doubles(x) for x in v]
    if isinstance(v, dict):
        return {k: _doubles(x) for k, x in v.items()}
    return v


WIRES = {
    "json": lambda data: json.loads(json.dumps(_js_numbers(data), ensure_ascii=False)),
    "doubles": lambda data: _doubles(copy.deepcopy(data)),
}


# ---- the Office.js side, in this process ---------------------------------------

class OfficeJs:
    def __init__(self, module, plain, call, version):
        self.module = module    # udfs decorated as on xlwings Server
        self.plain = plain      # the real udfs module
        self._call = call
        self.version = version

    def call(self, func_name: str, *args, wire: str = "json"):
        data = WIRES[wire](body(func_name, list(args), self.version))
        result = asyncio.run(self._call(data, self.module))
        if wire == "json":  # the response travels back as JSON too
            result = json.loads(json.dumps(result, ensure_ascii=False))
        return result

    def check(self, func_name: str, excel_args: list, plain_args: tuple, expected):
        """Plain function == hand-worked value, and Office.js path == [[same]] on both wires."""
        plain = getattr(self.plain, func_name)(*plain_args)
        assert plain == expected, (func_name, plain_args, plain)
        for wire in WIRES:
            got = self.call(func_name, *excel_args, wire=wire)
            assert got == [[plain]], (func_name, wire, excel_args, got)
            assert type(got[0][0]) is type(plain) or {type(got[0][0]), type(plain)} <= {int, float}, got


def _fresh_udfs():
    spec = importlib.util.spec_from_file_location("_udfs_on_server", ROOT / "udfs" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def officejs(monkeypatch):
    monkeypatch.setenv(LICENSE_ENV, "noncommercial")  # read when xlwings (pro) is first imported
    try:
        import xlwings as xw
    except ImportError as exc:
        pytest.skip(f"xlwings is not installed: {exc}")
    try:
        import xlwings.server as server
        from xlwings.pro import _xlofficejs, custom_functions_call
    except Exception as exc:  # LicenseError, ImportError
        pytest.skip(f"xlwings PRO (Office.js custom functions) unavailable ({type(exc).__name__}: {exc})")
    if "officejs" not in [e.name for e in xw.engines]:
        # xlwings was imported before the licence key was set; register the engine
        # the argument converters use, for this test only.
        engine = xw.Engine(impl=_xlofficejs.engine)
        monkeypatch.setattr(xw.engines, "engines", [*xw.engines.engines, engine])
        monkeypatch.setattr(xw.engines, "engines_by_name", {**xw.engines.engines_by_name, "officejs": engine})
    import udfs as plain  # imported (or already imported) with the ordinary decorator

    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    monkeypatch.setattr(xw, "func", server.func)  # what `import xlwings` binds when that variable is set
    return OfficeJs(_fresh_udfs(), plain, custom_functions_call, xw.__version__)


# ---- registration ----------------------------------------------------------------

def test_every_function_is_registered_as_the_add_in_expects(officejs):
    from xlwings.pro import custom_functions_meta

    meta = {f["id"]: f for f in custom_functions_meta(officejs.module)["functions"]}
    assert set(meta) == set(DB_FUNCTIONS) == {n for n in dir(officejs.plain) if n.startswith("DB_")}
    for name, f in meta.items():
        assert f["name"] == name  # no namespace: typed in a cell as =DB_RANK(...)
        assert all(p["dimensionality"] == "matrix" and p["type"] == "any" for p in f["parameters"])
        assert f["options"].get("requiresAddress") is True  # hence caller_address in the body
        assert f["description"] == getattr(officejs.plain, name).__doc__
    assert [p["name"] for p in meta["DB_ALERT"]["parameters"] if p.get("optional")] == \
        ["adjusted_deadline", "soon_workdays", "today", "holidays"]
    assert {n for n, f in meta.items() if f["options"].get("volatile")} == {"DB_WORKDAYS_LEFT", "DB_ALERT"}


# ---- one test per function ---------------------------------------------------------

def test_rank_1224(officejs):
    scores = column(90.0, 85.0, 85.0, 80.0)
    plain_scores = [[90.0], [85.0], [85.0], [80.0]]
    officejs.check("DB_RANK", [cell(85.0), scores], (85.0, plain_scores), 2)
    officejs.check("DB_RANK", [cell(90.0), scores], (90.0, plain_scores), 1)
    officejs.check("DB_RANK", [cell(80.0), scores], (80.0, plain_scores), 4)
    # A row instead of a column, a blank and a text cell in the range.
    officejs.check("DB_RANK", [cell(85.0), [[90.0, 85.0, None, "缺", 85.0, 80.0]]],
                   (85.0, [90.0, 85.0, None, "缺", 85.0, 80.0]), 2)
    officejs.check("DB_RANK", [cell(70.0), scores], (70.0, plain_scores), officejs.plain.NOT_IN_LIST)
    officejs.check("DB_RANK", [cell("abc"), scores], ("abc", plain_scores), officejs.plain.BAD_NUMBER)
    officejs.check("DB_RANK", [cell(""), scores], (None, plain_scores), "")


def test_completion_rate(officejs):
    statuses = column("已完成", "推进中", "已完成", "未启动")
    officejs.check("DB_COMPLETION_RATE", [statuses, None], (["已完成", "推进中", "已完成", "未启动"],), 50.0)
    # Blank cells do not count, whether Office.js sends null or "".
    officejs.check("DB_COMPLETION_RATE", [column("已完成", None, "推进中", ""), None],
                   ([["已完成"], [None], ["推进中"], [None]],), 50.0)
    officejs.check("DB_COMPLETION_RATE", [column("办结", "推进中"), column("办结", "已完成")],
                   (["办结", "推进中"], [["办结"], ["已完成"]]), 50.0)
    officejs.check("DB_COMPLETION_RATE", [cell("已完成"), None], ("已完成",), 100.0)
    officejs.check("DB_COMPLETION_RATE", [column(None, ""), None], ([[None], [None]],), "")


def test_score(officejs):
    # (40*100 + 30*50 + 30*85) / 100 = 80.5
    officejs.check("DB_SCORE", [cell(100.0), cell(50.0), cell(85.0), None], (100, 50, 85), 80.5)
    officejs.check("DB_SCORE", [cell(""), cell(""), cell(70.0), None], (None, None, 70), 70.0)
    table = [["办结率", 1.0], ["按时率", 1.0], ["点评质量", 2.0]]  # (100 + 100 + 2*40) / 4 = 70
    officejs.check("DB_SCORE", [cell(100.0), cell(100.0), cell(40.0), table], (100, 100, 40, table), 70.0)
    officejs.check("DB_SCORE", [cell(100.0), cell(0.0), cell(""), [[50.0, 50.0, 0.0]]],
                   (100, 0, None, [50, 50, 0]), 50.0)


def test_period(officejs):
    jan12 = D(2026, 1, 12)  # 2026-01-01 is a Thursday: the first Monday is 01-05, so 01-12 is 期次 2
    assert serial(jan12) == 46034.0
    officejs.check("DB_PERIOD", [cell(serial(jan12)), None], (jan12,), 2)
    officejs.check("DB_PERIOD", [cell(formatted_date(jan12)), None], (jan12,), 2)
    officejs.check("DB_PERIOD", [cell("2026-01-12"), None], ("2026-01-12",), 2)
    officejs.check("DB_PERIOD", [cell(serial(D(2026, 1, 14))), cell("星期三")], (D(2026, 1, 14), "星期三"), 2)
    officejs.check("DB_PERIOD", [cell(serial(D(2026, 1, 14))), cell(3.0)], (D(2026, 1, 14), 3), 2)
    officejs.check("DB_PERIOD", [cell("无"), None], ("无",), "日期无法识别")
    officejs.check("DB_PERIOD", [cell(""), None], (None,), "")


def test_workdays_left_across_national_day_2026(officejs):
    # Today Wed 09-30; deadline Mon 10-12. 10-01..10-07 are holidays, Sat 10-10 is a
    # working day: 10-08, 10-09, 10-10, 10-12 = 4 (Monday-to-Friday counting gives 8).
    today, deadline = D(2026, 9, 30), D(2026, 10, 12)
    officejs.check("DB_WORKDAYS_LEFT", [cell(serial(deadline)), cell(serial(today))], (deadline, today), 4)
    officejs.check("DB_WORKDAYS_LEFT", [cell(formatted_date(deadline)), cell("2026-09-30")],
                   (deadline, today), 4)
    # Due 09-30, today Fri 10-09: two working days late (10-08, 10-09).
    officejs.check("DB_WORKDAYS_LEFT", [cell(serial(today)), cell(serial(D(2026, 10, 9)))],
                   (today, D(2026, 10, 9)), -2)
    officejs.check("DB_WORKDAYS_LEFT", [cell(serial(today)), cell(serial(today))], (today, today), 0)
    officejs.check("DB_WORKDAYS_LEFT", [cell(""), None], (None,), "")
    officejs.check("DB_WORKDAYS_LEFT", [cell("x"), cell(serial(today))], ("x", today), "日期无法识别")


def test_workdays_left_without_today_uses_the_python_side_clock(officejs):
    deadline = D(2031, 3, 3)
    before = officejs.plain.DB_WORKDAYS_LEFT(deadline)
    got = officejs.call("DB_WORKDAYS_LEFT", cell(serial(deadline)), None)
    after = officejs.plain.DB_WORKDAYS_LEFT(deadline)
    assert got in ([[before]], [[after]]) and isinstance(before, int) and before > 0


def test_alert(officejs):
    today = D(2026, 10, 9)
    # Open and past its deadline (09-30): red.
    officejs.check("DB_ALERT", [cell(serial(D(2026, 9, 30))), cell("推进中"), None, None, cell(serial(today))],
                   (D(2026, 9, 30), "推进中", None, None, today), "红")
    officejs.check("DB_ALERT", [cell(serial(D(2026, 9, 30))), cell("已完成"), None, None, cell(serial(today))],
                   (D(2026, 9, 30), "已完成", None, None, today), "绿")
    # Eight calendar days but one working day before 10-08 (National Day): yellow.
    officejs.check("DB_ALERT", [cell(serial(D(2026, 10, 8))), cell("推进中"), None, None, cell(serial(D(2026, 9, 30)))],
                   (D(2026, 10, 8), "推进中", None, None, D(2026, 9, 30)), "黄")
    # 10-12 is four working days away: green with the default 3, yellow with 4.
    officejs.check("DB_ALERT", [cell(serial(D(2026, 10, 12))), cell("推进中"), None, None, cell(serial(D(2026, 9, 30)))],
                   (D(2026, 10, 12), "推进中", None, None, D(2026, 9, 30)), "绿")
    officejs.check("DB_ALERT", [cell(serial(D(2026, 10, 12))), cell("推进中"), None, cell(4.0),
                                cell(serial(D(2026, 9, 30)))],
                   (D(2026, 10, 12), "推进中", None, 4, D(2026, 9, 30)), "黄")
    # The adjusted deadline wins over the original one.
    officejs.check("DB_ALERT", [cell(serial(D(2026, 9, 30))), cell("推进中"), cell(serial(D(2026, 12, 1))), None,
                                cell(serial(today))],
                   (D(2026, 9, 30), "推进中", D(2026, 12, 1), None, today), "绿")
    # Omitted optional arguments, sent as null or not sent at all; today is then the clock's.
    officejs.check("DB_ALERT", [cell(serial(D(2000, 1, 3))), cell("推进中"), None, None, None],
                   (D(2000, 1, 3), "推进中"), "红")
    officejs.check("DB_ALERT", [cell(serial(D(2000, 1, 3))), cell("推进中")], (D(2000, 1, 3), "推进中"), "红")
    officejs.check("DB_ALERT", [cell("明天"), cell("推进中"), None, None, None], ("明天", "推进中"), "日期无法识别")


def test_unit_name(officejs):
    officejs.check("DB_UNIT_NAME", [cell("区 财政局")], ("区 财政局",), "区财政局")
    officejs.check("DB_UNIT_NAME", [cell(" 区住建局\u3000")], (" 区住建局\u3000",), "区住建局")
    officejs.check("DB_UNIT_NAME", [cell("ＡＢＣ局")], ("ＡＢＣ局",), "ABC局")
    officejs.check("DB_UNIT_NAME", [cell("")], (None,), "")


# ---- where the Office.js path differs from calling the function ---------------------

def test_shapes_and_values_the_path_changes(officejs):
    # A 1x1 matrix becomes a scalar, a row or column a flat list, a block stays 2-D;
    # "" becomes None, an error cell None (not its text), integral numbers arrive as int.
    import types

    from xlwings.server import func as server_func

    seen = {}

    @server_func
    def SPY(a, b, c, d="默认"):
        seen["args"] = (a, b, c, d)
        return "ok"

    module = types.ModuleType("spy")
    module.SPY = SPY
    data = WIRES["json"](body("SPY", [cell(85.0), column(1.0, ""), [[1.0, 2.5], [NA_ERROR, "x"]], None],
                              officejs.version))
    got = asyncio.run(officejs._call(data, module))
    assert got == [["ok"]]
    a, b, c, d = seen["args"]
    assert a == 85 and type(a) is int
    assert b == [1, None]
    assert c == [[1, 2.5], [None, "x"]]
    assert d == "默认"  # null for an optional argument: its Python default
    # An error cell is read as blank: DB_RANK(#N/A, ...) is empty, not "不是数字".
    assert officejs.call("DB_RANK", cell(NA_ERROR), column(90.0, 85.0)) == [[""]]
    assert officejs.plain.DB_RANK("#N/A", [90.0, 85.0]) == officejs.plain.BAD_NUMBER
    # Results come back as a 1x1 matrix; text that looks like an Excel error becomes one.
    assert officejs.call("DB_UNIT_NAME", cell("#N/A")) == [[{"type": "Error", "errorType": "NotAvailable"}]]
    assert officejs.plain.DB_UNIT_NAME("#N/A") == "#N/A"


# ---- the genuine server setting, in a fresh interpreter ----------------------------

_CHILD = r"""
import asyncio, json, sys
import xlwings as xw
import udfs
from xlwings.pro import custom_functions_call
assert xw.func.__module__ == "xlwings.pro.udfs_officejs", xw.func.__module__
out = []
for data in json.load(sys.stdin):
    out.append(asyncio.run(custom_functions_call(data, udfs)))
print(json.dumps(out, ensure_ascii=False))
"""


def test_fresh_interpreter_with_xlwings_on_server_gives_the_same_results(officejs):
    cases = [
        ("DB_RANK", [cell(85.0), column(90.0, 85.0, 85.0, 80.0)]),
        ("DB_COMPLETION_RATE", [column("已完成", "推进中", "已完成", "未启动"), None]),
        ("DB_SCORE", [cell(100.0), cell(50.0), cell(85.0), None]),
        ("DB_PERIOD", [cell(serial(D(2026, 1, 12))), None]),
        ("DB_WORKDAYS_LEFT", [cell(serial(D(2026, 10, 12))), cell(serial(D(2026, 9, 30)))]),
        ("DB_ALERT", [cell(serial(D(2026, 9, 30))), cell("推进中"), None, None, cell(serial(D(2026, 10, 9)))]),
        ("DB_UNIT_NAME", [cell("区 财政局")]),
    ]
    assert sorted(name for name, _ in cases) == sorted(DB_FUNCTIONS)
    bodies = [WIRES["json"](body(name, args, officejs.version)) for name, args in cases]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    assert env["XLWINGS_ON_SERVER"] == "true" and env[LICENSE_ENV] == "noncommercial"
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps(bodies, ensure_ascii=False),
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    fresh = json.loads(proc.stdout)
    here = [officejs.call(name, *args) for name, args in cases]
    assert fresh == here == [[[2]], [[50]], [[80.5]], [[2]], [[4]], [["红"]], [["区财政局"]]]

"""The button entry points (macros/) driven through xlwings' remote engine.

The remote engine runs the xlwings API over a JSON copy of a workbook and
returns the actions Excel would carry out; tests/remote_engine.py applies them
to an in-memory copy. The computed sheets so produced must equal, cell by cell,
those the headless `duban recompute` writes into the same file.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main as cli_main

from ledgers import D, done, item, make_ledger, read_raw
from remote_engine import ExcelState, payload, remote_xlwings, state_payload

TODAY = D(2026, 2, 10)
MONTH = "2026-01"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = Path(os.environ.get("DUBAN_SAMPLE_DIR", ROOT / "workbook"))
SAMPLES = ("duban-sample.xlsm", "duban-sample-dirty.xlsm")
SAMPLE_MONTH, SAMPLE_TODAY = "2026-10", D(2026, 11, 27)

STATUS_LABELS = {"time": "上次运行", "action": "操作", "result": "结果", "items": "事项数", "errors": "错误",
                 "warnings": "警告"}

DECEMBER = [
    ["2025-12", "办事处", 1, "城关街道办事处", 95.0, "奖励", "已发布"],
    ["2025-12", "办事处", 2, "东关街道办事处", 90.0, "奖励", "已发布"],
    ["2025-12", "办事处", 3, "南关街道办事处", 80.0, "—", "已发布"],
    ["2025-12", "办事处", 4, "西关街道办事处", 60.0, "表态发言、末位", "已发布"],
]


def home_rows() -> list[list]:
    rows = [["督办台账"], ["点击下方按钮校验台账或重算排名。"]]
    rows += [[] for _ in range(9)]
    for key, (r, c) in sorted(schema.HOME_STATUS_CELLS.items(), key=lambda kv: kv[1]):
        while len(rows) <= r:
            rows.append([])
        rows[r] = [None] * (c - 1) + [STATUS_LABELS[key]]
    return rows


def small_ledger(path: Path, **overrides) -> Path:
    """Two months, both groups, an adjustment, units last in December and January, some findings."""
    items = [
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
        done("2", "东关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "较好"),
        done("3", "南关街道办事处", D(2026, 1, 20), D(2026, 1, 25), "一般"),
        item("4", "西关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9)),
        done("5", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "好"),
        done("6", "区住建局", D(2026, 1, 20), D(2026, 1, 19), "较好"),
        done("7", "区城管局", D(2026, 1, 20), D(2026, 1, 19), "一般"),
        item("8", "区财政局", D(2026, 1, 20)),
        done("9", "区教体局", D(2026, 1, 28), D(2026, 1, 30), "差", assigned=D(2026, 1, 12)),
        item("10", "区民政局", D(2026, 2, 27), assigned=D(2026, 1, 12), co="区财政局"),
        done("11", "城关街道办事处", D(2026, 2, 6), D(2026, 2, 5), "好", assigned=D(2026, 1, 26)),
        item("12", "东关街道办事处", D(2026, 1, 30), adjusted=D(2026, 2, 20), assigned=D(2026, 1, 12)),
        item("13", "区住建委", D(2026, 1, 30), assigned=D(2026, 1, 12)),            # unknown unit: error
        done("14", " 区城管局", D(2026, 1, 16), D(2026, 1, 15), "好"),             # stray space: warning
    ]
    kw = dict(
        items=items,
        adjustments=[["2026-01", "区发改局", 2, "获市级表彰", "区督查委〔2026〕1号", "王建国"],
                     ["2026-01", "西关街道办事处", -1.5, "未按时报送", "通报", "王建国"]],
        history=DECEMBER,
        extra_sheets={
            schema.HOME_TITLE: home_rows(),
            # A 问责 note typed by the user, kept by key on both paths.
            schema.ACCOUNTABILITY.title: [schema.ACCOUNTABILITY.headers,
                                          ["西关街道办事处", "办事处", "2026-01", 2, "启动问责程序", "已约谈主要负责人"]],
            # Findings of an earlier run, longer than this run's, with text Excel would misread.
            schema.FINDINGS.title: [schema.FINDINGS.headers] + [
                ["错误", "周交办", f"E{n}", "牵头单位", "旧问题", "2026-01"] for n in range(2, 40)],
        },
    )
    kw.update(overrides)
    return with_style_sheet(make_ledger(path, **kw))


def with_style_sheet(path: Path) -> Path:
    """Add the template's hidden '_样式' sheet, so the headless writer formats dates as dates."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(schema.STYLE_SHEET_TITLE)
    formats = {"int": "0", "number": "0.00", "rate": "0.0", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss"}
    for i, role in enumerate(schema.STYLE_ROLES, start=1):
        ws.cell(i, 1, role).number_format = formats.get(role, "General")
    ws.sheet_state = "hidden"
    wb.save(path)
    return path


# ---- comparison --------------------------------------------------------------

def trim(grid: list[list]) -> list[list]:
    grid = [list(r) for r in grid]
    while grid and all(v is None for v in grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in grid), default=0)
    return [r[:width] + [None] * (width - len(r[:width])) for r in grid]


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return type(a) is type(b) and a == b


def assert_same_grid(title: str, excel: list[list], headless: list[list], skip_cols=()) -> None:
    excel, headless = trim(excel), trim(headless)
    assert len(excel) == len(headless), f"{title}: {len(excel)} rows via Excel, {len(headless)} headless"
    for r, (xr, hr) in enumerate(zip(excel, headless)):
        width = max(len(xr), len(hr))
        xr, hr = xr + [None] * (width - len(xr)), hr + [None] * (width - len(hr))
        for c, (xv, hv) in enumerate(zip(xr, hr)):
            if c in skip_cols:
                continue
            assert same(xv, hv), f"{title}!{_ref(r, c)}: Excel path {xv!r}, headless {hv!r}"


def _ref(r: int, c: int) -> str:
    from duban.xlsxio.cells import cell_ref
    return cell_ref(r, c)


def headless_links(path: Path, title: str) -> dict[str, str]:
    from duban.xlsxio import read_sheet_xml
    xml = read_sheet_xml(path, title).decode()
    out = {}
    for tag in re.findall(r"<(?:\w+:)?hyperlink\b[^>]*>", xml):
        ref = re.search(r'\bref="([^"]+)"', tag).group(1)
        loc = re.search(r'\blocation="([^"]+)"', tag)
        out[ref] = loc.group(1).replace("&apos;", "'") if loc else None
    return out


def excel_links(state: ExcelState, title: str) -> dict[str, str]:
    return {_ref(r, c): (a[1:] if a.startswith("#") else a) for (r, c), a in state.sheet(title).links.items()}


def compare_with_headless(state: ExcelState, headless: Path, titles) -> None:
    sheets = read_raw(headless).sheets
    for title in titles:
        assert title in state.names(), f"{title} not written through Excel"
        skip = (0, 6) if title == schema.RUN_LOG.title else ()
        assert_same_grid(title, state.sheet(title).grid(), sheets[title], skip)
    if schema.FINDINGS.title in titles:
        assert excel_links(state, schema.FINDINGS.title) == headless_links(headless, schema.FINDINGS.title)
    if schema.HOME_TITLE in sheets:
        home, hl = state.sheet(schema.HOME_TITLE), sheets[schema.HOME_TITLE]
        for key, (r, c) in schema.HOME_STATUS_CELLS.items():
            xv, hv = home.value(r, c), hl[r][c] if r < len(hl) and c < len(hl[r]) else None
            if key == "time":
                assert isinstance(xv, dt.datetime) and isinstance(hv, dt.datetime)
            else:
                assert same(xv, hv), f"首页 status {key}: Excel path {xv!r}, headless {hv!r}"


def headless_copy(src: Path, tmp_path: Path, *argv: str) -> Path:
    """Run the headless command on a copy with the same file name; return the copy."""
    d = tmp_path / f"headless-{argv[0]}"
    d.mkdir(exist_ok=True)
    copy = d / src.name
    if not copy.exists():
        shutil.copy2(src, copy)
    assert cli_main([argv[0], str(copy), *argv[1:]]) in (0, 1)
    return copy


def run_excel(xw, data: dict, fn, **kw):
    import macros
    book = xw.Book(json=copy.deepcopy(data))  # the engine edits its payload in place
    outcome = getattr(macros, fn)(book, **kw)
    actions = book.json()["actions"]
    state = ExcelState.from_payload(data).apply(actions)
    return outcome, state, actions


RECOMPUTED = [s.title for s in schema.COMPUTED_SHEETS]
VALIDATED = [schema.FINDINGS.title, schema.RUN_LOG.title]


# ---- fixtures ----------------------------------------------------------------

@pytest.fixture
def xw(monkeypatch):
    return remote_xlwings(monkeypatch)


@pytest.fixture
def ledger(tmp_path):
    return small_ledger(tmp_path / "台账.xlsx")


# ---- reading -----------------------------------------------------------------

@pytest.mark.remote
def test_reading_through_xlwings_gives_the_core_what_calamine_gives(xw, ledger):
    from macros import xlio
    book = xw.Book(json=payload(ledger))
    via_excel = xlio.read_book(book)
    via_calamine = read_raw(ledger)
    assert list(via_excel.sheets) == list(via_calamine.sheets)
    for title, grid in via_calamine.sheets.items():
        got = via_excel.sheets[title]
        assert trim(got) == trim(grid), title
        for xr, hr in zip(got, trim(grid)):
            assert [type(v) for v in xr] == [type(v) for v in hr], title


# ---- recompute and validate equal the headless command ----------------------

@pytest.mark.remote
def test_recompute_equals_headless_cell_by_cell(xw, ledger, tmp_path):
    data = payload(ledger)
    outcome, state, actions = run_excel(xw, data, "recompute", today=TODAY, month=MONTH)
    assert outcome.ok, outcome.message
    headless = headless_copy(ledger, tmp_path, "recompute", "--month", MONTH, "--today", TODAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)

    # Computed sheets missing from the ledger were added, every one written.
    assert set(outcome.written) == set(RECOMPUTED)
    assert {a["args"][1] for a in actions if a["func"] == "addSheet"} == set(outcome.added)
    assert schema.MONTHLY.title in outcome.added and schema.FINDINGS.title not in outcome.added
    # Text that Excel would read as a date stays text; the user's 处理决定 is kept.
    assert state.sheet(schema.MONTHLY.title).value(1, 0) == MONTH
    acc = state.sheet(schema.ACCOUNTABILITY.title).grid()
    assert ["西关街道办事处", "办事处", "2026-01", 2.0, "启动问责程序", "已约谈主要负责人"] in acc
    # Errors were found: the user is told, and taken to 校验结果.
    assert outcome.analysis.errors >= 1
    (alert,) = state.alerts
    assert alert["mode"] == "critical" and "重算完成" in alert["prompt"] and "校验结果" in alert["prompt"]
    assert state.names()[state.active] == schema.FINDINGS.title
    # Stale links of the earlier 校验结果 are gone (compared with headless above), formats follow roles.
    fmt = state.sheet(schema.MONTHLY.title).formats
    assert fmt[(0, 0)].get("fill") == "#DDEBF7" and fmt[(0, 0)].get("bold") is True
    assert fmt[(1, 11)]["number_format"] == "0.00"


@pytest.mark.remote
def test_second_recompute_on_the_result_equals_headless_run_twice(xw, ledger, tmp_path):
    data = payload(ledger)
    _o, state, _a = run_excel(xw, data, "recompute", today=TODAY, month=MONTH)
    outcome, state2, actions = run_excel(xw, state_payload(state, ledger.name), "recompute", today=TODAY, month=MONTH)
    assert outcome.ok and not outcome.added
    assert not [a for a in actions if a["func"] == "addSheet"]
    headless = headless_copy(ledger, tmp_path, "recompute", "--month", MONTH, "--today", TODAY.isoformat())
    headless = headless_copy(ledger, tmp_path, "recompute", "--month", MONTH, "--today", TODAY.isoformat())
    compare_with_headless(state2, headless, RECOMPUTED)
    assert len(state2.sheet(schema.RUN_LOG.title).grid()) == 3  # header + two runs


@pytest.mark.remote
def test_validate_equals_headless_validate(xw, ledger, tmp_path):
    data = payload(ledger)
    outcome, state, actions = run_excel(xw, data, "validate", today=TODAY)
    assert outcome.ok, outcome.message
    headless = headless_copy(ledger, tmp_path, "validate", "--today", TODAY.isoformat())
    compare_with_headless(state, headless, VALIDATED)
    assert set(outcome.written) == set(VALIDATED)
    assert state.sheet(schema.RUN_LOG.title).value(1, 1) == "校验台账"
    findings = state.sheet(schema.FINDINGS.title)
    err = next(r for r, row in enumerate(findings.grid()) if row[3] == "牵头单位" and row[0] == "错误")
    assert findings.links[(err, 2)] == "#'周交办'!E14"
    (alert,) = state.alerts
    assert alert["prompt"].startswith("校验完成") and "错误" in alert["prompt"]


@pytest.mark.remote
def test_links_of_an_earlier_run_are_removed(xw, ledger):
    import macros
    data = payload(ledger)
    _o, state, _a = run_excel(xw, data, "validate", today=TODAY)
    assert set(state.sheet(schema.FINDINGS.title).links) == {(3, 2), (4, 2)}   # under title and summary
    # The user corrects both names; Excel still holds the first run's links.
    items = state.sheet(schema.ITEMS.title)
    items.cells[(13, 4)] = "区住建局"
    items.cells[(14, 4)] = "区城管局"
    book = xw.Book(json=copy.deepcopy(state_payload(state, ledger.name)))
    outcome = macros.validate(book, today=TODAY)
    state.apply(book.json()["actions"])
    assert outcome.ok and outcome.analysis.errors == 0
    findings = state.sheet(schema.FINDINGS.title)
    grid = findings.grid()
    assert findings.links == {} and grid[1][0].startswith("未发现错误或警告") and grid[2:] == [schema.FINDINGS.headers]


@pytest.mark.remote
def test_protected_sheets_unprotected_and_protected_again_on_desktop(xw, ledger, monkeypatch):
    # The remote engine turns book.macro(...)(...) into a runMacro action, so the calls can be checked here.
    from macros import xlio
    monkeypatch.setattr(xlio, "_is_desktop", lambda book: True)
    _o, state, actions = run_excel(xw, payload(ledger), "recompute", today=TODAY, month=MONTH)
    calls = [(a["args"][0].split("!")[-1], a["args"][1]) for a in actions if a["func"] == "runMacro"]
    existing = {t for t in RECOMPUTED if t in read_raw(ledger).sheets}
    n = len(existing)
    assert {c[0] for c in calls[:n]} == {"DubanUnprotectSheet"} and {c[1] for c in calls[:n]} == existing
    assert calls[n:] == [("DubanProtectSheet", t) for _u, t in calls[:n]]
    # Each existing sheet is unprotected right before it is cleared; protection comes back after every write.
    for i, a in enumerate(actions):
        if a["func"] == "sheetClearContents":
            assert actions[i - 1]["func"] == "runMacro" and "Unprotect" in actions[i - 1]["args"][0]
    home = list(read_raw(ledger).sheets).index(schema.HOME_TITLE)
    first_protect = next(i for i, a in enumerate(actions) if a["func"] == "runMacro" and "!DubanProtect" in a["args"][0])
    assert all(a["sheet_position"] == home for a in actions[first_protect:]
               if a["func"] not in ("runMacro", "activateSheet", "alert"))


@pytest.mark.remote
def test_clean_ledger_info_message_and_no_sheet_switch(xw, tmp_path):
    path = with_style_sheet(make_ledger(tmp_path / "好.xlsx", items=[
        done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
        done("2", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "较好")],
        extra_sheets={schema.HOME_TITLE: home_rows()}))
    names = read_raw(path).sheets
    active = list(names).index(schema.HOME_TITLE)
    outcome, state, _ = run_excel(xw, payload(path, active=active), "recompute", today=TODAY, month=MONTH)
    assert outcome.ok and outcome.analysis.errors == 0
    (alert,) = state.alerts
    assert alert["mode"] == "info" and alert["prompt"].startswith("重算完成：2026年1月考评排名已更新")
    assert state.names()[state.active] == schema.HOME_TITLE  # back where the user clicked
    home = state.sheet(schema.HOME_TITLE)
    r, c = schema.HOME_STATUS_CELLS["result"]
    assert home.value(r, c) == "完成" or home.value(r, c).startswith("完成")
    headless = headless_copy(path, tmp_path, "recompute", "--month", MONTH, "--today", TODAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)


# ---- errors become messages -------------------------------------------------------

def _status(state: ExcelState, key: str):
    r, c = schema.HOME_STATUS_CELLS[key]
    return state.sheet(schema.HOME_TITLE).value(r, c)


@pytest.mark.remote
def test_missing_items_sheet_is_a_chinese_message_not_a_traceback(xw, tmp_path):
    path = small_ledger(tmp_path / "缺表.xlsx")
    # Rebuild the payload without 周交办.
    data = payload(path)
    data["sheets"] = [s for s in data["sheets"] if s["name"] != schema.ITEMS.title]
    outcome, state, actions = run_excel(xw, data, "recompute", today=TODAY, month=MONTH)
    assert not outcome.ok
    assert "找不到交办事项表" in outcome.message and outcome.shown_by == "alert"
    (alert,) = state.alerts
    assert alert["prompt"] == outcome.message and alert["mode"] == "critical" and alert["title"] == "督办台账"
    assert "重算排名未完成" in _status(state, "result") and _status(state, "action") == "重算排名"
    # Nothing computed was written.
    assert not [a for a in actions if a["func"] in ("addSheet", "sheetClearContents")]


@pytest.mark.remote
def test_bad_month_and_unexpected_errors_are_messages(xw, ledger, monkeypatch):
    outcome, state, _ = run_excel(xw, payload(ledger), "recompute", today=TODAY, month="2099-01")
    assert not outcome.ok and "还没有到" in state.alerts[0]["prompt"]

    import duban.run

    def boom(*_a, **_k):
        raise ValueError("内部数据异常")

    monkeypatch.setattr(duban.run, "analyse", boom)
    outcome, state, _ = run_excel(xw, payload(ledger), "validate", today=TODAY)
    assert not outcome.ok
    prompt = state.alerts[0]["prompt"]
    assert "程序出错" in prompt and "ValueError" in prompt and "内部数据异常" in prompt and "未作改动" in prompt
    assert "Traceback" not in prompt


@pytest.mark.remote
def test_alert_unsupported_falls_back_to_status_cell(xw, ledger, monkeypatch):
    from xlwings.pro import _xlremote

    def no_alert(self, *a, **k):
        raise NotImplementedError("no alerts here")

    monkeypatch.setattr(_xlremote.App, "alert", no_alert)
    data = payload(ledger)
    data["sheets"] = [s for s in data["sheets"] if s["name"] != schema.ITEMS.title]
    outcome, state, _ = run_excel(xw, data, "validate", today=TODAY)
    assert outcome.shown_by == "status cell" and not state.alerts
    assert _status(state, "result") == outcome.message and "周交办" in outcome.message


@pytest.mark.remote
def test_loop_entry_points_load_lazily(xw, ledger):
    import importlib.util

    import macros
    data = payload(ledger)
    book = xw.Book(json=copy.deepcopy(data))
    if importlib.util.find_spec("macros.loop") is None:
        out = macros.collect(book)
        assert not out.ok and "汇总答卷" in out.message
        state = ExcelState.from_payload(data).apply(book.json()["actions"])
        assert "暂不可用" in state.alerts[0]["prompt"]
    else:
        assert callable(macros.collect) and callable(macros.export)
    with pytest.raises(AttributeError):
        macros.no_such_button  # noqa: B018


def test_no_argument_outside_excel_returns_none(capsys):
    import macros
    assert macros.recompute() is None
    assert "请从台账工作簿的按钮运行" in capsys.readouterr().err


# ---- the shipped sample --------------------------------------------------------

@pytest.mark.remote
@pytest.mark.parametrize("name", SAMPLES)
def test_sample_recompute_equals_headless(xw, tmp_path, name):
    sample = SAMPLE_DIR / name
    if not sample.exists():
        pytest.skip(f"{sample} has not been built (python -m workbook.sample)")
    src = tmp_path / name
    shutil.copy2(sample, src)
    data = payload(src, active=0)
    t0 = time.perf_counter()
    outcome, state, actions = run_excel(xw, data, "recompute", today=SAMPLE_TODAY, month=SAMPLE_MONTH)
    seconds = time.perf_counter() - t0
    assert outcome.ok, outcome.message
    headless = headless_copy(src, tmp_path, "recompute", "--month", SAMPLE_MONTH, "--today",
                             SAMPLE_TODAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)
    assert seconds < 20, f"recompute through the remote engine took {seconds:.1f} s"
    # Few enough Excel calls for desktop Excel, where each action is a COM round trip.
    assert len(actions) < 3000, len(actions)


@pytest.mark.remote
def test_template_workbook_recompute_equals_headless(xw, tmp_path):
    """The real template (首页 with its status block, _样式, protected computed sheets)."""
    try:
        from duban.template.builder import build_workbook
    except Exception as exc:  # built by another module; absent in a partial checkout
        pytest.skip(f"workbook.template unavailable: {exc}")
    from ledgers import LEADERS, unit_rows
    path = tmp_path / "台账.xlsm"
    items = [done("1", "城关街道办事处", D(2026, 1, 20), D(2026, 1, 19), "好", feedback=D(2026, 1, 19)),
             item("2", "西关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9)),
             done("3", "区发改局", D(2026, 1, 20), D(2026, 1, 19), "好"),
             item("4", "区住建委", D(2026, 1, 30), assigned=D(2026, 1, 12))]
    build_workbook(path, rows={schema.UNITS.title: unit_rows(), schema.LEADERS.title: LEADERS,
                               schema.ITEMS.title: items, schema.HISTORY.title: DECEMBER})
    outcome, state, _ = run_excel(xw, payload(path), "recompute", today=TODAY, month=MONTH)
    assert outcome.ok and not outcome.added, outcome.message
    headless = headless_copy(path, tmp_path, "recompute", "--month", MONTH, "--today", TODAY.isoformat())
    compare_with_headless(state, headless, RECOMPUTED)
    r, c = schema.HOME_STATUS_CELLS["errors"]
    assert state.sheet(schema.HOME_TITLE).value(r, c) == 1.0


# ---- pure helpers (no engine needed) -----------------------------------------------

@pytest.mark.parametrize("text, prefixed", [
    ("2026-01", True), ("94.9%", True), ("=SUM(A1)", True), ("TRUE", True), ("3", True), ("1月5日", True),
    ("２０２６-０１", True), ("#N/A", True), ("E2", True), ("-", True),
    ("城关街道办事处", False), ("第3期", False), ("完成，3 处警告", False), ("", False), ("—", False),
])
def test_text_excel_would_parse_gets_the_text_marker(text, prefixed):
    from macros.xlio import needs_text_prefix, to_excel
    assert needs_text_prefix(text) is prefixed
    assert to_excel(text) == ("'" + text if prefixed else text)


def test_values_read_as_calamine_gives_them():
    from macros.xlio import from_excel
    assert from_excel(3) == 3.0 and type(from_excel(3)) is float
    assert from_excel(dt.datetime(2026, 1, 5)) == D(2026, 1, 5) and type(from_excel(dt.datetime(2026, 1, 5))) is dt.date
    assert from_excel(dt.datetime(2026, 1, 5, 13, 30)) == dt.datetime(2026, 1, 5, 13, 30)
    assert from_excel(dt.datetime(1899, 12, 30, 13, 30)) == dt.time(13, 30)
    assert from_excel("") is None and from_excel(None) is None and from_excel(True) is True


def test_rectangles_cover_equal_keys():
    from macros.xlio import rectangles
    keys = [["h", "h", "h"], ["a", "b", None], ["a", "b", None], ["a", "c", "c"]]
    rects = rectangles(keys)
    assert (0, 0, 0, 2, "h") in rects and (1, 0, 3, 0, "a") in rects and (1, 1, 2, 1, "b") in rects
    covered = {(r, c): k for r0, c0, r1, c1, k in rects for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    assert covered == {(r, c): k for r, row in enumerate(keys) for c, k in enumerate(row) if k is not None}

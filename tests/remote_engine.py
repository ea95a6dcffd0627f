"""Driving Excel-side code through xlwings' remote engine, without Excel.

- `remote_xlwings()` returns xlwings with its remote engine registered, or
  skips the test saying why. The engine is licence-gated: it needs the
  environment variable XLWINGS_LICENSE_KEY=noncommercial (PolyForm
  Noncommercial) before it is registered.
- `payload(path)` builds the JSON an Excel client sends for a workbook file
  (values read with python-calamine), `book(path)` opens it as an xlwings Book.
- `ExcelState` applies the returned actions (`book.json()["actions"]`) to an
  in-memory copy of the sheets, emulating what Excel does with each action,
  including Excel's parsing of written text ("2026-01" would become a date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

LICENSE_ENV = "XLWINGS_LICENSE_KEY"


def remote_xlwings(monkeypatch):
    """xlwings with the remote engine available; skips when it cannot be had."""
    monkeypatch.setenv(LICENSE_ENV, "noncommercial")
    try:
        import xlwings as xw
    except ImportError as exc:
        pytest.skip(f"xlwings is not installed: {exc}")
    if "remote" not in [e.name for e in xw.engines]:
        # xlwings was imported before the licence key was set: register the engine now.
        try:
            from xlwings.pro import _xlremote
        except Exception as exc:  # LicenseError, ImportError
            pytest.skip(f"xlwings remote engine unavailable ({type(exc).__name__}: {exc})")
        xw.engines.add(xw.Engine(impl=_xlremote.engine))
    return xw


# ---- the client side: workbook file -> JSON payload ---------------------------

def _json_value(v: Any) -> Any:
    """A calamine value as the Office.js client sends it."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}Z"
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(v, dt.time):
        return f"1899-12-30T{v.strftime('%H:%M:%S')}.000Z"
    if isinstance(v, dt.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)  # JavaScript has one number type; JSON gives Python an int
    return v


def payload(path: str | Path, name: str | None = None, active: int = 0) -> dict:
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    sheets = []
    for title in wb.sheet_names:
        rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
        values = [[_json_value(v) for v in row] for row in rows] or [[]]
        sheets.append({"name": title, "values": values, "pictures": [], "tables": []})
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or Path(path).name, "active_sheet_index": active, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def state_payload(state: ExcelState, name: str) -> dict:
    """The payload a client would send for the workbook as ExcelState now holds it."""
    import xlwings as xw

    sheets = []
    for s in state.sheets:
        grid = s.grid()
        values = [[_json_value(v) for v in row] for row in grid] or [[]]
        sheets.append({"name": s.name, "values": values, "pictures": [], "tables": []})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": name, "active_sheet_index": state.active, "selection": "A1"},
            "names": [], "sheets": sheets}


# ---- the Excel side: actions -> sheets --------------------------------------

@dataclass(frozen=True)
class Coerced:
    """Text that Excel would have parsed into another type: a bug in the writer."""

    text: str


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
# Whole strings Excel takes for a date or a time when typed (or written as a value).
_DATE_LIKE = re.compile(
    r"^\s*(?:\d{1,4}\s*[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,4}\s*日?|月)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日?)?\s*(?:\d{1,2}\s*[:时]\s*\d{1,2}(?:\s*[:分]\s*\d{1,2}\s*秒?)?)?\s*$")


def excel_input(v: Any) -> Any:
    """What a cell holds after Excel is given this value (setValues)."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if not isinstance(v, str):
        raise TypeError(f"not a JSON cell value: {v!r}")
    if v.startswith("'"):
        return v[1:]  # the text marker, not part of the value
    if _ISO_DATE.match(v):
        return dt.date.fromisoformat(v)
    if _ISO_DATETIME.match(v):
        d = dt.datetime.fromisoformat(v)
        return d.date() if d.time() == dt.time(0) else d
    t = v.strip()
    if t[:1] in ("=", "+", "-", "@", "#") or t.upper() in ("TRUE", "FALSE") \
            or (_DATE_LIKE.match(t) and any(ch.isdigit() for ch in t)):
        return Coerced(v)
    try:
        float(t.replace(",", "").replace("%", "").replace("$", ""))
        return Coerced(v)
    except ValueError:
        return v


@dataclass
class SheetState:
    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def grid(self) -> list[list[Any]]:
        """Values from A1, trailing empty rows and columns dropped (as the core's reader sees them)."""
        cells = {k: v for k, v in self.cells.items() if v is not None}
        if not cells:
            return []
        nrows = max(r for r, _ in cells) + 1
        ncols = max(c for _, c in cells) + 1
        return [[cells.get((r, c)) for c in range(ncols)] for r in range(nrows)]

    def value(self, r: int, c: int) -> Any:
        return self.cells.get((r, c))


@dataclass
class ExcelState:
    sheets: list[SheetState]
    active: int = 0
    alerts: list[dict[str, str]] = field(default_factory=list)
    macros: list[tuple] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @classmethod
    def from_payload(cls, data: dict) -> ExcelState:
        sheets = []
        for s in data["sheets"]:
            st = SheetState(s["name"])
            for r, row in enumerate(s["values"]):
                for c, v in enumerate(row):
                    if v != "":
                        st.cells[(r, c)] = _payload_value(v)
            sheets.append(st)
        return cls(sheets, data["book"].get("active_sheet_index", 0))

    def sheet(self, name: str) -> SheetState:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def apply(self, actions: list[dict]) -> ExcelState:
        for a in actions:
            getattr(self, "_" + a["func"], self._unknown)(a)
        return self

    # -- one method per action the macros may send --

    def _unknown(self, a):
        self.unsupported.append(a["func"])
        raise AssertionError(f"action not emulated: {a['func']}")

    def _area(self, a):
        r0, c0 = a["start_row"], a["start_column"]
        return [(r, c) for r in range(r0, r0 + a["row_count"]) for c in range(c0, c0 + a["column_count"])]

    def _at(self, a) -> SheetState:
        return self.sheets[a["sheet_position"]]

    def _setValues(self, a):
        s = self._at(a)
        values = a["values"]
        assert len(values) == a["row_count"] and all(len(r) == a["column_count"] for r in values), \
            "setValues must be rectangular"
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                s.cells[(a["start_row"] + i, a["start_column"] + j)] = excel_input(v)

    def _sheetClearContents(self, a):
        self._at(a).cells.clear()  # Excel keeps hyperlinks and formats

    def _rangeClearContents(self, a):
        s = self._at(a)
        for k in self._area(a):
            s.cells.pop(k, None)

    def _rangeClear(self, a):
        s = self._at(a)
        for k in self._area(a):
            s.cells.pop(k, None)
            s.links.pop(k, None)
            s.formats.pop(k, None)

    def _addSheet(self, a):
        ix, name = a["args"]
        assert name not in self.names(), f"sheet {name} exists already"
        self.sheets.insert(ix, SheetState(name))
        self.active = ix

    def _activateSheet(self, a):
        self.active = a["args"][0]

    def _addHyperlink(self, a):
        assert a["row_count"] == a["column_count"] == 1
        address, text, _tip = a["args"]
        s = self._at(a)
        key = (a["start_row"], a["start_column"])
        s.links[key] = address
        s.cells[key] = text  # TextToDisplay becomes the cell's value

    def _format(self, a, prop, value):
        s = self._at(a)
        for k in self._area(a):
            s.formats.setdefault(k, {})[prop] = value

    def _setRangeColor(self, a):
        self._format(a, "fill", a["args"][0])

    def _setNumberFormat(self, a):
        self._format(a, "number_format", a["args"][0])

    def _setFontProperty(self, a):
        self._format(a, a["args"][0], a["args"][1])

    def _runMacro(self, a):
        self.macros.append(tuple(a["args"]))

    def _alert(self, a):
        prompt, title, buttons, mode, _callback = a["args"]
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})


def _payload_value(v: Any) -> Any:
    if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", v):
        d = dt.datetime.fromisoformat(v[:-1])
        return d.date() if d.time() == dt.time(0) else d
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v

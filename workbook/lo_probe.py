"""Open a workbook in headless LibreOffice through UNO and report what it sees, as JSON.

Run with the Python that has the `uno` module (Debian: /usr/bin/python3 with
python3-uno), not with the project's interpreter:

    /usr/bin/python3 workbook/lo_probe.py FILE.xlsm [--sheet 首页] [--timeout 60]

Reports the form controls on a sheet's draw page with their script events
(which macro each button runs), the Basic/VBA modules LibreOffice imported,
the workbook's defined names, values of probe formulas, and whether a typed
value passes the list validations (via Detective > Mark Invalid Data).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno  # noqa: F401  (LibreOffice's Python bridge)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

ALWAYS_EXECUTE_NO_WARN = 4  # com.sun.star.document.MacroExecMode


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start_office(profile: Path, pipe: str) -> subprocess.Popen:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found")
    return subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def connect(pipe: str, timeout: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def controls(doc, sheet_name: str) -> list[dict]:
    """Form controls on a sheet with their label and script events."""
    sheet = doc.Sheets.getByName(sheet_name)
    out = []
    forms = sheet.DrawPage.Forms
    for f in range(forms.Count):
        form = forms.getByIndex(f)
        for i in range(form.Count):
            model = form.getByIndex(i)
            events = [{"listener": e.ListenerType, "event": e.EventMethod, "type": e.ScriptType,
                       "code": e.ScriptCode} for e in form.getScriptEvents(i)]
            label = model.Label if hasattr(model, "Label") else ""
            out.append({"name": model.Name, "label": label, "events": events})
    return out


def basic_modules(doc) -> dict[str, dict[str, str]]:
    libs = doc.BasicLibraries
    out = {}
    for lib_name in libs.ElementNames:
        libs.loadLibrary(lib_name)
        lib = libs.getByName(lib_name)
        out[lib_name] = {m: lib.getByName(m) for m in lib.ElementNames}
    return out


def formula_values(doc, formulas: list[str]) -> dict[str, object]:
    """Values of formulas evaluated in scratch cells of the first sheet (English function names)."""
    sheet = doc.Sheets.getByIndex(0)
    out = {}
    for i, f in enumerate(formulas):
        cell = sheet.getCellByPosition(60, 200 + i)
        cell.setFormula(f)
    doc.calculateAll()
    for i, f in enumerate(formulas):
        cell = sheet.getCellByPosition(60, 200 + i)
        out[f] = cell.getString() if cell.getError() == 0 else f"#ERR{cell.getError()}"
    return out


def invalid_marks(doc, sheet_name: str, cell_name: str, values: list[str]) -> dict[str, bool]:
    """For each value typed into the cell: does Detective > Mark Invalid Data find an invalid cell?"""
    sheet = doc.Sheets.getByName(sheet_name)
    cell = sheet.getCellRangeByName(cell_name)
    out = {}
    for v in values:
        cell.setString(v)
        sheet.clearArrows()
        out[v] = bool(sheet.showInvalid())
    cell.setString("")
    return out


def validation(doc, sheet_name: str, cell_name: str) -> dict:
    v = doc.Sheets.getByName(sheet_name).getCellRangeByName(cell_name).Validation
    return {"type": v.Type.value, "formula1": v.getFormula1(), "alert": v.ErrorAlertStyle.value,
            "show_error": v.ShowErrorMessage}


def probe(path: Path, args) -> dict:
    profile = Path(tempfile.mkdtemp(prefix="duban-lo-"))
    pipe = f"duban_probe_{os.getpid()}"
    office = start_office(profile, pipe)
    try:
        ctx = connect(pipe, args.timeout)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(path.resolve().as_uri(), "_blank", 0,
                                           (prop("Hidden", True), prop("MacroExecutionMode", ALWAYS_EXECUTE_NO_WARN)))
        if doc is None:
            raise SystemExit(f"LibreOffice could not open {path}")
        try:
            names = doc.NamedRanges
            report: dict[str, Any] = {
                "sheets": list(doc.Sheets.ElementNames),
                "controls": controls(doc, args.sheet),
                "basic": basic_modules(doc),
                "names": {n: names.getByName(n).getContent() for n in names.ElementNames},
            }
            if args.formula:
                report["formulas"] = formula_values(doc, args.formula)
            for spec in args.validation or []:
                sheet_name, cell_name = spec.split("!", 1)
                report.setdefault("validation", {})[spec] = validation(doc, sheet_name, cell_name)
            for spec in args.invalid or []:
                where, values = spec.split("=", 1)
                sheet_name, cell_name = where.split("!", 1)
                report.setdefault("invalid", {})[where] = invalid_marks(doc, sheet_name, cell_name, values.split("|"))
            return report
        finally:
            doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--sheet", default="首页", help="sheet whose form controls are listed")
    ap.add_argument("--formula", action="append", help="formula to evaluate, e.g. =ROWS(办理状态列表)")
    ap.add_argument("--validation", action="append", help="SHEET!CELL whose validation is reported")
    ap.add_argument("--invalid", action="append", help="SHEET!CELL=v1|v2: mark-invalid result per typed value")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    json.dump(probe(args.file, args), sys.stdout, ensure_ascii=False, indent=1, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Small, readable ledgers for tests.

`make_ledger(path, items=[...])` writes a workbook with every input sheet, the
default 参数 and a register of units, using compact row helpers so a test
reads like the ledger it describes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter

from duban import schema, xlsxio
from duban.read import params

D = dt.date

OFFICES = ["城关街道办事处", "东关街道办事处", "西关街道办事处", "南关街道办事处"]
DEPARTMENTS = ["区发改局", "区财政局", "区住建局", "区城管局", "区教体局", "区民政局"]
LEADERS = [["王建国", "区长", "全面工作"], ["李明", "副区长", "城建"]]


def unit_rows(offices=OFFICES, departments=DEPARTMENTS, not_evaluated=()) -> list[list[Any]]:
    rows = []
    for i, name in enumerate(offices + departments, start=1):
        group = "办事处" if name in offices else "区直单位"
        short = name.replace("街道办事处", "街道") if group == "办事处" else ""
        rows.append([name, short, group, "李明", "张三", "13800000000", "否" if name in not_evaluated else "是", i])
    return rows


def item(id: str, unit: str, deadline: dt.date, *, assigned: dt.date = D(2026, 1, 5), period: int | None = None,
         status: str = "推进中", completed: dt.date | None = None, grade: str | None = None,
         adjusted: dt.date | None = None, leader: str = "王建国", content: str | None = None,
         co: str = "", category: str = "重点项目", progress: str = "按计划推进",
         feedback: dt.date | None = None, **overrides: Any) -> list[Any]:
    """One 周交办 row in schema order. `overrides` set raw cell values by field name."""
    values = {
        "id": id, "period": period if period is not None else (assigned - D(2026, 1, 5)).days // 7 + 1,
        "assigned": assigned, "leader": leader, "lead_unit": unit, "co_units": co,
        "content": content or f"事项{id}", "category": category, "deadline": deadline,
        "adjusted_deadline": adjusted, "status": status, "completed": completed,
        "progress": progress, "feedback_date": feedback, "grade": grade, "comment": None, "remark": None,
        "extension_requested": None, "extensions": None,
    }
    values.update(overrides)
    return [values[c.name] for c in schema.ITEMS.columns]


def done(id: str, unit: str, deadline: dt.date, completed: dt.date, grade: str | None = None, **kw) -> list[Any]:
    return item(id, unit, deadline, status="已完成", completed=completed, grade=grade, **kw)


def params_with(**basic: Any) -> list[list[Any]]:
    """The template's 参数 rows with 考评年度 2026 and the given 【基本设置】 values (key=value)."""
    rows = [list(r) for r in params.template_rows()]
    for r in rows:
        if r and r[0] == "考评年度":
            r[1] = 2026
        if r and r[0] in basic:
            r[1] = basic[r[0]]
    return rows


def make_ledger(path: str | Path, *, items: list[list[Any]] = (), units: list[list[Any]] | None = None,
                leaders: list[list[Any]] | None = None, reviews: list[list[Any]] = (),
                adjustments: list[list[Any]] = (), history: list[list[Any]] = (),
                params_rows: list[list[Any]] | None = None, extra_sheets: dict[str, list[list[Any]]] | None = None,
                year: int | None = 2026, decorate: bool = False) -> Path:
    """Write a minimal ledger workbook with the given rows.

    decorate=True (needs a .xlsm path) adds what a user's workbook carries and a
    tool must never damage: a VBA project, a form button, a chart on a sheet of
    the user's own, a dropdown and conditional formatting on 周交办.
    """
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    if decorate:
        wb.add_vba_project(io.BytesIO(xlwings_vba_project()), is_stream=True)
        wb.set_vba_name("ThisWorkbook")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    prm = params_rows if params_rows is not None else params.template_rows()
    if year is not None and params_rows is None:
        prm = [list(r) for r in prm]
        for r in prm:
            if r and r[0] == "考评年度":
                r[1] = year
    sheets: dict[str, list[list[Any]]] = {
        schema.PARAMS.title: prm,
        schema.UNITS.title: [schema.UNITS.headers] + (units if units is not None else unit_rows()),
        schema.LEADERS.title: [schema.LEADERS.headers] + (leaders if leaders is not None else LEADERS),
        schema.ITEMS.title: [schema.ITEMS.headers] + list(items),
        schema.REVIEWS.title: [schema.REVIEWS.headers] + list(reviews),
        schema.ADJUSTMENTS.title: [schema.ADJUSTMENTS.headers] + list(adjustments),
        schema.HISTORY.title: [schema.HISTORY.headers] + list(history),
    }
    sheets.update(extra_sheets or {})
    for title, rows in sheets.items():
        ws = wb.add_worksheet(title)
        if decorate:
            _decorate(wb, ws, title, len(rows))
        write_rows(ws, rows, date_fmt)
    wb.close()
    return path


def write_rows(ws, rows: list[list[Any]], date_fmt) -> None:
    """Write values as typed cells: dates with a date format, text always as text (never a formula)."""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, (dt.date, dt.datetime)):
                ws.write_datetime(r, c, v, date_fmt)
            elif isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write(r, c, v)


def read_raw(path: str | Path):
    """RawBook of a workbook, read with python-calamine as the headless path does."""
    from python_calamine import CalamineWorkbook

    from duban.read.book import RawBook, _clean

    wb = CalamineWorkbook.from_path(str(path))
    return RawBook({n: _clean(wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names},
                   str(path))


def analyse_ledger(path: str | Path, today: dt.date, month: str | None = None, **rows: Any):
    """Write a ledger with make_ledger(**rows) and run the core on it."""
    from duban.run import analyse

    make_ledger(path, **rows)
    return analyse(read_raw(path), today, month)


def xlwings_vba_project() -> bytes:
    """A real vbaProject.bin: the one inside xlwings' own standalone quickstart workbook."""
    import xlwings

    book = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with zipfile.ZipFile(book) as z:
        return z.read("xl/vbaProject.bin")


def _decorate(wb, ws, title: str, n_rows: int) -> None:
    if title == schema.ITEMS.title:
        col = schema.ITEMS.headers.index("办理状态")
        ws.data_validation(1, col, 1000, col, {"validate": "list", "source": ["未启动", "推进中", "已完成"]})
        ws.conditional_format(1, 0, 1000, 16, {"type": "formula", "criteria": "=$K2=\"未启动\"",
                                                "format": wb.add_format({"bg_color": "#FFC7CE"})})
        ws.freeze_panes(1, 0)
    if title == schema.UNITS.title:
        ws.insert_button("K2", {"macro": "say_hi", "caption": "按钮"})
        chart_sheet = wb.add_worksheet("我的图表")
        chart_sheet.write_column(0, 0, [3, 5, 8])
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": "='我的图表'!$A$1:$A$3"})
        chart_sheet.insert_chart("C2", chart)


def write_parts(path, sheets, **kw):
    """xlsxio.write_parts with the ledger's conventions (style roles, '_样式', 督办备份), as duban writes."""
    return xlsxio.write_parts(path, sheets, conventions=schema.LEDGER_FILE, **kw)

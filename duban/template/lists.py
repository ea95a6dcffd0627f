"""Excel-native help that needs no Python: dropdown lists, date validation, due-date colours.

Dropdown sources are workbook defined names (duban.schema.LIST_NAMES). Names
over a column use OFFSET/COUNTA so blank spare rows do not show in the list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from duban import schema
from duban.read import params
from duban.workdays import ON as ON_WORD

DATA_ROWS = 20000      # rows under the header that carry validation and conditional formats
UNIT_ROWS = 300        # register rows covered by 单位列表
LEADER_ROWS = 100      # register rows covered by 领导列表
YES_NO = ("是", "否")
YES_NO_COL = 2         # column C of the hidden style sheet holds 是/否 for 是否列表
DUE_SOON_NAME = "临期提醒工作日"
DUE_SOON_DEFAULT = 3

# Holidays for the workbook's own formulas. The built-in days (the library's published arrangements
# and the statutory rule) sit on the hidden style sheet; the office's 参数【节假日安排】 wins over them.
BUILTIN_YEARS = range(2024, 2036)
BUILTIN_OFF_COL, BUILTIN_ON_COL = 4, 5     # columns E and F of the hidden style sheet
BUILTIN_OFF_NAME, BUILTIN_ON_NAME = "内置节假日", "内置调休上班日"
HOLIDAY_DATES_NAME, HOLIDAY_KINDS_NAME = "节假日日期", "节假日类型"
HOLIDAY_TABLE_NAME = "节假日安排"          # the whole block (日期, 类型, 名称), e.g. for DB_WORKDAYS_LEFT

# list key -> 参数 block holding its entries
PARAM_LISTS = {
    "groups": params.GROUPS,
    "status": params.STATUS,
    "grades": params.GRADES,
    "item_categories": params.ITEM_CATEGORIES,
    "review_categories": params.REVIEW_CATEGORIES,
    "review_status": params.REVIEW_STATUS,
}

# (sheet key, field) -> (list key, error style). 'information' lets a name outside the
# register through (校验台账 reports it); 'stop' keeps vocabularies exact.
LIST_VALIDATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("items", "leader"): ("leaders", "information"),
    ("items", "lead_unit"): ("units", "information"),
    ("items", "category"): ("item_categories", "stop"),
    ("items", "status"): ("status", "stop"),
    ("items", "grade"): ("grades", "stop"),
    ("reviews", "category"): ("review_categories", "stop"),
    ("reviews", "unit"): ("units", "information"),
    ("reviews", "status"): ("review_status", "stop"),
    ("adjustments", "unit"): ("units", "information"),
    ("units", "group"): ("groups", "stop"),
    ("units", "evaluated"): ("yes_no", "stop"),
}

# Where users add entries to a list, for the error message.
_LIST_SOURCE_HINT = {
    "units": "“单位”表", "leaders": "“领导”表", "yes_no": "",
    **{key: f"“参数”表的【{title}】" for key, title in PARAM_LISTS.items()},
}


def _offset_name(sheet: str, col: int, first: int, last: int) -> str:
    """=OFFSET(first cell, 0, 0, number of filled cells (at least 1), 1) over rows first..last (zero-based)."""
    q = quote_sheetname(sheet)
    top = xl_rowcol_to_cell(first, col, row_abs=True, col_abs=True)
    bottom = xl_rowcol_to_cell(last, col, row_abs=True, col_abs=True)
    return f"=OFFSET({q}!{top},0,0,MAX(1,COUNTA({q}!{top}:{bottom})),1)"


def list_formulas() -> dict[str, str]:
    """Defined name -> formula, for every name in schema.LIST_NAMES."""
    blocks = params.template_block_ranges()
    refs = {
        "units": (schema.UNITS.title, 0, 1, UNIT_ROWS),
        "leaders": (schema.LEADERS.title, 0, 1, LEADER_ROWS),
        **{key: (schema.PARAMS.title, 0, *blocks[title]) for key, title in PARAM_LISTS.items()},
    }
    out = {schema.LIST_NAMES[key]: _offset_name(*ref) for key, ref in refs.items()}
    q = quote_sheetname(schema.STYLE_SHEET_TITLE)
    first = xl_rowcol_to_cell(0, YES_NO_COL, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(len(YES_NO) - 1, YES_NO_COL, row_abs=True, col_abs=True)
    out[schema.LIST_NAMES["yes_no"]] = f"={q}!{first}:{last}"
    return out


def due_soon_formula(params_rows: list[list[Any]]) -> str:
    """Defined name for the 临期提醒工作日 setting (default when blank or not a number)."""
    for r, row in enumerate(params_rows):
        if row and row[0] == DUE_SOON_NAME:
            cell = f"{quote_sheetname(schema.PARAMS.title)}!{xl_rowcol_to_cell(r, 1, True, True)}"
            return f"=IF(ISNUMBER({cell}),{cell},{DUE_SOON_DEFAULT})"
    return f"={DUE_SOON_DEFAULT}"


def builtin_days() -> tuple[list[dt.date], list[dt.date]]:
    """(days off, make-up working days) of BUILTIN_YEARS without any registered day."""
    from duban.workdays import OFF, Calendar

    days = [d for y in BUILTIN_YEARS for d in Calendar().days(y)]
    return [d.date for d in days if d.kind == OFF], [d.date for d in days if d.kind != OFF]


def _range(sheet: str, first: int, last: int, col: int, last_col: int | None = None) -> str:
    """=Sheet!$A$2:$C$9 over rows first..last (zero-based) of columns col..last_col."""
    q = quote_sheetname(sheet)
    return (f"={q}!{xl_rowcol_to_cell(first, col, row_abs=True, col_abs=True)}:"
            f"{xl_rowcol_to_cell(last, col if last_col is None else last_col, row_abs=True, col_abs=True)}")


def holiday_formulas() -> dict[str, str]:
    """Defined name -> range: the built-in days on the style sheet and the 参数 block's columns."""
    off, on = builtin_days()
    first = params.template_block_ranges()[params.HOLIDAYS][0]
    last = first + params.HOLIDAY_ROWS - 1
    style, prm = schema.STYLE_SHEET_TITLE, schema.PARAMS.title
    return {
        BUILTIN_OFF_NAME: _range(style, 0, len(off) - 1, BUILTIN_OFF_COL),
        BUILTIN_ON_NAME: _range(style, 0, max(len(on), 1) - 1, BUILTIN_ON_COL),
        HOLIDAY_DATES_NAME: _range(prm, first, last, 0),
        HOLIDAY_KINDS_NAME: _range(prm, first, last, 1),
        HOLIDAY_TABLE_NAME: _range(prm, first, last, 0, 2),
    }


def workdays_left_formula(today: str, deadline: str) -> str:
    """Excel: working days after `today` up to `deadline` (as duban.workdays.Calendar.workdays_left
    for deadline >= today). NETWORKDAYS skips weekends and the built-in days off; the built-in
    make-up Saturdays/Sundays are added back; each registered day in the range then adds its own
    value (班 1, 休 0) less what the built-in calendar counted for it."""
    reg, kinds = HOLIDAY_DATES_NAME, HOLIDAY_KINDS_NAME
    builtin = (f"(IFERROR(WEEKDAY({reg},2),7)<6)*ISNA(MATCH({reg},{BUILTIN_OFF_NAME},0))"
               f"+ISNUMBER(MATCH({reg},{BUILTIN_ON_NAME},0))")
    return (f"(NETWORKDAYS({today}+1,{deadline},{BUILTIN_OFF_NAME})"
            f"+COUNTIFS({BUILTIN_ON_NAME},\">\"&{today},{BUILTIN_ON_NAME},\"<=\"&{deadline})"
            f"+SUMPRODUCT(({reg}>{today})*({reg}<={deadline})*(({kinds}=\"{ON_WORD}\")-({builtin}))))")


def define_names(wb, params_rows: list[list[Any]]) -> None:
    for name, formula in list_formulas().items():
        wb.define_name(name, formula)
    wb.define_name(DUE_SOON_NAME, due_soon_formula(params_rows))
    for name, formula in holiday_formulas().items():
        wb.define_name(name, formula)


def write_yes_no(style_ws) -> None:
    for i, v in enumerate(YES_NO):
        style_ws.write_string(i, YES_NO_COL, v)


def write_builtin_holidays(style_ws, date_fmt) -> None:
    """The built-in days off (column E) and make-up working days (column F) as dates."""
    off, on = builtin_days()
    for col, days in ((BUILTIN_OFF_COL, off), (BUILTIN_ON_COL, on)):
        for i, d in enumerate(days):
            style_ws.write_datetime(i, col, d, date_fmt)


def _list_options(header: str, list_key: str, style: str) -> dict:
    hint = _LIST_SOURCE_HINT[list_key]
    if style == "stop":
        error = f"“{header}”只能从下拉列表中选择。" + (f"如需新增选项，请先在{hint}中添加。" if hint else "")
        prompt = "请从下拉列表中选择"
    else:
        error = f"“{header}”不在{hint}中。点“确定”仍可保留，运行“校验台账”时会提示更正。"
        prompt = f"请从下拉列表中选择；列表来自{hint}"
    return {
        "validate": "list", "source": "=" + schema.LIST_NAMES[list_key], "error_type": style,
        "input_title": header[:32], "input_message": prompt, "error_title": "输入值不在列表中", "error_message": error,
    }


_DATE_OPTIONS = {
    "validate": "date", "criteria": "between",
    "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31), "error_type": "warning",
    "input_title": "日期", "input_message": "请输入日期，如 2026-01-05",
    "error_title": "日期格式不正确",
    "error_message": "请按 2026-01-05 的格式输入 2000 至 2100 年之间的日期。点“是”仍可保留，运行“校验台账”时会检查。",
}


def add_validations(ws, sheet: schema.Sheet, last_row: int) -> None:
    """One validation per column over rows 2..last_row+1: lists and dates."""
    for c, col in enumerate(sheet.columns):
        rule = LIST_VALIDATIONS.get((sheet.key, col.name))
        if rule:
            ws.data_validation(1, c, last_row, c, _list_options(col.header, *rule))
        elif col.kind == "date":
            ws.data_validation(1, c, last_row, c, dict(_DATE_OPTIONS))


def due_rules(done_statuses: list[str], today: str = "TODAY()") -> tuple[str, str]:
    """(overdue, due soon) formulas for 周交办 row 2, column letters taken from the schema order."""
    def col(name: str) -> str:
        return "$" + xl_col_to_name([c.name for c in schema.ITEMS.columns].index(name)) + "2"

    deadline, adjusted, status = col("deadline"), col("adjusted_deadline"), col("status")
    eff = f'IF({adjusted}<>"",{adjusted},{deadline})'
    open_ = ",".join(f'{status}<>"{s}"' for s in done_statuses)
    overdue = f"=AND(ISNUMBER({eff}),{eff}<{today},{open_})"
    left = workdays_left_formula(today, eff)
    soon = f"=AND(ISNUMBER({eff}),{eff}>={today},{left}<={DUE_SOON_NAME},{open_})"
    return overdue, soon


def add_due_colours(ws, fmt, last_row: int) -> None:
    """Overdue rows red, rows due within the set working days yellow (one rule each)."""
    done = [name for name, flag in params.DEFAULT_BLOCKS[params.STATUS][1] if flag == "是"]
    overdue, soon = due_rules(done)
    last_col = len(schema.ITEMS.columns) - 1
    for formula, name in ((overdue, "cf_overdue"), (soon, "cf_due_soon")):
        ws.conditional_format(1, 0, last_row, last_col, {"type": "formula", "criteria": formula, "format": fmt[name]})

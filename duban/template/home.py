"""The 首页 sheet: title, buttons, the 上次运行 status block and short instructions."""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from duban import schema
from duban.template.layout import HOME_STATUS_CELLS

# Button caption -> Sub in workbook/vba/Duban.bas (one small Sub per button).
BUTTONS = (
    ("校验台账", "DubanValidate", "检查填写错误，结果写入“校验结果”表"),
    ("重算排名", "DubanRecompute", "校验并重算月考评、月讲评、问责、年度汇总和统计"),
    ("汇总答卷", "DubanCollect", "读取各单位交回的答卷，写入“周交办”，改动记入“变更记录”"),
    ("生成上报件", "DubanExport", "生成不含宏、只有数值、可直接打印上报的工作簿和通报"),
    ("生成催办", "DubanRemind", "逾期、临期、超期未反馈的事项按单位生成催办文本（台账旁“催办”文件夹），写入“催办提醒”表"),
)
BUTTON_ROW = 4            # row 5: the buttons (or, without macros, the command line)
BUTTON_SIZE = (120, 34)   # pixels
BUTTON_GAP = 12

STATUS_LABELS = {"time": "时间", "action": "操作", "result": "结果", "items": "事项数", "errors": "错误数", "warnings": "警告数"}
STATUS_ROLES = {"time": "datetime", "items": "int", "errors": "int", "warnings": "int"}

SHEET_NOTES = (
    ("参数", "区县名称、例会星期、考评组别、奖励经费、点评等次分值、指标权重、办理状态、事项类别等设置"),
    ("单位 / 领导", "参与考评的单位（组别：办事处 / 区直单位）和区领导名册，下拉列表取自这里"),
    ("周交办", "每周例会交办事项，一行一件；各单位每周反馈“本周进展”（一周一答卷）"),
    ("周研判", "历史遗留问题、信访积案、问题楼盘、征迁遗留问题等难题的研判和化解情况"),
    ("加减分", "每月对单位的加分、减分及其依据"),
    ("月考评 / 月讲评", "程序生成：各单位月度综合得分、组内排名，奖励和表态发言名单，通报文字"),
    ("问责 / 年度汇总", "程序生成：连续末位单位和问责建议（“处理决定”列可填写）；全年各月得分和年度排名"),
    ("统计 / 校验结果", "程序生成：交办、办结、化解情况和图表；填写错误清单（点单元格地址可跳转）"),
    ("历史排名 / 运行日志 / 变更记录", "程序生成：已发布的排名、每次运行的记录、汇总答卷时的每处改动"),
)

USAGE = (
    "1. 先在“单位”“领导”表登记全部单位和区领导，在“参数”表核对各项设置。",
    "2. 每周例会后在“周交办”逐条登记交办事项（可用下拉列表选择单位、领导和状态）。",
    "3. 点击“校验台账”，按“校验结果”逐条改正；再点击“重算排名”生成月考评和月讲评。",
    "4. 程序生成的工作表已保护（无密码），请勿手工修改；需要时可在“审阅”中撤销保护。",
    "5. “周交办”中逾期未完成的事项标红，临近完成时限（“参数”表“临期提醒工作日”）的标黄；"
    "工作日按法定节假日计算，每年的调休安排公布后请登记在“参数”表【节假日安排】。",
)

EXCEL_NOTE = (
    "按钮需要 Microsoft Excel（Windows 或 macOS）并安装 Python 和 duban；打开时如提示宏已禁用，请点“启用内容”。",
    "如 Python 不在 PATH 中：右键工作表标签 → 取消隐藏 → “xlwings.conf”，在 Interpreter_Win 后填写 python.exe 的完整路径。",
)

CLI_NOTE = (
    "WPS 或未安装 Excel/Python 插件的电脑：按钮不能使用。用离线安装包的 install.bat 装好程序后，任选一种：",
    "  · 拖放：关闭本台账，把它拖到安装包文件夹里的“校验台账.bat”“重算排名.bat”“汇总答卷.bat”“生成上报件.bat”“生成催办.bat”",
    "    （以及“生成答卷”“生成交办单”“生成研判议程”“发布排名”）上松开，窗口显示结果。",
    "  · 命令行：新打开的命令提示符中输入（文件名换成本台账的文件名；打不开时双击安装包里的“督办命令行.bat”）：",
    "    duban validate 文件名.xlsx          校验台账",
    "    duban recompute 文件名.xlsx         重算排名（可加 --month 2026-03 指定考评月份）",
    "    duban publish 文件名.xlsx --month 2026-03    发布该月排名（发布后重算不再改动）",
    "    duban remind 文件名.xlsx            生成催办文本（交办单：duban assign；周研判议程：duban agenda）",
    "    duban --help                        查看全部命令（汇总答卷、生成上报件等）",
)


def _title_formula(params_rows: list[list[Any]]) -> tuple[str | None, str]:
    """(formula or None, value) of the title: <区县名称>督办台账, live from 参数."""
    for r, row in enumerate(params_rows):
        if row and row[0] == "区县名称":
            district = str(row[1]) if len(row) > 1 and row[1] not in (None, "") else "示范区"
            cell = f"{quote_sheetname(schema.PARAMS.title)}!{xl_rowcol_to_cell(r, 1, True, True)}"
            return f'=IF({cell}="","示范区",{cell})&"督办台账"', f"{district}督办台账"
    return None, "督办台账"


def _lines(ws, row: int, lines, fmt) -> int:
    for text in lines:
        ws.write_string(row, 1, text, fmt)
        row += 1
    return row


def write_home(ws, fmt, params_rows: list[list[Any]], macros: bool) -> None:
    ws.set_column(0, 0, 3)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 26)
    ws.set_column(3, 8, 14)
    formula, title = _title_formula(params_rows)
    if formula:
        ws.write_formula(0, 1, formula, fmt["title"], title)
    else:
        ws.write_string(0, 1, title, fmt["title"])
    ws.write_string(1, 1, "周交办 · 周研判 · 月讲评 工作台账", fmt["note"])

    ws.write_string(BUTTON_ROW - 1, 1, "操作", fmt["subtitle"])
    if macros:
        width, height = BUTTON_SIZE
        for i, (caption, sub, _note) in enumerate(BUTTONS):
            ws.insert_button(BUTTON_ROW, 1, {"macro": sub, "caption": caption, "width": width, "height": height,
                                             "x_offset": i * (width + BUTTON_GAP), "y_offset": 2})
        ws.set_row(BUTTON_ROW, 30)
        # One line per button, from the row under the buttons, clear of the status block below.
        _lines(ws, BUTTON_ROW + 1, [f"{caption}：{note}" for caption, _sub, note in BUTTONS], fmt["para"])
    else:
        ws.write_string(BUTTON_ROW, 1, "本文件不含宏（.xlsx），请用命令行操作，见下方说明。", fmt["para"])

    status_row = min(r for r, _c in HOME_STATUS_CELLS.values())
    ws.write_string(status_row - 1, 1, "上次运行", fmt["subtitle"])
    for key, (r, c) in HOME_STATUS_CELLS.items():
        ws.write_string(r, c - 1, STATUS_LABELS[key], fmt["header"])
        ws.write_blank(r, c, None, fmt[STATUS_ROLES.get(key, "text")])

    row = max(r for r, _c in HOME_STATUS_CELLS.values()) + 2
    ws.write_string(row, 1, "使用说明", fmt["subtitle"])
    row = _lines(ws, row + 1, USAGE, fmt["para"]) + 1
    ws.write_string(row, 1, "工作表", fmt["subtitle"])
    for name, note in SHEET_NOTES:
        row += 1
        ws.write_string(row, 1, name, fmt["para"])
        ws.write_string(row, 3, note, fmt["para"])
    row += 2
    if macros:
        row = _lines(ws, row, EXCEL_NOTE, fmt["para"]) + 1
    _lines(ws, row, CLI_NOTE, fmt["para"])
    ws.hide_gridlines(2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)

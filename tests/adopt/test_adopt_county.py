"""`duban adopt` as installed and on the ledgers counties keep (issue 17).

- A bundle user (no build extras: ms-ovba, oletools) adopts to .xlsm, as `new` builds one: NEW carries
  the shipped VBA project, the template's sheets keep their code names, 导入说明 has none.
- A county ledger (序号/责任单位/工作任务/完成时限/进展情况: no 办理状态, no 交办日期) adopts: statuses
  proposed from the progress text (待确认), the missing 交办日期 asked for, collective names (各街道办事处,
  各镇, 区直各单位) never units, standard abbreviations (住建局, 发改委, 城关办) merged; the first
  recompute says why its ranking is empty.
- Abbreviation resolution (duban.unitwords) in adopt's merging and in validation.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from test_adopt import column, digest, run_cli, sheet, squeeze

D = dt.date
ROOT = Path(__file__).resolve().parents[2]

# Runs duban's CLI with the build extras made unimportable, as on a PC that installed the bundle.
WITHOUT_BUILD_EXTRAS = """
import sys
for name in ("ms_ovba", "ms_ovba_compression", "ms_cfb", "oletools"):
    sys.modules[name] = None
from duban.commands.main import main
sys.exit(main(sys.argv[1:]))
"""


def run_without_build_extras(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_BUILD_EXTRAS, *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env={**os.environ, "COLUMNS": "200"})


def code_names(path: Path) -> dict[str, str | None]:
    """Sheet title -> codeName of its sheetPr (None when the sheet has none)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        titles = re.findall(r'<sheet name="([^"]+)"', book)
        out = {}
        for i, title in enumerate(titles, 1):
            m = re.search(r'<sheetPr[^>]*codeName="([^"]+)"', z.read(f"xl/worksheets/sheet{i}.xml").decode())
            out[title] = m[1] if m else None
        return out


# ---- the county ledger ------------------------------------------------------------------------------

# 序号, 责任单位, 工作任务, 完成时限, 进展情况 — and what adopt should propose as 办理状态 (待确认).
COUNTY_ROWS: list[tuple[str, str, Any, str, str]] = [
    ("住建局", "老旧小区改造12个", D(2026, 12, 31), "已完成改造12个，已通过验收", "已完成"),
    ("区住房和城乡建设局", "背街小巷整治", "2026年12月底前", "正在施工，完成60%", "推进中"),
    ("城关办", "辖区环境整治", D(2026, 12, 31), "已完成", "已完成"),
    ("城关街道办事处", "社区服务中心建设", D(2027, 3, 31), "主体完工，正在装修", "推进中"),
    ("各街道办事处", "垃圾分类宣传", D(2026, 12, 31), "已办结", "已完成"),
    ("各镇", "秸秆禁烧", "长期", "持续推进", "推进中"),
    ("发改委", "重大项目谋划", D(2026, 12, 31), "已谋划项目30个，完成", "已完成"),
    ("区发展和改革委员会", "项目入库", D(2026, 12, 31), "", "未启动"),
    ("卫健委", "家庭医生签约", D(2026, 12, 31), "签约率85%", "推进中"),
    ("人社局", "稳岗就业", D(2026, 12, 31), "尚未启动", "未启动"),
    ("市场监管局", "食品安全检查", D(2026, 12, 31), "已办结", "已完成"),
    ("区市场监督管理局", "特种设备排查", D(2026, 12, 31), "正在排查", "推进中"),
    ("红旗镇", "人居环境整治", D(2026, 12, 31), "完成", "已完成"),
    ("区直各单位", "作风建设", "长期", "持续推进", "推进中"),
    ("财政局", "预算绩效评价", D(2026, 12, 31), "已于11月20日完成", "已完成"),
]
TODAY = "2026-12-05"   # evaluated month: 2026-11, in which no item falls due (all deadlines 12-31 or later)


def county_ledger(path: Path) -> Path:
    """A title row merged over the table, then 序号/责任单位/工作任务/完成时限/进展情况 (saved by openpyxl,
    as a unit's Excel would write it)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "重点工作任务台账"
    ws.append(["2026年区政府重点工作任务推进台账"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "责任单位", "工作任务", "完成时限", "进展情况"])
    for i, (unit, task, deadline, progress, _status) in enumerate(COUNTY_ROWS, 1):
        ws.append([i, unit, task, deadline, progress or None])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county")
    old = county_ledger(root / "重点工作台账.xlsx")
    before = digest(old)
    new = root / "重点工作台账-duban.xlsm"
    code, text = run_cli("adopt", str(old), "-o", str(new), "--today", TODAY)
    return old, before, new, code, text


# ---- 1. .xlsm without the build extras --------------------------------------------------------------

def test_adopt_to_xlsm_without_build_extras(tmp_path):
    """Today: refused with “需要安装 ms-ovba”. Now NEW carries the shipped template's VBA project byte for
    byte; the template's sheets keep the shipped code names (Sheet1…), 导入说明 has none (Excel adds its
    document module on opening), and the file is valid Office Open XML."""
    from duban.template.builder import SHEET_ORDER, SHIPPED_TEMPLATE, sheet_code_names

    old = county_ledger(tmp_path / "台账.xlsx")
    new = tmp_path / "新台账.xlsm"
    result = run_without_build_extras("adopt", str(old), "-o", str(new), "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    with zipfile.ZipFile(new) as z, zipfile.ZipFile(SHIPPED_TEMPLATE) as t:
        assert z.read("xl/vbaProject.bin") == t.read("xl/vbaProject.bin")
    names = code_names(new)
    assert {t: names[t] for t in SHEET_ORDER} == dict(zip(SHEET_ORDER, sheet_code_names()))
    assert names["导入说明"] is None
    audit = shutil.which("openxml-audit")
    if audit:
        check = subprocess.run([audit, "-q", str(new)], capture_output=True, text=True, timeout=300)
        assert check.returncode == 0, check.stdout


# ---- 2. the county ledger adopts ---------------------------------------------------------------------

def report_rows(path: Path) -> list[list[Any]]:
    """导入说明 rows without their empty cells."""
    return [[v for v in r if v not in ("", None)] for r in sheet(path, "导入说明")]


def test_county_ledger_adopts(county):
    """Today: refused (“缺少 办理状态”). Now exit 0, OLD unchanged, and 导入说明 asks what it cannot know."""
    old, before, new, code, text = county
    assert code == 0, text
    assert digest(old) == before
    assert "Traceback" not in text
    report = report_rows(new)
    flat = squeeze(" ".join(str(v) for r in report for v in r))
    # 交办日期: asked for, not guessed; NEW's cells stay empty.
    asked = [r for r in report if r and r[0] == "交办日期"]
    assert asked and "原台账没有交办日期列（15 件事项）" in asked[0][1], report
    assert "按交办会议记录逐件补填" in asked[0][2]
    items = sheet(new, "周交办")
    assert all(v in ("", None) for v in [r[items[0].index("交办日期")] for r in items[1:16]])
    # No 期次 and no 交办日期: numbered 年份-序号 in reading order (the year from 完成时限, said so).
    assert column(items, "编号") == [f"2026-{n:03d}" for n in range(1, 16)]
    assert squeeze("按完成时限取 2026 年") in flat and "按交办日期取" not in flat
    # 办理状态 proposed from 进展情况, each listed as 待确认 with the text it was read from.
    expected = [row[4] for row in COUNTY_ROWS]
    assert column(items, "办理状态") == expected
    proposed = {r[1]: (r[2], r[-1]) for r in report if len(r) >= 4 and r[-1] == "待确认" and str(r[1]).endswith("行")}
    assert proposed == {f"重点工作任务台账 第{i + 3}行": (status, "待确认") for i, status in enumerate(expected)}
    statuses = [r for r in report if len(r) == 5 and r[-1] == "待确认"]
    assert statuses[7][3] == "（无进展情况）" and statuses[1][3] == "正在施工，完成60%"
    # 已完成 without 完成日期 (items 1, 3, 5, 7, 11, 13, 15): asked for; 财政局's date proposed, not filled.
    assert any(r[:1] == ["完成日期"] and "7 件" in r[1] for r in report), report
    assert ["2026-015", "重点工作任务台账 第17行", "2026-11-20", "已于11月20日完成"] in report
    assert "待确认" in text and "交办日期" in text


def test_county_units_merged_and_no_collective_unit(county):
    """住建局 = 区住房和城乡建设局, 发改委 = 区发展和改革委员会, 市场监管局 = 区市场监督管理局, 城关办 =
    城关街道办事处 (an 办事处); 各街道办事处, 各镇, 区直各单位 are no units: their items are kept, led by
    the name as typed, and listed for the office to choose a lead unit."""
    from duban.unitwords import is_collective

    _old, _before, new, _code, _text = county
    units = sheet(new, "单位")
    names = column(units, "单位名称")
    groups = dict(zip(names, column(units, "组别")))
    assert groups == {"区住房和城乡建设局": "区直单位", "城关街道办事处": "办事处", "区发展和改革委员会": "区直单位",
                      "卫健委": "区直单位", "人社局": "区直单位", "区市场监督管理局": "区直单位", "红旗镇": "办事处",
                      "财政局": "区直单位"}
    shorts = {r[0]: r[1] for r in units[1:] if r[0]}
    assert shorts["区住房和城乡建设局"] == "住建局" and shorts["城关街道办事处"] == "城关办"
    assert shorts["区发展和改革委员会"] == "发改委" and shorts["区市场监督管理局"] == "市场监管局"
    assert not any(is_collective(n) for n in names)
    lead = column(sheet(new, "周交办"), "牵头单位")
    assert lead[:5] == ["区住房和城乡建设局", "区住房和城乡建设局", "城关街道办事处", "城关街道办事处", "各街道办事处"]
    assert lead[5] == "各镇" and lead[13] == "区直各单位"
    report = report_rows(new)
    collective = {r[0]: r[2] for r in report if len(r) == 4 and "是统称" in str(r[3])}
    assert collective == {"2026-005": "各街道办事处", "2026-006": "各镇", "2026-014": "区直各单位"}
    assert any(r[:1] == ["牵头单位"] and "3 件" in r[1] for r in report)


def test_county_ledger_first_recompute_explains_the_empty_ranking(county, tmp_path):
    """November 2026 (today 2026-12-05): no item falls due (deadlines 12-31 or later, or 长期), so nobody is
    ranked — said per group with the counts, on the console and on 月讲评, instead of two empty tables.

    办事处 (城关街道办事处, 红旗镇) lead 3 items: 社区服务中心建设 (2027-03-31) after November; 辖区环境整治 and
    人居环境整治 proposed 已完成 without 完成日期, left out. 区直单位 (6 units) lead 9: 5 after November
    (items 2, 8, 9, 10, 12), 4 done without a date (1, 7, 11, 15). 3 items are led by collective names.
    Errors: 7 × 已完成 without 完成日期 + 3 collective 牵头单位 = 10, so exit 1; the empty 期次, 交办日期
    and 交办领导 columns are one warning each, not one error per row."""
    _old, _before, new, _code, _text = county
    copy = tmp_path / "重算.xlsm"
    shutil.copy(new, copy)
    code, text = run_cli("recompute", str(copy), "--today", TODAY)
    flat = squeeze(text)
    assert code == 1, text
    assert "Traceback" not in text
    assert squeeze("校验发现 10 处错误、3 处警告") in flat
    assert squeeze("2026年11月办事处没有单位参与排名：本月没有到期或逾期未办结的事项，也没有点评等次（该组 2 个单位牵头"
                   "的事项共 3 件，其中完成时限在2026年11月30日之后的 1 件、因数据错误未计入 2 件") in flat
    assert squeeze("2026年11月区直单位没有单位参与排名") in flat
    assert squeeze("该组 6 个单位牵头的事项共 9 件，其中完成时限在2026年11月30日之后的 5 件、因数据错误未计入 4 件") in flat
    assert squeeze("另有 3 件事项的牵头单位不是“单位”表中的一个单位（“各街道办事处”、“各镇”、“区直各单位”）") in flat
    assert "名次" not in text   # no empty ranking table
    review = squeeze("".join(str(v) for r in sheet(copy, "月讲评") for v in r if v not in ("", None)))
    assert squeeze("2026年11月办事处没有单位参与排名") in review and squeeze("区直单位没有单位参与排名") in review
    findings = sheet(copy, "校验结果")
    detail = findings[[r[0] for r in findings].index("逐处明细") + 2:]   # the summary above groups repeats
    assert {r[2] for r in detail if "是统称，不是一个单位" in r[4]} == {"E6", "E7", "E15"}
    assert [(r[0], r[2]) for r in detail if "一列都没有填写（15 件事项）" in r[4]] == [("警告", "B1"), ("警告", "C1"),
                                                                                ("警告", "D1")]


def test_county_ledger_in_place_refusal_points_to_adopt(county):
    """Checked in place, the ledger still lacks 办理状态 (nothing to score with): the message now names adopt."""
    old, *_ = county
    code, text = run_cli("validate", str(old), "--today", TODAY, "--dry-run")
    assert code == 2
    assert "duban adopt" in text and "Traceback" not in text


# ---- 3. abbreviations and collective names ---------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("住建局", "区住房和城乡建设局"), ("发改局", "区发展和改革委员会"), ("发改委", "发改局"), ("发改委", "区发展和改革局"),
    ("卫健委", "区卫生健康委员会"), ("卫健局", "卫健委"), ("人社局", "区人力资源和社会保障局"),
    ("市场监管局", "区市场监督管理局"), ("自然资源局", "区自然资源和规划局"), ("生态环境局", "区生态环境局"),
    ("农业农村局", "区农业农村局"), ("文旅局", "区文化广电和旅游局"), ("文旅局", "区文化和旅游局"),
    ("应急局", "区应急管理局"), ("医保局", "区医疗保障局"), ("退役军人局", "区退役军人事务局"),
    ("教体局", "区教育体育局"), ("交通局", "区交通运输局"), ("城管局", "区城市管理局"), ("城管局", "区城市管理综合执法局"),
    ("城关办", "城关街道办事处"), ("城关办", "城关街道"), ("区 住建局", "住建局"), ("区财政局", "财政局"),
])
def test_standard_abbreviations_share_a_key(a, b):
    from duban.unitwords import unit_key

    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("a, b", [
    ("住建局", "城管局"), ("发改委", "财政局"), ("城关办", "城关镇"), ("区征迁办", "征迁街道办事处"), ("教体局", "文旅局"),
    ("卫健委", "医保局"), ("东关办", "城关街道办事处"),
])
def test_different_units_keep_different_keys(a, b):
    from duban.unitwords import unit_key

    assert unit_key(a) != unit_key(b)


def test_district_prefix_and_abbreviation_together():
    from duban.unitwords import unit_key

    assert unit_key("金水区住建局", "金水区") == unit_key("住房和城乡建设局") == unit_key("金水区住房和城乡建设局", "金水区")


@pytest.mark.parametrize("name, collective", [
    ("各街道办事处", True), ("各镇", True), ("各街道", True), ("各部门", True), ("区直各单位", True), ("相关单位", True),
    ("各有关单位", True), ("有关部门", True), ("全区各乡镇", True), ("各镇（街道）", True), ("镇街", True),
    ("城关街道办事处", False), ("区住建局", False), ("红旗镇", False), ("区直机关工委", False), ("城关办", False),
])
def test_collective_names(name, collective):
    from duban.unitwords import is_collective

    assert is_collective(name) is collective


def test_validation_resolves_abbreviations_with_a_warning(tmp_path, read):
    """Registered 区住建局, 区发改局, 区城管局, 城关街道办事处: typed 住房和城乡建设局, 发改委, 区城市管理局, 城关办
    resolve (a 警告 “是简称” naming the full name, as for a 简称 of 单位), and their items are scored;
    各街道办事处 as 配合单位 is accepted, as 牵头单位 it is an error that says it is a collective name."""
    from duban.run import analyse

    from ledgers import item, make_ledger

    items = [item("1", "住房和城乡建设局", D(2026, 1, 30)), item("2", "发改委", D(2026, 1, 30)),
             item("3", "区城市管理局", D(2026, 1, 30), co="各街道办事处"), item("4", "城关办", D(2026, 1, 30)),
             item("5", "各街道办事处", D(2026, 1, 30))]
    a = analyse(read(make_ledger(tmp_path / "t.xlsx", items=items)), D(2026, 2, 10), score=True)
    by_cell = {(f.cell, f.level): f for f in a.findings if f.sheet == "周交办"}
    lead_col = "E"
    for row, full in ((2, "区住建局"), (3, "区发改局"), (4, "区城管局"), (5, "城关街道办事处")):
        f = by_cell[(f"{lead_col}{row}", "警告")]
        assert "是简称" in f.message and full in f.suggestion
    assert [it.lead_unit for it in a.ledger.items[:4]] == ["区住建局", "区发改局", "区城管局", "城关街道办事处"]
    errors = [f for f in a.findings if f.is_error]
    assert [(f.cell, f.message) for f in errors] == [(f"{lead_col}6", "牵头单位“各街道办事处”是统称，不是一个单位")]
    assert a.evaluation.excluded_items == 1
    january = {r.unit: r.due for r in a.evaluation.results["2026-01"].rows}
    assert january["区住建局"] == january["区发改局"] == january["区城管局"] == january["城关街道办事处"] == 1


def test_several_units_in_the_lead_column(tmp_path):
    """责任单位 “区住建局、城管局”: the first leads, the others join 配合单位 (待确认), instead of an unreadable
    cell that made adopt exit 1; a collective name first stays the lead and is listed to be chosen."""
    from test_adopt import _plan, _small_ledger

    p = _plan(_small_ledger(tmp_path / "multi.xlsx", [
        ["A1", "2026-10-12", "区住建局、城管局", "甲", "2026-10-30", "推进中"],
        ["A2", "2026-10-12", "各街道办事处、区住建局", "乙", "2026-10-30", "推进中"],
        ["A3", "2026-10-12", "区城市管理局", "丙", "2026-10-30", "推进中"],
    ]))
    rows = p.rows["周交办"]
    lead, co = (schema_index("lead_unit"), schema_index("co_units"))
    # 城管局 and 区城市管理局 are one unit (the longer spelling is its name).
    assert [(r[lead], r[co]) for r in rows] == [("区住建局", "区城市管理局"), ("各街道办事处", "区住建局"),
                                                ("区城市管理局", None)]
    assert not p.report.cells.rows
    assert [(r[0], r[4]) for r in p.report.split_leads.rows] == [("A1", "待确认"), ("A2", "待确认")]
    assert [r[0] for r in p.report.collective.rows] == ["A2"]
    assert [r[0] for r in p.rows["单位"]] == ["区住建局", "区城市管理局"]


def schema_index(name: str) -> int:
    from duban import schema

    return [c.name for c in schema.ITEMS.columns].index(name)


@pytest.mark.parametrize("typed, day", [
    ("2026年底", D(2026, 12, 31)), ("2026年底前", D(2026, 12, 31)), ("2026年12月", D(2026, 12, 31)),
    ("12月份", D(2026, 12, 31)), ("6月", D(2026, 6, 30)), ("2027年3月份", D(2027, 3, 31)),
])
def test_county_deadline_phrases(typed, day):
    """Deadlines county ledgers write as a year or a month: the last day of it (today: unreadable cells)."""
    from duban.dates import parse_deadline

    assert parse_deadline(typed, 2026).value == day


@pytest.mark.parametrize("typed, status", [("完成60%", "推进中"), ("已完成80%", "推进中"), ("完成率100%", "已完成"),
                                           ("计划年底前完成全部任务", "推进中")])
def test_status_column_with_shares_and_plans(typed, status):
    """A status cell holding a share or a plan is read as a sentence (the text kept in 本周进展), not registered
    in 参数 as an office's own status word (today: “完成60%” became a status word, 是否办结 是)."""
    from duban.adopt.vocab import Vocabulary
    from duban.read.params import default_settings

    vocab = Vocabulary(default_settings())
    assert vocab.status(typed) == (status, True)
    assert not vocab.registered


def test_roles_written_after_units(tmp_path):
    """责任单位 “区城管局、区住建局（牵头）、各街道办事处（配合）”: the unit marked （牵头） leads, the others
    join 配合单位; the role notes are no part of a unit's name (no unit “区住建局（牵头）”)."""
    from test_adopt import _plan, _small_ledger

    p = _plan(_small_ledger(tmp_path / "roles.xlsx", [
        ["A1", "2026-10-12", "区城管局、区住建局（牵头）、各街道办事处（配合）", "甲", "2026-10-30", "推进中"],
        ["A2", "2026-10-12", "区城管局(牵头)", "乙", "2026-10-30", "推进中"],
    ]))
    rows = p.rows["周交办"]
    lead, co = schema_index("lead_unit"), schema_index("co_units")
    assert [(r[lead], r[co]) for r in rows] == [("区住建局", "区城管局、各街道办事处"), ("区城管局", None)]
    assert sorted(r[0] for r in p.rows["单位"]) == ["区住建局", "区城管局"]


def _spellings():
    from hypothesis import strategies as st

    from duban.unitwords import ABBREVIATIONS

    return st.sampled_from([(full, other) for full, others in ABBREVIATIONS.items() for other in (full, *others)])


def test_every_spelling_of_the_table_folds_to_its_department():
    """Invariant over the whole table: each spelling, with or without 区/the district prefix, spaces or
    full-width letters, has its department's key; no spelling belongs to two departments."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duban.unitwords import ABBREVIATIONS, unit_key

    @settings(max_examples=200, deadline=None)
    @given(_spellings(), st.sampled_from(["", "区", "示范区"]), st.sampled_from(["", " ", "\u3000"]))
    def check(pair, prefix, space):
        full, spelling = pair
        typed = prefix + space + spelling
        assert unit_key(typed, "示范区") == unit_key(full) == unit_key("区" + full)

    check()
    owners: dict[str, str] = {}
    for full, others in ABBREVIATIONS.items():
        for s in (full, *others):
            assert owners.setdefault(s, full) == full, s

"""Ledgers as offices keep them (issue 8, SPEC §7): every layout of tests/layouts gives exactly the
hand-worked October ranking, or refuses with exit 2 and a Chinese message naming the fix — and no
layout ever exits 0 or 1 with a different ranking.

Each case is run through `duban validate` and `duban recompute` (--today 2026-11-10 --month 2026-10)
on its own copy; 月考评 and 历史排名 are read back with python-calamine; every part of the file the
tool does not own stays byte-identical.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from duban import schema
from duban.commands.main import main

import layouts
from layouts import CASES, MONTH, TODAY

COMPUTED = {s.title for s in schema.COMPUTED_SHEETS}
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/calcChain.xml",
               "docProps/app.xml", "docProps/core.xml"}
NAMES = layouts.names()


# ---- running a case ------------------------------------------------------------------------------

@dataclass
class Run:
    code: int
    text: str  # console output and 校验结果, whitespace and table rules removed
    monthly: dict[str, dict[str, Any]] = field(default_factory=dict)  # unit -> 月考评 row of MONTH
    history: dict[str, tuple[Any, set[str]]] = field(default_factory=dict)  # unit -> (名次, 结果 words)
    report: str = ""  # 月讲评 text
    findings: list[str] = field(default_factory=list)  # 校验结果 rows as text
    changed: list[str] = field(default_factory=list)  # parts that changed and are not the tool's


def squeeze(text: str) -> str:
    return re.sub(r"[\s│┃┆┊|─━┌┐└┘┏┓┗┛┡┩╇╈┼╋]+", "", text)


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> zip member of its worksheet XML."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for rel in re.findall(r"<Relationship [^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', rel).group(1), re.search(r'Target="([^"]+)"', rel).group(1)
        target = target.lstrip("/")
        targets[rid] = target if target.startswith("xl/") else "xl/" + target
    return {name: targets[rid] for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb)}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def grid(wb: CalamineWorkbook, title: str) -> list[list[Any]]:
    if title not in wb.sheet_names:
        return []
    return wb.get_sheet_by_name(title).to_python(skip_empty_area=False)


def read_results(path: Path, run: Run) -> None:
    wb = CalamineWorkbook.from_path(str(path))
    rows = grid(wb, schema.MONTHLY.title)
    if rows:
        head = [str(h) for h in rows[0]]
        for r in rows[1:]:
            if r and str(r[0]) == MONTH:
                run.monthly[str(r[1])] = dict(zip(head, r))
    for r in grid(wb, schema.HISTORY.title)[1:]:
        if r and str(r[0]) == MONTH:
            words = {w for w in str(r[5] or "").split("、") if w and w not in ("—", "-")}
            run.history[str(r[3])] = (r[2], words)
    run.report = "\n".join("".join(str(v) for v in r if v not in (None, "")) for r in grid(wb, schema.MONTH_REVIEW.title))
    run.findings = [" ".join(str(v) for v in r if v is not None) for r in grid(wb, schema.FINDINGS.title)[1:]]
    run.text += squeeze(" ".join(run.findings))


_RUNS: dict[tuple[str, str], Run] = {}


def run_case(name: str, command: str, root: Path) -> Run:
    """Build case `name`, run `duban <command>` on it once (cached per session), read the results."""
    key = (name, command)
    if key in _RUNS:
        return _RUNS[key]
    path = layouts.build(name, root / f"{name}-{command}.xlsx")
    before = members(path)
    inputs = {t for t in sheet_parts(path) if t not in COMPUTED}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([command, str(path), "--today", TODAY] + (["--month", MONTH] if command == "recompute" else []))
    run = Run(code, squeeze(out.getvalue() + err.getvalue()))
    after = members(path)
    if code == 2:
        run.changed = [n for n in set(before) | set(after) if before.get(n) != after.get(n)]
    else:
        parts = sheet_parts(path)
        owned = {p for t, p in parts.items() if t in COMPUTED} | BOOKKEEPING
        input_parts = {parts[t] for t in inputs}
        run.changed = sorted(n for n, data in before.items()
                             if (n in input_parts or n not in owned) and after.get(n) != data)
        read_results(path, run)
    _RUNS[key] = run
    return run


@pytest.fixture(scope="session")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layouts")


# ---- comparing with the hand-worked result ---------------------------------------------------------

def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def ranking_differences(name: str, run: Run) -> list[str]:
    """Where the run's 2026-10 result differs from the hand-worked one (empty when equal)."""
    expected = CASES[name].expected
    if expected is None:
        return [f"应拒绝运行（退出码 2），实际退出码 {run.code} 并给出了排名"]
    diffs = []
    for unit, exp in expected.items():
        row = run.monthly.get(unit)
        if row is None:
            if exp.rank is not None:
                diffs.append(f"{unit}: 月考评中没有 {MONTH} 的行")
            continue
        rank = _num(row.get("组内排名"))
        if exp.rank is None:
            if rank is not None:
                diffs.append(f"{unit}: 不应参与排名，实际第 {rank:g} 名")
            continue
        checks = [("组内排名", exp.rank, rank), ("综合得分", exp.score, _num(row.get("综合得分"))),
                  ("应办结", exp.due, _num(row.get("应办结"))), ("已办结", exp.done, _num(row.get("已办结"))),
                  ("按时办结", exp.on_time, _num(row.get("按时办结"))),
                  ("点评质量", exp.quality, _num(row.get("点评质量"))),
                  ("加减分", exp.adjustment, _num(row.get("加减分"))),
                  ("未计入事项", exp.left_out, _num(row.get("未计入事项")) or 0)]
        for label, want, got in checks:
            if (want is None) != (got is None) or (want is not None and abs(want - got) > 0.005):
                diffs.append(f"{unit}: {label} 应为 {want}，实际 {got}")
        hist = run.history.get(unit)
        if hist is None:
            diffs.append(f"{unit}: 历史排名中没有 {MONTH} 的行")
        elif hist[1] != exp.words():
            diffs.append(f"{unit}: 结果应为 {exp.result or '—'}，实际 {'、'.join(sorted(hist[1])) or '—'}")
    return diffs


def report_counts(report: str) -> tuple[int, int, int] | None:
    """(meetings, items, completed) stated by the 通报."""
    m = re.search(r"例会\s*(\d+)\s*次.*?(\d+)\s*件.*?已办结\s*(\d+)\s*件", report, re.S)
    return tuple(int(g) for g in m.groups()) if m else None


def left_out_total(report: str) -> int:
    m = re.search(r"(\d+)\s*件事项未计入", report)
    return int(m.group(1)) if m else 0


# ---- the tests -------------------------------------------------------------------------------------

def test_corpus_has_at_least_30_layouts_each_described():
    assert len(CASES) >= 30
    for c in CASES.values():
        assert c.habit and (c.expected is not None or c.exits == {2}), c.name
        assert c.exits <= {0, 1, 2}
    refusals = [c.name for c in CASES.values() if c.expected is None]
    assert 1 <= len(refusals) < len(CASES) // 4


@pytest.mark.parametrize("name", NAMES)
def test_validate(name, root):
    """validate: the expected exit code, the phrase naming the fix, input sheets untouched."""
    c = CASES[name]
    run = run_case(name, "validate", root)
    assert run.code in c.exits, f"{name}: 退出码 {run.code}，应为 {sorted(c.exits)}；输出：{run.text[:600]}"
    missing = [p for p in c.says if squeeze(p) not in run.text]
    assert not missing, f"{name}: 输出中没有 {missing}；输出：{run.text[:800]}"
    assert not run.changed, f"{name}: 这些部件被改动了 {run.changed}"
    if c.skipped:
        # every skipped row by number; a long list may stop after its first ten rows ("… 等 16 行")
        reported = {int(n) for f in run.findings if "周交办" in f and ("不是事项" in f or "未计入" in f)
                    for n in re.findall(r"\d+", f.split("周交办", 1)[1])}
        wanted = set(sorted(c.skipped)[:10])
        assert wanted <= reported, (f"{name}: 应报告第 {sorted(wanted - reported)} 行不是事项；"
                                    f"校验结果：{run.findings[:6]}")


@pytest.mark.parametrize("name", NAMES)
def test_recompute(name, root):
    """recompute: the hand-worked October result (or the refusal), input sheets untouched."""
    c = CASES[name]
    run = run_case(name, "recompute", root)
    assert run.code in c.exits, f"{name}: 退出码 {run.code}，应为 {sorted(c.exits)}；输出：{run.text[:600]}"
    assert not run.changed, f"{name}: 这些部件被改动了 {run.changed}"
    if run.code == 2:
        missing = [p for p in c.says if squeeze(p) not in run.text]
        assert not missing, f"{name}: 拒绝运行的消息中没有 {missing}；输出：{run.text[:800]}"
        return
    diffs = ranking_differences(name, run)
    assert not diffs, f"{name}: " + "；".join(diffs)
    total = c.left_out()
    assert left_out_total(run.report) == total, f"{name}: 月讲评应写明 {total} 件事项未计入；{run.report[:300]}"
    if c.counts_report:
        # as at 2026-10-31: 3 meetings, 22 items, 17 completed — never inflated by totals,
        # section, instruction or blank rows, nor missing the items of other item sheets.
        assert report_counts(run.report) == (3, 22, 17), f"{name}: 通报 {run.report[:300]}"


def test_no_layout_gives_a_silent_wrong_ranking(root):
    """The issue's worst case: exit 0 (or 1) with a ranking other than the hand-worked one."""
    wrong = {}
    for name in NAMES:
        run = run_case(name, "recompute", root)
        if run.code in (0, 1):
            diffs = [d for d in ranking_differences(name, run) if "组内排名" in d or "排名" in d or "得分" in d
                     or "退出码" in d]
            if diffs:
                wrong[name] = f"退出码 {run.code}: " + "；".join(diffs)
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in wrong.items())


@pytest.mark.parametrize("name", ["excel_table_totals", "combo_month_tables", "merged_meeting_cells",
                                  "two_row_header_status", "combo_county"])
def test_recomputed_layout_is_valid_ooxml(name, root):
    """Tables, merged ranges and two-row headers in the user's sheets survive a write as valid OOXML."""
    tool = shutil.which("openxml-audit")
    if tool is None:
        pytest.skip("openxml-audit is not installed")
    run = run_case(name, "recompute", root)
    assert run.code in (0, 1)
    r = subprocess.run([tool, "-q", str(root / f"{name}-recompute.xlsx")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (name, r.stdout[-2000:], r.stderr[-2000:])


def test_builder_api_for_adopt(tmp_path):
    """`duban adopt` round trips reuse the corpus: build any case to a path and get its ranking."""
    path = layouts.build("section_rows", tmp_path / "台账.xlsx")
    wb = CalamineWorkbook.from_path(str(path))
    assert "周交办" in wb.sheet_names
    rows = wb.get_sheet_by_name("周交办").to_python()
    assert rows[1][0] == "第37期（9月14日交办）"
    ranks = layouts.expected_ranking("section_rows")
    assert ranks["东关街道办事处"] == 1 and ranks["区住建局"] == 5
    assert layouts.expected_ranking("no_items_sheet") is None

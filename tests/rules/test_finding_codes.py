"""Finding codes (issue 19): every finding the code base can produce carries a code registered in
duban.findings.CODES, each registered code is used and documented in docs/findings.md, and no two
codes share a title (one code per meaning)."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from duban import run
from duban.commands.main import main
from duban.errors import DubanError
from duban.findings import CODES, Finding
from duban.read.book import read_book

import layouts
from bad_inputs.cases import CASES as BAD_INPUTS
from bad_inputs.cases import RECOMPUTE, VALIDATE

ROOT = Path(__file__).resolve().parents[2]
KEBAB = re.compile(r"^[a-z]+(-[a-z]+)*$")
# Calls that take a finding code, and the position of that code among their arguments.
CODE_ARG = {"Finding": 0, "_f": 0, "_finding": 0, "_name_findings": 9}


def code_args() -> list[tuple[str, int, ast.expr, set[str]]]:
    """(file, line, code argument, parameters of the enclosing function) of every call that takes a code."""
    out = []

    def visit(node: ast.AST, where: str, params: set[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in CODE_ARG and len(node.args) > CODE_ARG[name]:
                out.append((where, node.lineno, node.args[CODE_ARG[name]], params))
        for child in ast.iter_child_nodes(node):
            visit(child, where, params)

    for path in sorted((ROOT / "duban").rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)), set())
    return out


def test_every_code_in_the_source_is_registered_and_every_registered_code_used():
    used = set()
    for where, line, arg, params in code_args():
        if isinstance(arg, ast.Constant):
            assert arg.value in CODES, f"{where}:{line}: unregistered finding code {arg.value!r}"
            used.add(arg.value)
        else:   # a helper passing on its own `code` parameter; its callers are checked above
            assert isinstance(arg, ast.Name) and arg.id in params, f"{where}:{line}: a code that is not a literal"
    assert len(used) > 40
    assert set(CODES) - used == set(), "registered codes no finding uses"


def test_codes_are_kebab_case_and_one_per_meaning():
    assert all(KEBAB.match(c) for c in CODES), [c for c in CODES if not KEBAB.match(c)]
    titles = list(CODES.values())
    assert len(set(titles)) == len(titles), "two codes with one title"


def test_docs_list_every_code_with_its_title():
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z-]+)` \| ([^|]+?) \|", doc, re.M))
    assert listed == CODES


def test_a_finding_holds_row_and_column_and_derives_its_cell():
    f = Finding("missing-value", "错误", "周交办", 12, 5, "牵头单位", "牵头单位未填写")
    assert (f.row, f.col, f.cell, f.location()) == (12, 5, "E12", "'周交办'!E12")
    assert Finding("missing-sheet", "提示", "周研判", None, None, "工作表", "x").cell == "A1"
    assert Finding("copy-sheet", "警告", "副本", 30, 28, "整行", "x").cell == "AB30"
    with pytest.raises(KeyError):
        _ = Finding("no-such-code", "错误", "周交办", 1, 1, "", "x").title


@pytest.mark.parametrize("name", layouts.names())
def test_layout_corpus_findings_have_registered_codes(name, tmp_path):
    path = layouts.build(name, tmp_path / f"{name}.xlsx")
    try:
        a = run.analyse(read_book(path), dt.date.fromisoformat(layouts.TODAY), layouts.MONTH)
    except DubanError:   # a layout the tool refuses (exit 2): no findings to check
        return
    codes = {f.code for f in a.findings}
    assert codes <= set(CODES), codes - set(CODES)
    assert all(f.row is None or (f.row >= 1 and f.col >= 1) for f in a.findings)


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if c.argv in (RECOMPUTE, VALIDATE) and c.exit != 2],
                         ids=lambda c: c.id)
def test_bad_input_corpus_findings_have_registered_codes(case, tmp_path, monkeypatch, capsys):
    seen: list[Finding] = []
    sort = run.sort_findings
    monkeypatch.setattr(run, "sort_findings", lambda fs: seen.extend(fs) or sort(fs))
    path = case.build(tmp_path)
    assert main([a.replace("{file}", str(path)) for a in case.argv]) == case.exit
    assert seen or case.exit == 0, "a run with errors produced no findings to check"
    assert {f.code for f in seen} <= set(CODES), {f.code for f in seen} - set(CODES)

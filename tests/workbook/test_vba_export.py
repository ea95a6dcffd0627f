"""`duban vba-export` and scripts/rebuild-in-excel.ps1: the repair kit that rebuilds the .xlsm inside Excel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban.commands.main import main
from duban.commands.vba import BUTTONS_FILE
from duban.template import vba_files
from duban.template.home import BUTTONS

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "rebuild-in-excel.ps1"
MODULES = ("xlwings.bas", "Dictionary.cls", "Duban.bas", "xlwings_udfs.bas")
KIT = {*MODULES, BUTTONS_FILE, "rebuild-in-excel.ps1", "duban-template.xlsx"}


def lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


@pytest.fixture
def kit(tmp_path) -> Path:
    folder = tmp_path / "重建" / "kit"  # a Chinese path, created with its parents
    assert main(["vba-export", str(folder)]) == 0
    return folder


def test_kit_holds_the_modules_as_the_vba_editor_imports_them(kit):
    assert {p.name for p in kit.iterdir()} == KIT
    for name, source in zip(MODULES, vba_files.MODULE_FILES):
        data = (kit / name).read_bytes()
        data.decode("ascii")
        assert b"\n" not in data.replace(b"\r\n", b""), f"{name}: every line ends in CRLF"
        assert lf(data) == lf(source.read_bytes()), name
    assert (kit / "Dictionary.cls").read_bytes().startswith(b"VERSION 1.0 CLASS\r\nBEGIN")  # importable class header
    assert (kit / "Duban.bas").read_bytes().startswith(b'Attribute VB_Name = "Duban"\r\n')


def test_kit_copies_the_script_and_the_macro_free_template(kit):
    assert (kit / "rebuild-in-excel.ps1").read_bytes() == SCRIPT.read_bytes()
    assert (kit / "duban-template.xlsx").read_bytes() == vba_files.MACRO_FREE_TEMPLATE.read_bytes()


def test_buttons_file_lists_every_home_button(kit):
    raw = (kit / BUTTONS_FILE).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    rows = [line.split("\t") for line in raw.decode("utf-8-sig").splitlines()]
    assert rows[0] == ["caption", "macro", "note"]
    assert [tuple(r) for r in rows[1:]] == [tuple(b) for b in BUTTONS]
    duban_subs = set(re.findall(r"^Sub (\w+)\(\)", vba_files.DUBAN_BAS.read_text(), re.M))
    assert {r[1] for r in rows[1:]} <= duban_subs  # every button's macro is a Sub of Duban.bas
    assert len(rows) - 1 >= 4


def test_existing_files_are_not_overwritten_without_force(kit, capsys):
    (kit / "Duban.bas").write_bytes(b"mine")
    before = {p.name: p.read_bytes() for p in kit.iterdir()}
    assert main(["vba-export", str(kit)]) == 2
    err = capsys.readouterr().err
    assert "已有" in err and "--force" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in kit.iterdir()} == before
    assert main(["vba-export", str(kit), "--force"]) == 0
    assert lf((kit / "Duban.bas").read_bytes()) == lf(vba_files.DUBAN_BAS.read_bytes())


def test_a_file_in_place_of_the_folder_is_refused(tmp_path, capsys):
    target = tmp_path / "kit"
    target.write_bytes(b"x")
    assert main(["vba-export", str(target)]) == 2
    assert "文件夹" in capsys.readouterr().err
    assert target.read_bytes() == b"x"


def test_packaged_script_is_the_one_in_scripts():
    assert vba_files.REBUILD_PS1.resolve() == SCRIPT.resolve()
    assert vba_files.PACKAGED_PS1.read_bytes() == SCRIPT.read_bytes()  # the link the wheel follows


# ---- the PowerShell script (no PowerShell here: syntax through tree-sitter, the rest by reading) ----

def script_text() -> str:
    return SCRIPT.read_bytes().decode("utf-8-sig")


def test_script_is_utf8_with_bom_and_crlf():
    # Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page: the Chinese would be garbled.
    data = SCRIPT.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")


def powershell_tree():
    tsp = pytest.importorskip("tree_sitter_powershell")
    ts = pytest.importorskip("tree_sitter")
    parser = ts.Parser(ts.Language(tsp.language()))
    return parser.parse(SCRIPT.read_bytes()[3:])


def nodes(node):
    yield node
    for child in node.children:
        yield from nodes(child)


def test_script_parses_as_powershell():
    tree = powershell_tree()
    bad = [n for n in nodes(tree.root_node) if n.type == "ERROR" or n.is_missing]
    assert not bad, [(n.start_point, n.text[:60]) for n in bad]


def test_no_typographic_quote_ends_a_string_early():
    # PowerShell treats “ ” as double quotes and ‘ ’ as single quotes: the Chinese “…” may only
    # appear inside single-quoted strings and comments.
    for n in nodes(powershell_tree().root_node):
        text = n.text.decode("utf-8")
        if n.type == "expandable_string_literal":
            assert not set(text) & set("“”‘’"), text
        elif n.type == "verbatim_string_characters":
            assert not set(text[1:-1]) & set("‘’"), text


def test_script_does_what_the_repair_needs():
    text = script_text()
    assert "信任对 VBA 工程对象模型的访问" in text
    for needed in ("New-Object -ComObject Excel.Application", "VBProject.VBComponents", ".Import(",
                   "AddFormControl", ".OnAction", "SaveAs($Output, $XlOpenXmlWorkbookMacroEnabled)",
                   "duban-template.xlsx", "buttons.txt", "AccessVBOM"):
        assert needed in text, needed
    assert "$XlOpenXmlWorkbookMacroEnabled = 52" in text
    # the trust setting is restored in the finally block, also after a failure
    finally_block = text.split("} finally {", 1)[1]
    assert "& $restoreTrust" in finally_block and "Quit()" in finally_block
    assert re.search(r"^exit \$exitCode\s*$", text, re.M)

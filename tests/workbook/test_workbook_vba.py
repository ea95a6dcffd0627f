"""The VBA project: the compression fix, the modules as stored, buttons -> Subs, UDF wrappers."""

from __future__ import annotations

import io
import re
import warnings

import olefile
import pytest
import xlwings
from ms_ovba_compression.ms_ovba import MsOvba

from duban.template import builder as template
from duban.template import ovba_fix, vba
from duban.template.builder import SHEET_ORDER, build_workbook, sheet_code_names
from duban.template.home import BUTTONS
from workbook import udfgen

from test_workbook_support import NS, button_macros, read_part, sheet, workbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser, decompress_stream

# VBA keywords that cannot name a parameter (the UDF wrappers use the Python parameter names).
VBA_RESERVED = {
    "and", "as", "boolean", "byref", "byte", "byval", "call", "case", "const", "currency", "date", "declare", "dim",
    "do", "double", "each", "else", "elseif", "empty", "end", "enum", "eqv", "erase", "error", "event", "exit",
    "false", "for", "friend", "function", "get", "global", "gosub", "goto", "if", "imp", "implements", "in",
    "integer", "is", "let", "like", "long", "lset", "me", "mod", "name", "new", "next", "not", "nothing", "null",
    "on", "optional", "or", "paramarray", "preserve", "private", "public", "raiseevent", "redim", "rem", "resume",
    "rset", "select", "set", "single", "static", "step", "stop", "string", "sub", "then", "to", "true", "type",
    "typeof", "until", "variant", "wend", "while", "with", "withevents", "xor",
}


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    path = tmp_path_factory.mktemp("vba") / "t.xlsm"
    build_workbook(path)
    return path


@pytest.fixture(scope="module")
def extracted(xlsm):
    """Module name -> source text as oletools' olevba extracts it from the workbook."""
    parser = VBA_Parser(str(xlsm))
    try:
        return {filename: code for _f, _stream, filename, code in parser.extract_macros()}
    finally:
        parser.close()


def roundtrip(data: bytes) -> bytes:
    """Compress with ms-ovba-compression, decompress with oletools (an independent implementation)."""
    try:
        return bytes(decompress_stream(bytearray(MsOvba().compress(data))))
    except Exception as e:  # a corrupt container may not even parse
        return repr(e).encode()


def norm(text: str) -> str:
    return text.replace("\r\n", "\n")


# ---- ms-ovba-compression ----------------------------------------------------------

def test_compression_bug_corrupts_modules_over_1kb(monkeypatch):
    source = vba.XLWINGS_BAS.read_bytes()[:3000]
    monkeypatch.setattr(MsOvba, "copytoken_help", ovba_fix.ORIGINAL_COPYTOKEN_HELP)
    monkeypatch.setattr(MsOvba, "_matching", ovba_fix.ORIGINAL_MATCHING)
    assert MsOvba.copytoken_help(1000)["maxLength"] == 0xFFFF << 10 + 3  # the shipped formula (bit count 10)
    assert roundtrip(source) != source
    small = source[:300]
    assert roundtrip(small) == small  # short inputs never reach the wrong limit


def test_copytoken_fix_alone_round_trips(monkeypatch):
    monkeypatch.setattr(MsOvba, "_matching", ovba_fix.ORIGINAL_MATCHING)  # only the length formula fixed
    source = vba.XLWINGS_BAS.read_bytes()[:3000]
    assert MsOvba.copytoken_help(1000)["maxLength"] == (0xFFFF >> 10) + 3
    assert roundtrip(source) == source


@pytest.mark.parametrize("path", sorted(vba.XLWINGS_DIR.glob("**/*.bas")) + [vba.DICTIONARY_CLS],
                         ids=lambda p: p.name)
def test_fixed_compression_round_trips_every_xlwings_module(path):
    source = path.read_bytes()
    assert len(source) > 700
    assert roundtrip(source) == source


@pytest.mark.parametrize("data", [b"a" * 5000, b"abcabcabd" * 900, bytes(range(256)) * 40, b"x", b"abc" * 2],
                         ids=["run", "periodic", "bytes", "one", "short"])
def test_fixed_compression_edge_cases(data):
    assert roundtrip(data) == data


# ---- the project ------------------------------------------------------------------

def test_every_module_extracts_to_its_source(extracted):
    modules = vba.project_modules(sheet_code_names())
    assert set(extracted) == {f"{m.name}.{'bas' if m.kind == 'std' else 'cls'}" for m in modules}
    for m in modules:
        ext = "bas" if m.kind == "std" else "cls"
        assert norm(extracted[f"{m.name}.{ext}"]) == norm(m.text), m.name


def test_source_files_are_stored_verbatim(extracted):
    for name, path in (("xlwings.bas", vba.XLWINGS_BAS), ("Duban.bas", vba.DUBAN_BAS),
                       ("xlwings_udfs.bas", vba.UDFS_BAS)):
        assert norm(extracted[name]) == norm(path.read_bytes().decode("ascii")), name
    # the Dictionary class keeps its code; only the .cls header is replaced by VBE attributes
    cls = norm(vba.DICTIONARY_CLS.read_text())
    assert norm(extracted["Dictionary.cls"]).endswith(cls.split("Attribute VB_Exposed = True\n", 1)[1])


def test_xlwings_module_matches_installed_version(extracted):
    assert xlwings.__version__ == "0.37.8"
    assert f"'Version: {xlwings.__version__}" in extracted["xlwings.bas"]
    assert f'xlwings64-{xlwings.__version__}.dll' in extracted["xlwings.bas"]


def test_sources_are_ascii():
    for path in (vba.DUBAN_BAS, vba.UDFS_BAS, vba.XLWINGS_BAS, vba.DICTIONARY_CLS):
        path.read_bytes().decode("ascii")


def test_project_streams(xlsm):
    ole = olefile.OleFileIO(io.BytesIO(read_part(xlsm, "xl/vbaProject.bin")))
    try:
        project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
        dir_stream = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
        head = ole.openstream("VBA/_VBA_PROJECT").read()
    finally:
        ole.close()
    docs = ["ThisWorkbook", *sheet_code_names()]
    assert [line for line in project if line.startswith("Document=")] == [f"Document={d}/&H00000000" for d in docs]
    assert {"Module=xlwings", "Module=Duban", "Module=xlwings_udfs", "Class=Dictionary"} <= set(project)
    assert b"\x03\x00\x02\x00\x00\x00\xe4\x04" in dir_stream  # PROJECTCODEPAGE 1252
    assert head[:7] == b"\xcc\x61\xff\xff\x00\x03\x00"  # version 0xFFFF: source only, Excel compiles on open


def test_document_modules_match_code_names(xlsm, extracted):
    assert workbook(xlsm).find("m:workbookPr", NS).get("codeName") == "ThisWorkbook"
    names = [sheet(xlsm, title).find("m:sheetPr", NS).get("codeName") for title in SHEET_ORDER]
    assert names == list(sheet_code_names())
    for name in ["ThisWorkbook", *names]:
        assert f'Attribute VB_Name = "{name}"' in extracted[f"{name}.cls"]


def subs(code: str) -> set[str]:
    return set(re.findall(r"^(?:Public\s+)?Sub\s+(\w+)\s*\(\s*\)", code, re.M | re.I))


def test_every_button_runs_a_sub_of_the_project(xlsm, extracted):
    macros = button_macros(xlsm, "首页")
    assert set(macros) == {caption for caption, _s, _n in BUTTONS}
    available = subs(extracted["Duban.bas"])
    for caption, macro in macros.items():
        assert macro.startswith("[0]!") and macro[4:] in available, caption


def test_button_subs_call_runpython_with_the_macros_package():
    code = vba.DUBAN_BAS.read_text()
    for fn, sub in (("validate", "DubanValidate"), ("recompute", "DubanRecompute"), ("collect", "DubanCollect"),
                    ("export", "DubanExport")):
        body = re.search(rf"^Sub {sub}\(\)\r?\n(.*?)^End Sub", code, re.M | re.S).group(1).strip()
        # protected sheets are opened for Python's writes and closed again afterwards
        assert body.split() == ["UnprotectForPython", "RunPython", '"import', 'macros;', f'macros.{fn}()"',
                                "ProtectAgain"]
    assert "RunPython" in subs_or_functions(vba.XLWINGS_BAS.read_text())


def subs_or_functions(code: str) -> set[str]:
    return set(re.findall(r"^(?:Public\s+)?(?:Sub|Function)\s+(\w+)", code, re.M))


# ---- UDF wrappers -------------------------------------------------------------------

def test_udf_wrapper_module_is_up_to_date():
    assert udfgen.generate() == vba.UDFS_BAS.read_bytes().decode("ascii"), "run python -m workbook.udfgen"


def test_udf_generation_leaves_no_stubs_behind():
    import sys

    udfgen.generate()
    assert not {"pythoncom", "pywintypes", "win32com", "xlwings.udfs"} & set(sys.modules)
    assert not hasattr(xlwings, "udfs")


def test_udf_wrappers_cover_every_db_function():
    import udfs

    code = vba.UDFS_BAS.read_text()
    declared = dict(re.findall(r"^Function (DB_\w+)\((.*)\)\r?$", code, re.M))
    assert set(declared) == {n for n in dir(udfs) if n.startswith("DB_")}
    for name, params in declared.items():
        for p in params.split(","):
            word = p.split()[-1].lower()
            assert word not in VBA_RESERVED, (name, word)
        assert f'XLPy.CallUDF("udfs", "{name}"' in code


# ---- the shipped template -------------------------------------------------------------


@pytest.mark.skipif(not template.SHIPPED_TEMPLATE.exists(), reason="run python -m workbook.build first")
def test_shipped_template_carries_the_current_modules():
    stored = vba.module_texts(read_part(template.SHIPPED_TEMPLATE, "xl/vbaProject.bin"))
    want = {m.name: m.text for m in vba.project_modules(sheet_code_names())}
    assert stored == want, "workbook/duban-template.xlsm is stale: run python -m workbook.build"


@pytest.mark.skipif(not template.SHIPPED_TEMPLATE.exists(), reason="run python -m workbook.build first")
def test_without_build_dependencies_the_shipped_project_is_reused(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "duban.template.vba", None)  # `from .vba import ...` raises ImportError
    path = tmp_path / "fallback.xlsm"
    build_workbook(path)
    assert read_part(path, "xl/vbaProject.bin") == read_part(template.SHIPPED_TEMPLATE, "xl/vbaProject.bin")

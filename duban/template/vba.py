"""The workbook's VBA project (vbaProject.bin), compiled from source text on any OS.

Modules: one document module per code name (ThisWorkbook, Sheet1...), the
xlwings standalone module and its Dictionary class (used on macOS) exactly as
shipped in the installed xlwings, our button module vba/Duban.bas and the
generated UDF wrappers vba/xlwings_udfs.bas. The project is source-only
(_VBA_PROJECT version 0xFFFF, no p-code): Excel compiles it when it opens.
"""

from __future__ import annotations

import contextlib
import io
import random
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import olefile
from ms_ovba.Models.Entities.doc_module import DocModule
from ms_ovba.Models.Entities.reference import Reference
from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
from ms_ovba.Models.Entities.std_module import StdModule
from ms_ovba.Models.Fields.libid_reference import LibidReference
from ms_ovba.vbaProject import VbaProject
from ms_ovba.Views.project_ole_file import ProjectOleFile

with warnings.catch_warnings():  # oletools sets up pyparsing with deprecated names on import
    warnings.simplefilter("ignore")
    from oletools.olevba import decompress_stream

from duban.template import ovba_fix  # noqa: F401  (corrects ms-ovba-compression on import)
from duban.template.vba_files import DICTIONARY_CLS, DUBAN_BAS, UDFS_BAS, VBA_DIR, XLWINGS_BAS, XLWINGS_DIR  # noqa: F401

WORKBOOK_CODE_NAME = "ThisWorkbook"
PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "duban/vbaProject")).upper() + "}"
CODEPAGE = "cp1252"
VERSION_COMPATIBLE_32 = "393222000"  # PROJECT stream: written by VBA 6 and later (every Excel since 2000)

# VB_Base GUIDs of Excel's Workbook and Worksheet objects, and of a user class.
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# (name, typelib GUID, version, path, description). Only OLE Automation, which every Windows has.
# A new Excel workbook also references the Office library (MSO.DLL); no module here uses it,
# and on a WPS desk without Microsoft Office it shows as MISSING and breaks even plain calls.
REFERENCES = (
    ("stdole", "00020430-0000-0000-C000-000000000046", "2.0", r"C:\Windows\System32\stdole2.tlb",
     "OLE Automation"),
)


@dataclass(frozen=True)
class Module:
    """A module as stored in the project: its name, kind and exact source text (CRLF)."""

    name: str
    kind: str  # "document" | "std" | "class"
    text: str


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def read_source(path: Path) -> str:
    """A .bas/.cls file as CRLF text; refuses anything outside ASCII (code page 1252 project)."""
    data = path.read_bytes()
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as e:
        raise ValueError(f"{path.name}: VBA source must be ASCII (byte {e.start})") from None
    return crlf(text)


def document_module(name: str) -> Module:
    """An empty document module, as Excel stores one for the workbook or a sheet."""
    base = WORKBOOK_BASE if name == WORKBOOK_CODE_NAME else WORKSHEET_BASE
    lines = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return Module(name, "document", "\r\n".join(lines) + "\r\n")


def class_module(cls_text: str) -> Module:
    """Stream text of a class exported as .cls: the VERSION/BEGIN header dropped and the
    attributes the VBA editor adds on import (VB_Base, VB_TemplateDerived, VB_Customizable) inserted."""
    lines = crlf(cls_text).split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Attribute VB_Name"))
    out: list[str] = []
    for line in lines[start:]:
        out.append(line)
        if line.startswith("Attribute VB_Name"):
            out.append(f'Attribute VB_Base = "{CLASS_BASE}"')
        elif line.startswith("Attribute VB_Exposed"):
            out += ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    name = lines[start].split('"')[1]
    return Module(name, "class", "\r\n".join(out))


def std_module(path: Path) -> Module:
    text = read_source(path)
    first = text.split("\r\n", 1)[0]
    if not first.startswith('Attribute VB_Name = "'):
        raise ValueError(f"{path.name}: the first line must be Attribute VB_Name")
    return Module(first.split('"')[1], "std", text)


def code_modules() -> list[Module]:
    """Every non-document module, in project order."""
    return [
        std_module(XLWINGS_BAS),
        class_module(read_source(DICTIONARY_CLS)),
        std_module(DUBAN_BAS),
        std_module(UDFS_BAS),
    ]


def project_modules(sheet_code_names: tuple[str, ...]) -> list[Module]:
    docs = [document_module(WORKBOOK_CODE_NAME)] + [document_module(n) for n in sheet_code_names]
    return docs + code_modules()


class _ClassModule(DocModule):
    """A class module: stored like a document module, listed as Class= in the PROJECT stream."""

    def to_project_module_string(self) -> str:
        return "Class=" + self.modName.value


def _ovba_module(m: Module):
    if m.kind == "std":
        return StdModule(m.name)
    return _ClassModule(m.name) if m.kind == "class" else DocModule(m.name)


def _compile(modules: list[Module]) -> bytes:
    project = VbaProject()
    project.project_id = PROJECT_ID
    project.include_projectwm()
    project.add_attribute("VersionCompatible32", VERSION_COMPATIBLE_32)  # as Excel writes it
    for name, guid, version, path, description in REFERENCES:
        libid = LibidReference(uuid.UUID(guid), version, "0", path, description)
        project.add_reference(Reference(ReferenceRegistered(libid), name))
    # ms-ovba writes its intermediate files into the current directory.
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        Path("m").mkdir()
        for m in modules:
            obj = _ovba_module(m)
            obj.add_file(f"m/{m.name}")
            Path(f"m/{m.name}.new").write_bytes(m.text.encode(CODEPAGE))
            project.add_module(obj)
        with _fixed_random():
            ProjectOleFile.write_file(project)
        return root_entry_black(Path("vbaProject.bin").read_bytes())


def root_entry_black(data: bytes) -> bytes:
    """The compound file with its root directory entry marked black, as Office writes it.

    [MS-CFB] 2.6.4 calls the root's colour irrelevant (it has no siblings); ms-cfb marks it red
    when the root holds more than two entries. One deviation less from files Excel writes."""
    sector_size = 1 << int.from_bytes(data[0x1E:0x20], "little")
    first_dir_sector = int.from_bytes(data[0x30:0x34], "little")
    color = (first_dir_sector + 1) * sector_size + 0x43  # entry 0 (Root Entry), its colour flag
    return data[:color] + b"\x01" + data[color + 1:]


@contextlib.contextmanager
def _fixed_random():
    """ms-ovba-crypto draws the seeds of the CMG/DPB/GC fields from the global `random`:
    fix them for the build (byte-reproducible projects), then restore the caller's state."""
    state = random.getstate()
    random.seed(0x6475)
    try:
        yield
    finally:
        random.setstate(state)


def module_texts(vba_project: bytes) -> dict[str, str]:
    """Module name -> source text decompressed from a vbaProject.bin (offset 0: no p-code)."""
    ole = olefile.OleFileIO(io.BytesIO(vba_project))
    try:
        out = {}
        for entry in ole.listdir():
            if len(entry) == 2 and entry[0] == "VBA" and entry[1] not in ("dir", "_VBA_PROJECT") \
                    and not entry[1].startswith("__SRP_"):
                raw = ole.openstream(entry).read()
                out[entry[1]] = bytes(decompress_stream(bytearray(raw))).decode(CODEPAGE)
        return out
    finally:
        ole.close()


@lru_cache(maxsize=8)
def build_vba_project(sheet_code_names: tuple[str, ...]) -> bytes:
    """vbaProject.bin for a workbook whose sheets have these code names, checked by decompressing it."""
    modules = project_modules(sheet_code_names)
    data = _compile(modules)
    stored = module_texts(data)
    for m in modules:
        if stored.get(m.name) != m.text:
            raise RuntimeError(f"VBA module {m.name} does not decompress to its source")
    return data

"""xl/workbook.xml, its relationships and [Content_Types].xml: read, and edit as text."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from duban.xlsxio import xmltext as X

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_OFFICE_DOC = REL_NS + "/officeDocument"
REL_WORKSHEET = REL_NS + "/worksheet"
REL_CALC_CHAIN = REL_NS + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DEFAULT_WORKBOOK = "xl/workbook.xml"
BAD_TITLE_CHARS = set("[]:*?/\\")
# CT_Workbook children that come after calcPr.
AFTER_CALC_PR = {b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr",
                 b"smartTagTypes", b"webPublishing", b"fileRecoveryPr", b"webPublishObjects", b"extLst"}


@dataclass
class SheetRef:
    title: str
    sheet_id: int
    rid: str
    part: str | None      # zip member name of the sheet part
    rel_type: str
    index: int            # position in <sheets> (localSheetId)


@dataclass
class Rel:
    rid: str
    type: str
    target: str
    part: str | None      # resolved member name (None for external targets)


def rels_path(part: str) -> str:
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def resolve(source_part: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def parse_rels(xml: bytes, source_part: str) -> list[Rel]:
    out = []
    for tag in X.iter_tags(xml, b"Relationship"):
        a = X.attrs(tag.group(3))
        external = a.get("TargetMode") == "External"
        target = a.get("Target", "")
        out.append(Rel(a.get("Id", ""), a.get("Type", ""), target,
                       None if external else resolve(source_part, target)))
    return out


def workbook_part(root_rels: bytes | None) -> str:
    """Member name of the workbook part, from _rels/.rels (default xl/workbook.xml)."""
    if root_rels:
        for rel in parse_rels(root_rels, ""):
            if rel.type.endswith("/officeDocument") and rel.part:
                return rel.part
    return DEFAULT_WORKBOOK


def _child(wb: bytes, name: bytes) -> re.Match[bytes] | None:
    """Start tag of the workbook element's direct child ``name`` (not one inside extLst)."""
    return next((t for n, t, _ in X.children(wb, X.root(wb))[0] if n == name), None)


def date1904(wb: bytes) -> bool:
    tag = _child(wb, b"workbookPr")
    return tag is not None and X.attrs(tag.group(3)).get("date1904", "").lower() in ("1", "true")


def sheets(wb: bytes, rels: list[Rel]) -> list[SheetRef]:
    by_id = {r.rid: r for r in rels}
    out: list[SheetRef] = []
    parent = _child(wb, b"sheets")
    if parent is None:
        return out
    for i, tag in enumerate(X.iter_tags(wb, b"sheet", parent.end(), X.element_end(wb, parent))):
        a = X.attrs(tag.group(3))
        rid = next((v for k, v in a.items() if k.endswith(":id") and not k.startswith("xmlns")), "")
        rel = by_id.get(rid)
        out.append(SheetRef(a.get("name", ""), int(a.get("sheetId", "0") or 0), rid,
                            rel.part if rel else None, rel.type if rel else "", i))
    return out


def check_title(title: str, existing: list[str]) -> None:
    if not title or len(title) > 31 or BAD_TITLE_CHARS & set(title) or title[0] == "'" \
            or title[-1] == "'" or title.lower() == "history":
        raise ValueError(f"invalid sheet title {title!r}")
    if title.casefold() in {t.casefold() for t in existing}:
        raise ValueError(f"sheet title already used: {title!r}")


def _insert_before_close(xml: bytes, parent_local: bytes, text: bytes) -> bytes:
    tag = next(X.iter_tags(xml, parent_local), None)
    if tag is None:
        raise X.XmlShapeError(f"no <{parent_local.decode()}> element")
    if tag.group(4):  # <x/>  ->  <x>text</x>
        opened = tag.group(0)[:-2].rstrip() + b">"
        return xml[:tag.start()] + opened + text + b"</" + tag.group(2) + b">" + xml[tag.end():]
    end = X.element_end(xml, tag)
    close = xml.rindex(b"</", 0, end)
    return xml[:close] + text + xml[close:]


def _rel_prefix(wb: bytes) -> str | None:
    for k, v in X.attrs(X.root(wb).group(3)).items():
        if k.startswith("xmlns:") and v == REL_NS:
            return k[6:]
    return None


def add_sheet(wb: bytes, rels_xml: bytes, ct: bytes, wb_part: str, title: str,
              part: str, sheet_id: int, rid: str, state: str | None = None) -> tuple[bytes, bytes, bytes]:
    """Register a new worksheet part: <sheet>, Relationship and content-type Override."""
    pfx = X.prefix_of(X.root(wb).group(2)).decode()
    rp = _rel_prefix(wb)
    id_attr = f'{rp}:id="{rid}"' if rp else f'xmlns:r="{REL_NS}" r:id="{rid}"'
    state_attr = f' state="{state}"' if state in ("hidden", "veryHidden") else ""
    sheet = f'<{pfx}sheet name="{X.escape_attr(title)}" sheetId="{sheet_id}"{state_attr} {id_attr}/>'
    wb = _insert_before_close(wb, b"sheets", sheet.encode("utf-8"))
    rpfx = X.prefix_of(X.root(rels_xml).group(2)).decode()
    target = posixpath.relpath(part, posixpath.dirname(wb_part) or ".")
    rel = f'<{rpfx}Relationship Id="{rid}" Type="{REL_WORKSHEET}" Target="{target}"/>'
    rels_xml = _insert_before_close(rels_xml, b"Relationships", rel.encode("utf-8"))
    cpfx = X.prefix_of(X.root(ct).group(2)).decode()
    ov = f'<{cpfx}Override PartName="/{part}" ContentType="{CT_WORKSHEET}"/>'
    ct = _insert_before_close(ct, b"Types", ov.encode("utf-8"))
    return wb, rels_xml, ct


def new_ids(sheet_list: list[SheetRef], rels: list[Rel], names: list[str],
            wb_part: str) -> Iterator[tuple[int, str, str]]:
    """Yield (sheetId, rId, part name) triples that are free."""
    sid = max((s.sheet_id for s in sheet_list), default=0)
    nums = [int(m.group(1)) for r in rels if (m := re.fullmatch(r"rId(\d+)", r.rid))]
    rnum = max(nums, default=0)
    base = posixpath.join(posixpath.dirname(wb_part), "worksheets")
    lower = {n.lower() for n in names}
    pat = re.compile(re.escape(base.lower()) + r"/sheet(\d+)\.xml")
    pnum = max((int(m.group(1)) for n in lower if (m := pat.fullmatch(n))), default=0)
    used_rids = {r.rid for r in rels}
    while True:
        sid, rnum, pnum = sid + 1, rnum + 1, pnum + 1
        while f"rId{rnum}" in used_rids:
            rnum += 1
        part = f"{base}/sheet{pnum}.xml"
        while part.lower() in lower:
            pnum += 1
            part = f"{base}/sheet{pnum}.xml"
        yield sid, f"rId{rnum}", part


def set_full_calc(wb: bytes) -> bytes:
    """Make Excel recalculate everything on load (calcPr fullCalcOnLoad="1")."""
    tag = _child(wb, b"calcPr")
    if tag is not None:
        if X.attrs(tag.group(3)).get("fullCalcOnLoad", "").lower() in ("1", "true"):
            return wb
        return wb[:tag.start()] + X.set_attr(tag.group(0), "fullCalcOnLoad", "1") + wb[tag.end():]
    root = X.root(wb)
    pfx = X.prefix_of(root.group(2)).decode()
    kids, close = X.children(wb, root)
    at = next((t.start() for n, t, _ in kids if n in AFTER_CALC_PR), close)
    return wb[:at] + f'<{pfx}calcPr fullCalcOnLoad="1"/>'.encode() + wb[at:]


def calc_chain_sheet_ids(xml: bytes) -> set[int | None]:
    ids: set[int | None] = set()
    cur: int | None = None
    for tag in X.iter_tags(xml, b"c"):
        i = X.attrs(tag.group(3)).get("i")
        if i is not None:
            cur = int(i)
        ids.add(cur)
    return ids


def remove_elements(xml: bytes, local_name: bytes, match: Callable[[dict[str, str]], bool]) -> bytes:
    """Drop every element with this local name whose attributes satisfy ``match``."""
    spans = [(t.start(), X.element_end(xml, t)) for t in X.iter_tags(xml, local_name)
             if match(X.attrs(t.group(3)))]
    for s, e in reversed(spans):
        xml = xml[:s] + xml[e:]
    return xml


def update_filter_name(wb: bytes, index: int, title: str, ref: str) -> bytes:
    """Point the sheet's hidden _xlnm._FilterDatabase name at the new autoFilter range."""
    for tag in X.iter_tags(wb, b"definedName"):
        a = X.attrs(tag.group(3))
        if a.get("name") == "_xlnm._FilterDatabase" and a.get("localSheetId") == str(index):
            end = X.element_end(wb, tag)
            close = wb.rindex(b"</", 0, end) if not tag.group(4) else None
            if close is None:
                return wb
            a1, _, a2 = ref.partition(":")
            absref = "$" + re.sub(r"(\d)", r"$\1", a1, count=1) + (
                ":$" + re.sub(r"(\d)", r"$\1", a2, count=1) if a2 else "")
            current = X.unescape(wb[tag.end():close].decode("utf-8"))
            sheet_part = current[:current.rindex("!") + 1] if "!" in current else \
                "'" + title.replace("'", "''") + "'!"
            text = X.escape_text(sheet_part + absref).encode("utf-8")
            return wb[:tag.end()] + text + wb[close:]
    return wb


REL_TABLE = REL_NS + "/table"


def table_sheets(zf: zipfile.ZipFile) -> dict[str, str]:
    """Table part member name -> title of the sheet holding the table, for an open ZipFile."""
    names = set(zf.namelist())

    def member(name: str) -> bytes | None:
        return zf.read(name) if name in names else None

    wb_part = workbook_part(member("_rels/.rels"))
    wb = member(wb_part)
    wb_rels = member(rels_path(wb_part))
    if wb is None or wb_rels is None:
        return {}
    out: dict[str, str] = {}
    for ref in sheets(wb, parse_rels(wb_rels, wb_part)):
        if not ref.part:
            continue
        rels = member(rels_path(ref.part))
        if rels is None:
            continue
        for rel in parse_rels(rels, ref.part):
            if rel.type == REL_TABLE and rel.part:
                out[rel.part] = ref.title
    return out

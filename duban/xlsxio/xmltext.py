"""Byte-level XML helpers: find tags and elements, read and set attributes, escape text.

Parts are edited as text so that everything we do not change keeps its bytes.
These helpers assume well-formed XML without a DTD (``guard`` rejects DTDs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NAME = rb"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?"
ATTRS = rb"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
TAG_RE = re.compile(rb"<(/?)(" + NAME + rb")(" + ATTRS + rb")\s*(/?)>")
ATTR_RE = re.compile(rb"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
MISC_RE = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
ENTITY_RE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# Characters not allowed in XML 1.0 (surrogates included).
ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_ESCAPE_RE = re.compile("_(x[0-9A-Fa-f]{4}_)")


class XmlShapeError(ValueError):
    """A part does not have the structure we expect."""


def local(qname: bytes) -> bytes:
    return qname.rsplit(b":", 1)[-1]


def unescape(s: str) -> str:
    def sub(m: re.Match[str]) -> str:
        g = m.group(1)
        if g[0] == "#":
            return chr(int(g[2:], 16) if g[1] in "xX" else int(g[1:]))
        return _ENTITIES[g]
    return ENTITY_RE.sub(sub, s)


def attrs(tag_attrs: bytes) -> dict[str, str]:
    """Attributes of a start tag (the attribute part, or the whole tag)."""
    out = {}
    for k, v1, v2 in ATTR_RE.findall(tag_attrs):
        v = (v1 or v2).decode("utf-8")
        out[k.decode("utf-8")] = unescape(v) if "&" in v else v
    return out


def clean_text(s: str) -> str:
    """Drop characters that XML 1.0 does not allow."""
    return ILLEGAL_XML_RE.sub("", s)


def escape_text(s: str) -> str:
    s = clean_text(s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(s: str) -> str:
    return (escape_text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def escape_cell_text(s: str) -> str:
    """Escape text for a cell; protect literal ``_xHHHH_`` from Excel's own unescaping."""
    return escape_text(EXCEL_ESCAPE_RE.sub(r"_x005F_\1", s))


def set_attr(tag: bytes, name: str, value: str) -> bytes:
    """Return start tag ``tag`` with attribute ``name`` set (replaced in place or appended)."""
    bname = name.encode()
    val = escape_attr(value).encode("utf-8")
    pat = re.compile(rb"(\s" + re.escape(bname) + rb"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    m = pat.search(tag)
    if m:
        return tag[:m.start(2)] + b'"' + val + b'"' + tag[m.end(2):]
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    while end > 0 and tag[end - 1:end].isspace():
        end -= 1
    return tag[:end] + b" " + bname + b'="' + val + b'"' + tag[end:]


def del_attr(tag: bytes, name: str) -> bytes:
    pat = re.compile(rb"\s" + re.escape(name.encode()) + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')")
    return pat.sub(b"", tag, count=1)


def root(xml: bytes) -> re.Match[bytes]:
    """The root element's start tag."""
    pos = 3 if xml.startswith(b"\xef\xbb\xbf") else 0
    while True:
        m = MISC_RE.match(xml, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = TAG_RE.match(xml, pos)
    if not m or m.group(1) or m.group(4):
        raise XmlShapeError("no root element")
    return m


def prefix_of(qname: bytes) -> bytes:
    """``b'x:'`` for ``b'x:worksheet'``, ``b''`` for ``b'worksheet'``."""
    return qname[:qname.index(b":") + 1] if b":" in qname else b""


def element_end(xml: bytes, start_tag: re.Match[bytes]) -> int:
    """End position of the element whose start tag is ``start_tag``."""
    if start_tag.group(4):
        return start_tag.end()
    q = re.escape(start_tag.group(2))
    pat = re.compile(rb"<(/?)" + q + rb"(?=[\s/>])")
    depth, pos = 1, start_tag.end()
    while True:
        m = pat.search(xml, pos)
        if not m:
            raise XmlShapeError(f"unclosed element {start_tag.group(2)!r}")
        tag = TAG_RE.match(xml, m.start())
        if not tag:
            raise XmlShapeError("malformed tag")
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(4):
            depth += 1
        pos = tag.end()


def children(xml: bytes, parent: re.Match[bytes]) -> tuple[list[tuple[bytes, re.Match[bytes], int]], int]:
    """Child elements of ``parent`` as (local name, start tag, end) and the parent's end-tag position."""
    out: list[tuple[bytes, re.Match[bytes], int]] = []
    pos = parent.end()
    while True:
        m = MISC_RE.match(xml, pos)
        if m and m.end() > pos:
            pos = m.end()
            continue
        if xml.startswith(b"<![CDATA[", pos):
            pos = xml.index(b"]]>", pos) + 3
            continue
        if xml.startswith(b"<", pos):
            tag = TAG_RE.match(xml, pos)
            if not tag:
                raise XmlShapeError("malformed tag")
            if tag.group(1):
                return out, pos
            end = element_end(xml, tag)
            out.append((local(tag.group(2)), tag, end))
            pos = end
            continue
        nxt = xml.find(b"<", pos)  # character data
        if nxt < 0:
            raise XmlShapeError("unclosed parent element")
        pos = nxt


def iter_tags(xml: bytes, local_name: bytes, start: int = 0, end: int | None = None) -> Iterator[re.Match[bytes]]:
    """Start tags (matches) of elements with this local name, any prefix."""
    pat = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?" + re.escape(local_name) + rb"(?=[\s/>])")
    end = len(xml) if end is None else end
    pos = start
    while True:
        m = pat.search(xml, pos, end)
        if not m:
            return
        tag = TAG_RE.match(xml, m.start())
        if not tag:
            raise XmlShapeError("malformed tag")
        yield tag
        pos = tag.end()

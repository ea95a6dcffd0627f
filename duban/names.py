"""Unit and leader names: normalising and matching against the registers."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Characters that print as nothing: zero-width space/joiners, marks, word joiner, BOM, soft hyphen.
INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e]")
_INVISIBLE_NAMES = {"\u200b": "零宽空格", "\ufeff": "BOM（零宽不换行空格）", "\u00a0": "不换行空格",
                    "\u00ad": "软连字符", "\u2060": "零宽连接符"}


def invisible_characters(s: str) -> list[str]:
    """The characters in `s` that look like nothing (or like a plain space), named for a message."""
    found = [ch for ch in dict.fromkeys(s) if INVISIBLE.match(ch) or ch == "\u00a0"]
    return [f"{_INVISIBLE_NAMES.get(ch, '不可见字符')} U+{ord(ch):04X}" for ch in found]


def without_invisible(s: str) -> str:
    """The text with zero-width characters and BOMs removed (no-break spaces made plain spaces)."""
    return INVISIBLE.sub("", s).replace("\u00a0", " ") if not s.isascii() else s
# Separators people use when they list several units in one cell.
UNIT_SEPARATORS = re.compile(r"[、,，;；/／\n]+")


@lru_cache(maxsize=65536)
def _normalise_text(text: str) -> str:
    return _SPACE.sub("", INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))


def normalise_name(s: object) -> str:
    """Fold full-width characters to half-width and drop every kind of space."""
    if s is None:
        return ""
    return _normalise_text(str(s))


# Spaces of every width, and full-width letters and digits (Chinese punctuation such as （） is correct).
_STRAY = re.compile(r"[\s\u3000\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]")


def has_stray_characters(s: str) -> bool:
    """True when the text carries spaces or full-width letters/digits."""
    return bool(s) and _STRAY.search(s) is not None


def clean_name(s: str) -> str:
    """The name with spaces and invisible characters removed and full-width letters/digits made
    half-width; punctuation kept."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\uFF10" <= ch <= "\uFF5A" else ch
                   for ch in _SPACE.sub("", INVISIBLE.sub("", s)))


YES_WORDS = frozenset({"是", "√", "✓", "✔", "☑", "✅", "参与", "参加"})
NO_WORDS = frozenset({"否", "×", "✗", "✘", "☒", "╳", "❌", "不参与", "不参加"})


def yes_no(s: str) -> bool | None:
    """A 是/否 cell as people mark it (√/× and ✓/✔ too); None when it is neither (or empty)."""
    s = without_invisible(s).strip()
    return True if s in YES_WORDS else False if s in NO_WORDS else None


def split_units(s: object) -> list[str]:
    """Split a cell listing several units ('区住建局、区城管局') into names."""
    if s is None:
        return []
    return list(_split(str(s)))


ALIAS_SEPARATORS = re.compile(r"[、,，;；/／\s]+")


def split_aliases(s: object) -> list[str]:
    """A 简称 cell holding several aliases ('城关、城关街道 城关办') -> each alias."""
    if s is None:
        return []
    return [p for p in ALIAS_SEPARATORS.split(str(s)) if p]


@lru_cache(maxsize=65536)
def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in UNIT_SEPARATORS.split(text) if p.strip())


# A unit's role written after its name: 区住建局（牵头）, 城关街道办事处(主办), 区城管局【配合】, or empty
# brackets. The one pattern for both uses: resolving a name drops it, unitwords.split_role reads the role.
LEAD_ROLES = ("牵头", "牵头单位", "主办", "主责", "负责", "责任单位")
CO_ROLES = ("配合", "配合单位", "协办", "协办单位", "协助")
ROLE_NOTE = re.compile(r"\s*[(（\[【]\s*(" + "|".join(LEAD_ROLES + CO_ROLES) + r")?\s*[)）\]】]\s*$")


_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SHEET_PREFIX = re.compile(r"^\d+[.、\-_．\s]*")
_SHEET_SUFFIX = re.compile(r"(重点工作|重点事项|督办|交办)?(事项|工作|任务)?(台账|清单|明细|表)?$")


class Register:
    """Known names (with optional short names) and how to find the closest one."""

    def __init__(self, names: Iterable[str], short: dict[str, str] | None = None,
                 key: Callable[[str], str] | None = None):
        """`key`: a last resort after exact, normalised and short names — two spellings with one key
        (住建局 and 区住房和城乡建设局 by the abbreviation table) name the same entry, when only one
        entry has that key; such a match counts as a short name."""
        self.names = [n for n in names if n]
        self._by_norm = {normalise_name(n): n for n in self.names}
        self._short = {normalise_name(k): v for k, v in (short or {}).items() if k}
        self._exact = set(self.names)
        self._cache: dict[str, tuple[str | None, str]] = {}
        self._key = key
        self._by_key: dict[str, str | None] = {}
        if key is not None:
            for spelling, name in [(n, n) for n in self.names] + list((short or {}).items()):
                k = key(spelling)
                if k:
                    self._by_key[k] = name if self._by_key.get(k, name) == name else None  # None: ambiguous

    def __contains__(self, name: str) -> bool:
        return name in self._exact

    def resolve(self, text: str) -> tuple[str | None, str]:
        """Return (canonical name, how) where how is exact|normalised|short|''."""
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache[text] = self._resolve(text)
        return hit

    def _resolve(self, text: str) -> tuple[str | None, str]:
        if text in self._exact:
            return text, "exact"
        key = normalise_name(text)
        if key in self._by_norm:
            return self._by_norm[key], "normalised"
        if key in self._short:
            return self._short[key], "short"
        bare = ROLE_NOTE.sub("", key)
        if bare != key and bare:
            hit, _how = self._resolve(bare)
            if hit is not None:
                return hit, "note"
        if self._key is not None and key:
            name = self._by_key.get(self._key(text))
            if name is not None:
                return name, "short"
        return None, ""

    def sheet_unit(self, title: str) -> str | None:
        """The unit a sheet is named after (its name, 简称 or an alias), else None. Numbering, a
        bracketed note and a 台账/事项/清单 suffix around the name are allowed: 1.城关街道台账,
        城关街道（10月）."""
        found = self.resolve(title.strip())[0]
        if found is None:
            bare = _SHEET_SUFFIX.sub("", _SHEET_PREFIX.sub("", _BRACKETED.sub("", title.strip())))
            found = self.resolve(bare)[0] if bare else None
        return found

    def closest(self, text: str) -> str | None:
        key = normalise_name(text)
        pool = list(self._by_norm) + list(self._short)
        match = difflib.get_close_matches(key, pool, n=1, cutoff=0.5)
        if not match:
            # Containment catches '城关街道办' -> '城关街道办事处'.
            match = [p for p in pool if key and (key in p or p in key)][:1]
        if not match:
            return None
        m = match[0]
        return self._by_norm.get(m) or self._short.get(m)

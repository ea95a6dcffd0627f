"""The 单位 register of NEW: every unit named anywhere in OLD, one row per unit.

Names are grouped by an alias key (spaces and full-width letters folded, the district prefix
and the 街道/办事处 endings dropped), so 住建局 and 区住建局, 城关街道 and 城关街道办事处
become one unit: its name is the register's (OLD's 单位 sheet) or else the longest spelling,
the others go to 简称. 组别 comes from OLD's register or is guessed from the name
(街道/办事处/乡/镇 -> 办事处, else 区直单位) and then marked 待确认.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.names import Register, normalise_name, split_aliases, split_units
from duban.read import params
from duban.unitwords import CO, LEAD, is_collective, office_stem, split_role, unit_key

_OFFICE_NAME = re.compile(r"街道|办事处|[乡镇](人民政府)?$")

CHECK_HEADER = "导入核对"  # the column of NEW's 单位 the office reviews
TO_CHECK = "待确认"


def alias_key(name: str, district: str = "") -> str:
    """The key two spellings of one unit share (duban.unitwords.unit_key)."""
    return unit_key(name, district)


_DISTRICT_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,4}?[区县])(?=[\u4e00-\u9fff]{2,})")


# A 区/县 name at the start of a ledger's title (after an optional year): 红旗县2026年重点工作督办台账,
# 2026年金水区督办台账, 郑州市金水区委督查室…; followed by a year or words that follow an office's name.
_TITLE_DISTRICT = [re.compile(r"^(?:\d{4}年度?)?([\u4e00-\u9fff]{1,6}?" + end + r")(?=\d{4}|年|委|人民政府|政府|督|重点|“)")
                   for end in ("[县区]", "[市旗]")]


def district_from_title(lines: list[str]) -> str:
    """The 区/县 a ledger's title names ('' if none does): the first title line that starts with one."""
    for line in lines:
        line = normalise_name(line)
        for pattern in _TITLE_DISTRICT:
            m = pattern.match(line)
            if m and not any(w in m[1] for w in ("街道", "社区", "园区", "小区")):
                return m[1]
    return ""


def infer_district(cells: list[str]) -> str:
    """The 区/县 name units carry as a prefix (金水区住建局, 金水区财政局 -> 金水区), when two or more
    different units carry the same one; '' otherwise."""
    seen: dict[str, set[str]] = {}
    for cell in cells:
        for name in split_units(cell):
            m = _DISTRICT_PREFIX.match(normalise_name(name))
            if m:
                seen.setdefault(m[1], set()).add(normalise_name(name))
    best = max(seen.items(), key=lambda kv: (len(kv[1]), kv[0]), default=("", set()))
    return best[0] if len(best[1]) >= 2 else ""


def guess_group(name: str) -> str:
    key = normalise_name(name)
    return params.OFFICE if _OFFICE_NAME.search(key) or office_stem(key) else params.DEPARTMENT


@dataclass
class UnitEntry:
    name: str
    spellings: list[str] = field(default_factory=list)   # every way OLD writes it, first seen first
    group: str = ""
    basis: str = ""            # 原单位表 | 按名称猜测 | 原单位表组别“…”无法识别，按名称猜测
    registered: bool = False   # on OLD's 单位 sheet
    evaluated: bool = True     # 参与考评 of a unit OLD's register does not have
    row: list = field(default_factory=list)  # OLD's 单位 row, schema order (when registered)

    @property
    def aliases(self) -> list[str]:
        return [s for s in self.spellings if s != self.name]

    @property
    def to_check(self) -> bool:
        return not self.basis.startswith("原单位表") or "猜测" in self.basis


class UnitRegister:
    """Collects unit names; `canonical(text)` is the name NEW writes for a spelling."""

    def __init__(self, district: str = ""):
        self.district = district
        self.entries: list[UnitEntry] = []
        self._by_key: dict[str, UnitEntry] = {}

    def _entry(self, spelling: str) -> UnitEntry:
        key = alias_key(spelling, self.district)
        entry = self._by_key.get(key)
        if entry is None:
            entry = self._by_key[key] = UnitEntry(spelling)
            self.entries.append(entry)
        if spelling not in entry.spellings:
            entry.spellings.append(spelling)
        return entry

    def register(self, name: str, short: str, group: str | None, row: list, group_word: str) -> None:
        """A row of OLD's 单位 sheet: its name is the unit's name."""
        name = name.strip()
        entry = self._entry(name)
        for alias in split_aliases(short):
            self._by_key.setdefault(alias_key(alias, self.district), entry)
            if alias not in entry.spellings:
                entry.spellings.append(alias)
        entry.name, entry.registered, entry.row = name, True, row
        if group:
            entry.group, entry.basis = group, "原单位表"
        else:
            entry.group = guess_group(name)
            entry.basis = f"原单位表组别“{group_word}”无法识别，按名称猜测" if group_word else "原单位表未填组别，按名称猜测"

    def note(self, cell_text: str) -> None:
        """A cell naming one or more units (牵头单位, 配合单位, 责任单位, 单位)."""
        for part in split_units(cell_text):
            name = split_role(part)[0]
            if name and not is_collective(name):  # 各街道办事处, 区直各单位: several units, never one
                self._entry(name)

    def settle(self) -> None:
        """Choose names and groups of units not on OLD's register. Where OLD has a register, a name
        not on it is more likely a slip than a unit: it is kept out of the ranking (参与考评 否)."""
        registered = [e.name for e in self.entries if e.registered]
        known = Register(registered, {a: e.name for e in self.entries if e.registered for a in e.aliases})
        for e in self.entries:
            if e.registered:
                continue
            e.name = max(e.spellings, key=lambda s: (len(normalise_name(s)), -e.spellings.index(s)))
            e.name = "".join(e.name.split())
            e.group, e.basis = guess_group(e.name), "按名称猜测"
            if registered:
                close = known.closest(e.name)
                e.evaluated = False
                e.basis = (f"原单位表中没有（{'是否为“' + close + '”？' if close else '可能是笔误'}），"
                           "组别按名称猜测，暂不参与考评")

    def canonical(self, text: str) -> str:
        """A cell naming units, with every unit written as its register name (separators kept as 、)."""
        return "、".join(self.lead_and_co(text)[0])

    def lead_and_co(self, text: str) -> tuple[list[str], list[str]]:
        """The units a cell names, as register names: those marked （牵头） first, then the unmarked, in
        order; and those marked （配合）/（协办）."""
        parsed = [split_role(p) for p in split_units(text)]
        named = {role: [self._name(n) for n, r in parsed if r == role and n] for role in (LEAD, "", CO)}
        return named[LEAD] + named[""], named[CO]

    def _name(self, spelling: str) -> str:
        entry = self._by_key.get(alias_key(spelling, self.district))
        return entry.name if entry else spelling

    def merges(self) -> list[UnitEntry]:
        return [e for e in self.entries if e.aliases]

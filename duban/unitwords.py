"""Words for units that are not a unit's registered name: standard department abbreviations and
collective names.

ABBREVIATIONS: the short names offices write for district departments (住建局, 发改委, 卫健委 …),
each with the full names it stands for; `unit_key` folds every spelling of one unit to one key,
so 住建局 = 区住建局 = 区住房和城乡建设局 and 发改局 = 发改委 = 区发展和改革委员会. An office extends
the table for its own units with 单位.简称 (which wins: it is read before this table).

COLLECTIVE: 各街道办事处, 各镇, 区直各单位, 相关单位 … name a set of units, never one unit.
"""

from __future__ import annotations

import re

from duban.names import LEAD_ROLES, ROLE_NOTE, normalise_name

# full name (without the 区/县 prefix) -> the abbreviations and other full names of the same department.
# The first name is the key every spelling folds to.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "住房和城乡建设局": ("住建局", "住房城乡建设局"),
    "发展和改革委员会": ("发改委", "发改局", "发展和改革局", "发展改革委", "发展改革局"),
    "卫生健康委员会": ("卫健委", "卫健局", "卫生健康局", "卫生和健康委员会", "卫生和计划生育委员会", "卫计委", "卫计局"),
    "人力资源和社会保障局": ("人社局", "人力资源社会保障局", "人力社保局"),
    "市场监督管理局": ("市场监管局", "市监局", "市场监管管理局"),
    "自然资源局": ("自然资源和规划局", "自然资源规划局", "自规局", "资规局", "国土资源局", "国土局"),
    "生态环境局": ("生态环境分局", "环保局", "环境保护局"),
    "农业农村局": ("农业农村和水利局", "农水局", "农业局", "农委", "农业农村委员会"),
    "文化广电和旅游局": ("文旅局", "文化和旅游局", "文化旅游局", "文化广电旅游局", "文广旅局", "文广新旅局",
                         "文化广电体育和旅游局", "文广体旅局"),
    "应急管理局": ("应急局",),
    "医疗保障局": ("医保局",),
    "退役军人事务局": ("退役军人局", "退役军人服务局"),
    "教育体育局": ("教体局", "教育和体育局"),
    "交通运输局": ("交通局", "交运局"),
    "水利局": ("水务局", "水利和湖泊局"),
    "商务局": ("商务和投资促进局", "商务和粮食局"),
    "统计局": (),
    "民政局": (),
    "司法局": (),
    "财政局": (),
    "审计局": (),
    "城市管理局": ("城管局", "城市管理综合执法局", "城市管理和综合执法局", "城市管理行政执法局", "城管执法局"),
    "工业和信息化局": ("工信局", "工业和信息化委员会", "工信委", "经济和信息化局", "经信局", "经信委"),
    "科学技术局": ("科技局", "科学技术和工业信息化局", "科工信局"),
    "行政审批服务局": ("行政审批局", "审批局", "行政审批和政务信息管理局"),
    "政务服务和大数据管理局": ("大数据局", "政数局", "数据局", "政务服务管理局", "政务服务局"),
    "住房保障和房产管理局": ("房管局", "房产管理局", "房屋管理局", "住房保障和房屋管理局"),
    "国有资产监督管理委员会": ("国资委", "国资局"),
    "机关事务管理局": ("机关事务局", "机关事务服务中心"),
    "林业局": ("林业和园林局", "园林局", "林业和草原局"),
    "信访局": ("信访办", "信访事务中心"),
    "人民防空办公室": ("人防办",),
    "人民政府办公室": ("政府办", "区政府办", "政府办公室"),
    "公安分局": ("公安局",),
    "税务局": ("税务分局",),
}

_BY_SPELLING: dict[str, str] = {}
for _full, _others in ABBREVIATIONS.items():
    for _spelling in (_full, *_others):
        _BY_SPELLING.setdefault(normalise_name(_spelling), normalise_name(_full))

# 各街道办事处, 各镇, 区直各单位, 各有关单位, 相关部门 …: a word for several units, possibly behind a
# 全区/区直 prefix. No unit's own name begins with 各, 相关 or 有关.
_COLLECTIVE = re.compile(r"^(全区|全县|区直|县直|区属|全市)?(各|相关|有关|所有|其他|其它)")
_COLLECTIVE_WORDS = {"镇街", "乡镇", "街道", "镇（街道）", "乡镇（街道）", "街道（乡镇）", "区直单位", "区直部门",
                     "区直机关", "全区", "成员单位", "责任单位", "各级"}


def is_collective(name: str) -> bool:
    """Does the name stand for several units (各街道办事处, 各镇, 区直各单位, 相关单位)?"""
    key = normalise_name(name)
    return bool(key) and (key in _COLLECTIVE_WORDS or _COLLECTIVE.match(key) is not None)


def strip_district(name: str, district: str = "") -> str:
    """The name without its district prefix: the given 区县名称, else 区/县 (区住建局 -> 住建局)."""
    key = normalise_name(name)
    for prefix in (normalise_name(district), "区", "县"):
        if prefix and key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix):]
    return key


_OFFICE_ENDING = re.compile(r"(街道办事处|街道办|街道|办事处)$")
_TOWN_ENDING = re.compile(r"人民政府$")
# …办 of a department (征迁办, 政府办): never read as a 街道办 (城关办 = 城关街道办事处).
DEPARTMENT_BAN = frozenset(["征迁", "政府", "人防", "信访", "督查", "创建", "爱卫", "扶贫", "文明", "国动", "改革", "金融", "外事", "法制", "应急", "招商", "棚改", "拆迁", "城改", "综治", "维稳", "防汛", "考评", "目标", "网信", "保密", "区委", "县委", "人大", "政协", "党委", "纪委", "督导", "巡察", "营商", "创文", "创卫", "项目", "重点", "征收", "房改", "老龄", "残工", "妇儿", "双拥", "政务", "安委", "食安", "河长", "林长", "防指", "禁毒", "消防", "编委", "党建", "治超", "质量", "民宗", "侨务", "台务", "机要", "综合", "秘书", "督考", "农村", "合作", "物业", "城建", "环保", "商务", "旅游", "教育", "工业", "农业", "社区", "园区", "开发"])


def office_stem(key: str) -> str | None:
    """The place of a 街道办事处 written short (城关街道办事处, 城关街道, 城关办 -> 城关), or None."""
    stripped = _OFFICE_ENDING.sub("", key)
    if stripped != key and len(stripped) >= 2:
        return stripped
    if len(key) == 3 and key.endswith("办") and key[:2] not in DEPARTMENT_BAN:
        return key[:2]
    return None


def unit_key(name: str, district: str = "") -> str:
    """The key every spelling of one unit shares: spaces and full-width letters folded, the district
    prefix dropped, a 街道办事处 by its place (城关办 = 城关街道 = 城关街道办事处 -> 城关), a town without
    人民政府, a department by the built-in abbreviation table (住建局 = 区住房和城乡建设局)."""
    key = strip_district(name, district)
    stem = office_stem(key)
    if stem is not None:
        return stem
    key = _TOWN_ENDING.sub("", key)
    return _BY_SPELLING.get(key, key)


LEAD, CO = "lead", "co"


def split_role(part: str) -> tuple[str, str]:
    """(unit name, LEAD | CO | '') of one entry of a unit list: 区住建局（牵头） -> (区住建局, LEAD)."""
    m = ROLE_NOTE.search(part)
    if m is None or m[1] is None:
        return part, ""
    return part[:m.start()].strip(), LEAD if m[1] in LEAD_ROLES else CO

"""NEW's 参数 sheet: the template's blocks, carrying OLD's settings (when OLD has a 参数 sheet)
and the office's own words registered while adopting. Blocks keep the template's rows so the
dropdown names keep pointing at them; a block that outgrows its spare rows is reported."""

from __future__ import annotations

from typing import Any

from duban.model import text
from duban.read import params


def _n(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _list_rows(s: params.Settings) -> dict[str, list[list[Any]]]:
    yes = {True: "是", False: "否"}
    return {
        params.GROUPS: [[g.name, g.reward_slots, g.statement_slots] for g in s.groups.values()],
        params.REWARDS: [[g.name, rank, _n(amount)] for g in s.groups.values()
                         for rank, amount in sorted(g.rewards.items())],
        params.GRADES: [[k, _n(v)] for k, v in s.grades.items()],
        params.WEIGHTS: [[k, _n(v)] for k, v in s.weights.items()],
        params.STATUS: [[k, yes[v]] for k, v in s.status_done.items()],
        params.REVIEW_STATUS: [[k, yes[v]] for k, v in s.review_done.items()],
        params.ITEM_CATEGORIES: [[c] for c in s.item_categories],
        params.REVIEW_CATEGORIES: [[c] for c in s.review_categories],
        params.COLUMN_NAMES: [],      # NEW carries the standard headers
        params.EXCLUDED_SHEETS: [],   # and no sheet to leave out
    }


def basic_values(old_grid: list[list[Any]] | None) -> dict[str, Any]:
    """Settings typed in OLD's 【基本设置】 (key in column A, value in column B)."""
    out: dict[str, Any] = {}
    legacy: list[Any] = []
    for row in old_grid or ():
        if len(row) > 1 and text(row[0]) in params.BASIC_KEYS and text(row[1]):
            out[text(row[0])] = row[1]
        elif len(row) > 1 and text(row[0]) in params.LEGACY_SIGNATURE_KEYS and text(row[1]):
            legacy.append(row[1])     # 督办机构 / 通报落款 of an earlier template: NEW has one 署名
    if legacy and params.SIGNATURE_KEY not in out:
        out[params.SIGNATURE_KEY] = legacy[0]
    return out


def params_rows(settings: params.Settings, basic: dict[str, Any]) -> tuple[list[list[Any]], list[str]]:
    """(rows of NEW's 参数, blocks that outgrew the template's rows)."""
    lists = _list_rows(settings)
    rows: list[list[Any]] = []
    overflow: list[str] = []
    for title, (header, defaults) in params.DEFAULT_BLOCKS.items():
        rows.append([f"【{title}】"])
        rows.append(list(header))
        if title == params.BASIC:
            rows.extend([k, basic.get(k, v), note] for k, (v, note) in params.BASIC_KEYS.items())
        else:
            data = lists.get(title, [list(r) for r in defaults])
            room = len(defaults) + params.SPARE_ROWS
            if len(data) > room:
                overflow.append(title)
            rows.extend(data)
            rows.extend([] for _ in range(max(0, room - len(data))))
        rows.append([])
    return rows, overflow

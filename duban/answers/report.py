"""The collect report as plain rows and lines, for the terminal (rich tables) and Excel (a message box)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.answers.checks import NOT_APPLIED, REJECTED, STALE
from duban.answers.collect import CollectPlan
from duban.model import text
from duban.read import answer_record as R


def show(v: Any) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return text(v) or "（空）"


def file_rows(plan: CollectPlan) -> list[tuple[str, str, str, str, str]]:
    """(文件, 单位, 行数, 更新, 未采用) per answer file read."""
    out = []
    for f in plan.files:
        changes = sum(1 for c in plan.changes if c.file == f.name)
        rejected = sum(1 for n in plan.notices if n.file == f.name and n.level in NOT_APPLIED)
        out.append((f.name, f.unit, str(len(f.rows)), str(changes), str(rejected)))
    return out


def change_rows(plan: CollectPlan) -> list[tuple[str, str, str, str, str]]:
    """(编号, 字段, 原值, 新值, 来源) per change."""
    return [(c.item_id, c.field, show(c.old), show(c.new), c.source) for c in plan.changes]


def notice_lines(plan: CollectPlan) -> list[str]:
    """One line per notice, rejections first: 【类别】位置，编号 X：问题。处理建议"""
    order = sorted(plan.notices, key=lambda n: (n.level == "提示", n.level != REJECTED, n.file, n.row or 0))
    out = []
    for n in order:
        ident = f"，编号 {n.item_id}" if n.item_id else ""
        line = f"【{n.level}】{n.where}{ident}：{n.message}。"
        if n.level == R.HELD:
            line += "".join(f"{name}：下发时“{show(s)}”，台账现为“{show(c)}”，答卷填“{show(a)}”。"
                            for name, (s, c, a) in n.values.items())
        if n.suggestion:
            line += n.suggestion.rstrip("。") + "。"
        out.append(line)
    return out


def headline(plan: CollectPlan) -> list[str]:
    lines = [f"共读取答卷 {len(plan.files)} 份，更新“周交办” {len(plan.changes)} 处"
             + (f"，拒收 {plan.rejected} 处（见问题清单）" if plan.rejected else "") + "。"]
    held = [(plan.count(k), k) for k in (R.CONFLICT, R.HELD, STALE) if plan.count(k)]
    if held:
        lines.append("未采用、待督查室处理：" + "，".join(f"{k} {n} 处" for n, k in held)
                     + f"（三方的值和日期见问题清单和台账“{R.SUMMARY_TITLE}”表）。")
    if plan.missing_units:
        lines.append(f"未交答卷的单位（{len(plan.missing_units)} 个）：" + "、".join(plan.missing_units)
                     + "。请督促其交回。")
    if plan.unchanged_units:
        lines.append("已交回但与台账相比没有变化的单位：" + "、".join(plan.unchanged_units) + "。")
    return lines


def summary_text(plan: CollectPlan, limit: int = 15) -> str:
    """Plain text for a message box: the headline and the first problems."""
    lines = headline(plan)
    notices = notice_lines(plan)
    if notices:
        lines += ["", "问题清单："] + notices[:limit]
        if len(notices) > limit:
            lines.append(f"……另有 {len(notices) - limit} 条，完整清单请在命令行运行 duban collect 查看")
    return "\n".join(lines)

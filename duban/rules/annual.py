"""Annual rollup (年度汇总): monthly scores, regular assessment, counts and rank."""

from __future__ import annotations

from dataclasses import dataclass

from duban.model import Ledger
from duban.rules.evaluate import Evaluation
from duban.rules.ranking import REWARD, STATEMENT, competition_ranks
from duban.rules.scoring import round_half_up


@dataclass
class AnnualRow:
    unit: str
    group: str
    scores: dict[int, float | None]   # month number -> 综合得分
    regular: float | None             # 平时考核成绩 (mean of the monthly scores)
    rewards: int
    statements: int
    accountability: int
    rank: int | None
    evaluated: bool


def annual_rows(ledger: Ledger, ev: Evaluation) -> list[AnnualRow]:
    year = ledger.year
    months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    started = {(a.unit, a.month) for a in ev.accountability if a.counts}
    month_rows = {(r.month, r.unit): r for res in ev.results.values() for r in res.rows}
    rows = []
    for u in sorted(ledger.units, key=lambda u: (u.group, u.order)):
        scores: dict[int, float | None] = {}
        rewards = statements = 0
        for i, m in enumerate(months, start=1):
            st = ev.standing(m).get(u.name)
            um = month_rows.get((m, u.name))
            scores[i] = st.score if st else (um.score if um and um.evaluated else None)
            if st:
                rewards += REWARD in st.outcomes
                statements += STATEMENT in st.outcomes
        got = [s for s in scores.values() if s is not None]
        regular = round_half_up(sum(got) / len(got)) if got and u.evaluated else None
        accountability = sum(1 for m in months if (u.name, m) in started)
        rows.append(AnnualRow(u.name, u.group, scores, regular, rewards, statements, accountability, None, u.evaluated))
    for group in {r.group for r in rows}:
        ranked = [r for r in rows if r.group == group and r.regular is not None]
        for r, k in zip(ranked, competition_ranks([r.regular for r in ranked])):
            r.rank = k
    return rows

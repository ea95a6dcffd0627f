"""Ranking within a group and the outcomes of SPEC §3: 奖励, 表态发言, 末位."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

REWARD, STATEMENT, LAST = "奖励", "表态发言", "末位"
NONE = "—"


def competition_ranks(values: Sequence[Any]) -> list[int]:
    """Descending '1224' ranks: equal values share a rank, the next rank is skipped."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
    ranks = [0] * len(values)
    for pos, i in enumerate(order):
        if pos and values[i] == values[order[pos - 1]]:
            ranks[i] = ranks[order[pos - 1]]
        else:
            ranks[i] = pos + 1
    return ranks


def rank_key(score: float, on_time_rate: float | None, done_rate: float | None) -> tuple[float, float, float]:
    """综合得分, then 按时率, then 办结率 (rates rounded to 2 decimals; a missing rate sorts last)."""
    from duban.rules.scoring import round_half_up
    low = float("-inf")
    return (
        score,
        low if on_time_rate is None else round_half_up(on_time_rate),
        low if done_rate is None else round_half_up(done_rate),
    )


@dataclass
class Placed:
    unit: str
    rank: int
    outcomes: list[str] = field(default_factory=list)
    reward: float = 0.0

    @property
    def result(self) -> str:
        return "、".join(self.outcomes) if self.outcomes else NONE


def place(keys: dict[str, tuple[float, float, float]], reward_slots: int, statement_slots: int,
          rewards: dict[int, float] | None = None) -> list[Placed]:
    """Rank units by key and mark outcomes. Returned in rank order, ties by unit order given.

    奖励: fewer than `reward_slots` units strictly above. 表态发言: fewer than
    `statement_slots` units strictly below, not rewarded. 末位: no unit strictly
    below, not rewarded (a group where everyone ties has no last place).
    """
    units = list(keys)
    values = [keys[u] for u in units]
    ranks = competition_ranks(values)
    n = len(units)
    placed = []
    for u, v, r in zip(units, values, ranks):
        above = r - 1
        below = sum(1 for w in values if w < v)
        p = Placed(u, r)
        if above < reward_slots:
            p.outcomes.append(REWARD)
            p.reward = (rewards or {}).get(r, 0.0)
        else:
            if below < statement_slots:
                p.outcomes.append(STATEMENT)
            if below == 0:
                p.outcomes.append(LAST)
        placed.append(p)
    order = sorted(range(n), key=lambda i: ranks[i])
    return [placed[i] for i in order]

"""Monthly evaluation: scores, group rankings, outcomes, history and accountability (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from duban.dates import add_months, month_bounds, month_of
from duban.findings import WARNING, Finding
from duban.model import HistoryRow, Item, Ledger
from duban.names import split_units
from duban.rules.answer_weeks import Discipline, count_weeks
from duban.rules.closure import closure_applies
from duban.rules.extensions import extension_count, recorded, scoring_deadline
from duban.rules.ranking import LAST, REWARD, STATEMENT, Placed, place, rank_key
from duban.rules.scoring import (
    DONE_RATE,
    ON_TIME_RATE,
    QUALITY,
    ScoreItem,
    UnitMonth,
    base_score,
    clip,
    month_counts,
    round_half_up,
)

DRAFT, PUBLISHED = "草稿", "已发布"
START_ACCOUNTABILITY, EARLY_WARNING = "启动问责程序", "预警"
NOT_RANKED = "不参与排名"
NOT_EVALUATED = "不参与考评"


@dataclass(frozen=True)
class Standing:
    """A unit's place in one month, from a computation or from 历史排名."""

    group: str
    rank: int | None
    score: float | None
    outcomes: tuple[str, ...] = ()
    reward: float = 0.0

    @property
    def is_last(self) -> bool:
        return LAST in self.outcomes

    @property
    def result(self) -> str:
        return "、".join(self.outcomes) if self.outcomes else "—"


@dataclass
class MonthResult:
    month: str
    rows: list[UnitMonth]
    placed: dict[str, list[Placed]]
    published: bool = False
    standings: dict[str, Standing] = field(default_factory=dict)   # what counts (published rows win)
    computed: dict[str, Standing] = field(default_factory=dict)    # what the data give now


@dataclass
class Accountability:
    unit: str
    group: str
    month: str
    run: int
    advice: str
    counts: bool = False   # a 问责 (the ladder's rung says so), not only a warning


@dataclass
class Evaluation:
    month: str
    months: list[str]
    results: dict[str, MonthResult]
    history_rows: list[list[Any]]          # rows of 历史排名 to write (without header)
    accountability: list[Accountability]
    findings: list[Finding]
    excluded_items: int
    excluded_adjustments: int
    past: dict[str, dict[str, Standing]] = field(default_factory=dict)  # 历史排名 months, by month
    left_out: dict[str, int] = field(default_factory=dict)  # unit -> its items left out of the scores
    left_items: frozenset[Where] = frozenset()  # (sheet, row) of the items left out of the scores
    discipline: Discipline | None = None  # 漏报/迟报 weeks when 参数 答卷纪律考核 is 是
    # (month, unit) -> 延期次数 of its 应办结 items; None when the ledger records no extensions
    extensions: dict[tuple[str, str], float] | None = None

    def standing(self, month: str) -> dict[str, Standing]:
        """The standings that count for a month: computed (or published) ones, else 历史排名's."""
        if month in self.results:
            return self.results[month].standings
        return self.past.get(month, {})


# Fields the score reads: an error in one of them leaves the item out (SPEC §3); an error in the
# grade leaves out only the grade; errors elsewhere (事项类别, 配合单位, 交办领导 …) leave the item in.
SCORE_FIELDS = frozenset({"lead_unit", "deadline", "adjusted_deadline", "status", "completed", "duplicate"})
ADJUSTMENT_FIELDS = frozenset({"month", "unit", "points"})
Where = tuple[str, int]  # (sheet title, zero-based row)


def error_places(findings: list[Finding], fields: frozenset[str]) -> set[Where]:
    """(sheet, row) of every error on one of `fields`."""
    out = set()
    for f in findings:
        if f.is_error and f.name in fields and f.row is not None:
            out.add((f.sheet, f.row - 1))
    return out


def score_items(ledger: Ledger, excluded: set[Where], bad_grades: set[Where] | frozenset[Where] = frozenset()) -> list[ScoreItem]:
    """Items the score counts, as rows for month_counts(): not left out, with a lead unit and a
    deadline (长期 items have none: never due, never overdue)."""
    done = ledger.settings.done_status
    grades = ledger.settings.grades
    co_weight = ledger.settings.co_weight
    closure = closure_applies(ledger)   # 办结以销号为准: done from 销号日期 on
    rows = []
    for it, unit, deadline in _scored_items(ledger, excluded):
        where = (it.sheet, it.row)
        grade = None if where in bad_grades else grades.get(it.grade)
        row = ScoreItem(unit, deadline, it.status in done and (not closure or it.closed is not None),
                        it.completed, None if grade is None else float(grade), closed=it.closed if closure else None)
        rows.append(row)
        if co_weight > 0:
            rows += [row._replace(unit=co, weight=co_weight) for co in cooperating_units(ledger, it)]
    return rows


def _scored_items(ledger: Ledger, excluded: set[Where]) -> Iterator[tuple[Item, str, dt.date]]:
    """(item, its lead unit, the deadline it scores against) for each item the score counts."""
    late_original = ledger.settings.late_extension_original
    for it in ledger.items:
        deadline = scoring_deadline(it, late_original)
        if (it.sheet, it.row) in excluded or not it.lead_unit or not deadline or it.long_term:
            continue
        yield it, it.lead_unit, deadline


def extensions_by(ledger: Ledger, excluded: set[Where], months: list[str]) -> dict[tuple[str, str], float] | None:
    """(month, lead unit) -> the 延期次数 of the unit's 应办结 items of the month; None when the ledger
    records no extensions (月考评 then has no 延期次数 column). Counted with month_counts, each item
    weighted by its 延期次数."""
    if not recorded(ledger):
        return None
    done = ledger.settings.done_status
    extended = [ScoreItem(unit, deadline, it.status in done, it.completed, None, n)
                for it, unit, deadline in _scored_items(ledger, excluded) if (n := extension_count(it))]
    return {(m, unit): c.due for m in months
            for unit, c in month_counts(extended, *month_bounds(m)).items()}


def cooperating_units(ledger: Ledger, it: Item) -> list[str]:
    """The registered units named in an item's 配合单位, once each, without its lead unit
    (an unknown name is a validation error and credits nobody)."""
    out: list[str] = []
    for name in split_units(it.co_raw):
        unit = ledger.unit_register.resolve(name)[0]
        if unit and unit != it.lead_unit and unit not in out:
            out.append(unit)
    return out


def adjustments_by(ledger: Ledger, excluded: set[Where]) -> dict[tuple[str, str], float]:
    title = ledger.tables["adjustments"].title
    out: dict[tuple[str, str], float] = {}
    for a in ledger.adjustments:
        if (title, a.row) in excluded or not a.unit or not a.month or a.points is None:
            continue
        out[(a.unit, a.month)] = out.get((a.unit, a.month), 0.0) + a.points
    return out


def months_to_compute(ledger: Ledger, month: str, excluded: set[Where]) -> list[str]:
    """From the ledger's first month with assigned items, but not before January of the
    ledger's year (earlier months belong to last year's ledger and come from 历史排名),
    up to the evaluated month."""
    firsts = [day for it in ledger.items
              if (day := it.assigned or it.effective_deadline) and (it.sheet, it.row) not in excluded]
    first = month_of(min(firsts)) if firsts else month
    first = max(first, f"{ledger.year:04d}-01")
    if first > month:
        first = month
    out = [first]
    while out[-1] < month:
        out.append(add_months(out[-1], 1))
    return out


def score_month(ledger: Ledger, scored: list[ScoreItem], adjustments: dict[tuple[str, str], float], month: str,
                discipline: Discipline | None = None) -> list[UnitMonth]:
    start, end = month_bounds(month)
    counts = month_counts(scored, start, end)
    s = ledger.settings
    rows = []
    for u in sorted(ledger.units, key=lambda u: (u.group, u.order)):
        c = counts.get(u.name)
        due, done, on_time, overdue, quality = c if c else (0, 0, 0, 0, None)
        done_rate = 100.0 * done / due if due else None
        on_time_rate = 100.0 * on_time / due if due else None
        base = base_score({DONE_RATE: done_rate, ON_TIME_RATE: on_time_rate, QUALITY: quality}, s.weights)
        missed, late = discipline.weeks(u.name, month) if discipline else (None, None)
        # 漏报/迟报 deductions join the month's 加减分 before the cap (one sum, one clip)
        deduction = (missed or 0) * s.missed_points + (late or 0) * s.late_points
        adj = clip(adjustments.get((u.name, month), 0.0) - deduction, s.adjustment_cap)
        score = round_half_up(base + adj) if base is not None else None
        note = ""
        if not u.evaluated:
            note = "该单位不参与考评"
        elif base is None:
            note = "本月无应办结事项，也无点评等次，不参与排名"
        rows.append(UnitMonth(month, u.name, u.group, due, done, on_time, overdue,
                              round_half_up(done_rate), round_half_up(on_time_rate), round_half_up(quality),
                              round_half_up(adj), score, u.evaluated and score is not None, note, u.evaluated,
                              missed, late))
    return rows


def rank_month(ledger: Ledger, rows: list[UnitMonth]) -> dict[str, list[Placed]]:
    placed: dict[str, list[Placed]] = {}
    for group, rule in ledger.settings.groups.items():
        keys = {r.unit: rank_key(r.score, r.on_time_rate, r.done_rate)
                for r in rows if r.group == group and r.evaluated and r.score is not None}
        placed[group] = place(keys, rule.reward_slots, rule.statement_slots, rule.rewards)
    return placed


def standings_from_placed(rows: list[UnitMonth], placed: dict[str, list[Placed]]) -> dict[str, Standing]:
    score = {r.unit: r.score for r in rows}
    return {p.unit: Standing(g, p.rank, score[p.unit], tuple(p.outcomes), p.reward)
            for g, ps in placed.items() for p in ps}


def standings_from_history(rows: list[HistoryRow]) -> dict[str, Standing]:
    return {h.unit: Standing(h.group, h.rank, h.score, tuple(o for o in h.result.split("、") if o and o != "—"))
            for h in rows}


def evaluate(ledger: Ledger, month: str, findings: list[Finding], today: dt.date) -> Evaluation:
    item_errors = error_places(findings, SCORE_FIELDS)
    adj_errors = error_places(findings, ADJUSTMENT_FIELDS)
    scored = score_items(ledger, item_errors, error_places(findings, frozenset({"grade"})))
    adjustments = adjustments_by(ledger, adj_errors)
    months = months_to_compute(ledger, month, item_errors)
    discipline = count_weeks(ledger, months, item_errors, today) if ledger.settings.answer_discipline else None
    left = [it for it in ledger.items if (it.sheet, it.row) in item_errors]
    left_out: dict[str, int] = {}
    for it in left:
        if it.lead_unit:
            left_out[it.lead_unit] = left_out.get(it.lead_unit, 0) + 1

    history_by_month: dict[str, list[HistoryRow]] = {}
    for h in ledger.history:
        history_by_month.setdefault(h.month, []).append(h)
    past = {m: standings_from_history(rows) for m, rows in history_by_month.items()}

    results: dict[str, MonthResult] = {}
    notes: list[Finding] = []
    for m in months:
        rows = score_month(ledger, scored, adjustments, m, discipline)
        placed = rank_month(ledger, rows)
        computed = standings_from_placed(rows, placed)
        hist = history_by_month.get(m, [])
        # A month with any 已发布 row counts as published: none of its rows is rewritten.
        published = any(h.state == PUBLISHED for h in hist)
        standings = past[m] if published else computed
        if published:
            notes += _differences(m, standings, computed)
        results[m] = MonthResult(m, rows, placed, published, standings, computed)

    def standing_of(unit: str, m: str) -> Standing | None:
        return (results[m].standings if m in results else past.get(m, {})).get(unit)

    accountability = []
    for m in months:
        for unit, st in sorted(results[m].standings.items(), key=lambda kv: (kv[1].group, kv[1].rank or 0)):
            if not st.is_last:
                continue
            run, prev = 1, add_months(m, -1)
            while (p := standing_of(unit, prev)) is not None and p.is_last:
                run += 1
                prev = add_months(prev, -1)
            step = ledger.settings.ladder_step(run)
            if step is not None:
                accountability.append(Accountability(unit, st.group, m, run, step.measure, step.counts))

    history_rows = _history_rows(ledger.history, results)
    adj_title = ledger.tables["adjustments"].title
    return Evaluation(month, months, results, history_rows, accountability,
                      notes + (discipline.findings if discipline else []), len(left),
                      len({(adj_title, a.row) for a in ledger.adjustments} & adj_errors), past, left_out,
                      frozenset((it.sheet, it.row) for it in left), discipline,
                      extensions_by(ledger, item_errors, months))


def _differences(month: str, published: dict[str, Standing], computed: dict[str, Standing]) -> list[Finding]:
    out = []
    for unit in sorted(set(published) | set(computed)):
        p, c = published.get(unit), computed.get(unit)
        if p is None or c is None or p.rank != c.rank or p.score != c.score:
            before = f"第 {p.rank} 名 {p.score}" if p else "未列入"
            now = f"第 {c.rank} 名 {c.score}" if c else "不参与排名"
            out.append(Finding("published-rank-changed", WARNING, "历史排名", None, None, "月份",
                               f"{month} 已发布，{unit} 已发布为{before}，按现有数据重算为{now}",
                               "已发布的排名不会被改动；如需更正，请把该月状态改为“草稿”后重算"))
    return out


def _history_rows(existing: list[HistoryRow], results: dict[str, MonthResult]) -> list[list[Any]]:
    """Keep rows of other months and published months; replace drafts of computed months."""
    keep = [h for h in existing if h.month not in results or results[h.month].published]
    rows: list[list[Any]] = [[h.month, h.group, h.rank, h.unit, h.score, h.result, h.state] for h in keep]
    for m, res in results.items():
        if res.published:
            continue
        for group, ps in res.placed.items():
            for p in ps:
                rows.append([m, group, p.rank, p.unit, res.standings[p.unit].score, p.result, DRAFT])
    group_order = {g: i for i, g in enumerate(sorted({r[1] for r in rows}))}
    rows.sort(key=lambda r: (r[0], group_order.get(r[1], 0), r[2] if r[2] is not None else 10**6, r[3]))
    return rows


def rank_change(ev: Evaluation, unit: str, month: str) -> str:
    """较上月: rank movement against the month before ('↑2', '↓1', '持平', '—')."""
    cur = ev.standing(month).get(unit)
    prev = ev.standing(add_months(month, -1)).get(unit)
    if cur is None or prev is None or cur.rank is None or prev.rank is None:
        return "—"
    diff = prev.rank - cur.rank
    if diff > 0:
        return f"↑{diff}"
    if diff < 0:
        return f"↓{-diff}"
    return "持平"


def publish(ledger: Ledger, month: str) -> list[list[Any]]:
    """历史排名 rows with the given month's draft rows marked 已发布."""
    rows = [[h.month, h.group, h.rank, h.unit, h.score, h.result, h.state] for h in ledger.history]
    for r in rows:
        if r[0] == month:
            r[6] = PUBLISHED
    return rows


__all__ = ["evaluate", "Evaluation", "MonthResult", "Standing", "Accountability", "rank_change", "publish",
           "REWARD", "STATEMENT", "LAST", "DRAFT", "PUBLISHED", "START_ACCOUNTABILITY", "EARLY_WARNING"]

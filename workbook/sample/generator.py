"""The clean sample: units with a hidden diligence, a year of weekly meetings and their items, reviews and
加减分, all drawn from one random.Random."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import Any, NamedTuple

from workbook.sample.words import (
    AREAS,
    BONUS_BASES,
    BONUS_REASONS,
    CITIES,
    COMMENTS,
    COMMUNITIES,
    COMPANY_TRADES,
    COMPANY_WORDS,
    DEPARTMENT,
    DEPARTMENTS,
    DOING,
    DONE,
    ESTATES,
    FESTIVALS,
    GIVEN_ONE,
    GIVEN_TWO,
    HOSPITALS,
    INDUSTRIES,
    ITEM_TEMPLATES,
    LEADER_ROLES,
    MARKETS,
    NOT_STARTED,
    OFFICE,
    OFFICES,
    PENALTY_BASES,
    PENALTY_REASONS,
    PETITION_ISSUES,
    PROGRESS_DONE,
    PROGRESS_NEW,
    PROGRESS_OPEN,
    PROJECTS,
    QUALIFIERS,
    REMARKS,
    REVIEW_COUNTS,
    REVIEW_TEXT,
    REVIEW_UNIT_TAGS,
    RIVERS,
    ROADS,
    SCENIC,
    SCHOOLS,
    SURNAMES,
    VILLAGE_ISSUES,
    VILLAGES,
)

Rows = list[list[Any]]

D = dt.timedelta


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def weekday_back(d: dt.date) -> dt.date:
    """Saturday/Sunday -> the Friday before."""
    wd = d.weekday()
    return d - D(days=wd - 4) if wd >= 5 else d


def _weekday_forward(d: dt.date) -> dt.date:
    """Saturday/Sunday -> the Monday after."""
    wd = d.weekday()
    return d + D(days=7 - wd) if wd >= 5 else d


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


class _Names:
    """Unique personal names drawn from one RNG."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, single: bool | None = None) -> str:
        for _ in range(200):
            one = self.rng.random() < 0.4 if single is None else single
            given = self.rng.choice(GIVEN_ONE) if one else self.rng.choice(GIVEN_TWO)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name pool exhausted")


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187",
                         "188", "189", "133", "153", "180", "181", "177", "199"))
    return prefix + "".join(str(rng.randrange(10)) for _ in range(8))


class _Unit(NamedTuple):
    name: str
    short: str
    group: str
    leader: str
    evaluated: bool
    weight: float
    tags: tuple[str, ...]
    diligence: float
    communities: tuple[str, ...]  # offices: their own communities; departments: all



class Generator:
    def __init__(self, rng: random.Random, year: int, months: int, today: dt.date, n_units: int):
        self.rng = rng
        self.year = year
        self.today = today
        first = dt.date(year, 1, 1)
        first_monday = first + D(days=(7 - first.weekday()) % 7)
        end = min(last_day(year, months), today)
        self.meetings: list[dt.date] = []
        d = first_monday
        while d <= end:
            self.meetings.append(d)
            d += D(days=7)
        if not self.meetings:
            raise ValueError(f"no Monday meeting between {first_monday} and {end}")
        self.names = _Names(rng)
        self._make_leaders()
        self._make_units(n_units)

    # -- registers ---------------------------------------------------------

    def _make_leaders(self) -> None:
        self.leaders: list[tuple[str, str, str]] = []
        self.leader_by_key: dict[str, str] = {}
        for i, (title, area, key) in enumerate(LEADER_ROLES):
            # one two-character name among the deputies (the dirty sample pads it with a full-width space)
            name = self.names(single=True if i == 2 else None)
            self.leaders.append((name, title, area))
            self.leader_by_key[key] = name

    def _make_units(self, n: int) -> None:
        n_off = max(1, min(len(OFFICES), round(n / 4)))
        n_dep = n - n_off
        if n_dep < 1 or n_dep > len(DEPARTMENTS):
            raise ValueError(f"units must be between 2 and {len(OFFICES) + len(DEPARTMENTS)}")
        rng = self.rng
        pool = list(COMMUNITIES)
        rng.shuffle(pool)
        per = max(3, len(pool) // n_off)
        self.units: list[_Unit] = []
        # Diligence: spread over (0, 1) with distinct values so units do not tie.
        for i, base in enumerate(OFFICES[:n_off]):
            comms = tuple(pool[(i * per + k) % len(pool)] for k in range(per))
            leader = self.leader_by_key["exec" if i % 2 == 0 else "assist"]
            self.units.append(_Unit(f"{base}街道办事处", f"{base}街道", OFFICE, leader, True,
                                    1.6 * rng.lognormvariate(0, 0.25), ("office",), rng.betavariate(3, 2), comms))
        for name, short, lkey, w, tags, ev in DEPARTMENTS[:n_dep]:
            self.units.append(_Unit(name, short, DEPARTMENT, self.leader_by_key[lkey], ev,
                                    w * rng.lognormvariate(0, 0.25), tags, rng.betavariate(3, 2), COMMUNITIES))
        self.unit_by_name = {u.name: u for u in self.units}
        self._weights = [u.weight for u in self.units]
        all_tags = {t for _c, ts, _p in ITEM_TEMPLATES for t in ts}
        self._templates = {t: [tp for tp in ITEM_TEMPLATES if t in tp[1]] for t in all_tags}
        self._generic = [tp for tp in ITEM_TEMPLATES if "any" in tp[1]]

    def unit_rows(self) -> Rows:
        rows = []
        for i, u in enumerate(self.units, start=1):
            rows.append([u.name, u.short, u.group, u.leader, self.names(), _phone(self.rng),
                         "是" if u.evaluated else "否", i])
        return rows

    def leader_rows(self) -> Rows:
        return [[n, t, a] for n, t, a in self.leaders]

    def units_with(self, tags: tuple[str, ...]) -> list[_Unit]:
        return [u for u in self.units if set(u.tags) & set(tags)]

    # -- 周交办 --------------------------------------------------------------

    def _content(self, u: _Unit, deadline: dt.date) -> tuple[str, str]:
        rng = self.rng
        cands = [tp for t in u.tags for tp in self._templates.get(t, ())]
        if not cands or rng.random() < 0.1:
            cands = cands + self._generic if cands else self._generic
        cat, _tags, pattern = rng.choice(cands)
        road, road2 = rng.sample(ROADS, 2)
        company = rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_TRADES) + "有限公司"
        n = rng.choice((2, 3, 3, 4, 5, 5, 6, 8, 10, 12, 15, 20))
        text = pattern.format(
            project=rng.choice(PROJECTS), area=rng.choice(AREAS), road=road, road2=road2,
            community=rng.choice(u.communities), village=rng.choice(VILLAGES), estate=rng.choice(ESTATES),
            school=rng.choice(SCHOOLS), hospital=rng.choice(HOSPITALS), market=rng.choice(MARKETS),
            river=rng.choice(RIVERS), company=company, industry=rng.choice(INDUSTRIES), city=rng.choice(CITIES),
            scenic=rng.choice(SCENIC), issue=rng.choice(PETITION_ISSUES), vissue=rng.choice(VILLAGE_ISSUES), n=n, n2=rng.randint(2, 9),
            pct=rng.choice((30, 40, 50, 60, 70, 80)), m=deadline.month, d=deadline.day,
            festival=rng.choice(FESTIVALS), unit2=rng.choice(self.units).name,
        )
        return cat, text

    def _unique_content(self, u: _Unit, deadline: dt.date, period: int, seen: set[str]) -> tuple[str, str]:
        """An item text this unit has not had yet: redraw, then qualify, then number it."""
        rng = self.rng
        for _ in range(4):
            cat, text = self._content(u, deadline)
            if text not in seen:
                seen.add(text)
                return cat, text
        for _ in range(6):
            q = rng.choice(QUALIFIERS).format(m=deadline.month, d=deadline.day, k=rng.randint(2, 9),
                                              area=rng.choice(AREAS))
            if text + q not in seen:
                seen.add(text + q)
                return cat, text + q
        k = 2
        while f"{text}（第{period}期续办{k}）" in seen:
            k += 1
        text = f"{text}（第{period}期续办{k}）"
        seen.add(text)
        return cat, text

    def item_rows(self, n_items: int) -> Rows:
        rng, today, year = self.rng, self.today, self.year
        n_meet = len(self.meetings)
        # items per meeting: about n_items / meetings, +-30 %, summing to n_items exactly
        w = [rng.uniform(0.7, 1.3) for _ in range(n_meet)]
        total = sum(w)
        raw = [n_items * x / total for x in w]
        counts = [int(x) for x in raw]
        rest = n_items - sum(counts)
        for i in sorted(range(n_meet), key=lambda i: raw[i] - counts[i], reverse=True)[:rest]:
            counts[i] += 1
        width = max(3, len(str(max(counts) if counts else 0)))
        seen: dict[str, set[str]] = {u.name: set() for u in self.units}
        chief = self.leader_by_key["chief"]
        exec_ = self.leader_by_key["exec"]
        leader_names = [name for name, _t, _a in self.leaders]
        rows: Rows = []
        recent = today - D(days=7)
        for period, (meeting, count) in enumerate(zip(self.meetings, counts), start=1):
            lead_units = rng.choices(self.units, weights=self._weights, k=count)
            for seq, u in enumerate(lead_units, start=1):
                weeks = rng.choices(range(1, 9), weights=(18, 22, 18, 14, 10, 8, 5, 5))[0]
                deadline = meeting + D(days=7 * weeks - 3)  # the Friday of that week
                adjusted = None
                if rng.random() < 0.08:
                    adjusted = weekday_back(deadline + D(days=rng.randint(7, 35)))
                effective = adjusted or deadline
                cat, content = self._unique_content(u, effective, period, seen[u.name])
                # co-units
                k = rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
                co = ""
                if k:
                    others = [x for x in rng.sample(self.units, k + 1) if x.name != u.name][:k]
                    co = "、".join(x.name for x in others)
                r = rng.random()
                leader = u.leader if r < 0.65 else chief if r < 0.82 else exec_ if r < 0.9 else rng.choice(leader_names)
                # outcome, driven by the unit's diligence
                # on time, late by days or weeks, late by months, or stuck for good
                dil = u.diligence
                p_on = 0.6 + 0.33 * dil
                p_never = 0.005 + 0.04 * (1 - dil)
                x = rng.random()
                completed: dt.date | None
                on_time = False
                if x < p_on:
                    span = max(1, (effective - meeting).days)
                    completed = weekday_back(meeting + D(days=max(1, round(span * rng.betavariate(2.5, 1.5)))))
                    on_time = True
                elif x < 1 - p_never:
                    mean = 60 if rng.random() < 0.25 else 8 + 15 * (1 - dil)
                    completed = _weekday_forward(effective + D(days=1 + int(rng.expovariate(1 / mean))))
                else:
                    completed = None
                if completed is not None and completed > today:
                    completed = None
                progress: str | None
                feedback: dt.date | None
                grade = comment = None
                if completed is not None:
                    status = DONE
                    progress = rng.choice(PROGRESS_DONE)
                    feedback = completed
                    if rng.random() < 0.7:
                        q = 0.55 * dil + (0.3 if on_time else 0.0) + rng.gauss(0, 0.16)
                        grade = "好" if q > 0.7 else "较好" if q > 0.48 else "一般" if q > 0.3 else "差"
                        comment = rng.choice(COMMENTS[grade])
                else:
                    new = meeting >= recent
                    status = NOT_STARTED if (new and rng.random() < 0.5) or rng.random() < 0.03 else DOING
                    if new and rng.random() < 0.4:
                        progress, feedback = None, None
                    else:
                        lo = max(meeting + D(days=1), today - D(days=6))
                        days = [lo + D(days=i) for i in range((today - lo).days + 1)] or [today]
                        wk = [d for d in days if d.weekday() < 5] or days
                        feedback = min(rng.choice(wk), today)
                        pool = PROGRESS_NEW if status == NOT_STARTED else PROGRESS_OPEN
                        n = rng.randint(4, 15)
                        progress = rng.choice(pool).format(pct=rng.choice((20, 30, 40, 50, 60, 70, 80, 90)),
                                                           n=n, k=rng.randint(1, n - 1))
                remark = None
                if adjusted is not None:
                    remark = "经分管区领导同意调整时限"
                elif rng.random() < 0.06:
                    remark = rng.choice(REMARKS)
                rows.append([
                    f"{year}-{period:02d}-{seq:0{width}d}", period, meeting, leader, u.name, co or None, content, cat,
                    deadline, adjusted, status, completed, progress, feedback, grade, comment, remark,
                    None, None,   # 申请延期日期, 延期次数: the sample records no extension requests
                ])
        return rows

    # -- 周研判 --------------------------------------------------------------

    def review_rows(self) -> Rows:
        rng, today = self.rng, self.today
        offices = [u for u in self.units if u.group == OFFICE]
        specs = []
        for cat, count in REVIEW_COUNTS:
            for k in range(count):
                if cat == "问题楼盘":
                    # the provincial list arrives early in the year: first few meetings
                    date = self.meetings[min(len(self.meetings) - 1, k // 4)]
                else:
                    date = rng.choice(self.meetings)
                specs.append((date, cat, k))
        specs.sort(key=lambda s: (s[0], [c for c, _ in REVIEW_COUNTS].index(s[1]), s[2]))
        rows: Rows = []
        for i, (date, cat, k) in enumerate(specs, start=1):
            txt = REVIEW_TEXT[cat]
            cands = self.units_with(REVIEW_UNIT_TAGS[cat])
            if "office" in REVIEW_UNIT_TAGS[cat] or not cands or rng.random() < 0.3:
                cands = cands + offices
            unit = rng.choice(cands)
            desc = rng.choice(txt["desc"]).format(
                estate=rng.choice(ESTATES), company=rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_TRADES) + "有限公司",
                n=rng.randint(2, 9), village=rng.choice(VILLAGES), issue=rng.choice(PETITION_ISSUES),
                vissue=rng.choice(VILLAGE_ISSUES),
                road=rng.choice(ROADS), community=rng.choice(unit.communities), trade=rng.choice(("纺织", "机械", "化肥", "棉麻", "食品", "造纸")),
                project=rng.choice(PROJECTS), area=rng.choice(AREAS))
            deadline = weekday_back(date + D(days=rng.randint(30, 180)))
            age = (today - date).days
            if cat == "问题楼盘":
                resolved_now = k < 13  # 14 on the provincial list, 13 resolved
            else:
                resolved_now = rng.random() < min(0.85, age / 200)
            if resolved_now:
                lo = date + D(days=max(0, min(age, 14)))
                hi = max(lo, min(today, date + D(days=240)))
                resolved = lo + D(days=rng.randint(0, (hi - lo).days))
                resolved = min(max(weekday_back(resolved), date), today)
                status = "已化解"
            else:
                resolved = None
                status = "化解中" if rng.random() < 0.75 else "未化解"
            remark = None
            if cat == "问题楼盘":
                remark = "省级台账"
            elif rng.random() < 0.1:
                remark = "区级领导包案"
            rows.append([f"YP{self.year}-{i:03d}", date, cat, desc, unit.name, rng.choice(txt["cause"]),
                         rng.choice(txt["root"]), rng.choice(txt["path"]), deadline, status, resolved, remark])
        return rows

    # -- 加减分 --------------------------------------------------------------

    def adjustment_rows(self, count: int = 30) -> Rows:
        rng, today, year = self.rng, self.today, self.year
        last = self.meetings[-1]
        # months up to the last complete one (or the last month with meetings)
        last_month = today.month if today == last_day(today.year, today.month) else today.month - 1
        if today.year > year:
            last_month = 12
        last_month = max(1, min(last_month, last.month))
        evaluated = [u for u in self.units if u.evaluated]
        pairs = [(m, u) for m in range(1, last_month + 1) for u in evaluated]
        chosen = rng.sample(pairs, min(count, len(pairs)))
        chosen.sort(key=lambda p: (p[0], self.units.index(p[1])))
        reviewers = [self.names(), self.names()]
        rows: Rows = []
        for m, u in chosen:
            good = rng.random() < 0.45 + 0.3 * (u.diligence - 0.5)
            pts = rng.choice((0.5, 1, 1, 2, 2, 3, 3, 5) if good else (0.5, 1, 1, 2, 2, 3, 5))
            reason = rng.choice(BONUS_REASONS if good else PENALTY_REASONS)
            basis = rng.choice(BONUS_BASES if good else PENALTY_BASES).format(y=year, n=rng.randint(1, 40))
            rows.append([f"{year}-{m:02d}", u.name, _num(pts if good else -pts), reason, basis, rng.choice(reviewers)])
        return rows

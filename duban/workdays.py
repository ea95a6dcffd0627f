"""Working days: official holidays and make-up working days (调休), from three sources.

1. 参数【节假日安排】 (the office's own registered days, 休 or 班) wins over everything;
2. chinese-calendar (库) for the years it knows (the State Council's published arrangements);
3. for later years, the statutory holidays of 《全国年节及纪念日放假办法》 (revised 2024,
   法定规则): 元旦 1, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 days,
   lunar dates from `lunardate`, 清明 from chinese-calendar's solar terms. A year's 调休
   days are only known once published, so such a year is remembered and reported once
   (`Calendar.notice()`) unless 参数 registers days of that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

try:
    import chinese_calendar
    from chinese_calendar import constants as _cc
except ImportError:  # pragma: no cover - declared dependency
    chinese_calendar = None
    _cc = None

try:
    from lunardate import LunarDate
except ImportError:  # pragma: no cover - declared dependency
    LunarDate = None  # type: ignore[misc,assignment]

OFF, ON = "休", "班"
LIBRARY, STATUTORY, REGISTERED = "库", "法定规则", "参数"
HOLIDAY_BLOCK = "参数【节假日安排】"

_LIBRARY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class Day:
    """One holiday (休) or make-up working day (班) and where it comes from."""

    date: dt.date
    kind: str      # 休 / 班
    name: str
    source: str    # 库 / 法定规则 / 参数


def _library_years() -> range:
    if _cc is None:
        return range(0)
    return range(min(_cc.holidays).year, max(_cc.holidays).year + 1)


LIBRARY_YEARS = _library_years()


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The days off the 2024 rules give in `year`, without 调休 (date -> holiday name)."""
    days: dict[dt.date, str] = {}

    def add(d: dt.date, name: str) -> None:
        days[d] = f"{days[d]}、{name}" if d in days and name not in days[d] else name

    add(dt.date(year, 1, 1), "元旦")
    for d in (dt.date(year, 5, 1), dt.date(year, 5, 2)):
        add(d, "劳动节")
    for k in range(3):
        add(dt.date(year, 10, 1 + k), "国庆节")
    if chinese_calendar is not None:
        for d, term in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10)):
            if term == "清明":
                add(d, "清明节")
    if LunarDate is not None:
        try:
            new_year = LunarDate(year, 1, 1).to_solar_date()
            for k in range(-1, 3):   # 除夕 (the day before 正月初一) to 初三
                add(new_year + dt.timedelta(days=k), "春节")
            add(LunarDate(year, 5, 5).to_solar_date(), "端午节")
            add(LunarDate(year, 8, 15).to_solar_date(), "中秋节")
        except ValueError:   # outside the lunar table (1900-2099)
            pass
    return days


class Calendar:
    """Working days for one run: registered days first, then the library, then the statutory rule.

    Remembers the years it answered by the statutory rule without any registered day, for the
    one notice a run gives (`notice()`).
    """

    def __init__(self, registered: Iterable[Day] = ()):
        self.registered: dict[dt.date, Day] = {d.date: d for d in registered}
        self.registered_years = {d.year for d in self.registered}
        self.unregistered_used: set[int] = set()
        self._known: dict[dt.date, bool] = {}   # a chase walks the same days for every item

    def is_workday(self, d: dt.date) -> bool:
        known = self._known.get(d)
        if known is None:
            day = self.registered.get(d)
            known = self._known[d] = day.kind == ON if day is not None else _is_workday_without_registry(d, self)
        return known

    def note_rule_year(self, year: int) -> None:
        if year not in self.registered_years:
            self.unregistered_used.add(year)

    def workdays_left(self, deadline: dt.date, today: dt.date | None = None, cap: int | None = None) -> int:
        """Working days from tomorrow up to the deadline (inclusive); negative when overdue.

        Due today gives 0; due next working day gives 1; one working day late gives -1. With `cap`,
        a deadline further ahead than `cap` working days gives cap + 1: enough to tell "due within
        cap", without reading (and noting as unregistered) the days beyond.
        """
        today = today or dt.date.today()
        if deadline == today:
            return 0
        step = 1 if deadline > today else -1
        count = 0
        d = today
        while d != deadline:
            d += dt.timedelta(days=step)
            if self.is_workday(d if step > 0 else d + dt.timedelta(days=1)):
                count += step
                if cap is not None and count > cap >= 0:
                    break
        return count

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (n >= 1); `start` itself when n is 0 and it is a
        working day, else the next working day."""
        d = start
        if n <= 0:
            while not self.is_workday(d):
                d += dt.timedelta(days=1)
            return d
        while n:
            d += dt.timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d

    def days(self, year: int) -> list[Day]:
        """Every holiday and make-up working day of `year` this calendar uses, by date."""
        found: dict[dt.date, Day] = {}
        if year in LIBRARY_YEARS:
            for table, kind in ((_cc.holidays, OFF), (_cc.workdays, ON)):
                for d, name in table.items():
                    if d.year == year:
                        found[d] = Day(d, kind, _LIBRARY_NAMES.get(name, name), LIBRARY)
        else:
            for d, name in statutory_holidays(year).items():
                found[d] = Day(d, OFF, name, STATUTORY)
        for d, day in self.registered.items():
            if d.year == year:
                found[d] = day
        return [found[d] for d in sorted(found)]

    def year_source(self, year: int) -> str:
        """Where the year's arrangement comes from, in words for the console."""
        if year in LIBRARY_YEARS:
            return "国务院办公厅公布的放假安排（chinese-calendar 库）" + (
                "，并按参数【节假日安排】调整" if year in self.registered_years else "")
        if year in self.registered_years:
            return "参数【节假日安排】登记的放假安排，未登记的日期按法定节假日"
        return "法定节假日（《全国年节及纪念日放假办法》），调休安排未登记"

    def notice(self) -> str:
        """One sentence for every output when some year was counted without its 调休; else ''."""
        return unregistered_notice(sorted(self.unregistered_used))


def unregistered_notice(years: list[int]) -> str:
    if not years:
        return ""
    ys = "、".join(f"{y}年" for y in years)
    return (f"{ys}的节假日调休安排尚未登记：工作日已按法定节假日（元旦、春节、清明节、劳动节、端午节、"
            f"中秋节、国庆节）计算，调休放假和周末上班的日期未计入。国务院办公厅公布放假安排后，"
            f"请在“参数”表【节假日安排】中逐日登记（日期、类型“休”或“班”、名称）。")


def _is_workday_without_registry(d: dt.date, cal: Calendar | None) -> bool:
    if d.year in LIBRARY_YEARS:
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:  # pragma: no cover - LIBRARY_YEARS is the library's range
            pass
    if cal is not None:
        cal.note_rule_year(d.year)
    return d.weekday() < 5 and d not in statutory_holidays(d.year)


# The calendar without registered days, for callers that have no 参数 (defaults of the functions below).
DEFAULT = Calendar()


def is_workday(d: dt.date, calendar: Calendar | None = None) -> bool:
    return (calendar or DEFAULT).is_workday(d)


def workdays_left(deadline: dt.date, today: dt.date | None = None, calendar: Calendar | None = None,
                  cap: int | None = None) -> int:
    return (calendar or DEFAULT).workdays_left(deadline, today, cap)


def add_workdays(start: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    return (calendar or DEFAULT).add_workdays(start, n)

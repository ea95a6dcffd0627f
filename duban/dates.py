"""Reading dates and months the way office staff type them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

EXCEL_EPOCH = dt.date(1899, 12, 30)
WEEKDAY_NAMES = "一二三四五六日"   # 星期一 … 星期日, by date.weekday()

_FULL = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?\s*(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?\s*$")
_MONTH_ONLY = re.compile(r"^\s*(\d{1,2})\s*月(?:份)?\s*$")


@dataclass(frozen=True)
class Parsed:
    """A value read from a date cell: the date, or why it could not be read."""

    value: dt.date | None
    typed_as_text: bool = False   # read from text such as '2022.9.5' (warn)
    error: str = ""               # non-empty when the cell has something unreadable
    long_term: bool = False       # a deadline phrase meaning "no deadline": 长期, 持续推进
    suggestion: str = ""          # for an ambiguous phrase: the reading we would suggest


def from_serial(n: float) -> dt.date | None:
    """Excel serial number (1900 system) -> date, for plausible values only."""
    if 1 <= n < 2958466:
        return EXCEL_EPOCH + dt.timedelta(days=int(n))
    return None


def _number_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile("[〇零○Ｏ一二两三四五六七八九十]+")


def _cn_number(text: str) -> str:
    """One run of Chinese numerals as digits: 二〇二六 -> 2026, 十 -> 10, 二十三 -> 23."""
    if "十" not in text:
        return "".join(str(_CN_DIGITS[ch]) for ch in text)
    tens, _, units = text.partition("十")
    value = (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return str(value)


def arabic_numerals(text: str) -> str:
    """Dates written in Chinese numerals with digits: 十月二十日 -> 10月20日."""
    return _CN_NUMBER.sub(lambda m: _cn_number(m.group(0)), text)


LONG_TERM_WORDS = ("长期", "长期坚持", "持续推进", "长期推进", "常态化", "常态化推进", "持续开展", "长期开展")
_DEADLINE_SUFFIX = re.compile(r"(之前|以前|前|止)?(完成|办结|落实到位|到位)?$")
_MONTH_END = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(?:底|末|末尾|份底|份|)$")  # 12月(份): by its end
_THIS_MONTH_END = re.compile(r"^(本月|当月)(底|末)$")
_YEAR_END = re.compile(r"^(?:(\d{4})\s*年?|今年|本年度?)?\s*(年底|年末|年内)$")  # 2026年底 = 2026年年底
_PART_OF_MONTH = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(上旬|中旬|下旬|初|中)$")


def parse_deadline(value: object, year: int | None = None, assigned: dt.date | None = None) -> Parsed:
    """Read a deadline cell: a date as parse_date reads it, or a phrase clerks type —
    10月底前 (the month's last day), 10月19日前 (that day), 本月底前 (the assignment month's
    last day), 年底前; 长期/长期坚持/持续推进 mean no deadline. A yearless deadline before the
    assignment date belongs to the next year (12月交办、1月底前)."""
    p = parse_date(value, year)
    if p.error == "" or not isinstance(value, str):
        return _roll(p, assigned, value)
    text = arabic_numerals("".join(value.split()))
    if text in LONG_TERM_WORDS or text.rstrip("。") in LONG_TERM_WORDS:
        return Parsed(None, long_term=True)
    core = _DEADLINE_SUFFIX.sub("", text) or text
    if core != text:
        q = parse_date(core, year)
        if q.value is not None:
            return _roll(Parsed(q.value, typed_as_text=True), assigned, core)
    m = _MONTH_END.match(core)
    if m:
        y = int(m[1]) if m[1] else year
        if y is None or not 1 <= int(m[2]) <= 12:
            return p
        return _roll(Parsed(month_bounds(f"{y:04d}-{int(m[2]):02d}")[1], typed_as_text=True), assigned, value)
    if _THIS_MONTH_END.match(core):
        if assigned is None:
            return Parsed(None, error=f"“{value.strip()}”：没有交办日期，无法确定是哪个月")
        return Parsed(month_bounds(month_of(assigned))[1], typed_as_text=True)
    m = _YEAR_END.match(core)
    if m:
        y = int(m[1]) if m[1] else (assigned.year if assigned else year)
        if y is not None:
            return Parsed(dt.date(y, 12, 31), typed_as_text=True)
    m = _PART_OF_MONTH.match(core)
    if m and (m[1] or year) and 1 <= int(m[2]) <= 12:
        y = int(m[1]) if m[1] else year
        assert y is not None  # m[1] or year, above
        last = {"上旬": 10, "初": 10, "中旬": 20, "中": 20}.get(m[3])
        guess = dt.date(y, int(m[2]), last) if last else month_bounds(f"{y:04d}-{int(m[2]):02d}")[1]
        return Parsed(None, error=f"“{value.strip()}”不是具体日期", suggestion=f"可能是 {guess.isoformat()}，请填写具体日期")
    return p


ROLL_DAYS = 183  # a yearless deadline is read into the next year only when that is within half a year


def _roll(p: Parsed, assigned: dt.date | None, raw: object) -> Parsed:
    """A deadline typed without a year that falls before the assignment date: the next year."""
    if (p.value is None or assigned is None or not p.typed_as_text or not isinstance(raw, str)
            or "年" in raw or re.search(r"\d{4}", raw) or p.value >= assigned):
        return p
    try:
        later = p.value.replace(year=p.value.year + 1)
    except ValueError:  # 29 February
        later = p.value + dt.timedelta(days=365)
    return Parsed(later, typed_as_text=True) if (later - assigned).days <= ROLL_DAYS else p


# A weekday note after a date: 2026年9月28日（星期一）, 9月28日(周一), 2026-9-28 礼拜一.
_WEEKDAY_NOTE = re.compile(r"\s*[（(【\[]?\s*(?:星期|周|礼拜)([一二三四五六日天1-7])\s*[）)】\]]?\s*$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")
SERIAL_RANGE = (36526, 73051)   # serials of 2000-01-01 … 2099-12-31: a 5-digit text in it is a date


def typed_text(text: str) -> str:
    """A date as typed, in the characters parse_date reads: full-width digits and punctuation made
    half-width (２０２６．９．２８), a Chinese full stop between digits read as a dot."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"(?<=\d)[。．](?=\d)", ".", text)


def month_day_number(v: float, year: int | None) -> Parsed:
    """A number such as 9.28 typed in a General cell: month 9, day 28. 10.1 may have been typed
    10.1 or 10.10 (the cell drops the trailing zero): both readings are named, nothing is read."""
    month, _, frac = repr(float(v)).partition(".")
    m = int(month)
    if year is None:
        return Parsed(None, error=f"“{_number_text(v)}”没有年份，且参数表未填考评年度")
    if len(frac) == 1 and int(frac) * 10 <= 31 and _make(year, m, int(frac) * 10):
        a, b = int(frac), int(frac) * 10
        return Parsed(None, error=f"“{_number_text(v)}”读不出是{m}月{a}日还是{m}月{b}日"
                                  f"（单元格是数字格式，输入的“{m}.{b}”会显示成“{m}.{a}”）",
                      suggestion=f"请把单元格设为日期格式后填写，如 {year}-{m:02d}-{a:02d} 或 {year}-{m:02d}-{b:02d}")
    d = _make(year, m, int(frac)) if len(frac) <= 2 else None
    if d is None:
        return Parsed(None, error=f"“{_number_text(v)}”不是日期")
    return Parsed(d, typed_as_text=True)


def _weekday_checked(text: str, typed: str, p: Parsed) -> Parsed:
    """A date read from text that carried a weekday note: the note must agree with the date."""
    m = _WEEKDAY_NOTE.search(text)
    if m is None or p.value is None:
        return p
    said = int(m[1]) - 1 if m[1].isdigit() else "一二三四五六日天".index(m[1]) % 7 if m[1] != "天" else 6
    if said != p.value.weekday():
        return Parsed(None, error=f"“{typed}”中的日期是星期{WEEKDAY_NAMES[p.value.weekday()]}，"
                                  f"与所注的星期{WEEKDAY_NAMES[said]}不符，读不出是哪一天",
                      suggestion=f"请核对后只填日期，如 {p.value.isoformat()}")
    return p


def parse_date(value: object, year: int | None = None) -> Parsed:
    """Read a cell meant to hold a date. Empty gives Parsed(None)."""
    if value is None or value == "":
        return Parsed(None)
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    if isinstance(value, bool):
        return Parsed(None, error=f"“{value}”不是日期")
    if isinstance(value, (int, float)):
        if not float(value).is_integer() and 1 <= value < 13:  # 9.28 typed in a General cell
            return month_day_number(value, year)
        if float(value).is_integer() and 1 <= value <= 31:     # a day alone, not a 1900 serial
            return Parsed(None, error=f"“{_number_text(value)}”只有一个数，看不出是哪个月的哪一天",
                          suggestion="请填写完整日期，如 2026-10-28")
        if float(value).is_integer() and 19000101 <= value <= 21001231:  # 20260309 typed as a number
            d = _make(int(value) // 10000, int(value) // 100 % 100, int(value) % 100)
            if d is not None:
                return Parsed(d, typed_as_text=True)
        d = from_serial(float(value))
        if d is None:
            return Parsed(None, error=f"“{_number_text(value)}”不是日期")
        return Parsed(d, typed_as_text=True)
    text = typed_text(str(value)).strip().rstrip(".,;，；、")   # 2026.9.28. and 9月28日，
    if not text:
        return Parsed(None)
    if _WEEKDAY_NOTE.search(text):
        p = parse_date(_WEEKDAY_NOTE.sub("", text), year)
        if p.error:
            return Parsed(None, error=f"“{str(value).strip()}”无法识别为日期")
        return _weekday_checked(text, str(value).strip(), p)
    if _SERIAL_TEXT.match(text) and SERIAL_RANGE[0] <= float(text) <= SERIAL_RANGE[1]:
        return Parsed(from_serial(float(text)), typed_as_text=True)   # a serial pasted as text
    if _CN_NUMBER.search(text):
        text = arabic_numerals("".join(text.split()))
    for pattern in (_FULL, _COMPACT):
        m = pattern.match(text)
        if m:
            d = _make(int(m[1]), int(m[2]), int(m[3]))
            if d is None:
                return Parsed(None, error=f"“{text}”不是有效日期")
            return Parsed(d, typed_as_text=True)
    m = _MONTH_DAY.match(text)
    if m:
        if year is None:
            return Parsed(None, error=f"“{text}”没有年份，且参数表未填考评年度")
        d = _make(year, int(m[1]), int(m[2]))
        if d is None:
            return Parsed(None, error=f"“{text}”不是有效日期")
        return Parsed(d, typed_as_text=True)
    return Parsed(None, error=f"“{str(value).strip()}”无法识别为日期")


def parse_month(value: object, year: int | None = None) -> tuple[str | None, str]:
    """Read a month cell ('2022-09', '2022年9月', a date in the month) -> ('YYYY-MM', error)."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}", ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        d = from_serial(float(value))
        if d is not None:
            return f"{d.year:04d}-{d.month:02d}", ""
        return None, f"“{_number_text(value)}”不是月份"
    text = str(value).strip()
    m = _YEAR_MONTH.match(text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}", ""
    m = _MONTH_ONLY.match(text)
    if m and year and 1 <= int(m[1]) <= 12:
        return f"{year:04d}-{int(m[1]):02d}", ""
    p = parse_date(text, year)
    if p.value:
        return f"{p.value.year:04d}-{p.value.month:02d}", ""
    return None, f"“{text}”无法识别为月份"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-03' -> (2026-03-01, 2026-03-31)."""
    y, m = (int(p) for p in month.split("-"))
    start = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def month_of(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(month: str, n: int) -> str:
    y, m = (int(p) for p in month.split("-"))
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def last_complete_month(today: dt.date) -> str:
    """The evaluated month by default: the month before today's."""
    return add_months(month_of(today), -1)


def valid_month_text(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text or ""))


def period_of(d: dt.date, weekday: int = 0) -> int:
    """期次 of a date: the week of its year, counted from the year's first meeting day."""
    jan1 = dt.date(d.year, 1, 1)
    first = jan1 + dt.timedelta(days=(weekday - jan1.weekday()) % 7)
    if d < first:
        return 0
    return (d - first).days // 7 + 1


def to_excel_date(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days

"""The four answer values of a row as comparable text: as sent, as the ledger holds them now,
as the unit answered. Dates are YYYY-MM-DD, text is cleaned exactly as it is written
(control characters out, line breaks folded, cut at Excel's cell limit), '' is blank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from duban.answers import layout as L
from duban.dates import parse_date
from duban.model import Item, text
from duban.textclean import MAX_CELL_CHARS, clean_control


def clean_progress(value: Any) -> str:
    s = clean_control(text(value).replace("\r\n", "\n").replace("\r", "\n"))
    return s[:MAX_CELL_CHARS].strip()


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def sent_values(item: Item, statuses: Collection[str]) -> dict[str, str]:
    """What split writes into the answer row (a status outside the vocabulary is sent blank)."""
    return {"status": item.status if item.status in statuses else "", "completed": _iso(item.completed),
            "progress": clean_progress(item.progress), "feedback_date": _iso(item.feedback)}


def ledger_values(raw: dict[str, Any], year: int) -> dict[str, str]:
    """The ledger row's current values (raw cells by field name)."""
    out = {}
    for name in L.ANSWER_FIELDS:
        v = raw.get(name)
        if name in L.DATE_FIELDS:
            out[name] = _iso(parse_date(v, year).value) or clean_control(text(v))
        elif name == "progress":
            out[name] = clean_progress(v)
        else:
            out[name] = clean_control(text(v))
    return out


def as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return "" if value is None else str(value)


def as_value(name: str, s: str) -> Any:
    """Back from text to what is written into 周交办 (a date cell for the date fields)."""
    if name in L.DATE_FIELDS and s:
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            return s
    return s

"""Name resolution, the last step of loading: typed unit names -> the names registered on 单位.

Run by load_ledger once the ledger is typed (as beancount runs its plugins before validation), so
every reader of a Ledger sees resolved names and the validation rules only judge, never change it.
"""

from __future__ import annotations

from duban.model import Ledger
from duban.names import split_units


def resolve_names(ledger: Ledger) -> None:
    """Set the canonical unit name on items, reviews and adjustments where it resolves (None where not)."""
    units = ledger.unit_register
    for it in ledger.items:
        parts = split_units(it.lead_raw)
        it.lead_unit = units.resolve(parts[0])[0] if len(parts) == 1 else None
    for rv in ledger.reviews:
        rv.unit = units.resolve(rv.unit_raw)[0] if rv.unit_raw else None
    for adj in ledger.adjustments:
        adj.unit = units.resolve(adj.unit_raw)[0] if adj.unit_raw else None

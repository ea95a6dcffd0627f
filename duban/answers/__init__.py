"""The weekly answer loop (一周一答卷): split the open items into one answer file
per lead unit, and collect the returned files back into 周交办.

- ``split.split_ledger``   : ledger -> answer files (XlsxWriter .xlsx)
- ``collect.plan_collect`` : ledger + answer files -> changes and a report (host-independent)
- ``apply.write_headless`` : apply a plan to the ledger file through ``xlsxio.write_parts``

The Excel path (macros/loop.py) uses the same plan and applies it through xlwings.
"""

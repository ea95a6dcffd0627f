"""The upward report (上报件): a values-only .xlsx built with XlsxWriter, an
optional PDF through LibreOffice, and an email (.eml file or SMTP delivery).

- ``produce.produce``   : ledger -> export files (used by the CLI and the 生成上报件 button)
- ``upward.build_upward``: the workbook itself
- ``mail``               : the message, the .eml file and SMTP sending
- ``pdf``                : LibreOffice headless conversion
"""

EXPORT_DIR = "上报"  # default folder beside the ledger (here, so the command line need not load the writer)

"""The weekly rhythm of the office: 催办 (remind), 交办单 (assign) and the 周研判 agenda (agenda).

- ``common``   loading the ledger, naming items, dates as the texts write them
- ``chase``    which open items to chase: 逾期, 临期, 未反馈
- ``messages`` copy-ready chat texts, split to fit a chat message
- ``remind``   the 催办 run: texts per unit, 催办清单, the 催办提醒 sheet
- ``meetings`` meetings (期次) and the items assigned at each
- ``assign``   交办单 per lead unit (.docx and a one-page .xlsx) and the office's summary
- ``agenda``   the 周研判 agenda (.docx and .xlsx)
- ``staging``  writing a set of files all or nothing
- ``xlsxdoc``  printable one-sheet table workbooks (交办单, 汇总, 议程)
"""

@echo off
chcp 65001 >nul
rem Drag one or more workbooks onto this file: 汇总答卷 (duban collect, answers from the folder beside the ledger), each in turn.
rem The work is done by duban-run.bat (started, not called: its exit code is this file's).
setlocal DisableDelayedExpansion
"%~dp0duban-run.bat" collect 汇总答卷 %*

@echo off
chcp 65001 >nul
rem Drag one or more workbooks onto this file: 生成催办 (duban remind), each in turn.
rem The work is done by duban-run.bat (started, not called: its exit code is this file's).
setlocal DisableDelayedExpansion
"%~dp0duban-run.bat" remind 生成催办 %*

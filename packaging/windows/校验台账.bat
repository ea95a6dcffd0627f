@echo off
chcp 65001 >nul
rem Drag one or more workbooks onto this file: 校验台账 (duban validate), each in turn.
rem The work is done by duban-run.bat (started, not called: its exit code is this file's).
setlocal DisableDelayedExpansion
"%~dp0duban-run.bat" validate 校验台账 %*

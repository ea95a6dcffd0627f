@echo off
chcp 65001 >nul
rem Drag one or more workbooks onto this file: 生成交办单 (duban assign, the latest meeting), each in turn.
rem The work is done by duban-run.bat (started, not called: its exit code is this file's).
setlocal DisableDelayedExpansion
"%~dp0duban-run.bat" assign 生成交办单 %*

@echo off
chcp 65001 >nul
rem Drag one or more workbooks onto this file: 发布排名 (duban publish --month MONTH), each in turn.
rem Asks for the month once (set /p), then starts duban-run.bat, which adds --month for it.
setlocal DisableDelayedExpansion
title 发布排名
if "%~1"=="" goto :run
set "DUBAN_MONTH="
echo 发布后，该月的排名固定下来，以后重算不再改动。
set /p "DUBAN_MONTH=要发布哪个月的排名？请输入月份（例如 2026-03），按回车键确认："
if not defined DUBAN_MONTH goto :no_month
set "DUBAN_MONTH=%DUBAN_MONTH:"=%"
if not defined DUBAN_MONTH goto :no_month

:run
"%~dp0duban-run.bat" publish 发布排名 %*

:no_month
echo 没有输入月份，未发布。需要发布时，再把台账拖到“发布排名”上，输入月份（例如 2026-03）。
echo.
pause
exit /b 2

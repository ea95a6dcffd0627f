@echo off
chcp 65001 >nul
rem Drag a workbook onto this file: 校验台账 (duban validate). The work is done by duban-run.bat.
call "%~dp0duban-run.bat" validate 校验台账 %1

@echo off
chcp 65001 >nul
rem Drag a workbook onto this file: 生成上报件 (duban export). The work is done by duban-run.bat.
call "%~dp0duban-run.bat" export 生成上报件 %1

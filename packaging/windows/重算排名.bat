@echo off
chcp 65001 >nul
rem Drag a workbook onto this file: 重算排名 (duban recompute). The work is done by duban-run.bat.
call "%~dp0duban-run.bat" recompute 重算排名 %1

@echo off
chcp 65001 >nul
rem Opens a command prompt in which "duban" works even where install.bat could not add it to the
rem user's PATH. A workbook dropped onto this file: the prompt starts in that workbook's folder.
setlocal DisableDelayedExpansion
set "DUBAN_BIN=%LOCALAPPDATA%\duban\bin"
title 督办命令行
if not exist "%DUBAN_BIN%\duban.cmd" goto :not_installed
set "PATH=%DUBAN_BIN%;%PATH%"
if not "%~1"=="" cd /d "%~dp1"
echo 督办命令行：在这个窗口中可以直接输入 duban 命令（文件名换成台账的文件名），例如：
echo   duban validate 台账.xlsm                      校验台账
echo   duban recompute 台账.xlsm                     重算排名
echo   duban publish 台账.xlsm --month 2026-03       发布该月排名
echo   duban split 台账.xlsm    duban collect 台账.xlsm    生成答卷、汇总答卷
echo   duban remind 台账.xlsm   duban assign 台账.xlsm     duban agenda 台账.xlsm
echo   duban --help                                  查看全部命令
echo 文件名中有空格时，用英文双引号把文件名括起来。输入 exit 关闭窗口。
echo.
cmd /k
exit /b 0

:not_installed
echo 还没有安装 duban。请先双击安装包文件夹中的 install.bat，装好后再打开“督办命令行”。
echo.
pause
exit /b 2

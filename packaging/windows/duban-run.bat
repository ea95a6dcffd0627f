@echo off
chcp 65001 >nul
rem Shared by the drop targets (校验台账.bat, 重算排名.bat, 汇总答卷.bat ...):
rem   duban-run.bat COMMAND TITLE WORKBOOK [WORKBOOK ...]
rem Runs "duban COMMAND WORKBOOK" for each dropped workbook in turn with the Python that
rem install.bat set up, shows each result in Chinese and waits for a key at the end.
rem DUBAN_MONTH (set by 发布排名.bat) adds "--month DUBAN_MONTH".
rem duban writes its exit code into DUBAN_STATUS_FILE as it ends: a code without that file
rem (a crash, also exit code 1 when Python fails on import, or a negative Windows code) is never
rem read as "data errors".
setlocal DisableDelayedExpansion
set "PY=%LOCALAPPDATA%\duban\venv\Scripts\python.exe"
set "DUBAN_COMMAND=%~1"
set "TITLE_TEXT=%~2"
set "DUBAN_STATUS_FILE=%TEMP%\duban-status-%RANDOM%-%RANDOM%.txt"
set "WORST=0"
set "COUNT=0"
title %TITLE_TEXT%
if not exist "%PY%" goto :not_installed
if "%~3"=="" goto :usage

:next_file
if "%~3"=="" goto :finish
set /a COUNT+=1
echo 正在%TITLE_TEXT%："%~nx3"，请稍候……
echo.
del "%DUBAN_STATUS_FILE%" >nul 2>&1
if defined DUBAN_MONTH goto :run_with_month
"%PY%" -m duban %DUBAN_COMMAND% "%~3"
set "CODE=%ERRORLEVEL%"
goto :judge

:run_with_month
"%PY%" -m duban %DUBAN_COMMAND% "%~3" --month "%DUBAN_MONTH%"
set "CODE=%ERRORLEVEL%"

:judge
set "REPORTED="
if exist "%DUBAN_STATUS_FILE%" set /p REPORTED=<"%DUBAN_STATUS_FILE%"
del "%DUBAN_STATUS_FILE%" >nul 2>&1
echo.
if not "%REPORTED%"=="%CODE%" goto :crashed
if "%CODE%"=="0" goto :ok
if "%CODE%"=="1" goto :data_errors
echo 【未能运行】"%~nx3"：原因见上面的说明，台账文件没有被改动。
set "WORST=2"
goto :after_file

:ok
echo 【完成】"%~nx3"：%TITLE_TEXT%已完成。
goto :after_file

:data_errors
echo 【已完成，但台账中有错误】"%~nx3"：结果已写回台账。请打开台账看“校验结果”工作表，按提示改正后再运行一次。
if "%WORST%"=="0" set "WORST=1"
goto :after_file

:crashed
echo 【程序出错】"%~nx3"：duban 没有正常结束（退出代码 %CODE%），不是台账的问题。
echo 请把这个窗口截图发给技术支持。台账如被改动过，改动前的备份在台账旁的“督办备份”文件夹中。
set "WORST=2"

:after_file
echo ----------------------------------------
shift /3
goto :next_file

:finish
if %COUNT% GTR 1 echo 共处理 %COUNT% 个文件，每个文件的结果见上面各自的【】一行。
goto :wait

:not_installed
set "WORST=2"
echo 还没有安装 duban。请先双击安装包文件夹中的 install.bat，装好后再把台账拖到“%TITLE_TEXT%”上。
goto :wait

:usage
set "WORST=2"
echo 用法：在文件资源管理器中，把台账文件（.xlsm 或 .xlsx）用鼠标拖到“%TITLE_TEXT%”的图标上再松开。
echo 可以一次拖入几个台账，会逐个处理。台账须先关闭（不要在 Excel 或 WPS 中开着）。

:wait
echo.
pause
exit /b %WORST%

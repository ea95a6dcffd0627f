@echo off
chcp 65001 >nul
rem Shared by the drop-target batch files (校验台账.bat, 重算排名.bat, 生成上报件.bat):
rem   duban-run.bat COMMAND TITLE WORKBOOK
rem Runs "duban COMMAND WORKBOOK" with the Python that install.bat set up, shows the result
rem in Chinese and waits for a key, so the window does not vanish.
setlocal
set "PY=%LOCALAPPDATA%\duban\venv\Scripts\python.exe"
set "DUBAN_COMMAND=%~1"
set "TITLE_TEXT=%~2"
title %TITLE_TEXT%
if not exist "%PY%" goto :not_installed
if "%~3"=="" goto :usage
echo 正在%TITLE_TEXT%，请稍候……
echo.
"%PY%" -m duban %DUBAN_COMMAND% "%~3"
set "CODE=%ERRORLEVEL%"
echo.
if "%CODE%"=="0" goto :ok
if "%CODE%"=="1" goto :data_errors
echo 【未能运行】原因见上面的说明，台账文件没有被改动。
goto :wait

:ok
echo 【完成】%TITLE_TEXT%已完成。
goto :wait

:data_errors
echo 【已完成，但台账中有错误】结果已写回台账。请打开台账看“校验结果”工作表，按提示改正后再运行一次。
goto :wait

:not_installed
set "CODE=2"
echo 还没有安装 duban。请先双击安装包文件夹中的 install.bat，装好后再把台账拖到“%TITLE_TEXT%”上。
goto :wait

:usage
set "CODE=2"
echo 用法：在文件资源管理器中，把台账文件（.xlsm 或 .xlsx）用鼠标拖到“%TITLE_TEXT%”的图标上再松开。
echo 台账须先关闭（不要在 Excel 或 WPS 中开着）。

:wait
echo.
pause
exit /b %CODE%

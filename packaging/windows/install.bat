@echo off
chcp 65001 >nul
rem Offline installer of duban for Windows (64-bit CPython 3.11, 3.12, 3.13 or 3.14 already installed).
rem Creates a virtual environment under %LOCALAPPDATA%\duban, installs duban and pywin32 from the
rem wheels beside this file without the Internet (--no-index), reinstalls duban itself every time
rem (a newer bundle always replaces it), puts a "duban" command on the user's PATH
rem (%LOCALAPPDATA%\duban\bin\duban.cmd, no admin rights), then runs "duban setup-excel" on the
rem workbook dropped onto this file (or, with none, on the template and sample in this folder).
rem Exit codes are compared as text ("0"): a crash gives a negative code that "if errorlevel 1" misses.
setlocal DisableDelayedExpansion
title 安装督办台账程序（duban）
set "HERE=%~dp0"
set "HOME_DIR=%LOCALAPPDATA%\duban"
set "VENV=%LOCALAPPDATA%\duban\venv"
set "VPY=%VENV%\Scripts\python.exe"
set "DUBAN_BIN=%LOCALAPPDATA%\duban\bin"
set "CHECK=import sys, sysconfig; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12), (3, 13), (3, 14)) or sysconfig.get_platform() != 'win-amd64' or bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"
set "PY="
set "RESULT=0"
echo 督办台账程序（duban）离线安装
echo ================================
echo.
if not exist "%HERE%wheels\duban-*.whl" goto :not_extracted

rem 1. A 64-bit CPython 3.11-3.14 (not free-threaded): the py launcher first, newest first, then python on PATH.
call :try_python py -3.14
if defined PY goto :have_python
call :try_python py -3.13
if defined PY goto :have_python
call :try_python py -3.12
if defined PY goto :have_python
call :try_python py -3.11
if defined PY goto :have_python
call :try_python python
if defined PY goto :have_python
goto :no_python

:have_python
echo 第 1 步：找到 Python（%PY%）
rem 2. The virtual environment (reused when its Python is still a supported one). The folder is
rem made by cmd first: a Microsoft Store Python would otherwise create it in its private LocalCache.
"%VPY%" -c "%CHECK%" <nul >nul 2>&1
if "%ERRORLEVEL%"=="0" goto :have_venv
echo 第 2 步：正在创建程序文件夹 %VENV%
if not exist "%HOME_DIR%\" mkdir "%HOME_DIR%"
if not exist "%HOME_DIR%\" goto :venv_failed
%PY% -m venv --clear "%VENV%"
if not "%ERRORLEVEL%"=="0" goto :venv_failed
if not exist "%VPY%" goto :venv_failed
goto :install

:have_venv
echo 第 2 步：沿用已有的程序文件夹 %VENV%

:install
rem 3. duban and pywin32 (xlwings needs it on Windows) from the wheels folder, no Internet; then
rem duban itself once more with --force-reinstall, so a newer bundle always replaces it.
echo 第 3 步：正在安装 duban 及所需程序包（不需要上网，约一分钟）……
"%VPY%" -m pip install --no-index --find-links "%HERE%wheels" --upgrade --disable-pip-version-check --no-warn-script-location --quiet duban pywin32
if not "%ERRORLEVEL%"=="0" goto :pip_failed
"%VPY%" -m pip install --no-index --find-links "%HERE%wheels" --force-reinstall --no-deps --disable-pip-version-check --no-warn-script-location --quiet duban
if not "%ERRORLEVEL%"=="0" goto :pip_failed
"%VPY%" -m duban --version >nul 2>&1
if not "%ERRORLEVEL%"=="0" goto :pip_failed
echo           已安装到 %VENV%

rem 4. The "duban" command: bin\duban.cmd forwards every argument to the venv's duban.exe; bin is
rem appended to the user's Path in HKCU\Environment (read and written as REG_EXPAND_SZ by
rem PowerShell, no admin rights, no setx: setx cuts the value at 1024 characters).
echo 第 4 步：添加 duban 命令（命令提示符中输入 duban 即可运行）
if not exist "%DUBAN_BIN%\" mkdir "%DUBAN_BIN%"
copy /y "%HERE%duban.cmd" "%DUBAN_BIN%\duban.cmd" >nul
if not "%ERRORLEVEL%"=="0" goto :command_failed
powershell -NoProfile -NonInteractive -Command "$bin = $env:DUBAN_BIN; $key = Get-Item -LiteralPath 'HKCU:\Environment'; $old = [string]$key.GetValue('Path', '', 'DoNotExpandEnvironmentNames'); $parts = @($old -split ';' | Where-Object { $_ -ne '' }); if (@($parts | Where-Object { [Environment]::ExpandEnvironmentVariables($_).TrimEnd('\') -eq $bin }).Count -eq 0) { Set-ItemProperty -LiteralPath 'HKCU:\Environment' -Name 'Path' -Value ((@($parts) + $bin) -join ';') -Type ExpandString }; [Environment]::SetEnvironmentVariable('DUBAN_HOME', $env:LOCALAPPDATA + '\duban', 'User')" <nul >nul 2>&1
if not "%ERRORLEVEL%"=="0" goto :path_failed
echo           已添加：以后新打开的命令提示符窗口中可直接输入 duban（已开着的窗口要关掉重开）
goto :setup

:path_failed
echo           未能把 duban 加入 PATH（可能被单位的安全策略禁止）。请改用本文件夹中的“督办命令行.bat”，
echo           它打开的窗口中可以直接输入 duban。

:setup
rem 5. Point workbooks at this Python (xlwings.conf: Interpreter_Win); its exit code is checked.
echo 第 5 步：设置台账，让 Excel 按钮使用刚装好的 Python
if "%~1"=="" goto :setup_bundled
"%VPY%" -m duban setup-excel "%~1"
if not "%ERRORLEVEL%"=="0" set "RESULT=2"
goto :done

:setup_bundled
echo           （没有拖入台账，设置本文件夹中的 台账模板.xlsm 和 样例台账.xlsm）
"%VPY%" -m duban setup-excel "%HERE%台账模板.xlsm"
if not "%ERRORLEVEL%"=="0" set "RESULT=2"
"%VPY%" -m duban setup-excel "%HERE%样例台账.xlsm"
if not "%ERRORLEVEL%"=="0" set "RESULT=2"

:done
echo.
echo 已安装的 duban 版本：
call "%DUBAN_BIN%\duban.cmd" --version
if not "%ERRORLEVEL%"=="0" goto :pip_failed
if not "%RESULT%"=="0" goto :not_set_up
echo 【安装完成】
goto :usage_notes

:not_set_up
echo 【已安装，但台账没有设置好】原因见上面的说明（例如台账正在 Excel 或 WPS 中打开）。
echo   关闭台账后，再把它拖到 install.bat 上松开，会再设置一次（不会重新安装）。

:usage_notes
echo   - Excel 用户：打开设置过的台账，点“启用内容”，再点“首页”上的按钮。
echo     其他台账：把台账文件拖到 install.bat 上，会再设置一次（不会重新安装）。
echo   - WPS 用户或宏被禁用时：把台账拖到“校验台账.bat”“重算排名.bat”“汇总答卷.bat”“生成上报件.bat”
echo     “生成催办.bat”“生成答卷.bat”“生成交办单.bat”“生成研判议程.bat”“发布排名.bat”上，可一次拖入几个台账。
echo   - 命令行：新打开的命令提示符窗口中输入 duban --help；或双击“督办命令行.bat”。
echo   - 说明文档在本文件夹的“说明”文件夹中。
echo.
pause
exit /b %RESULT%

:try_python
rem try_python COMMAND...: PY=COMMAND when it starts a supported Python (stdin closed: a Python
rem install manager asking whether to install a missing version gets no answer and declines).
%* -c "%CHECK%" <nul >nul 2>&1
if "%ERRORLEVEL%"=="0" set "PY=%*"
exit /b 0

:not_extracted
echo 【未能安装】找不到 wheels 文件夹。请先把压缩包全部解压（右键压缩包 → 全部解压缩），
echo 再双击解压出来的文件夹中的 install.bat。
goto :fail

:no_python
echo 【未能安装】这台电脑上没有找到 64 位的 Python 3.11、3.12、3.13 或 3.14。
echo 请先安装 Python（推荐 3.13）：从 python.org 下载并安装“Python 安装管理器”（Python install manager），
echo 再在命令提示符中输入 py install 3.13 ，装好后再双击 install.bat。
echo 不能上网的电脑的装法见“说明\安装与设置.md”第一步。
goto :fail

:venv_failed
echo 【未能安装】无法创建程序文件夹 %VENV%。请把上面的英文提示发给技术支持。
goto :fail

:pip_failed
echo 【未能安装】安装程序包时出错。请把上面的英文提示发给技术支持。
goto :fail

:command_failed
echo 【未能安装】无法写入 %DUBAN_BIN%\duban.cmd。请把上面的提示发给技术支持。
goto :fail

:fail
echo.
pause
exit /b 2

@echo off
chcp 65001 >nul
rem Offline installer of duban for Windows (64-bit, Python 3.11 or 3.12 already installed).
rem Creates a virtual environment under %LOCALAPPDATA%\duban, installs duban and pywin32 from the
rem wheels beside this file without the Internet (--no-index), then runs "duban setup-excel" on
rem the workbook dropped onto this file (or, with none, on the template and sample in this folder).
setlocal
title 安装督办台账程序（duban）
set "HERE=%~dp0"
set "VENV=%LOCALAPPDATA%\duban\venv"
set "VPY=%VENV%\Scripts\python.exe"
set "CHECK=import sys, struct; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)) or struct.calcsize('P') != 8)"
set "PY="
echo 督办台账程序（duban）离线安装
echo ================================
echo.
if not exist "%HERE%wheels\duban-*.whl" goto :not_extracted

rem 1. A 64-bit Python 3.11 or 3.12: the py launcher first, then python on PATH.
py -3.12 -c "%CHECK%" >nul 2>&1
if not errorlevel 1 set "PY=py -3.12"
if defined PY goto :have_python
py -3.11 -c "%CHECK%" >nul 2>&1
if not errorlevel 1 set "PY=py -3.11"
if defined PY goto :have_python
python -c "%CHECK%" >nul 2>&1
if not errorlevel 1 set "PY=python"
if defined PY goto :have_python
goto :no_python

:have_python
echo 第 1 步：找到 Python（%PY%）
rem 2. The virtual environment (reused when it still works).
"%VPY%" -c "import sys" >nul 2>&1
if not errorlevel 1 goto :have_venv
echo 第 2 步：正在创建程序文件夹 %VENV%
%PY% -m venv --clear "%VENV%"
if errorlevel 1 goto :venv_failed
goto :install

:have_venv
echo 第 2 步：沿用已有的程序文件夹 %VENV%

:install
rem 3. duban and pywin32 (xlwings needs it on Windows) from the wheels folder, no Internet.
echo 第 3 步：正在安装 duban 及所需程序包（不需要上网，约一分钟）……
"%VPY%" -m pip install --no-index --find-links "%HERE%wheels" --upgrade --disable-pip-version-check --no-warn-script-location --quiet duban pywin32
if errorlevel 1 goto :pip_failed
"%VPY%" -m duban --help >nul 2>&1
if errorlevel 1 goto :pip_failed
echo           已安装到 %VENV%

rem 4. Point workbooks at this Python (xlwings.conf: Interpreter_Win).
echo 第 4 步：设置台账，让 Excel 按钮使用刚装好的 Python
if "%~1"=="" goto :setup_bundled
"%VPY%" -m duban setup-excel "%~1"
goto :done

:setup_bundled
echo           （没有拖入台账，设置本文件夹中的 台账模板.xlsm 和 样例台账.xlsm）
"%VPY%" -m duban setup-excel "%HERE%台账模板.xlsm"
"%VPY%" -m duban setup-excel "%HERE%样例台账.xlsm"

:done
echo.
echo 【安装完成】
echo   - Excel 用户：打开设置过的台账，点“启用内容”，再点“首页”上的按钮。
echo     其他台账：把台账文件拖到 install.bat 上，会再设置一次（不会重新安装）。
echo   - WPS 用户或宏被禁用时：把台账拖到“校验台账.bat”“重算排名.bat”“生成上报件.bat”上。
echo   - 说明文档在本文件夹的“说明”文件夹中。
echo.
pause
exit /b 0

:not_extracted
echo 【未能安装】找不到 wheels 文件夹。请先把压缩包全部解压（右键压缩包 → 全部解压缩），
echo 再双击解压出来的文件夹中的 install.bat。
goto :fail

:no_python
echo 【未能安装】这台电脑上没有找到 64 位的 Python 3.11 或 3.12。
echo 请先安装 Python 3.12（64 位，python.org 的 Windows installer (64-bit)；安装时勾选“Add python.exe to PATH”），
echo 再双击 install.bat。不能上网的电脑可在别的电脑上下载安装程序后拷贝过来，见“说明\安装与设置.md”。
goto :fail

:venv_failed
echo 【未能安装】无法创建程序文件夹 %VENV%。请把上面的英文提示发给技术支持。
goto :fail

:pip_failed
echo 【未能安装】安装程序包时出错。请把上面的英文提示发给技术支持。
goto :fail

:fail
echo.
pause
exit /b 2

<#
.SYNOPSIS
    用本机 Excel 重建带按钮的督办台账（.xlsm），不依赖随附工作簿里预先生成的 VBA 工程。

.DESCRIPTION
    供信息化/IT 人员使用：当随附的 duban-template.xlsm 在某台电脑上按钮无反应、
    “调试 → 编译 VBAProject”报错或提示工程损坏时，用本脚本在这台电脑的 Excel 里重新生成。

    脚本通过 COM 打开不含宏的模板（duban-template.xlsx，或任何不含宏的台账 .xlsx），
    导入同一文件夹中的 VBA 模块（xlwings.bas、Dictionary.cls、Duban.bas、xlwings_udfs.bas），
    在“首页”放置按钮并逐个指定宏（buttons.txt：按钮文字、宏名、说明），最后另存为 .xlsm。
    原 .xlsx 不会被改动。

    准备：在装有 duban 的电脑上运行  duban vba-export 文件夹  ，把整个文件夹拷到这台电脑。

    需要：Windows 上的 Microsoft Excel 2010 或更新版本（WPS 不能运行本脚本）。
    运行期间必须开启“信任对 VBA 工程对象模型的访问”：
        Excel → 文件 → 选项 → 信任中心 → 信任中心设置 → 宏设置 → 勾选“信任对 VBA 工程对象模型的访问”。
    也可以加 -TrustTemporarily：脚本只为当前 Windows 用户临时打开这一设置，结束后（包括出错时）恢复原值。
    如该设置被组策略锁定，请联系管理员。运行结束后建议关闭该设置。

.PARAMETER Workbook
    不含宏的工作簿（.xlsx）。默认：本脚本所在文件夹中的 duban-template.xlsx。

.PARAMETER Output
    生成的 .xlsm 文件。默认：与 -Workbook 同名、同文件夹，扩展名 .xlsm。

.PARAMETER ModulesDir
    VBA 模块和 buttons.txt 所在文件夹。默认：本脚本所在文件夹。

.PARAMETER TrustTemporarily
    运行期间临时开启“信任对 VBA 工程对象模型的访问”（仅当前用户），结束后恢复。

.PARAMETER Force
    -Output 已存在时覆盖。

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File .\rebuild-in-excel.ps1 -TrustTemporarily

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File .\rebuild-in-excel.ps1 -Workbook D:\督办\台账.xlsx -Output D:\督办\台账.xlsm

.NOTES
    退出码：0 成功；2 无法完成（屏幕上有中文原因）。
#>
[CmdletBinding()]
param(
    [string]$Workbook = "",
    [string]$Output = "",
    [string]$ModulesDir = "",
    [switch]$TrustTemporarily,
    [switch]$Force
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = "Stop"

# Excel constants
$XlOpenXmlWorkbookMacroEnabled = 52
$XlButtonControl = 0
$MsoFormControl = 8

# Layout of the buttons on the home sheet, as workbook/home.py places them in the shipped .xlsm
$HomeSheet = '首页'
$ButtonCell = "B5"      # row 5, column B
$ButtonRowHeight = 30   # points
$ButtonWidth = 90       # points (120 px)
$ButtonHeight = 25.5    # points (34 px)
$ButtonGap = 9          # points (12 px)
$NotesCell = "B7"       # one line per button: caption and what it does
$MacroFreeNote = '本文件不含宏'
$ModuleExtensions = @(".bas", ".cls")

function Get-ExcelVersion {
    # "Excel.Application.16" -> "16.0"; $null without a registered Excel
    $key = "Registry::HKEY_CLASSES_ROOT\Excel.Application\CurVer"
    if (-not (Test-Path $key)) { return $null }
    $curVer = (Get-Item $key).GetValue("")
    if (-not $curVer) { return $null }
    return ($curVer -replace '^Excel\.Application\.', '') + ".0"
}

function Get-AccessVbom([string]$Path) {
    # The AccessVBOM value under a registry key, or $null
    if (-not (Test-Path $Path)) { return $null }
    return (Get-Item $Path).GetValue("AccessVBOM", $null)
}

function Enable-VbomAccess([string]$Version, [bool]$Temporarily) {
    # Returns a script block that restores the previous setting, or $null when nothing was changed.
    foreach ($root in @("HKCU:", "HKLM:")) {
        $policy = Get-AccessVbom "$root\Software\Policies\Microsoft\Office\$Version\Excel\Security"
        if ($null -ne $policy -and $policy -ne 1) {
            throw ('“信任对 VBA 工程对象模型的访问”被组策略禁止（{0}），请联系管理员临时放开后再运行。' -f $root)
        }
    }
    $key = "HKCU:\Software\Microsoft\Office\$Version\Excel\Security"
    $before = Get-AccessVbom $key
    if ($before -eq 1) { return $null }
    if (-not $Temporarily) {
        throw ('本机 Excel 未开启“信任对 VBA 工程对象模型的访问”。请在 Excel 中：文件 → 选项 → 信任中心 → 信任中心设置 → ' +
               '宏设置，勾选“信任对 VBA 工程对象模型的访问”，确定后关闭 Excel 再运行本脚本；' +
               '或者加 -TrustTemporarily 让脚本临时打开、结束后自动恢复。')
    }
    if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }
    New-ItemProperty -Path $key -Name "AccessVBOM" -Value 1 -PropertyType DWord -Force | Out-Null
    Write-Host '已临时开启“信任对 VBA 工程对象模型的访问”（结束后恢复）。'
    if ($null -eq $before) {
        return { Remove-ItemProperty -Path $key -Name "AccessVBOM" -ErrorAction SilentlyContinue }.GetNewClosure()
    }
    return { Set-ItemProperty -Path $key -Name "AccessVBOM" -Value $before }.GetNewClosure()
}

function Read-Buttons([string]$Path) {
    if (-not (Test-Path -LiteralPath $Path)) {
        throw ('找不到按钮清单 {0}。请用 duban vba-export 重新导出整个文件夹。' -f $Path)
    }
    $rows = @(Import-Csv -LiteralPath $Path -Delimiter "`t" -Encoding UTF8)
    if ($rows.Count -eq 0) { throw ('按钮清单 {0} 是空的。' -f $Path) }
    return $rows
}

function Add-HomeButtons($Sheet, $Buttons) {
    $macros = @($Buttons | ForEach-Object { $_.macro })
    # Remove buttons left from an earlier run (same macro), so a re-run does not stack them.
    for ($i = $Sheet.Shapes.Count; $i -ge 1; $i--) {
        $shape = $Sheet.Shapes.Item($i)
        if ($shape.Type -eq $MsoFormControl -and $macros -contains ($shape.OnAction -replace '^.*!', '')) {
            $shape.Delete()
        }
    }
    $anchor = $Sheet.Range($ButtonCell)
    if ([string]$anchor.Text -like "$MacroFreeNote*") { $anchor.ClearContents() | Out-Null }
    $anchor.EntireRow.RowHeight = $ButtonRowHeight
    $i = 0
    foreach ($b in $Buttons) {
        $left = $anchor.Left + $i * ($ButtonWidth + $ButtonGap)
        $shape = $Sheet.Shapes.AddFormControl($XlButtonControl, $left, $anchor.Top + 1.5, $ButtonWidth, $ButtonHeight)
        $shape.Name = "Duban_" + $b.macro
        $shape.OnAction = $b.macro
        $shape.TextFrame.Characters().Text = $b.caption
        $note = $Sheet.Range($NotesCell).Offset($i, 0)
        if ([string]$note.Text -eq "") { $note.Value2 = ('{0}：{1}' -f $b.caption, $b.note) }
        $i++
    }
}

function Assert-MacrosExist($Book, $Buttons) {
    foreach ($b in $Buttons) {
        $found = $false
        foreach ($component in $Book.VBProject.VBComponents) {
            try {
                [void]$component.CodeModule.ProcStartLine($b.macro, 0)
                $found = $true
                break
            } catch { }
        }
        if (-not $found) { throw ('导入的模块中没有宏 {0}（按钮“{1}”）。请用 duban vba-export 重新导出。' -f $b.macro, $b.caption) }
    }
}

$excel = $null
$book = $null
$restoreTrust = $null
$exitCode = 0
try {
    if (-not $ModulesDir) { $ModulesDir = $PSScriptRoot }
    $ModulesDir = (Resolve-Path -LiteralPath $ModulesDir).Path
    if (-not $Workbook) { $Workbook = Join-Path $ModulesDir "duban-template.xlsx" }
    if (-not (Test-Path -LiteralPath $Workbook)) { throw ('找不到工作簿 {0}。' -f $Workbook) }
    $Workbook = (Resolve-Path -LiteralPath $Workbook).Path
    if ([IO.Path]::GetExtension($Workbook) -ne ".xlsx") {
        throw ('{0} 不是 .xlsx。请给出不含宏的工作簿（已含宏的 .xlsm 请先在 Excel 中另存为 .xlsx）。' -f $Workbook)
    }
    if (-not $Output) { $Output = [IO.Path]::ChangeExtension($Workbook, ".xlsm") }
    $Output = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Output)  # relative to this folder
    if ((Test-Path -LiteralPath $Output) -and -not $Force) {
        throw ('{0} 已存在。换一个 -Output 文件名，或加 -Force 覆盖。' -f $Output)
    }
    $modules = @(Get-ChildItem -LiteralPath $ModulesDir -File |
                 Where-Object { $ModuleExtensions -contains $_.Extension.ToLower() } | Sort-Object Name)
    if ($modules.Count -eq 0) { throw ('{0} 中没有 .bas/.cls 模块。请先运行 duban vba-export。' -f $ModulesDir) }
    $buttons = Read-Buttons (Join-Path $ModulesDir "buttons.txt")

    if (Get-Process -Name EXCEL -ErrorAction SilentlyContinue) {
        throw '请先保存并关闭所有 Excel 窗口再运行（脚本会启动并关闭自己的 Excel）。'
    }
    $version = Get-ExcelVersion
    if (-not $version) { throw '本机没有安装 Microsoft Excel（WPS 不能运行本脚本）。' }
    $restoreTrust = Enable-VbomAccess $version $TrustTemporarily.IsPresent

    Write-Host ('正在用 Excel {0} 打开 {1} …' -f $version, $Workbook)
    $excel = New-Object -ComObject Excel.Application
    $excel.Visible = $false
    $excel.DisplayAlerts = $false
    $excel.EnableEvents = $false
    $book = $excel.Workbooks.Open($Workbook, 0, $true)  # read-only: the .xlsx stays as it is
    try {
        $components = $book.VBProject.VBComponents
    } catch {
        throw ('Excel 拒绝访问 VBA 工程：请开启“信任对 VBA 工程对象模型的访问”后重试（或加 -TrustTemporarily）。Excel 的提示：{0}' -f $_.Exception.Message)
    }
    foreach ($m in $modules) {
        [void]$components.Import($m.FullName)
        Write-Host ('  已导入模块 {0}' -f $m.Name)
    }
    Assert-MacrosExist $book $buttons

    $sheet = $null
    foreach ($ws in $book.Worksheets) { if ($ws.Name -eq $HomeSheet) { $sheet = $ws } }
    if ($null -eq $sheet) { throw ('工作簿中没有“{0}”工作表，不是督办台账？' -f $HomeSheet) }
    if ($sheet.ProtectContents) { throw ('“{0}”工作表受保护，请先在 Excel 中撤销保护。' -f $HomeSheet) }
    Add-HomeButtons $sheet $buttons
    foreach ($b in $buttons) { Write-Host ('  按钮“{0}” → {1}' -f $b.caption, $b.macro) }

    $book.SaveAs($Output, $XlOpenXmlWorkbookMacroEnabled)
    Write-Host ('已生成 {0}' -f $Output) -ForegroundColor Green
    Write-Host '下一步：打开该文件，点“启用内容”，在 VBA 编辑器（Alt+F11）中点“调试 → 编译 VBAProject”应无报错；'
    Write-Host '然后按 docs/验收清单.md 逐项检查。Python 解释器路径可用 duban setup-excel 文件名.xlsm 写入。'
} catch {
    Write-Host ('无法完成：{0}' -f $_.Exception.Message) -ForegroundColor Red
    $exitCode = 2
} finally {
    if ($null -ne $book) { try { $book.Close($false) } catch { } }
    if ($null -ne $excel) {
        try { $excel.Quit() } catch { }
        [void][Runtime.InteropServices.Marshal]::ReleaseComObject($excel)
    }
    if ($null -ne $restoreTrust) {
        & $restoreTrust
        Write-Host '已恢复“信任对 VBA 工程对象模型的访问”的原设置。'
    }
}
exit $exitCode

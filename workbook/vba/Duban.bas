Attribute VB_Name = "Duban"
' duban: the buttons on the home sheet. Each Sub runs one function of the
' Python package "macros" through xlwings (RunPython, in the xlwings module
' of this workbook). Keep this file ASCII: the VBA project uses code page 1252.
Option Explicit

Sub DubanValidate()
    RunPython "import macros; macros.validate()"
End Sub

Sub DubanRecompute()
    RunPython "import macros; macros.recompute()"
End Sub

Sub DubanCollect()
    RunPython "import macros; macros.collect()"
End Sub

Sub DubanExport()
    RunPython "import macros; macros.export()"
End Sub

' For Python code (xlwings Book.macro): the computed sheets are protected
' without a password; unprotect one before writing and protect it again after.
Sub DubanUnprotectSheet(SheetName As String)
    ThisWorkbook.Worksheets(SheetName).Unprotect
End Sub

Sub DubanProtectSheet(SheetName As String)
    ThisWorkbook.Worksheets(SheetName).Protect DrawingObjects:=True, Contents:=True, Scenarios:=True, _
        AllowFormattingColumns:=True, AllowFormattingRows:=True, AllowSorting:=True, AllowFiltering:=True
End Sub

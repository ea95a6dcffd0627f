Attribute VB_Name = "Duban"
' duban: the buttons on the home sheet. Each Sub runs one function of the
' Python package "macros" through xlwings (RunPython, in the xlwings module
' of this workbook). Keep this file ASCII: the VBA project uses code page 1252.
Option Explicit

' Sheets this module unprotected before Python ran (RunPython waits for Python).
Private Unprotected As Collection

Sub DubanValidate()
    UnprotectForPython
    RunPython "import macros; macros.validate()"
    ProtectAgain
End Sub

Sub DubanRecompute()
    UnprotectForPython
    RunPython "import macros; macros.recompute()"
    ProtectAgain
End Sub

Sub DubanCollect()
    UnprotectForPython
    RunPython "import macros; macros.collect()"
    ProtectAgain
End Sub

Sub DubanExport()
    UnprotectForPython
    RunPython "import macros; macros.export()"
    ProtectAgain
End Sub

Sub DubanRemind()
    UnprotectForPython
    RunPython "from macros.excel import remind; remind()"
    ProtectAgain
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

' Desktop Excel refuses writes to protected sheets and xlwings has no protection
' API: lift the (password-free) protection of every protected sheet before
' Python writes, and put it back afterwards. Sheets protected with a password
' stay protected.
Private Sub UnprotectForPython()
    Dim ws As Worksheet
    Set Unprotected = New Collection
    For Each ws In ThisWorkbook.Worksheets
        If ws.ProtectContents Then
            On Error Resume Next
            ws.Unprotect
            If Err.Number = 0 Then Unprotected.Add ws.Name
            Err.Clear
            On Error GoTo 0
        End If
    Next ws
End Sub

Private Sub ProtectAgain()
    Dim SheetName As Variant
    If Unprotected Is Nothing Then Exit Sub
    On Error Resume Next
    For Each SheetName In Unprotected
        DubanProtectSheet CStr(SheetName)
    Next SheetName
    On Error GoTo 0
    Set Unprotected = Nothing
End Sub

"""A small static checker of the Windows batch files (packaging/windows), read line by line the
way cmd reads them. tree-sitter-batch finds syntax errors (an unclosed quote or block); these
rules add what cmd accepts but gets wrong for our users:

- bytes: UTF-8 without BOM, every line ending in CRLF (cmd reads LF-only files wrongly around labels);
- a .bat starts with "@echo off" and "chcp 65001 >nul" and turns off delayed expansion
  ("setlocal DisableDelayedExpansion") before anything else, so a "!" in a path stays a "!";
- no parenthesised blocks: every line has balanced double quotes and no "(" or ")" outside them
  except in rem/echo text (a ")" in a dropped file's path would close a block);
- every argument reference (%1, %~1, %~nx3, %~dp0…) stands inside double quotes; %* only at the
  end of a line that forwards the arguments (or as the command of a subroutine: call :try py -3.14);
- every goto/call target is a label of the file, labels are unique;
- exit codes are compared as text ("%ERRORLEVEL%"=="0"): "if errorlevel N" means ">= N" and lets a
  crash's negative code (-1073741819) through as success; each run of python/pip/duban/powershell/copy
  is followed by a line that reads %ERRORLEVEL%.
"""

from __future__ import annotations

import re
from pathlib import Path

ARGUMENT = re.compile(r"%~[a-z]*[0-9]|%[0-9]")
LABEL = re.compile(r"^:(\w+)\s*$")
TARGET = re.compile(r"\b(?:goto|call)\s+:(\w+)", re.I)
CHECKED_RUN = re.compile(r'-m\s+(?:duban|pip|venv)\b|^powershell\b|^copy\b|^call\s+"[^"]*\.cmd"', re.I)
HEAD = ("@echo off", "chcp 65001 >nul")


QUOTE_REMOVAL = re.compile(r'%\w+:"=[^%]*%')  # %VAR:"=% takes the quotes out of VAR: no quote itself


def outside_quotes(line: str) -> str:
    """The line with every double-quoted span removed (an odd quote keeps the rest of the line)."""
    return re.sub(r'"[^"]*"', '""', QUOTE_REMOVAL.sub("", line))


def is_text(line: str) -> bool:
    """rem comments and echo lines: cmd does not interpret parentheses in them outside blocks."""
    return bool(re.match(r"(?:rem\b|echo[ .]|echo$|::)", line.strip(), re.I))


def problems(path: Path) -> list[str]:
    data = path.read_bytes()
    name = path.name
    found: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        found.append(f"{name}: starts with a BOM (cmd reads it as part of the first command)")
    if b"\n" in data.replace(b"\r\n", b""):
        found.append(f"{name}: a line does not end in CRLF")
    if not data.endswith(b"\r\n"):
        found.append(f"{name}: the last line has no CRLF")
    lines = data.decode("utf-8").removesuffix("\r\n").split("\r\n")
    if path.suffix == ".bat":
        if tuple(lines[:2]) != HEAD:
            found.append(f"{name}: does not start with {' / '.join(HEAD)}")
        first = next((i for i, line in enumerate(lines[2:], 2) if line.strip() and not is_text(line)), None)
        if first is None or lines[first].strip().lower() != "setlocal disabledelayedexpansion":
            found.append(f"{name}: the first command after chcp is not setlocal DisableDelayedExpansion")
    labels: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        label = LABEL.match(line)
        if label:
            key = label.group(1).lower()
            if key in labels:
                found.append(f"{where}: label :{label.group(1)} also on line {labels[key]}")
            labels[key] = number
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        stripped = line.strip()
        if re.match(r"rem\b|::", stripped, re.I):
            continue
        if QUOTE_REMOVAL.sub("", stripped).count('"') % 2:
            found.append(f"{where}: unbalanced double quotes")
        bare = outside_quotes(stripped)
        if not is_text(stripped) and re.search(r"[()]", bare):
            found.append(f"{where}: parenthesis outside quotes (no blocks: a ')' in a path would close them)")
        for match in ARGUMENT.finditer(bare):
            found.append(f"{where}: {match.group()} outside double quotes")
        if "%*" in bare and not (bare.endswith("%*") or bare.startswith("%* ") or bare.lower().startswith('set ""')):
            found.append(f"{where}: %* neither the command nor at the end of the line")
        if "!" in bare and not is_text(stripped):
            found.append(f"{where}: '!' outside quotes")
        for target in TARGET.findall(stripped):
            if target.lower() not in labels and target.lower() != "eof":
                found.append(f"{where}: no label :{target}")
        if re.search(r"\bif\s+(?:not\s+)?errorlevel\b", stripped, re.I):
            found.append(f"{where}: 'if errorlevel' misses negative exit codes; compare \"%ERRORLEVEL%\"==\"0\"")
        for use in re.findall(r'.?%ERRORLEVEL%.?', stripped, re.I):
            if not (use.startswith('"') and use.endswith('"')) and not use.startswith("="):
                found.append(f"{where}: %ERRORLEVEL% not compared as quoted text")
        if CHECKED_RUN.search(stripped) and not stripped.lower().startswith("if "):
            following = next((other for other in lines[number:] if other.strip()), "")
            if "%ERRORLEVEL%" not in following.upper():
                found.append(f"{where}: exit code not checked on the next line")
    return found

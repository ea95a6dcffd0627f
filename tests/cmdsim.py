"""Runs the drop-target batch files on Linux, as cmd would, to test what a user sees.

A small interpreter of the subset of cmd the bundle's drop targets use (no blocks, no delayed
expansion: batchlint keeps them to it): one line at a time, %-expansion first (%VAR%, %~1,
%~nx3, %~dp0, %*, %%, %VAR:"=%, %ERRORLEVEL%, %RANDOM%), then echo, set (plain, /a, /p from
the "keyboard" or a file), if (exist, defined, "a"=="b", GTR), goto, call :label, call FILE,
shift /N, del, mkdir, copy /y, title, pause, exit /b, and other programs. A batch file started
without `call` replaces the running one. Windows paths ("C:\\x" style backslashes) become "/" paths for the file system; every other
program is handed to `run`, a callable (argv, env) -> (exit code, output lines).
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

Runner = Callable[[list[str], dict[str, str]], tuple[int, list[str]]]


def fs(path: str) -> Path:
    return Path(path.replace("\\", "/"))


def tokens(text: str) -> list[str]:
    """Split at spaces outside double quotes, quotes kept (as cmd hands arguments to a batch file)."""
    return re.findall(r'(?:"[^"]*"?|[^\s"])+', text)


def unquote(token: str) -> str:
    return token[1:-1] if len(token) >= 2 and token[0] == token[-1] == '"' else token.strip('"')


class Cmd:
    def __init__(self, env: dict[str, str], run: Runner, keyboard: list[str] | None = None):
        self.env = {k.upper(): v for k, v in env.items()}
        self.run = run
        self.keyboard = list(keyboard or [])
        self.out: list[str] = []
        self.errorlevel = 0
        self.title = ""

    # ---- expansion --------------------------------------------------------------------------

    def var(self, name: str) -> str | None:
        key = name.upper()
        if key in self.env:
            return self.env[key]
        if key == "ERRORLEVEL":
            return str(self.errorlevel)
        if key == "RANDOM":
            return str(random.randint(0, 32767))
        return None

    def expand(self, line: str, args: list[str], all_args: str) -> str:
        def arg(m: re.Match) -> str:
            mods, n = m.group(1) or "", int(m.group(2))
            raw = args[n] if n < len(args) else ""
            if not mods:
                return raw
            value = unquote(raw)
            if mods == "~":
                return value
            path = fs(value)
            parts = {"d": "", "p": str(path.parent) + "/", "n": path.stem, "x": path.suffix}
            return "".join(parts[c] for c in mods[1:])

        def percent(m: re.Match) -> str:
            whole = m.group(0)
            if whole == "%%":
                return "%"
            if whole == "%*":
                return all_args
            if m.group(2) is not None:
                return arg(re.match(r"%(~[a-z]*)?([0-9])", whole))
            name, edit = m.group(4), m.group(5)
            value = self.var(name)
            if value is None:
                return ""
            if edit:
                old, new = edit[1:].split("=", 1)
                value = value.replace(old, new)
            return value

        return re.sub(r"%%|%\*|%(~[a-z]*)?([0-9])|(%([A-Za-z_][\w]*)(:[^%]*)?%)", percent, line)

    # ---- running ----------------------------------------------------------------------------

    def call(self, path: Path, argv: list[str]) -> int:
        """Run batch file `path` with raw argument tokens `argv`; returns its exit code."""
        lines = path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
        labels = {line[1:].strip().lower(): i for i, line in enumerate(lines) if re.match(r"^:\w", line)}
        return self.execute(lines, labels, [str(path)] + argv, 0)

    def execute(self, lines: list[str], labels: dict, args: list[str], pc: int) -> int:
        all_args = " ".join(args[1:])
        while pc < len(lines):
            raw = lines[pc].strip().removeprefix("@")
            pc += 1
            if not raw or raw.startswith(":") or re.match(r"rem\b", raw, re.I) or raw.lower() == "echo off":
                continue
            line = self.expand(raw, args, all_args)
            if line.lower().startswith("call :"):  # a subroutine: its own arguments, back here at exit /b
                label, *sub_args = tokens(line[5:])
                self.errorlevel = self.execute(lines, labels, [args[0]] + sub_args, labels[label[1:].lower()] + 1)
                continue
            if line.lower().startswith("call "):  # another batch file, then on with this one
                target, *sub_args = tokens(line[5:])
                self.errorlevel = self.call(fs(unquote(target)), sub_args)
                continue
            result = self.statement(line, args, labels)
            if result is None:
                continue
            kind, value = result
            if kind == "goto":
                pc = labels[value] + 1
            else:  # exit /b, or a batch file started without call: it ends this one
                return value
        return self.errorlevel

    def statement(self, line: str, args: list[str], labels: dict):
        low = line.lower()
        if low.startswith("if "):
            condition, rest = self.condition(line[3:].strip())
            return self.statement(rest, args, labels) if condition else None
        if low.startswith("goto "):
            return ("goto", line.split()[1].lstrip(":").lower())
        if low.startswith("exit /b"):
            code = line[7:].strip()
            return ("exit", int(code) if code else self.errorlevel)
        if low.startswith("shift /"):
            del args[int(line[7:].strip())]
            return None
        if low == "echo." or low.startswith("echo "):
            self.out.append(line[5:].rstrip() if low != "echo." else "")
            return None
        if low.startswith("set "):
            self.set(line[4:].strip())
            return None
        if low.startswith("title "):
            self.title = line[6:]
            return None
        if low.startswith(("chcp ", "setlocal")):
            return None
        if low == "pause":
            self.out.append("请按任意键继续. . .")
            return None
        line, quiet = re.subn(r"\s*(?:2>&1|>nul|<nul)", "", line)
        if low.startswith("del "):
            fs(unquote(line[4:].strip())).unlink(missing_ok=True)
            return None
        if low.startswith("mkdir "):
            fs(unquote(line[6:].strip())).mkdir(parents=True, exist_ok=True)
            return None
        if low.startswith("copy /y "):
            source, dest = (fs(unquote(t)) for t in tokens(line[8:]))
            self.errorlevel = 0 if source.is_file() else 1
            if source.is_file():
                shutil.copyfile(source, dest)
            return None
        argv = tokens(line)
        program = unquote(argv[0])
        if program.lower().endswith(".bat"):  # started without call: it replaces this one
            return ("chain", self.call(fs(program), argv[1:]))
        code, output = self.run([program] + [unquote(a) for a in argv[1:]], dict(self.env))
        self.errorlevel = code
        if not quiet:
            self.out.extend(output)
        return None

    def condition(self, text: str) -> tuple[bool, str]:
        negate = text.lower().startswith("not ")
        if negate:
            text = text[4:].lstrip()
        if text.lower().startswith("exist "):
            target, rest = self.first(text[6:])
            path = fs(unquote(target))
            found = bool(list(path.parent.glob(path.name))) if "*" in path.name else path.exists()
        elif text.lower().startswith("defined "):
            name, rest = self.first(text[8:])
            found = self.var(name) not in (None, "")
        elif m := re.match(r"(-?\d+)\s+GTR\s+(-?\d+)\s+(.*)", text, re.I):
            found, rest = int(m.group(1)) > int(m.group(2)), m.group(3)
        else:
            m = re.match(r'("[^"]*"|\S+?)==("[^"]*"|\S+)\s+(.*)', text)
            found, rest = m.group(1) == m.group(2), m.group(3)
        return found != negate, rest

    @staticmethod
    def first(text: str) -> tuple[str, str]:
        m = re.match(r'("[^"]*"|\S+)\s+(.*)', text)
        return m.group(1), m.group(2)

    def set(self, text: str) -> None:
        if text.lower().startswith("/a "):
            name, value = text[3:].split("+=") if "+=" in text else (text[3:].split("=")[0], None)
            self.env[name.strip().upper()] = str(int(self.var(name.strip()) or 0) + 1 if value else 0)
            return
        if text.lower().startswith("/p "):
            body = text[3:]
            source = re.search(r'<\s*("[^"]*"|\S+)$', body)
            if source:
                name = body[:body.index("=")].strip()
                lines = fs(unquote(source.group(1))).read_text(encoding="ascii").splitlines()
                if lines:
                    self.env[name.upper()] = lines[0]
                return
            name, prompt = unquote(body).split("=", 1)
            self.out.append(prompt)
            answer = self.keyboard.pop(0) if self.keyboard else ""
            if answer:
                self.env[name.upper()] = answer
            return
        name, value = unquote(text).split("=", 1)
        if value:
            self.env[name.upper()] = value
        else:
            self.env.pop(name.upper(), None)

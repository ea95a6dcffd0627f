"""The house keeps its layers: read -> rules -> render -> commands, feature packages beside,
base modules under them and xlsxio (the file layer) at the bottom. See docs/decisions.md, "Layers".

Every import of every module under duban/ is read with ast (imports inside functions and under
TYPE_CHECKING included); each violation is reported as "a -> b (rule)".
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "duban"

BASE = {f"duban.{m}" for m in ("findings", "schema", "dates", "workdays", "names", "unitwords", "textclean",
                               "cellmark", "errors", "model", "outputs")}
FEATURES = tuple(f"duban.{p}" for p in ("answers", "adopt", "rhythm", "export", "template"))
OUTSIDE = ("workbook", "macros", "udfs", "tests", "bench")   # top-level folders duban never imports
MAX_TOP_MODULES = 16


def _under(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package.parent): p for p in sorted(package.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str:
    """The module an imported name is: itself, or the longest module prefix it lives in."""
    while name and name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module ``name`` imports anywhere in its source (absolute names; duban modules resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(_resolve(a.name, known) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[:len(base) - node.level + (1 if is_pkg else 0)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            for a in node.names:
                sub = f"{mod}.{a.name}"
                out.add(sub if sub in known else _resolve(mod, known))
    out.discard(name)
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = all_modules(package)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def rule_broken(a: str, b: str) -> str | None:
    """The layering rule the import a -> b breaks, or None."""
    if b.split(".")[0] in OUTSIDE:
        return f"duban never imports {b.split('.')[0]}"
    if not _under(b, "duban"):
        return None
    if _under(a, "duban.xlsxio"):
        return None if _under(b, "duban.xlsxio") else "xlsxio imports nothing of duban outside xlsxio"
    if a in BASE and _under(b, "duban.read", "duban.rules", "duban.render", "duban.commands", "duban.run", *FEATURES):
        return "base modules import no read/rules/render/commands/run or feature package"
    if _under(a, "duban.read") and _under(b, "duban.rules", "duban.render", "duban.commands", "duban.run"):
        return "read never imports rules/render/commands/run"
    if _under(a, "duban.rules") and _under(b, "duban.render", "duban.commands", "duban.run"):
        return "rules never import render/commands/run"
    if _under(a, "duban.render") and _under(b, "duban.commands"):
        return "render never imports commands"
    if _under(a, *FEATURES) and _under(b, "duban.commands"):
        return "feature packages never import commands"
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root] & graph.keys())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            nxt = next(edges, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt] & graph.keys()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def violations(graph: dict[str, set[str]]) -> list[str]:
    out = [f"{a} -> {b} ({why})" for a in sorted(graph) for b in sorted(graph[a])
           if (why := rule_broken(a, b))]
    for comp in cycles(graph):
        members = set(comp)
        out += [f"{a} -> {b} (import cycle: {', '.join(comp)})"
                for a in comp for b in sorted(graph[a] & members)]
    return out


def fresh_import_graph() -> dict[str, set[str]]:
    """import_graph(), read in a fresh interpreter when this one's ast refuses: CPython 3.11 can raise
    "SystemError: AST constructor recursion depth mismatch" in a process where an earlier test hit a
    RecursionError (seen under pytest-xdist)."""
    try:
        return import_graph()
    except SystemError:
        code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import test_layers as t; "
                "print(json.dumps({k: sorted(v) for k, v in t.import_graph().items()}))")
        out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True,
                             text=True, check=True).stdout
        return {k: set(v) for k, v in json.loads(out).items()}


def test_layers_hold():
    found = violations(fresh_import_graph())
    assert not found, "layering broken:\n" + "\n".join(found)


def test_few_modules_directly_in_duban():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, f"{len(top)} modules directly in duban/ (at most {MAX_TOP_MODULES}): {top}"


# -- the checker itself ---------------------------------------------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = tmp_path / "duban" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path / "duban"


def test_checker_reports_each_kind_of_violation(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "",
        "schema.py": "",
        "errors.py": "def f():\n    from duban.read import ledger\n",
        "xlsxio/__init__.py": "",
        "xlsxio/cells.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from duban import schema\n",
        "read/__init__.py": "",
        "read/ledger.py": "from ..rules import evaluate\n",
        "rules/__init__.py": "",
        "rules/evaluate.py": "import duban.render.sheets\n",
        "render/__init__.py": "",
        "render/sheets.py": "from duban.commands import main\n",
        "commands/__init__.py": "",
        "commands/main.py": "from duban.render import sheets\nimport workbook.template\n",
        "answers/__init__.py": "from duban.commands.main import x\n",
    })
    found = violations(import_graph(pkg))
    assert "duban.xlsxio.cells -> duban.schema (xlsxio imports nothing of duban outside xlsxio)" in found
    assert any(v.startswith("duban.errors -> duban.read.ledger (base modules") for v in found)
    assert "duban.read.ledger -> duban.rules.evaluate (read never imports rules/render/commands/run)" in found
    assert "duban.rules.evaluate -> duban.render.sheets (rules never import render/commands/run)" in found
    assert "duban.render.sheets -> duban.commands.main (render never imports commands)" in found
    assert "duban.answers -> duban.commands.main (feature packages never import commands)" in found
    assert "duban.commands.main -> workbook (duban never imports workbook)" in found
    cycle = [v for v in found if "import cycle" in v]
    assert sorted(v.split(" (")[0] for v in cycle) == ["duban.commands.main -> duban.render.sheets",
                                                      "duban.render.sheets -> duban.commands.main"]


def test_checker_passes_a_clean_house(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "",
        "model.py": "from duban.xlsxio.cells import x\n",
        "xlsxio/__init__.py": "from duban.xlsxio import cells\n",
        "xlsxio/cells.py": "import re\n",
        "read/__init__.py": "",
        "read/ledger.py": "from duban import model\n",
        "commands/__init__.py": "",
        "commands/main.py": "from duban.read import ledger\n",
    })
    graph = import_graph(pkg)
    assert graph["duban.model"] == {"duban.xlsxio.cells"} and graph["duban.xlsxio"] == {"duban.xlsxio.cells"}
    assert violations(graph) == []

"""The architecture holds: import-linter's contracts in pyproject.toml (cli > app > render >
kinds > core, kinds independent, typer only in cli, rich only in render, no numpy or torch, no
import cycles) are kept, and the core does not read files, the environment or the clock."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_contracts_are_kept():
    """`lint-imports` (the contracts of pyproject.toml) reports every contract kept."""
    exe = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"Contracts: (\d+) kept, 0 broken", run.stdout), run.stdout[-2000:]


def test_every_module_sits_in_a_layer():
    """Each module and package of handcalc is named in the layers contract, so a new one is
    held by the contracts from its first commit instead of escaping them unnoticed."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["type"] == "layers")
    named = {part.strip() for layer in contract["layers"]
             for part in re.split(r"[:|]", layer)}
    modules = {f"handcalc.{p.stem if p.suffix == '.py' else p.name}"
               for p in (ROOT / "handcalc").iterdir()
               if not p.name.startswith("__")
               and (p.suffix == ".py" or (p / "__init__.py").exists())}
    assert len(modules) > 20
    assert modules - named == set(), "add these to a layer in pyproject.toml"


def test_no_kind_branch_in_shared_modules():
    """No shared module asks which kind an exercise is: they call its Kind (kinds.py)."""
    shared = [p for p in (ROOT / "handcalc").rglob("*.py")
              if not {"network", "graph", "derivation"} & set(p.relative_to(ROOT).parts)]
    found = [f"{p.relative_to(ROOT)}:{n}" for p in shared
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\b(exercise|ex)\.kind\s*(==|!=|in\b)", line)]
    assert not found, found


def test_the_core_reads_no_environment_or_clock():
    """os.environ and time are read at the edge (cli, app), not in the core or the kinds."""
    edge = {"cli.py", "app.py", "bundle.py", "check.py", "classfile.py", "roster.py"}
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "handcalc").rglob("*.py")
             if p.name not in edge or p.parent.name != "handcalc"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"os\.environ|getenv|time\.(time|perf_counter|monotonic)\(|"
                          r"datetime\.now", line)]
    assert not found, found


# --- files, the clock and the environment: at the edge (cli and the app layer), never below ---

EDGE = {"cli", "app", "bundle", "check", "classfile", "files", "roster"}  # pyproject's top layers
MODULES = ("time", "datetime", "locale", "pathlib")  # whatever is imported from them
FROM_OS = {"open", "fdopen", "stat", "lstat", "fstat", "listdir", "scandir", "walk", "getcwd",
           "environ", "getenv", "putenv"}
FROM_OS_PATH = {"exists", "lexists", "isfile", "isdir", "islink", "realpath", "abspath",
                "getsize", "getmtime", "samefile"}
PATH_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes"}  # Path(...).read_text()


def core_and_kinds() -> list[Path]:
    """Every module below the render layer: the core and the kinds (new ones included)."""
    package = ROOT / "handcalc"
    return sorted(p for p in package.rglob("*.py")
                  if p.relative_to(package).parts[0] != "render"
                  and not (p.parent == package and p.stem in EDGE))


def _dotted(node: ast.AST) -> str:
    """'os.path.realpath' for the expression os.path.realpath ('' for anything else)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _offence(node: ast.AST) -> str | None:
    """What this node does that belongs at the edge, in words; None when it does nothing such."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] in MODULES:
                return f"import {alias.name}"
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        names = {a.name for a in node.names}
        if module.split(".")[0] in MODULES:
            return f"from {module} import"
        bad = names & (FROM_OS if module == "os" else FROM_OS_PATH if module == "os.path"
                       else {"open"} if module == "io" else set())
        if bad:
            return f"from {module} import {', '.join(sorted(bad))}"
    elif isinstance(node, ast.Attribute):
        name = _dotted(node)
        head, _, last = name.rpartition(".")
        if (head == "os" and last in FROM_OS) or (head == "os.path" and last in FROM_OS_PATH) \
                or name == "io.open":
            return name
        if isinstance(node.value, ast.Call) and _dotted(node.value.func) == "Path" and \
                node.attr == "open":
            return "Path(...).open"
        if node.attr in PATH_METHODS:
            return f".{node.attr}("
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id == "open":
        return "open("
    return None


def offences(source: str, name: str) -> list[str]:
    """'NAME:LINE: what' for every read of a file, the clock or the environment in ``source``."""
    return [f"{name}:{node.lineno}: {what}" for node in ast.walk(ast.parse(source))
            if (what := _offence(node)) is not None]


def test_the_core_and_the_kinds_read_no_file_clock_or_environment():
    """No module of the core or the kinds opens, stats or resolves a file, or reads the clock,
    the locale or the environment: they are given text and values (handcalc/files.py reads)."""
    modules = core_and_kinds()
    assert {"answers.py", "exercise.py", "yamlsafe.py", "problem.py"} <= {p.name for p in modules}
    assert not any(p.stem in EDGE or "render" in p.parts for p in modules)
    found = [line for p in modules
             for line in offences(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))]
    assert not found, "read at the edge (handcalc/files.py), not here:\n" + "\n".join(found)


@pytest.mark.parametrize("source, said", [
    ("def f(p):\n    return open(p).read()\n", "m.py:2: open("),
    ("import os\nfd = os.open('x', os.O_RDONLY)\n", "m.py:2: os.open"),
    ("import os\nf = os.fdopen(3)\n", "m.py:2: os.fdopen"),
    ("import io\nf = io.open('x')\n", "m.py:2: io.open"),
    ("from pathlib import Path\n", "m.py:1: from pathlib import"),
    ("text = Path('x').read_text()\n", "m.py:1: .read_text("),
    ("data = p.read_bytes()\n", "m.py:1: .read_bytes("),
    ("f = Path('x').open()\n", "m.py:1: Path(...).open"),
    ("import os\nos.stat('x')\n", "m.py:2: os.stat"),
    ("import os\nos.lstat('x')\n", "m.py:2: os.lstat"),
    ("import os\nnames = os.listdir('.')\n", "m.py:2: os.listdir"),
    ("import os\nfor e in os.scandir('.'):\n    pass\n", "m.py:2: os.scandir"),
    ("import os\nfor t in os.walk('.'):\n    pass\n", "m.py:2: os.walk"),
    ("import os\nreal = os.path.realpath('x')\n", "m.py:2: os.path.realpath"),
    ("import os\nlang = os.environ.get('LANG')\n", "m.py:2: os.environ"),
    ("import os\nlang = os.getenv('LANG')\n", "m.py:2: os.getenv"),
    ("from os import environ\n", "m.py:1: from os import environ"),
    ("import time\n", "m.py:1: import time"),
    ("from time import perf_counter\n", "m.py:1: from time import"),
    ("import datetime\n", "m.py:1: import datetime"),
    ("import locale\n", "m.py:1: import locale"),
])
def test_the_check_finds_each_forbidden_read(source, said):
    """The walk names the module and line of each way of reading a file, the clock or the
    environment (so the test above can fail)."""
    assert said in offences(source, "m.py")


def test_the_check_passes_what_the_core_may_do():
    """Text handling, os.path's string functions and an injected clock are not reads."""
    source = ("import os\nimport re\n"
              "def f(base, ref, clock):\n"
              "    path = os.path.normpath(os.path.join(os.path.dirname(base), ref))\n"
              "    return re.sub('a', 'b', path), clock(), text.splitlines()\n")
    assert offences(source, "m.py") == []

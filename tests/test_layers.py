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


# --- no kind branch can come back: shared modules never import a kind's package ---------------

KIND_PACKAGES = ("network", "graph", "derivation")  # handcalc/<package>/ per kind (kinds.REGISTRY)
# the one door between kinds (pyproject's ignore_imports): the formula kind's families are
# networks, whose true gradients the network's steps compute
CROSSING = {("handcalc.derivation.adapter", "network")}


def _kind_package(dotted: str) -> str | None:
    """'network' for 'handcalc.network.spec' (or 'handcalc.network'), else None."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "handcalc" and \
        parts[1] in KIND_PACKAGES else None


def kind_imports(source: str, module: str) -> list[tuple[int, str]]:
    """(line, kind package) for every import of a kind's package in ``source``, the module
    ``module`` (dotted): relative or absolute imports, type-checking ones too, and a module
    named to importlib.import_module."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                head = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(head + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Call) and _dotted(node.func).endswith("import_module") and \
                node.args and isinstance(node.args[0], ast.Constant) and \
                isinstance(node.args[0].value, str):
            targets = [node.args[0].value]
        for kind in dict.fromkeys(filter(None, map(_kind_package, targets))):
            found.append((node.lineno, kind))
    return found


def crossings(source: str, module: str) -> list[str]:
    """The imports of ``module`` that reach into a kind's package it may not use: a shared
    module may use none (render/<kind>.py only its own kind's: the kind's views); a kind only
    its own, but for the door of CROSSING."""
    parts = module.split(".")
    own = parts[1] if parts[1] in KIND_PACKAGES else \
        parts[2] if parts[1] == "render" and len(parts) > 2 and parts[2] in KIND_PACKAGES \
        else None
    return [f"{module}:{line}: imports handcalc.{kind}"
            for line, kind in kind_imports(source, module)
            if kind != own and (module, kind) not in CROSSING]


def test_no_shared_module_imports_a_kind():
    """Only a kind's own package (and its views, render/<kind>.py) imports it: the shared
    modules reach a kind through kinds.get/of (kinds.REGISTRY names the modules), so a branch
    on one kind in cli, bundle, render or the core cannot come back unnoticed."""
    package = ROOT / "handcalc"
    modules = sorted(package.rglob("*.py"))
    assert {"cli.py", "bundle.py", "stats.py", "adapter.py"} <= {p.name for p in modules}
    found = []
    for p in modules:
        parts = p.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if parts[-1] == "__init__":
            module += ".__init__"  # (relative imports count from the package itself)
        found += crossings(p.read_text(encoding="utf-8"), module)
    assert not found, "reach the kind through a Kind hook (kinds.py):\n" + "\n".join(found)


@pytest.mark.parametrize("module, source, said", [
    ("handcalc.render.stats", "from ..network.friendly import BY_NAME\n",
     "handcalc.render.stats:1: imports handcalc.network"),
    ("handcalc.cli", "def f():\n    from .network.notation import NOTATIONS\n",
     "handcalc.cli:2: imports handcalc.network"),
    ("handcalc.bundle", "from . import graph\n", "handcalc.bundle:1: imports handcalc.graph"),
    ("handcalc.grader.bands", "from ..derivation import sheet\n",
     "handcalc.grader.bands:1: imports handcalc.derivation"),
    ("handcalc.answers", "import handcalc.network.spec as s\n",
     "handcalc.answers:1: imports handcalc.network"),
    ("handcalc.template", "import importlib\nm = importlib.import_module('handcalc.graph.kind')\n",
     "handcalc.template:2: imports handcalc.graph"),
    ("handcalc.render.derivation", "from ..network import spec\n",
     "handcalc.render.derivation:1: imports handcalc.network"),
    ("handcalc.graph.kind", "from ..network.notation import PRESETS\n",
     "handcalc.graph.kind:1: imports handcalc.network"),
    ("handcalc.derivation.problem", "from ..network.steps import build\n",
     "handcalc.derivation.problem:1: imports handcalc.network"),
])
def test_the_check_finds_each_kind_import(module, source, said):
    """Every way of importing a kind from elsewhere is named, with its line (so the test
    above can fail)."""
    assert crossings(source, module) == [said]


@pytest.mark.parametrize("module, source", [
    ("handcalc.render.derivation", "from ..derivation.sheet import word\n"),  # its views
    ("handcalc.derivation.adapter", "from ..network.steps import build\n"),  # the door
    ("handcalc.network.kind", "from .notation import NOTATIONS\nfrom ..kinds import Kind\n"),
    ("handcalc.network.__init__", "from .problem import Problem\n"),
    ("handcalc.cli", "from . import kinds\nfrom .render import stats\n"),
    ("handcalc.kinds", "import importlib\nm = importlib.import_module(name)\n"),
])
def test_the_check_passes_what_may_be(module, source):
    """A kind's own modules, its views, the adapter's door and the registry are allowed."""
    assert crossings(source, module) == []

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
# whatever is imported from these (import-linter's contract forbids them too, io aside: the check
# below looks at io's file openers only)
MODULES = ("time", "datetime", "locale", "pathlib", "shutil", "glob", "subprocess", "tempfile",
           "secrets", "signal", "threading", "socket", "codecs", "uuid", "importlib.resources")
FROM_OS = {"open", "fdopen", "stat", "lstat", "fstat", "listdir", "scandir", "walk", "getcwd",
           "environ", "environb", "getenv", "putenv", "urandom", "getrandom", "access", "chdir",
           "remove", "unlink", "rename", "replace", "mkdir", "makedirs", "rmdir", "system",
           "popen", "getpid", "getlogin", "times"}
FROM_OS_PATH = {"exists", "lexists", "isfile", "isdir", "islink", "ismount", "realpath",
                "abspath", "getsize", "getmtime", "getctime", "getatime", "samefile",
                "expanduser", "expandvars"}
FROM_SYS = {"stdin", "stdout", "stderr", "argv", "orig_argv", "__stdin__", "__stdout__",
            "__stderr__"}
FROM_IO = {"open", "open_code", "FileIO"}
SEEDED = {"Random"}  # random's one thing the core may use: random.Random(seed), seed given
PATH_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes"}  # Path(...).read_text()


def core_and_kinds() -> list[Path]:
    """Every module below the render layer: the core and the kinds (new ones included)."""
    package = ROOT / "handcalc"
    return sorted(p for p in package.rglob("*.py")
                  if p.relative_to(package).parts[0] != "render"
                  and not (p.parent == package and p.stem in EDGE))


def _dotted(node: ast.AST, names: dict[str, str]) -> str:
    """'os.path.realpath' for the expression os.path.realpath, with each imported name spelt
    as what it stands for (``names``: 'osp' → 'os.path' after ``import os.path as osp``);
    '' for anything else."""
    if isinstance(node, ast.Name):
        return names.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value, names)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _imported(tree: ast.AST) -> dict[str, str]:
    """What each name bound by an import stands for: 'o' → 'os' (import os as o), 'osp' →
    'os.path' (import os.path as osp), 'path' → 'os.path' (from os import path)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _forbidden(name: str) -> bool:
    """Whether the dotted name (a module, or a thing in one) reads a file, the clock, the
    environment, the process's streams and arguments, or an unseeded source of randomness."""
    head, _, last = name.rpartition(".")
    return (any(name == m or name.startswith(m + ".") for m in MODULES)
            or name == "builtins.open"
            or (head == "os" and last in FROM_OS) or (head == "os.path" and last in FROM_OS_PATH)
            or (head == "sys" and last in FROM_SYS) or (head == "io" and last in FROM_IO)
            or (head == "random" and last not in SEEDED))


def _offence(node: ast.AST, names: dict[str, str]) -> str | None:
    """What this node does that belongs at the edge, in words; None when it does nothing such."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if _forbidden(alias.name):
                return f"import {alias.name}"
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level:
            return None
        if any(module == m or module.startswith(m + ".") for m in MODULES):
            return f"from {module} import"
        bad = sorted(a.name for a in node.names if _forbidden(f"{module}.{a.name}"))
        if bad:
            return f"from {module} import {', '.join(bad)}"
    elif isinstance(node, ast.Attribute):
        name = _dotted(node, names)
        if name and _forbidden(name) and not _forbidden(name.rpartition(".")[0]):
            return name  # the outermost forbidden part only: os.environ, not os.environ.get
        if isinstance(node.value, ast.Call) and _dotted(node.value.func, names) == "Path" and \
                node.attr == "open":
            return "Path(...).open"
        if node.attr in PATH_METHODS:
            return f".{node.attr}("
    elif isinstance(node, ast.Call):
        called = _dotted(node.func, names)
        if isinstance(node.func, ast.Name) and called == "open":
            return "open("
        if called == "random.Random" and not node.args and not node.keywords:
            return "random.Random() without a seed"
    return None


def offences(source: str, name: str) -> list[str]:
    """'NAME:LINE: what' for every read of a file, the clock or the environment in ``source``."""
    tree = ast.parse(source)
    names = _imported(tree)
    return [f"{name}:{node.lineno}: {what}" for node in ast.walk(tree)
            if (what := _offence(node, names)) is not None]


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
    ("import os as o\nlang = o.environ['LANG']\n", "m.py:2: os.environ"),
    ("from os import path\npath.exists('x')\n", "m.py:2: os.path.exists"),
    ("from os import environ as env\n", "m.py:1: from os import environ"),
    ("from os import getenv\n", "m.py:1: from os import getenv"),
    ("import os.path as osp\nosp.isfile('x')\n", "m.py:2: os.path.isfile"),
    ("from os.path import getctime\n", "m.py:1: from os.path import getctime"),
    ("import os\nt = os.path.getmtime('x')\n", "m.py:2: os.path.getmtime"),
    ("import os\nhome = os.path.expanduser('~')\n", "m.py:2: os.path.expanduser"),
    ("import os\nok = os.access('x', os.R_OK)\n", "m.py:2: os.access"),
    ("import os\nkey = os.urandom(8)\n", "m.py:2: os.urandom"),
    ("import sys\ntext = sys.stdin.read()\n", "m.py:2: sys.stdin"),
    ("import sys\nfile = sys.argv[1]\n", "m.py:2: sys.argv"),
    ("from sys import argv\n", "m.py:1: from sys import argv"),
    ("import random\nx = random.random()\n", "m.py:2: random.random"),
    ("import random as r\nx = r.choice([1, 2])\n", "m.py:2: random.choice"),
    ("from random import randint\n", "m.py:1: from random import randint"),
    ("import random\nrng = random.Random()\n", "m.py:2: random.Random() without a seed"),
    ("from random import Random\nrng = Random()\n", "m.py:2: random.Random() without a seed"),
    ("import random\nrng = random.SystemRandom()\n", "m.py:2: random.SystemRandom"),
    ("import builtins\nf = builtins.open('x')\n", "m.py:2: builtins.open"),
    ("import io\nf = io.FileIO('x')\n", "m.py:2: io.FileIO"),
    ("from io import FileIO\n", "m.py:1: from io import FileIO"),
    ("import codecs\n", "m.py:1: import codecs"),
    ("import shutil\n", "m.py:1: import shutil"),
    ("import glob\n", "m.py:1: import glob"),
    ("import subprocess as sp\n", "m.py:1: import subprocess"),
    ("import tempfile\n", "m.py:1: import tempfile"),
    ("import secrets\n", "m.py:1: import secrets"),
    ("import uuid\n", "m.py:1: import uuid"),
    ("from uuid import uuid1\n", "m.py:1: from uuid import"),
    ("import importlib.resources\n", "m.py:1: import importlib.resources"),
    ("from importlib import resources\n", "m.py:1: from importlib import resources"),
])
def test_the_check_finds_each_forbidden_read(source, said):
    """The walk names the module and line of each way of reading a file, the clock or the
    environment (so the test above can fail)."""
    assert said in offences(source, "m.py")


def test_the_check_passes_what_the_core_may_do():
    """Text handling, os.path's string functions and an injected clock are not reads."""
    source = ("import os\nimport re\nimport random\nimport importlib\nfrom io import StringIO\n"
              "from os import path as osp\n"
              "def f(base, ref, clock, seed):\n"
              "    path = os.path.normpath(os.path.join(os.path.dirname(base), ref))\n"
              "    rng: random.Random = random.Random(seed)\n"
              "    kind = importlib.import_module('handcalc.network')\n"
              "    return (re.sub('a', 'b', path), clock(), text.splitlines(),\n"
              "            osp.join(base, ref), rng.random(), StringIO(text), os.sep, kind)\n")
    assert offences(source, "m.py") == []


# --- the hand-kept lists of pyproject.toml hold every module, so a new one cannot escape them ---

def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _contract(name: str) -> dict:
    return next(c for c in _pyproject()["tool"]["importlinter"]["contracts"]
                if c["name"].startswith(name))


def _dotted_modules(paths: list[Path]) -> set[str]:
    """'handcalc.network.steps' for handcalc/network/steps.py ('handcalc.expr' for its
    __init__.py)."""
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for p in paths}


def _held(module: str, sources: list[str]) -> bool:
    return any(module == s or module.startswith(s + ".") for s in sources)


def test_the_core_and_the_kinds_are_held_by_every_contract_and_by_mypy():
    """Every module of the core and the kinds is a source of the typer-only, rich-only and
    clock-and-files contracts, and is in mypy's strict list (handcalc.loader once was not)."""
    # the package's __init__ (its version) and __main__ (python -m: calls cli) are no layer's
    modules = _dotted_modules(core_and_kinds()) - {"handcalc", "handcalc.__main__"}
    assert {"handcalc.loader", "handcalc.network.steps", "handcalc.expr"} <= modules
    for name in ("typer only in cli", "rich only in render", "The core and the kinds import no"):
        sources = _contract(name)["source_modules"]
        missing = sorted(m for m in modules if not _held(m, sources))
        assert not missing, f"add to source_modules of {name!r}: {missing}"
    strict = next(o for o in _pyproject()["tool"]["mypy"]["overrides"]
                  if "disallow_untyped_defs" in o)["module"]
    missing = sorted(modules - set(strict))
    assert not missing, f"add to mypy's strict list in pyproject.toml: {missing}"


def test_typer_and_rich_contracts_hold_every_other_module():
    """Outside cli (typer) and render (rich), every module of handcalc is a source of the two
    contracts, the edge modules included."""
    modules = _dotted_modules(list((ROOT / "handcalc").rglob("*.py"))) - {
        "handcalc", "handcalc.__main__"}
    for name, home in (("typer only in cli", "handcalc.cli"),
                       ("rich only in render", "handcalc.render")):
        sources = _contract(name)["source_modules"]
        missing = sorted(m for m in modules if not _held(m, [home]) and not _held(m, sources))
        assert not missing, f"add to source_modules of {name!r}: {missing}"


# --- the README's module map names every module ---

def _module_map() -> list[str]:
    """The rows of the README's module map (the table after 'Layout, one idea per module')."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index("- Layout, one idea per module"):]
    rows = []
    for line in after.splitlines()[1:]:
        if line.strip().startswith("|"):
            rows.append(line)
        elif rows:
            break
    return rows[2:]  # the header and its rule left out


def test_the_readme_module_map_names_every_module():
    """Each file of handcalc/ is named in the module map: a top-level one anywhere in it, one of
    a package (render/, expr/, grader/, network/ …) in a row that names the package, or by its
    path; a package's __init__.py by the package."""
    rows = _module_map()
    assert len(rows) >= 8
    table = "\n".join(rows)
    package = ROOT / "handcalc"
    missing = []
    for p in sorted(package.rglob("*.py")):
        parts = p.relative_to(package).parts
        if len(parts) == 1:
            if f"`{p.name}`" not in table:
                missing.append(p.name)
            continue
        folder = f"{parts[0]}/"
        if p.name == "__init__.py":
            if folder not in table:
                missing.append(folder)
        elif f"{folder}{p.name}" not in table and not any(
                folder in row and f"`{p.name}`" in row for row in rows):
            missing.append(f"{folder}{p.name}")
    assert not missing, "name these in README.md's module map (Development): " + ", ".join(missing)


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
        elif isinstance(node, ast.Call) and _dotted(node.func, {}).endswith("import_module") and \
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

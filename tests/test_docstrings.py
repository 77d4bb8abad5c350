"""Every public function, method and class of the package says what it is (issue 13, item 6),
and every formula function states its formula.

Read from the source with ``ast`` (nothing is imported): public means a name without a leading
underscore, at module level or inside a public class; functions nested in functions are local.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "handcalc"

# the modules whose public module-level functions are formulas: each docstring's first line
# states one (interval.py's evaluators apply formulas given to them instead)
FORMULA_MODULES = ("functions.py", "graph/ops.py", "interval.py")
NOT_FORMULAS = {"interval.py": {"band", "evaluate", "with_table"}}
FORMULA_MARKS = set("=+−-×·/^²ˣᵏ∂Σσ[") | {"max", "log", "tanh", "ReLU"}

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def public(body: list[ast.stmt], prefix: str = "") -> list[tuple[str, Definition]]:
    """The public definitions of a module or class body, with their dotted names."""
    out: list[tuple[str, Definition]] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name.startswith("_"):
                continue
            out.append((prefix + node.name, node))
            if isinstance(node, ast.ClassDef):
                out += public(node.body, prefix + node.name + ".")
    return out


def test_the_walk_finds_what_it_should():
    # the walk itself, on a module written here: a missing docstring is seen, private and
    # nested definitions are not public, methods of a public class are
    source = '''
def documented():
    """Yes."""
    def nested():
        pass
def bare():
    pass
def _private():
    pass
class Thing:
    def method(self):
        pass
    def _helper(self):
        pass
    @property
    def size(self):
        """Its size."""
'''
    found = {name: ast.get_docstring(node) for name, node in public(ast.parse(source).body)}
    assert found == {"documented": "Yes.", "bare": None, "Thing": None, "Thing.method": None,
                     "Thing.size": "Its size."}


def test_the_package_has_modules_to_walk():
    names = {p.relative_to(PACKAGE).as_posix() for p in modules()}
    assert {"engine.py", "grader/verdict.py", "network/steps.py", "graph/ops.py", "cli.py",
            "expr/tokens.py", "numbers.py", "graph/problem.py"} <= names


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_public_definition_has_a_docstring(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name}: no module docstring"
    missing = [f"{name} (line {node.lineno})" for name, node in public(tree.body)
               if not ast.get_docstring(node)]
    assert not missing, f"{path.relative_to(PACKAGE)}: no docstring on " + ", ".join(missing)


@pytest.mark.parametrize("name", FORMULA_MODULES)
def test_formula_functions_state_their_formula(name: str):
    tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
    functions = [(n, node) for n, node in public(tree.body) if isinstance(node, ast.FunctionDef)
                 and "." not in n and n not in NOT_FORMULAS.get(name, set())]
    assert len(functions) >= 5
    without = [n for n, node in functions
               if not any(m in (ast.get_docstring(node) or "").split("\n")[0]
                          for m in FORMULA_MARKS)]
    assert not without, f"{name}: no formula on the first docstring line of " + ", ".join(without)

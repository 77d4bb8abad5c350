"""A kind's own views are looked up inside render (render/views.py): the core and the kinds name
no render module, not even as a string handed to importlib (which import-linter cannot see), and
a kind's views name only a module of handcalc.render."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import handcalc
from handcalc import kinds
from handcalc.files import load
from handcalc.render import views

from .conftest import EXERCISES

PACKAGE = Path(handcalc.__file__).parent
ABOVE_RENDER = {"cli.py", "app.py", "bundle.py", "check.py", "classfile.py", "files.py",
                "roster.py", "__main__.py"}  # the layers allowed to import render
DOTTED = re.compile(r"\w+(\.\w+)+")
VIEWS = ("terminal", "markdown", "worksheet", "statement", "paper_worksheet", "paper_key")


def below_render() -> list[Path]:
    """Every module of the kinds and the core."""
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if p.relative_to(PACKAGE).parts[0] != "render"
            and p.relative_to(PACKAGE).as_posix() not in ABOVE_RENDER]


def test_the_core_and_the_kinds_name_no_render_module():
    """No dotted module name with a 'render' part in any string, and no import of render."""
    found = []
    modules = below_render()
    assert {"kinds.py", "exercise.py", "derivation/kind.py"} <= \
        {p.relative_to(PACKAGE).as_posix() for p in modules}
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and DOTTED.fullmatch(node.value) and "render" in node.value.split("."):
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.ImportFrom) and node.module \
                    and "render" in node.module.split("."):
                found.append(f"{path.name}:{node.lineno} from {node.module}")
    assert found == []
    assert not hasattr(kinds, "views")


@pytest.mark.parametrize("name", ["exercise3.yaml", "graph_apple.yaml",
                                  "formulas/formula_000_logistic.yaml"])
def test_each_kind_s_views_are_a_render_module_with_every_view(name):
    ex = load(str(EXERCISES / name))
    own = views.of(ex)
    if kinds.of(ex).views is None:
        assert own is None
        return
    assert own is not None and own.__name__.startswith("handcalc.render.")
    assert [v for v in VIEWS if not callable(getattr(own, v, None))] == []


def test_a_views_name_outside_render_is_refused(monkeypatch):
    ex = load(str(EXERCISES / "formulas" / "formula_000_logistic.yaml"))
    monkeypatch.setattr(type(kinds.of(ex)), "views", "os.path")
    with pytest.raises(ValueError, match="handcalc.render"):
        views.of(ex)

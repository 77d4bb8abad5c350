"""Golden files for what `handcalc solve` shows: every bundled exercise, as a terminal table (en
and ja, width 100), as Markdown with LaTeX, and as JSON.  A change of output is a reviewed change:
`make golden` rewrites them, and the diff shows what moved."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from handcalc.files import load
from handcalc.render import jsonout, markdown, terminal

from .conftest import EXERCISES

CASES = sorted(p.name for p in EXERCISES.glob("*.yaml"))


def render_terminal(exercise, lang: str) -> str:
    console = Console(file=StringIO(), width=100, color_system=None, theme=terminal.THEME,
                      highlight=False)
    console.print(terminal.solution(exercise, lang))
    return console.file.getvalue()


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_terminal_solution(name, lang, golden):
    """The terminal solution of each bundled exercise matches its golden file."""
    exercise = load(str(EXERCISES / name))
    golden(f"solve/{name[:-5]}.{lang}.txt", render_terminal(exercise, lang))


@pytest.mark.parametrize("name", CASES)
def test_markdown_solution(name, golden):
    """The Markdown + LaTeX solution of each bundled exercise matches its golden file."""
    exercise = load(str(EXERCISES / name))
    golden(f"solve/{name[:-5]}.md", markdown.solution(exercise, "en"))


@pytest.mark.parametrize("name", CASES)
def test_json_solution(name, golden):
    """The JSON values of each bundled exercise match their golden file."""
    exercise = load(str(EXERCISES / name))
    text = json.dumps(jsonout.solution(exercise), indent=1, ensure_ascii=False) + "\n"
    golden(f"solve/{name[:-5]}.json", text)

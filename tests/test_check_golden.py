"""What `handcalc check` shows, kept as golden files (``make golden`` rewrites them on purpose):
one learner's sheet (table, first error, score; and the --hint form), and a class of sheets
(one line per sheet, the class summary), as text in both languages, JSON and CSV."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from handcalc.check import check_files
from handcalc.render.report_class import class_report, report_csv, report_json
from handcalc.render.report_sheet import hint_report, sheet_report
from handcalc.render.terminal import THEME

from .conftest import ROOT

LEARNER = "tests/sheets/exercise3_learner.yaml"
CLASS = sorted(f"tests/sheets/class/{p.name}" for p in (ROOT / "tests/sheets/class").glob("*.yaml"))


def text_of(renderable) -> str:
    console = Console(file=StringIO(), width=100, color_system=None, theme=THEME, highlight=False)
    console.print(renderable)
    return console.file.getvalue()


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_one_sheet(golden, at_root, lang):
    """One sheet: every element in working order, notes, the first error explained, the score."""
    [checked] = check_files([LEARNER], root=".")
    golden(f"check/exercise3_learner.{lang}.txt", text_of(sheet_report(checked, lang)))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_one_sheet_hint(golden, at_root, lang):
    """--hint: where the first error is and the formula to look at, no expected values."""
    [checked] = check_files([LEARNER], root=".")
    text = text_of(hint_report(checked, lang))
    assert "-0.3290" not in text  # the expected value of the first error is not given away
    golden(f"check/exercise3_learner.hint.{lang}.txt", text)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_class_summary(golden, at_root, lang):
    """A class: one line per sheet, per step how many are right, the commonest mistakes."""
    results = check_files(CLASS, root=".")
    golden(f"check/class.{lang}.txt", text_of(class_report(results, lang)))


def test_class_json(golden, at_root):
    """--json: design.md's shape, every item with a stable verdict code."""
    results = check_files(CLASS, root=".")
    data = report_json(results, "en")
    golden("check/class.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def test_class_csv(golden, at_root):
    """--csv: one row per sheet, a column per step."""
    golden("check/class.csv", report_csv(check_files(CLASS, root=".")))


def test_grid_draws_what_a_rich_table_draws(at_root):
    """The fast Grid of the sheet table draws exactly what a rich Table of the same cells does."""
    from handcalc.render.report_sheet import sheet_table

    [checked] = check_files([LEARNER], root=".")
    grid = sheet_table(checked, "en")
    assert text_of(grid) == text_of(grid.as_table())


def test_grid_colours_what_a_rich_table_colours(at_root):
    """In colour too, the Grid gives each cell the styles a rich Table gives it (the column's,
    the cell's own, its spans): ✓ stays green, ✗ red."""
    import re

    from handcalc.render.report_sheet import sheet_table

    [checked] = check_files([LEARNER], root=".")
    grid = sheet_table(checked, "en")

    def coloured(renderable) -> list[str]:
        console = Console(file=StringIO(), width=100, theme=THEME, color_system="truecolor",
                          force_terminal=True)
        console.print(renderable)
        pairs = re.findall(r"(\x1b\[[0-9;]*m)([^\x1b]*)", console.file.getvalue())
        return [code + text.strip(" │┃") for code, text in pairs if text.strip(" │┃")]

    codes = coloured(grid)
    assert codes == coloured(grid.as_table())
    assert any("✓" in c for c in codes) and any("✗" in c for c in codes)


def test_a_narrow_terminal_wraps_the_table(at_root):
    """Narrower than the table, the Grid hands over to a rich Table, which wraps."""
    from handcalc.render.report_sheet import sheet_table

    [checked] = check_files([LEARNER], root=".")
    console = Console(file=StringIO(), width=50, color_system=None, theme=THEME)
    console.print(sheet_table(checked, "en"))
    text = console.file.getvalue()
    assert "-0.392" in text and "wrong" in text
    assert max(len(line) for line in text.splitlines()) <= 50

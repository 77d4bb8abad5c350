"""The class sheets (tests/sheets/class/*.yaml) say in words what each learner did (first
comment) and, machine-readably after '— expect:' on that line, what the marking must then be
(written from the words, not from the grader's output):

- ``all right``: every element right;
- ``STEP VERDICT``: the step's elements have that verdict (``mistake:<code>``, ``blank``), but
  those the mistake leaves unchanged (a unit ReLU switches off, an input of 0), which are right;
- ``others right or carried`` / ``others right``: every element not named above;
- ``error TEXT``: the sheet cannot be graded, its error saying TEXT;
- ``warning TEXT``: a warning says TEXT."""

from __future__ import annotations

from pathlib import Path

import pytest

from handcalc.check import Problems, check_sheet
from handcalc.check import read_sheet as read
from handcalc.yamlsafe import InputError

ROOT = Path(__file__).resolve().parent.parent
SHEETS = sorted((ROOT / "tests" / "sheets" / "class").glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    """The clauses after '— expect:' in the sheet's first comment."""
    line = path.read_text(encoding="utf-8").splitlines()[0]
    assert line.startswith("# ") and " — expect: " in line, f"{path.name}: no '— expect:'"
    return [c.strip() for c in line.split(" — expect: ", 1)[1].split(";")]


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.stem)
def test_the_marking_is_what_the_sheet_expects(path):
    """Each clause of the sheet's expectation holds for its marking."""
    clauses = expectations(path)
    problems = Problems(root=str(ROOT))
    try:
        sheet = read(str(path), problems)
    except InputError as e:
        errors = [c.removeprefix("error ") for c in clauses if c.startswith("error ")]
        assert errors and all(t in str(e) for t in errors), (clauses, str(e))
        return
    assert not any(c.startswith("error ") for c in clauses), "graded, but an error was expected"
    items = check_sheet(sheet).graded.items
    named: set[str] = set()
    for clause in clauses:
        if clause.startswith("warning "):
            text = clause.removeprefix("warning ")
            assert any(text in w for w in sheet.warnings), (text, sheet.warnings)
            continue
        if clause == "all right":
            assert all(i.verdict == "right" for i in items), \
                [(i.id, i.verdict) for i in items if i.verdict != "right"]
            continue
        if clause.startswith("others "):
            allowed = {"right", "carried"} if "carried" in clause else {"right"}
            others = [(i.id, i.verdict) for i in items if i.step not in named]
            assert others and all(v in allowed for _, v in others), others
            continue
        step, verdict = clause.split(" ", 1)
        mine = [i.verdict for i in items if i.step == step]
        assert verdict in mine and all(v in (verdict, "right") for v in mine), \
            (step, verdict, mine)
        named.add(step)

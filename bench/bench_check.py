"""`handcalc check` on one sheet, on 1,000 sheets, and the bare import of typer + rich + yaml,
side by side in one run.  Targets: the 1,000-sheet call ≤ 20× the one-sheet call (per-sheet
cost far below start-up), and one sheet ≤ 1.35× the bare import."""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BASELINE, BIN, ROOT, compare, compile_package, report  # noqa: E402

SHEETS = 1000


def make_sheets(folder: Path) -> list[str]:
    """1,000 sheets of exercise 3: 40% right (rounded to 4 places), 40% with a named mistake,
    20% with a slip; the first has a named mistake."""
    sys.path.insert(0, str(ROOT))
    from handcalc.files import load
    from handcalc.grader import Marker
    from tests.sheetkit import learner_values, sheet_yaml

    shutil.copy(ROOT / "exercises" / "exercise3.yaml", folder / "exercise3.yaml")
    exercise = load(str(folder / "exercise3.yaml"))
    marker = Marker(exercise)
    variants = [(step.id, method) for step in exercise.graph.asked()
                for _, method in marker.variants(step)]
    rng = random.Random(3)
    paths = []
    for n in range(SHEETS):
        pick = rng.random()
        if n == 0:  # the one-sheet run: a named mistake, carried consequences, explained
            method = dict(marker.variants(exercise.graph.by_id["delta1"]))[
                "forgot_activation_derivative"]
            values = learner_values(exercise, at="delta1", method=method, round_to=4)
        elif pick < 0.4:
            values = learner_values(exercise, round_to=4)
        elif pick < 0.8:
            at, method = rng.choice(variants)
            values = learner_values(exercise, at=at, method=method, round_to=4)
        else:
            at = rng.choice([s.id for s in exercise.graph.asked()])
            slip = _slip(learner_values(exercise)[at])
            values = learner_values(exercise, at=at, value=slip, round_to=4)
        path = folder / f"sheet{n:04d}.yaml"
        path.write_text(sheet_yaml(exercise, values, "exercise3.yaml", name=f"learner {n}"),
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def _slip(value):
    if isinstance(value, list):
        return [_slip(value[0])] + value[1:]
    return value + 1


if __name__ == "__main__":
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_sheets(Path(tmp))
        check = str(BIN / "handcalc")
        one = "handcalc check (1 sheet)"
        many = f"handcalc check ({SHEETS} sheets)"
        bare = "import typer, rich.table, rich.console, yaml"
        medians = compare({
            bare: BASELINE,
            one: [check, "check", paths[0], "--lang", "en"],
            many: [check, "check", *paths, "--lang", "en"],
        }, runs=9)
    report(medians, bare)
    print(f"  {SHEETS} sheets / 1 sheet  = {medians[many] / medians[one]:.2f}  (target ≤ 20)")
    print(f"  1 sheet / bare import    = {medians[one] / medians[bare]:.2f}  (target ≤ 1.35)")

"""`handcalc solve` start-up against the bare import of typer + rich + yaml (target ≤ 1.35×)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BASELINE, BIN, compare, compile_package, report  # noqa: E402

if __name__ == "__main__":
    compile_package()
    medians = compare({
        "import typer, rich.table, rich.console, yaml": BASELINE,
        "handcalc solve exercises/exercise3.yaml": [str(BIN / "handcalc"), "solve",
                                                    "exercises/exercise3.yaml", "--lang", "en"],
        "handcalc solve exercises/logistic.yaml": [str(BIN / "handcalc"), "solve",
                                                   "exercises/logistic.yaml", "--lang", "en"],
        "handcalc solve exercises/exercise3.yaml --json": [str(BIN / "handcalc"), "solve",
                                                           "exercises/exercise3.yaml", "--json"],
    })
    report(medians, "import typer, rich.table, rich.console, yaml")
    ratio = medians["handcalc solve exercises/exercise3.yaml"] / \
        medians["import typer, rich.table, rich.console, yaml"]
    print(f"  solve / bare import = {ratio:.2f}  (target ≤ 1.35)")

"""Where `handcalc check` on one sheet spends its time beyond the bare import of typer + rich
+ yaml (what bench_check.py's 1.35× target is about):

    .venv/bin/python bench/profile_check.py [RUNS]

1. each phase of the command, timed in fresh processes (the bare import done first, as the
   baseline has it): importing cli, typer building the command tree, the imports check makes,
   loading and grading the sheet, the report, printing it;
2. the modules the command imports that the bare import does not, each with its own import
   time (``python -X importtime``, children excluded), largest first.

Minimum and median over RUNS fresh processes (default 15): on this noisy machine the minimum
is the cost, the median shows the noise.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import BASELINE, BIN, ROOT, compile_package  # noqa: E402

PHASES = r'''
import io, sys, time
import typer, rich.table, rich.console, yaml
T = [time.perf_counter()]
import handcalc.cli as cli
T.append(time.perf_counter())
typer.main.get_command(cli.app)
T.append(time.perf_counter())
from handcalc.check import check_files
from handcalc.render.report_sheet import sheet_report
from handcalc.render.terminal import console
T.append(time.perf_counter())
results = check_files([sys.argv[1]], problem=None, root=None, numbers="arithmetic")
T.append(time.perf_counter())
report = sheet_report(results[0], "en")
T.append(time.perf_counter())
out = console()
out.file = io.StringIO()
out.print(report)
T.append(time.perf_counter())
print(" ".join(str(b - a) for a, b in zip(T, T[1:])))
'''
NAMES = ("import handcalc.cli", "typer builds the command tree", "imports made by check",
         "load the problem, grade the sheet", "the report (renderables)", "rich prints it")
LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)")


def _sheet(folder: Path) -> str:
    """Exercise 3's sheet with a named mistake at δ¹ (as bench_check's one-sheet run)."""
    from handcalc.files import load
    from handcalc.grader import Marker
    from tests.sheetkit import learner_values, sheet_yaml

    shutil.copy(ROOT / "exercises" / "exercise3.yaml", folder / "exercise3.yaml")
    exercise = load(str(folder / "exercise3.yaml"))
    method = dict(Marker(exercise).variants(exercise.graph.by_id["delta1"]))[
        "forgot_activation_derivative"]
    values = learner_values(exercise, at="delta1", method=method, round_to=4)
    path = folder / "sheet.yaml"
    path.write_text(sheet_yaml(exercise, values, "exercise3.yaml", name="learner 0"),
                    encoding="utf-8")
    return str(path)


def _self_times(cmd: list[str], env: dict[str, str]) -> dict[str, int]:
    """Each imported module's own import time in µs (python -X importtime)."""
    err = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True,
                         text=True, env=env, cwd=ROOT).stderr
    return {m[2]: int(m[1]) for m in map(LINE.match, err.splitlines()) if m}


def _ms(values: list[float]) -> str:
    return f"{min(values) * 1000:7.2f} ms min {statistics.median(values) * 1000:7.2f} median"


def main(runs: int) -> None:
    compile_package()
    env = dict(os.environ, COLUMNS="100", LANG="C")
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(ROOT))
        sheet = _sheet(Path(tmp))
        rows = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", PHASES, sheet], capture_output=True,
                                 text=True, env=env, cwd=ROOT, check=True).stdout
            rows.append([float(x) for x in out.split()])
        print("phases of `check` on one sheet, after the bare import:")
        for name, column in zip(NAMES, zip(*rows)):
            print(f"  {name:36s} {_ms(list(column))}")
        print(f"  {'all':36s} {_ms([sum(r) for r in rows])}")

        check = [str(BIN / "handcalc"), "check", sheet, "--lang", "en"]
        own: dict[str, list[int]] = {}
        for _ in range(runs):
            bare = _self_times(BASELINE[1:], env)
            for name, us in _self_times(check, env).items():
                if name not in bare:
                    own.setdefault(name, []).append(us)
    print("\nmodules `check` imports beyond the bare import, own import time:")
    for name, us in sorted(own.items(), key=lambda item: -min(item[1])):
        print(f"  {name:36s} {_ms([u / 1e6 for u in us])}")
    print(f"  {'all':36s} {sum(min(u) for u in own.values()) / 1000:7.2f} ms (sum of minima)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)

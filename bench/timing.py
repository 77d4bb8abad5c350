"""Side-by-side wall-clock timing of commands: interleaved runs, medians, ratios.

This machine is noisy, so the subject and its baseline are run alternately in the same loop and
only their ratio is reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = [sys.executable, "-c", "import typer, rich.table, rich.console, yaml"]


def compile_package() -> None:
    """Write handcalc's bytecode once, as an installed package has it (pip compiles on
    install); with PYTHONDONTWRITEBYTECODE set every run would compile every module again."""
    import compileall

    compileall.compile_dir(str(ROOT / "handcalc"), quiet=1)


def wall(cmd: list[str], env: dict | None = None) -> float:
    """Seconds one run of a command takes (its output discarded)."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - start


def compare(named: dict[str, list[str]], runs: int = 15) -> dict[str, float]:
    """Median seconds of each command, the commands run in turn ``runs`` times."""
    env = dict(os.environ, COLUMNS="100", LANG="C")
    times: dict[str, list[float]] = {name: [] for name in named}
    for cmd in named.values():  # warm the file cache once
        wall(cmd, env)
    for _ in range(runs):
        for name, cmd in named.items():
            times[name].append(wall(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def report(medians: dict[str, float], base: str) -> None:
    """Print each median and its ratio to the baseline."""
    for name, seconds in medians.items():
        print(f"  {name:<44} {seconds * 1000:8.1f} ms   ×{seconds / medians[base]:.2f} of {base}")

"""The architecture holds: import-linter's contracts in pyproject.toml (cli > app > render >
kinds > core, kinds independent, typer only in cli, rich only in render, no numpy or torch, no
import cycles) are kept, and the core does not read the environment or the clock."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_contracts_are_kept():
    """`lint-imports` (the contracts of pyproject.toml) reports every contract kept."""
    exe = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"Contracts: (\d+) kept, 0 broken", run.stdout), run.stdout[-2000:]


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

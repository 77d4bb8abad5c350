"""numpy is never imported on the paths that solve, check, template or generate (design.md):
it exists only to check the for/if engine in the tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import EXERCISES, ROOT

EX3 = str(EXERCISES / "exercise3.yaml")
SHEET = str(ROOT / "tests" / "sheets" / "exercise3_learner.yaml")
GRAPH = str(EXERCISES / "graph_apple_orange.yaml")

PROBE = """
import atexit, sys
atexit.register(lambda: sys.__stdout__.write("\\nnumpy:%s\\n" % ("numpy" in sys.modules)))
sys.argv = ["handcalc"] + {args!r}
from handcalc.cli import main
main()
"""


@pytest.mark.parametrize("args", [
    ["solve", EX3],
    ["solve", EX3, "--json"],
    ["solve", EX3, "--format", "md"],
    ["solve", GRAPH],
    ["check", SHEET],
    ["check", SHEET, "--json"],
    ["template", EX3],
    ["new", "--level", "hard", "--seed", "3", "--out", "{tmp}"],
], ids=lambda a: " ".join(x for x in a if not x.startswith("/") and x != "{tmp}"))
def test_command_does_not_import_numpy(args, tmp_path):
    """The command runs to the end without numpy in sys.modules."""
    args = [str(tmp_path / "out") if a == "{tmp}" else a for a in args]
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], cwd=ROOT,
                            capture_output=True, text=True, env={"COLUMNS": "100", "LANG": "C",
                                                                 "PATH": "/usr/bin:/bin"})
    assert "numpy:False" in result.stdout, result.stdout[-500:] + result.stderr[-500:]

"""Run every benchmark script bench/bench_*.py in turn (``make bench``).

Each script measures its subject side by side with a baseline in the same run and prints the
ratio: this machine is noisy, so only ratios measured together mean anything.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    scripts = sorted(HERE.glob("bench_*.py"))
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        runpy.run_path(str(script), run_name="__main__")
        print(flush=True)
    sys.exit(0)

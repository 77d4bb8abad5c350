"""Shared test fixtures: golden files (``make golden`` rewrites them on purpose)."""

from __future__ import annotations

import functools
import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# In CI the property tests run the same examples every time (a red build names a real bug, not a
# lucky draw); on a developer's machine they explore new ones on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXERCISES = ROOT / "exercises"


@functools.cache
def exercises_of(kind: str) -> tuple[Path, ...]:
    """The bundled exercises/*.yaml whose ``kind:`` is ``kind`` (a network when the key is left
    out, as the format says), read from each file by PyYAML rather than guessed from its name."""
    import yaml

    found = sorted(p for p in EXERCISES.glob("*.yaml")
                   if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("kind",
                                                                               "network") == kind)
    assert found, f"no bundled exercise of kind {kind!r} in {EXERCISES}"
    return tuple(found)  # (read once per session: eight test modules ask)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output (review the diff)")


@pytest.fixture
def golden(request):
    """Compare a text with tests/golden/<name>; with --update-golden, write it instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path.relative_to(ROOT)}; run `make golden`"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (f"output differs from {path.relative_to(ROOT)}; if the change "
                                  "is intended, run `make golden` and review the diff")

    return check


runner = CliRunner()


def oracle(name: str) -> ModuleType:
    """Import an oracle library (torch, numpy) for a test module.  Where it is missing the module
    is skipped with the fix, except in CI (``CI`` set), where a missing oracle fails the run: the
    truth must be checked there, not quietly skipped."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CI"):
            raise ImportError(f"{name} is missing in CI, where the oracle must run; `make install` "
                              "installs it from requirements/dev.lock") from None
        pytest.skip(f"{name} is not installed; `make install` brings it", allow_module_level=True)
        raise  # pragma: no cover - pytest.skip raises


def invoke(*args: str):
    """Run ``handcalc ARGS`` in-process at a fixed width and in English, like a user's shell."""
    from handcalc.cli import app

    return runner.invoke(app, list(args), env={"COLUMNS": "100", "LANG": "C"})


def stderr_of(result) -> str:
    """What a command wrote to stderr (older click mixes the streams into output)."""
    try:
        return result.stderr
    except ValueError:
        return result.output

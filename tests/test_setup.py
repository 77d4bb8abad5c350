"""The project's own set-up: oracles run in CI, the lock pins what the suite runs on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import oracle

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_oracle_fails_in_ci(monkeypatch):
    """In CI a missing oracle is an error (the truth must be checked), never a skip."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(ImportError, match="missing in CI"):
        oracle("handcalc_no_such_oracle")


def test_a_missing_oracle_is_skipped_on_a_learners_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make install"):
        oracle("handcalc_no_such_oracle")


def test_the_lock_pins_every_package_the_suite_imports():
    """requirements/dev.lock holds exact versions (==) of the runtime, test and oracle packages,
    and each runtime pin lies within pyproject's range."""
    lock = dict(re.findall(r"^([a-z0-9_.-]+)==(\S+)", (ROOT / "requirements/dev.lock").read_text(),
                           re.M))
    for name in ("typer", "rich", "pyyaml", "pytest", "numpy", "hypothesis", "torch", "ruff",
                 "typst", "pypdf", "pypdfium2", "pylopdf-fonts-jp"):
        assert name in lock, name
    major = lambda v: int(v.split(".")[0])  # noqa: E731
    assert 13 <= major(lock["rich"]) < 16
    assert lock["typer"].startswith(("0.26.", "0.27.", "0.28."))
    assert lock["torch"].startswith("2.13.0")

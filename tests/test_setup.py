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


def test_the_wheel_ships_every_module(tmp_path):
    """`pip install .` installs every module of handcalc/ (a package missing from the wheel
    works in the editable checkout and fails for a user): the wheel is built for real here."""
    import shutil
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT / "handcalc", source / "handcalc",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                          "--no-build-isolation", "-w", str(tmp_path), str(source)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    (wheel,) = tmp_path.glob("handcalc-*.whl")
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")}
    ours = {p.relative_to(ROOT).as_posix() for p in (ROOT / "handcalc").rglob("*.py")}
    assert len(ours) > 80
    assert ours - shipped == set()

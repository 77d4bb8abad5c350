"""Every command has help that teaches, and is documented in the README (sqlite-utils style)."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from handcalc.cli import app

from .conftest import ROOT

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_an_example(command):
    """`handcalc COMMAND --help` works and shows an example call."""
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme(command):
    """The README shows each command in use."""
    assert f"handcalc {command}" in README


def test_readme_quick_start():
    """The README's quick start is the two make commands."""
    assert "make demo" in README and "make test" in README

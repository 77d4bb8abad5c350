"""`handcalc solve` from the outside: options, output forms, and one-line errors with exit 2."""

from __future__ import annotations

import json

import pytest

from handcalc.cli import app

from .conftest import EXERCISES, invoke, runner

EX3 = str(EXERCISES / "exercise3.yaml")



class TestSolveOutput:
    def test_table_shows_every_phase(self):
        """The default table output names every phase and ends with the loss improvement."""
        result = invoke("solve", EX3, "--lang", "en")
        assert result.exit_code == 0, result.output
        for title in ("Forward pass", "Loss", "Backward pass", "Update", "After the update"):
            assert title in result.output
        assert "The loss fell by 0.4333." in result.output

    def test_japanese(self):
        """--lang ja writes the phases in Japanese."""
        result = invoke("solve", EX3, "--lang", "ja")
        assert result.exit_code == 0
        assert "順伝播" in result.output and "逆伝播" in result.output

    def test_language_follows_the_locale(self):
        """Without --lang, a Japanese locale gives Japanese output."""
        result = runner.invoke(app, ["solve", EX3], env={"LANG": "ja_JP.UTF-8", "COLUMNS": "100"})
        assert "順伝播" in result.output

    def test_json_has_every_canonical_id(self):
        """--json prints every canonical id of design.md, in the users' shapes."""
        result = invoke("solve", EX3, "--json")
        data = json.loads(result.output)
        assert data["handcalc"] == 1
        ids = {"z1", "a1", "z2", "a2", "loss", "dL_da2", "delta2", "dW2", "db2", "delta1", "dW1",
               "db1", "W1_new", "b1_new", "W2_new", "b2_new", "loss_new", "improvement"}
        assert set(data["values"]) == ids
        assert len(data["values"]["z1"]) == 3  # one sample: [unit]
        assert len(data["values"]["dW1"]) == 3 and len(data["values"]["dW1"][0]) == 3  # like W1
        assert data["exact"]["z1"] == ["3/5", "-1/2", "7/10"]

    def test_markdown(self):
        """--format md writes LaTeX display math, one line per element."""
        result = invoke("solve", EX3, "--format", "md", "--lang", "en")
        assert result.exit_code == 0
        assert "## Forward pass" in result.output
        assert "$$ a^{1}_{1} = w^{1}_{11} \\, x_{1}" in result.output

    def test_notation_override(self):
        """--notation uz shows the same numbers with u/z symbols, layer numbers shifted by one."""
        result = invoke("solve", EX3, "--notation", "uz", "--lang", "en")
        assert result.exit_code == 0
        assert "u₁⁽²⁾" in result.output and "z₁⁽²⁾" in result.output

    def test_decimals_override(self):
        """--decimals 2 rounds floats to two places."""
        result = invoke("solve", EX3, "--decimals", "2", "--lang", "en")
        assert "0.63" in result.output and "0.6349" not in result.output


class TestSolveErrors:
    @pytest.mark.parametrize("args, message", [
        (["solve", "nope.yaml"], "nope.yaml: no such file"),
        (["solve", EX3, "--lang", "fr"], "--lang should be ja or en; found 'fr'"),
        (["solve", EX3, "--format", "html"], "--format should be table or md; found 'html'"),
        (["solve", EX3, "--notation", "xy"], "--notation should be one of za, ax, uz; found 'xy'"),
    ])
    def test_one_line_and_exit_2(self, args, message):
        """A bad file or option gets one line naming it, and exit code 2; never a traceback."""
        result = invoke(*args)
        assert result.exit_code == 2
        assert message in result.output
        assert "Traceback" not in result.output

    @pytest.mark.parametrize("lang, message", [
        ("en", "graph_apple.yaml: graph problems have one notation; leave out --notation"),
        ("ja", "graph_apple.yaml: graph の問題の記法は1つだけです。--notation は外してください。"),
    ])
    def test_notation_of_a_kind_without_notations(self, lang, message):
        """--notation on a graph problem (which has no notation of its own to switch) is
        refused in one line naming the file, never silently ignored."""
        result = invoke("solve", str(EXERCISES / "graph_apple.yaml"), "--notation", "ax",
                        "--lang", lang)
        assert result.exit_code == 2
        assert result.output == f"handcalc: {EXERCISES / message}\n"

    def test_notation_of_a_formula_problem(self):
        """A formula problem's notation is the one its file names: --notation is refused."""
        path = EXERCISES / "formulas" / "formula_000_logistic.yaml"
        result = invoke("solve", str(path), "--notation", "za", "--lang", "en")
        assert result.exit_code == 2
        assert "formula problems have one notation; leave out --notation" in result.output

    @pytest.mark.parametrize("lang, message", [
        ("en", "--notation for graph problems should be one of ax; found 'za'"),
        ("ja", "graph の問題の --notation は ax のどれかにしてください。'za' になっています。"),
    ])
    def test_notation_checked_against_the_problems_kind(self, monkeypatch, lang, message):
        """A notation some kind has but not the problem's kind: the kind's own list (a graph
        kind given one notation here, as a kind with notations of its own would have)."""
        from handcalc import kinds

        monkeypatch.setattr(kinds.get("graph"), "notations", ("ax",))
        result = invoke("solve", str(EXERCISES / "graph_apple.yaml"), "--notation", "za",
                        "--lang", lang)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and message in result.output

    @pytest.mark.parametrize("lang, words", [
        ("en", "has no drawing; network or graph problems have one"),
        ("ja", "には図がありません。network か graph の問題にはあります。"),
    ])
    def test_svg_of_a_problem_without_a_drawing(self, tmp_path, lang, words):
        """--svg on a formula problem: one line saying which kinds have a drawing, no file."""
        path = EXERCISES / "formulas" / "formula_000_logistic.yaml"
        result = invoke("solve", str(path), "--svg", str(tmp_path / "x.svg"), "--lang", lang)
        assert result.exit_code == 2 and result.output.count("\n") == 1
        assert words in result.output and not any(tmp_path.iterdir())

    def test_malformed_problem_names_the_place(self, tmp_path):
        """A malformed problem's message names the file, line and column."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("handcalc: 1\ninput: [1, 2]\ntarget: [1]\nlayers:\n  - activation: relu\n"
                       "    W: [[1, 2]]\n    b: [0]\nloss: squared_error\nlearning_rat: 0.1\n")
        result = invoke("solve", str(bad))
        assert result.exit_code == 2
        assert f"{bad}:9:1: unknown key 'learning_rat'" in result.output
        assert "did you mean 'learning_rate'?" in result.output


def test_version_is_the_installed_packages():
    """`handcalc --version` prints the version pyproject.toml declares (read independently here
    from the file itself, so a second copy in the code could not pass by agreeing with itself)."""
    import re
    from pathlib import Path

    declared = re.search(r'^version = "([^"]+)"', (Path(__file__).parents[1] / "pyproject.toml")
                         .read_text(), re.M).group(1)
    for flag in ("--version", "-V"):
        result = invoke(flag)
        assert result.exit_code == 0
        assert result.output == f"handcalc {declared}\n"


def test_python_dash_m_handcalc_is_the_command():
    """`python -m handcalc` runs the same command line as the `handcalc` script (a learner
    without the script on PATH), and says so in its usage line."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "handcalc", "solve", "--help"],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "100"})
    assert run.returncode == 0, run.stderr
    assert "python -m handcalc solve" in run.stdout
    assert "--notation" in run.stdout  # the solve command's own help, not the group's
    bad = subprocess.run([sys.executable, "-m", "handcalc", "solve", "no/such.yaml"],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert bad.returncode == 2
    assert "no/such.yaml" in bad.stderr + bad.stdout
    assert "Traceback" not in bad.stderr

"""`handcalc new` from the outside: the files it writes, byte for byte the same from one seed,
never over an existing file without --force, one-line errors with exit 2, and a problem that
`handcalc check` grades."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml

from .conftest import ROOT, invoke, stderr_of


def snapshot(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class TestWrites:
    def test_problem_and_blank_sheet(self, tmp_path):
        """By default: problem.yaml and answers.yaml, the problem printed, the next commands."""
        result = invoke("new", "--seed", "7", "--out", str(tmp_path), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert sorted(snapshot(tmp_path)) == ["answers.yaml", "problem.yaml"]
        assert "Backpropagation by hand (easy, seed 7)" in result.output
        assert "What to compute" in result.output
        assert f"handcalc check {(tmp_path / 'answers.yaml').as_posix()}" in result.output
        sheet = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))
        assert sheet["problem"] == "problem.yaml" and sheet["answers"]["z1"] is None

    def test_worksheet_and_moodle(self, tmp_path):
        """--worksheet md --moodle add the worksheet, the solution, the SVG and the quiz."""
        result = invoke("new", "--preset", "exercise3", "--seed", "3", "--out", str(tmp_path),
                        "--worksheet", "md", "--moodle", "--lang", "ja")
        assert result.exit_code == 0, result.output
        assert sorted(snapshot(tmp_path)) == ["answers.yaml", "moodle.xml", "network.svg",
                                              "problem.yaml", "solution.md", "worksheet.md"]
        ET.parse(tmp_path / "network.svg")
        ET.parse(tmp_path / "moodle.xml")
        assert "## 数表" in (tmp_path / "worksheet.md").read_text(encoding="utf-8")

    def test_same_seed_same_bytes(self, tmp_path):
        """Two runs with the same options and seed write byte-identical files."""
        args = ["--level", "medium", "--seed", "21", "--worksheet", "md", "--moodle",
                "--count", "3", "--lang", "en"]
        assert invoke("new", *args, "--out", str(tmp_path / "a")).exit_code == 0
        assert invoke("new", *args, "--out", str(tmp_path / "b")).exit_code == 0
        assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")

    def test_same_bytes_in_a_fresh_interpreter(self, tmp_path):
        """Another process with another hash seed writes the same bytes."""
        args = ["new", "--level", "hard", "--seed", "5", "--worksheet", "md", "--lang", "en"]
        invoke(*args, "--out", str(tmp_path / "a"))
        subprocess.run([sys.executable, "-m", "handcalc.cli", *args, "--out", str(tmp_path / "b")],
                       cwd=ROOT, env={"PYTHONHASHSEED": "77", "PATH": "", "COLUMNS": "100"},
                       check=True, capture_output=True)
        assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")

    def test_count_writes_distinct_variants(self, tmp_path):
        """--count N: folders 01…N with distinct problems; one quiz holds them all."""
        result = invoke("new", "--seed", "1", "--count", "5", "--out", str(tmp_path), "--moodle",
                        "--lang", "en")
        assert result.exit_code == 0, result.output
        folders = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
        assert folders == ["01", "02", "03", "04", "05"]
        bodies = {(tmp_path / f / "problem.yaml").read_text().split("\ntitle:")[1].split("\n", 1)[1]
                  for f in folders}
        assert len(bodies) == 5
        questions = ET.parse(tmp_path / "moodle.xml").getroot().findall("question[@type='cloze']")
        assert len(questions) == 5

    def test_the_seed_in_the_title_rebuilds_the_problem(self, tmp_path):
        """The first comment line of problem.yaml is the command that rebuilds it."""
        invoke("new", "--seed", "4", "--count", "2", "--out", str(tmp_path / "a"), "--lang", "en")
        first = (tmp_path / "a" / "02" / "problem.yaml").read_text(encoding="utf-8")
        command = first.splitlines()[0].removeprefix("# handcalc ").split()
        assert invoke(*command, "--out", str(tmp_path / "b")).exit_code == 0
        assert (tmp_path / "b" / "problem.yaml").read_text(encoding="utf-8") == first

    def test_graph_kind(self, tmp_path):
        """--kind graph writes a computation-graph problem and its blank sheet."""
        result = invoke("new", "--kind", "graph", "--level", "medium", "--seed", "2", "--out",
                        str(tmp_path), "--worksheet", "md", "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "kind: graph" in (tmp_path / "problem.yaml").read_text(encoding="utf-8")
        assert (tmp_path / "graph.svg").exists()


class TestNothingIsLost:
    def test_refuses_to_overwrite(self, tmp_path):
        """An existing file is never overwritten without --force: one line naming it, exit 2,
        and no file touched (not even the ones that did not exist)."""
        (tmp_path / "answers.yaml").write_text("my precious answers\n", encoding="utf-8")
        result = invoke("new", "--seed", "7", "--out", str(tmp_path))
        assert result.exit_code == 2
        message = stderr_of(result)
        assert message.count("\n") == 1 and "answers.yaml already exists" in message
        assert "--force" in message
        assert snapshot(tmp_path) == {"answers.yaml": b"my precious answers\n"}

    def test_force_overwrites(self, tmp_path):
        """--force writes over what is there."""
        (tmp_path / "answers.yaml").write_text("old\n", encoding="utf-8")
        assert invoke("new", "--seed", "7", "--out", str(tmp_path), "--force").exit_code == 0
        assert "old" not in (tmp_path / "answers.yaml").read_text(encoding="utf-8")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
    def test_force_keeps_a_fifo_in_place_of_the_sheet_without_waiting(self, tmp_path):
        """--force reads an existing answers.yaml to see if it holds answers; a FIFO there is
        refused at once (files.read_text), kept, and the other files written."""
        os.mkfifo(tmp_path / "answers.yaml")
        run = subprocess.run([sys.executable, "-m", "handcalc.cli", "new", "--seed", "7", "--out",
                              str(tmp_path), "--force", "--lang", "en"], cwd=ROOT, timeout=60,
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert "kept" in run.stderr and "answers.yaml" in run.stderr
        assert stat.S_ISFIFO(os.lstat(tmp_path / "answers.yaml").st_mode)
        assert "handcalc: 1" in (tmp_path / "problem.yaml").read_text(encoding="utf-8")

    def test_second_run_refuses(self, tmp_path):
        """Running the same command twice: the second refuses."""
        assert invoke("new", "--seed", "1", "--out", str(tmp_path)).exit_code == 0
        again = invoke("new", "--seed", "1", "--out", str(tmp_path))
        assert again.exit_code == 2 and "problem.yaml already exists" in stderr_of(again)


class TestErrors:
    @pytest.mark.parametrize("args, words", [
        (["--level", "expert"], "--level should be one of easy, medium, hard"),
        (["--arch", "2x3"], "--arch should be unit counts joined by '-'"),
        (["--level", "easy", "--output", "softmax"], "--level easy keeps every number"),
        (["--kind", "tree"], "--kind should be network, graph or formula"),
        (["--kind", "graph", "--arch", "2-2-1"], "--arch is for network problems"),
        (["--worksheet", "pdf"], "--worksheet should be md"),
        (["--count", "0"], "--count should be 1 to 99"),
        (["--seed", "-3"], "--seed should be a whole number"),
        (["--lang", "fr"], "--lang should be ja or en"),
        (["--kind", "graph", "--level", "hard"], "--level for graphs should be one of"),
    ])
    def test_one_line_and_exit_2(self, tmp_path, args, words):
        """A bad option: exit 2 and one line on stderr saying what to write instead."""
        result = invoke("new", *args, "--out", str(tmp_path))
        assert result.exit_code == 2, result.output
        message = stderr_of(result)
        assert message.startswith("handcalc: ") and message.count("\n") == 1
        assert words in message
        assert not any(tmp_path.iterdir())

    @pytest.mark.parametrize("lang, args, line", [
        ("en", ["--kind", "graph", "--arch", "2-2-1"],
         "--arch is for network problems; --kind graph takes --level, --seed, --count"),
        ("ja", ["--kind", "graph", "--arch", "2-2-1"],
         "--arch は network の問題用です。"
         "--kind graph で使えるのは --level, --seed, --count です。"),
        ("en", ["--kind", "formula", "--level", "easy"],
         "--level is for network or graph problems; --kind formula takes --seed, --count"),
        ("ja", ["--kind", "formula", "--level", "easy"],
         "--level は network か graph の問題用です。"
         "--kind formula で使えるのは --seed, --count です。"),
        ("en", ["--kind", "graph", "--stats"],
         "--stats is for network problems; leave out --kind graph"),
        ("ja", ["--kind", "formula", "--stats"],
         "--stats は network の問題用です。--kind formula は外してください。"),
    ])
    def test_an_option_of_another_kind(self, tmp_path, lang, args, line):
        """An option the chosen kind does not take: one line saying which kinds take it and
        what this kind takes (the README's option table), in the chosen language."""
        result = invoke("new", *args, "--out", str(tmp_path), "--lang", lang)
        assert result.exit_code == 2, result.output
        assert stderr_of(result) == f"handcalc: {line}\n"
        assert not any(tmp_path.iterdir())

    def test_out_is_a_file(self, tmp_path):
        """--out naming a file: exit 2, one line."""
        target = tmp_path / "file.txt"
        target.write_text("x", encoding="utf-8")
        result = invoke("new", "--out", str(target))
        assert result.exit_code == 2 and "is a file" in stderr_of(result)


class TestRoundTrip:
    @pytest.mark.parametrize("options", [["--level", "easy"], ["--level", "hard"],
                                         ["--preset", "regression"]])
    def test_new_fill_check(self, tmp_path, options):
        """new → fill answers.yaml with the solution's numbers → check: all right, exit 0."""
        assert invoke("new", *options, "--seed", "9", "--out", str(tmp_path)).exit_code == 0
        solved = invoke("solve", str(tmp_path / "problem.yaml"), "--json")
        values = json.loads(solved.output)["values"]
        sheet_path = tmp_path / "answers.yaml"
        sheet = yaml.safe_load(sheet_path.read_text(encoding="utf-8"))
        sheet["keys"] = "canonical"
        sheet["answers"] = values
        sheet_path.write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
        checked = invoke("check", str(sheet_path), "--lang", "en")
        assert checked.exit_code == 0, checked.output


def test_stats_report(monkeypatch):
    """--stats prints per level the acceptance, the time, and every rule at 100%."""
    from handcalc.network import generator

    real = generator.stats
    monkeypatch.setattr(generator, "stats", lambda level, count=1000, **kw: real(level, 30, **kw))
    result = invoke("new", "--stats", "--lang", "en")
    assert result.exit_code == 0, result.output
    for level in ("easy", "medium", "hard"):
        assert level in result.output
    assert "100.0%" in result.output and "short_decimals" in result.output


def test_stats_options_that_cannot_be_met(tmp_path):
    """--stats with options no network can have: the generator's one line, exit 2."""
    result = invoke("new", "--stats", "--arch", "2x3", "--lang", "en")
    assert result.exit_code == 2
    assert stderr_of(result).startswith("handcalc: --arch should be unit counts joined by '-'")


def test_stats_report_draws_what_it_is_given():
    """render/stats.py draws a kind's neutral LevelReport: 29 of 30 problems meeting a rule is
    96.7% (marked wrong), the acceptance 30/120 = 25.0%, 1.5 s over 30 problems 50.00 ms each."""
    from rich.console import Console

    from handcalc.kinds import LevelReport, RuleReport
    from handcalc.render.stats import report

    level = LevelReport("easy", 30, 120, 1.5, 0.25,
                        (RuleReport("short_decimals", 29, 7, "every value has few decimals"),
                         RuleReport("no_dead_relu", 30, 0, "no ReLU unit is dead")))
    console = Console(width=160, record=True, color_system=None)
    console.print(report([level], "en"))
    text = console.export_text()
    assert "96.7%" in text and "100.0%" in text and "25.0%" in text and "50.00 ms" in text
    assert "every value has few decimals" in text and "no ReLU unit is dead" in text


def test_numpy_is_never_imported():
    """`handcalc new` (with worksheet and quiz) runs without importing numpy."""
    code = ("import sys, tempfile\n"
            "from handcalc.cli import app\n"
            "d = tempfile.mkdtemp()\n"
            "try:\n"
            "    app(['new', '--level', 'medium', '--seed', '1', '--out', d, '--worksheet', 'md',"
            " '--moodle'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('numpy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "False"

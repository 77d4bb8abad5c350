"""`handcalc check` and `handcalc template` from the outside: outputs, exit codes (0 all right,
1 something wrong, 2 unusable input), and one clear line for every user error."""

from __future__ import annotations

import json
import shutil

import pytest

from handcalc.check import sheet_from_text as from_text
from handcalc.files import load as load_exercise
from handcalc.template import blank_sheet

from .conftest import EXERCISES, ROOT, invoke, stderr_of

SHEETS = ROOT / "tests" / "sheets"
LEARNER = str(SHEETS / "exercise3_learner.yaml")
AIKO = str(SHEETS / "class" / "aiko.yaml")
CLASS = sorted(str(p) for p in (SHEETS / "class").glob("*.yaml"))
GOOD_CLASS = [p for p in CLASS if "farid" not in p and "gina" not in p]
EX3 = str(EXERCISES / "exercise3.yaml")




class TestCheckOneSheet:
    def test_blank_sheet_reveals_no_answers(self, tmp_path):
        """Checking a blank sheet shows none of the expected values (no spoilers half-way)."""
        shutil.copy(EX3, tmp_path / "exercise3.yaml")
        sheet = tmp_path / "me.yaml"
        exercise = load_exercise(EX3)
        sheet.write_text(blank_sheet(exercise, "en", "exercise3.yaml"), encoding="utf-8")
        result = invoke("check", str(sheet), "--lang", "en")
        assert result.exit_code == 1
        for value in ("0.6349", "0.4700", "0.2017", "0.4333"):  # loss, δ, L′, ΔL of exercise 3
            assert value not in result.output

    def test_all_right_exits_0(self):
        """A sheet with every answer right: exit 0 and it says so."""
        result = invoke("check", "--root", str(ROOT), AIKO, "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "Every answer is right." in result.output
        assert "Score 60/60 (100%)" in result.output

    def test_something_wrong_exits_1(self):
        """A sheet with a slip and a named mistake: exit 1, the table, the first error."""
        result = invoke("check", "--root", str(ROOT), LEARNER, "--lang", "en")
        assert result.exit_code == 1
        out = result.output
        assert "your answer" in out and "expected" in out
        assert "First error: ∂L/∂w₃₂²  (dW2[2][1])" in out
        assert "your numbers put in: ∂L/∂w₃₂² = -0.47×0.7 = -0.329" in out
        assert "✗ h′ forgotten in δ" in out
        assert "↪ carried" in out

    def test_japanese(self):
        """--lang ja: the verdicts and the first error in Japanese."""
        result = invoke("check", "--root", str(ROOT), LEARNER, "--lang", "ja")
        assert "最初の誤り" in result.output and "↪ 引き継ぎ" in result.output

    def test_hint_gives_no_expected_values(self):
        """--hint: where the first error is and its formula, without the expected values."""
        result = invoke("check", "--root", str(ROOT), LEARNER, "--lang", "en", "--hint")
        assert result.exit_code == 1
        assert "Your first error is at ∂L/∂w₃₂²" in result.output
        assert "δ₂²·x₃¹" in result.output
        out = result.output.replace("unexpected", "")
        assert "expected" not in out and "-0.3290" not in out

    def test_json(self):
        """--json: design.md's object; every element an item with a stable verdict code."""
        result = invoke("check", "--root", str(ROOT), LEARNER, "--json")
        data = json.loads(result.stdout)
        assert data["handcalc"] == 1
        [sheet] = data["sheets"]
        assert sheet["file"] == LEARNER and sheet["error"] is None
        assert sheet["score"] == {"points": 56.0, "total": 60, "percent": 93.3}
        items = {i["id"]: i for i in sheet["items"]}
        assert items["delta1[1]"]["verdict"] == "mistake:forgot_activation_derivative"
        assert items["delta1[1]"]["mistakes"][0]["code"] == "forgot_activation_derivative"
        assert items["dW2[2][1]"]["verdict"] == "wrong"
        assert items["dW2[2][1]"]["expected"] == pytest.approx(-0.329, abs=1e-4)
        assert items["db2[1]"]["verdict"] == "unreadable" and "'?'" in items["db2[1]"]["reason"]
        assert items["loss_new"]["verdict"] == "blank"
        assert {i["verdict"].split(":")[0] for i in sheet["items"]} <= {
            "right", "carried", "rounding", "mistake", "wrong", "blank", "unreadable"}

    def test_csv(self):
        """--csv: a header and one row per sheet."""
        result = invoke("check", "--root", str(ROOT), LEARNER, AIKO, "--csv")
        lines = result.output.splitlines()
        assert lines[0].startswith("\ufeffid,name,variant,score,max,percent,file,problem,flags,"
                                   "error,warnings,right,")  # a BOM: Excel reads UTF-8 so
        assert len(lines) == 3 and lines[2].startswith(",Aiko,")
        assert f",{AIKO}," in lines[2]


class TestCheckAClass:
    def test_class_summary(self):
        """Many sheets: one line per sheet, then per step how many got it right."""
        result = invoke("check", "--root", str(ROOT), *GOOD_CLASS, "--lang", "en")
        assert result.exit_code == 1
        assert "Class summary" in result.output and "Most common named mistakes" in result.output
        assert "forgot_activation_derivative" in result.output

    def test_one_broken_sheet_never_stops_a_batch(self):
        """A sheet naming a missing problem gets its error line; the others are graded; exit 2."""
        result = invoke("check", "--root", str(ROOT), *CLASS, "--lang", "en")
        assert result.exit_code == 2
        assert "cannot be graded: problem" in result.output and "farid.yaml" in result.output
        assert "aiko.yaml" in result.output and "60/60" in result.output
        assert "no such file" in stderr_of(result)

    def test_json_of_a_class_has_the_broken_sheet_too(self):
        """--json lists every sheet, a broken one with its error and no items."""
        data = json.loads(invoke("check", "--root", str(ROOT), *CLASS, "--json").stdout)
        errors = [s for s in data["sheets"] if s["error"]]
        assert len(data["sheets"]) == len(CLASS) and len(errors) == 1
        assert errors[0]["items"] == [] and errors[0]["score"] is None
        assert data["summary"][0]["sheets"] == len(CLASS) - 1

    def test_hint_for_many_sheets(self):
        """--hint with many sheets: each sheet's hint in turn."""
        result = invoke("check", "--root", str(ROOT), AIKO, LEARNER, "--hint", "--lang", "en")
        assert "Every answer is right." in result.output
        assert "Your first error is at" in result.output


class TestCheckErrors:
    def test_missing_sheet(self):
        """A sheet that does not exist: one line naming it, exit 2."""
        result = invoke("check", "no/such/sheet.yaml")
        assert result.exit_code == 2
        assert "no/such/sheet.yaml: no such file" in stderr_of(result)

    def test_a_folder(self, tmp_path):
        """A folder instead of a sheet: one line, exit 2."""
        result = invoke("check", str(tmp_path))
        assert result.exit_code == 2 and "is a folder" in stderr_of(result)

    def test_unknown_key_exits_2_but_grades_the_rest(self):
        """A misspelt key cannot be used (exit 2): one unwrapped stderr line naming the file and
        the place, however long the path; the rest of the sheet is still graded."""
        result = invoke("check", "--root", str(ROOT), str(SHEETS / "class" / "gina.yaml"),
                        "--lang", "en")
        assert result.exit_code == 2
        lines = [ln for ln in stderr_of(result).splitlines() if "unknown answer key" in ln]
        assert len(lines) == 1
        assert lines[0].startswith(f"handcalc: {SHEETS / 'class' / 'gina.yaml'}:")
        assert lines[0].endswith("unknown answer key 'dw1'; did you mean 'dW1'?")
        assert "Score" in result.output

    def test_json_and_csv_together(self):
        """--json and --csv at once: one line, exit 2."""
        result = invoke("check", "--root", str(ROOT), AIKO, "--json", "--csv")
        assert result.exit_code == 2 and "choose one" in stderr_of(result)

    def test_bad_language(self):
        """--lang fr: one line, exit 2."""
        result = invoke("check", "--root", str(ROOT), AIKO, "--lang", "fr")
        assert result.exit_code == 2 and "--lang should be ja or en" in stderr_of(result)

    def test_no_sheet_at_all(self):
        """No sheet given: usage error, exit 2."""
        assert invoke("check").exit_code == 2

    def test_a_sheet_that_is_not_yaml(self, tmp_path):
        """Garbage bytes: one line, exit 2."""
        path = tmp_path / "s.yaml"
        path.write_bytes(b"handcalc: 1\n\x00\x01[[[\n")
        result = invoke("check", str(path))
        assert result.exit_code == 2 and str(path) in stderr_of(result)


class TestTemplate:
    def test_to_stdout(self):
        """The blank sheet on stdout: every key with ~ and a comment."""
        result = invoke("template", EX3, "--lang", "en")
        assert result.exit_code == 0
        assert "  a1: ~" in result.output and "# list of 3 — pre-activations of layer 1" \
            in result.output
        assert f"problem: {EX3}" in result.output

    def test_out_writes_a_sheet_that_checks_as_blank(self, tmp_path):
        """--out writes the sheet with problem: relative to it; checking it gives all blank."""
        out = tmp_path / "answers" / "me.yaml"
        out.parent.mkdir()
        shutil.copy(EX3, tmp_path / "ex3.yaml")
        result = invoke("template", str(tmp_path / "ex3.yaml"), "--out", str(out))
        assert result.exit_code == 0
        assert "problem: ../ex3.yaml" in out.read_text(encoding="utf-8")
        data = json.loads(invoke("check", "--root", str(tmp_path), str(out), "--json").stdout)
        assert {i["verdict"] for i in data["sheets"][0]["items"]} == {"blank"}
        alone = invoke("check", str(out), "--json")  # ../ex3.yaml is outside the sheet's folder
        assert alone.exit_code == 2 and "--root DIR" in stderr_of(alone)
        hint = f"# Check it with:  handcalc check <this file> --problem {tmp_path / 'ex3.yaml'}"
        assert hint in out.read_text(encoding="utf-8")  # the command that works, in the sheet
        given = invoke("check", str(out), "--problem", str(tmp_path / "ex3.yaml"), "--json")
        assert given.exit_code == 1 and json.loads(given.stdout)["sheets"][0]["flags"] == []

    def test_never_overwrites_without_force(self, tmp_path):
        """An existing --out file is kept unless --force."""
        out = tmp_path / "me.yaml"
        out.write_text("my answers\n", encoding="utf-8")
        result = invoke("template", EX3, "--out", str(out))
        assert result.exit_code == 2 and "already exists; use --force" in stderr_of(result)
        assert out.read_text(encoding="utf-8") == "my answers\n"
        assert invoke("template", EX3, "--out", str(out), "--force").exit_code == 0
        assert "handcalc: 1" in out.read_text(encoding="utf-8")

    def test_cannot_write(self, tmp_path):
        """An --out in a folder that does not exist: one line, exit 2."""
        result = invoke("template", EX3, "--out", str(tmp_path / "no" / "me.yaml"))
        assert result.exit_code == 2 and "cannot be written" in stderr_of(result)

    def test_broken_problem(self, tmp_path):
        """A problem that does not load: its error, exit 2."""
        path = tmp_path / "p.yaml"
        path.write_text("handcalc: 1\n", encoding="utf-8")
        result = invoke("template", str(path))
        assert result.exit_code == 2 and "missing 'input:'" in stderr_of(result)


@pytest.mark.parametrize("path", sorted(EXERCISES.glob("*.yaml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_template_reads_back_as_all_blank(path, lang):
    """For every bundled exercise (networks and graphs), in both languages, the blank sheet
    loads through the answers reader with every asked key present and blank."""
    from handcalc.files import load

    exercise = load(str(path))
    text = blank_sheet(exercise, lang, path.as_posix())
    sheet = from_text(text, "blank.yaml")
    assert not sheet.warnings and not sheet.notes
    assert set(sheet.answers) == {s.id for s in exercise.graph.asked()}
    assert all(e.status == "blank" for a in sheet.answers.values() for e in a.entries.values())

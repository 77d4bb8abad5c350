"""Issue 10, "A hostile sheet stops nothing": each reproduction of the issue as a test.

A class folder holds one good sheet and sheets a student could hand in to break `handcalc
check`; each hostile sheet gets its one line (file, place, fix), exit 2 at the end, and the good
sheet is graded exactly as when it is alone, in the table, the CSV and the JSON."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from handcalc.check import check_files

from .conftest import EXERCISES, ROOT, invoke, stderr_of

AIKO = ROOT / "tests" / "sheets" / "class" / "aiko.yaml"  # every answer of exercise 3 right


def _good(folder, name="good.yaml"):
    """Aiko's all-right sheet, naming the problem beside it."""
    shutil.copy(EXERCISES / "exercise3.yaml", folder / "exercise3.yaml")
    text = AIKO.read_text(encoding="utf-8").replace("../../../exercises/exercise3.yaml",
                                                     "exercise3.yaml")
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _inline_graph(inputs: str, nodes: list[str], output: str) -> str:
    lines = "\n".join(f"    {n}" for n in nodes)
    return (f"handcalc: 1\nproblem:\n  handcalc: 1\n  kind: graph\n  inputs: {inputs}\n"
            f"  nodes:\n{lines}\n  output: {output}\nanswers: {{}}\n")


BIG_NETWORK = """handcalc: 1
input: [1]
target: [0]
layers:
  - {activation: sigmoid, W: [[1]], b: [0]}
  - {activation: identity, W: [[1000000]], b: [0]}
  - {activation: identity, W: [[1000000]], b: [0]}
  - {activation: identity, W: [[1000000]], b: [0]}
  - {activation: identity, W: [[1000000]], b: [0]}
loss: squared_error
learning_rate: 1000000
"""


def _hostile(folder) -> dict[str, str]:
    """name → the text a student hands in (the issue's reproductions)."""
    (folder / "big.yaml").write_text(BIG_NETWORK, encoding="utf-8")
    (folder / ".env").write_text("API_KEY=sk-live-0123456789abcdef\n", encoding="utf-8")
    return {
        "null.yaml": 'handcalc: 1\nproblem: "exercise3.yaml\\0"\nanswers: {}\n',
        "expinv.yaml": _inline_graph("{k: -400}", ["e: exp(k)", "y: inv(e)"], "y"),
        "expdiv.yaml": _inline_graph("{k: -400, x: 1}", ["e: exp(k)", "y: div(x, e)"], "y"),
        "pow.yaml": _inline_graph("{x: 3}", [f"p{i}: pow({'x' if i == 0 else f'p{i - 1}'}, 10)"
                                             for i in range(9)], "p8"),
        "square.yaml": _inline_graph("{x: 3}", [f"s{i}: square({'x' if i == 0 else f's{i - 1}'})"
                                                for i in range(22)], "s21"),
        "big_sheet.yaml": "handcalc: 1\nproblem: big.yaml\nanswers: {}\n",
        "stdin.yaml": "handcalc: 1\nproblem: /dev/stdin\nanswers: {}\n",
        "passwd.yaml": "handcalc: 1\nproblem: /etc/passwd\nanswers: {}\n",
        "env.yaml": "handcalc: 1\nproblem: .env\nanswers: {}\n",
        "up.yaml": "handcalc: 1\nproblem: ../exercise3.yaml\nanswers: {}\n",
    }


@pytest.fixture
def klass(tmp_path):
    """A class folder: the good sheet first, then every hostile sheet, then a FIFO."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(EXERCISES / "exercise3.yaml", tmp_path / "exercise3.yaml")  # for up.yaml
    good = _good(folder)
    files = [good]
    for name, text in _hostile(folder).items():
        (folder / name).write_text(text, encoding="utf-8")
        files.append(folder / name)
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    files.append(fifo)
    return folder, [str(f) for f in files]


class TestOneSheetStopsNothing:
    def test_every_hostile_sheet_is_one_line_and_the_good_one_is_graded(self, klass):
        """The whole batch: exit 2, one line per hostile sheet on stderr, no traceback, the
        good sheet graded 60/60, all within a couple of seconds."""
        folder, files = klass
        start = time.perf_counter()
        result = invoke("check", *files, "--lang", "en")
        elapsed = time.perf_counter() - start
        err = stderr_of(result)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output + err
        assert elapsed < 5, f"the batch took {elapsed:.1f} s"
        lines = [line for line in err.splitlines() if line.startswith("handcalc: ")]
        assert len(lines) == len(files) - 1  # every hostile sheet, each one line
        [good] = [line for line in result.output.splitlines() if line.startswith("good.yaml")]
        assert good.split() == ["good.yaml", "Aiko", "60/60", "100%"]

    def test_each_reproduction_says_what_and_where(self, klass):
        """Each of the issue's reproductions gets its own reason."""
        folder, files = klass
        results = {os.path.basename(r.file): r for r in check_files(files)}
        assert results["good.yaml"].graded.points == 60
        expect = {
            "null.yaml": "contains a control character",
            "expinv.yaml": "d_e cannot be computed",
            "expdiv.yaml": "d_e cannot be computed",
            "pow.yaml": "grows too large to compute exactly",
            "square.yaml": "grows too large to compute exactly",
            "big_sheet.yaml": "cannot be computed (a float overflows)",
            "stdin.yaml": "is outside this sheet's folder",
            "passwd.yaml": "is outside this sheet's folder",
            "env.yaml": "is not a handcalc problem file",
            "up.yaml": "is outside this sheet's folder",
            "fifo.yaml": "is not a regular file",
        }
        for name, words in expect.items():
            assert results[name].error is not None and words in results[name].error, name
            assert "\n" not in results[name].error

    def test_csv_and_json_report_every_sheet(self, klass):
        """--csv and --json hold a row/object for every sheet; the JSON is strict."""
        folder, files = klass
        csv_out = invoke("check", *files, "--csv").stdout.splitlines()
        assert len(csv_out) == 1 + len(files)

        def refuse(name):
            raise ValueError(f"not JSON: {name}")
        data = json.loads(invoke("check", *files, "--json").stdout, parse_constant=refuse)
        assert [s["file"] for s in data["sheets"]] == files
        assert all("problem" in s and "flags" in s for s in data["sheets"])

    def test_good_sheet_graded_as_when_alone(self, klass):
        """The good sheet's JSON object is the same in the hostile batch as alone."""
        folder, files = klass
        alone = json.loads(invoke("check", files[0], "--json").stdout)["sheets"][0]
        batch = json.loads(invoke("check", *files, "--json").stdout)["sheets"][0]
        assert batch == alone

    def test_nothing_is_quoted_from_a_file_that_is_not_a_problem(self, klass):
        """/etc/passwd and a .env file: not a word of them in any output, even with --root /."""
        folder, files = klass
        for args in ((), ("--root", "/")):
            for fmt in ((), ("--csv",), ("--json",)):
                result = invoke("check", *args, *fmt, *files)
                everything = result.output + stderr_of(result)
                assert "sk-live" not in everything and "root:x:0" not in everything
                assert "API_KEY" not in everything

    def test_a_link_inside_the_folder_to_a_file_outside_is_outside(self, klass):
        """problem: names a symbolic link in the folder that points to /etc/passwd: refused
        as outside (the link is followed to see where it leads, never read)."""
        folder, files = klass
        (folder / "inside.yaml").symlink_to("/etc/passwd")
        sheet = folder / "link_sheet.yaml"
        sheet.write_text("handcalc: 1\nproblem: inside.yaml\nanswers: {}\n", encoding="utf-8")
        [r] = check_files([str(sheet)])
        assert "is outside this sheet's folder" in r.error and "root:" not in r.error

    def test_the_issues_null_byte_path(self, tmp_path):
        """problem: "../problem.yaml\\0" (the issue's form): one line, not a ValueError."""
        sheet = tmp_path / "s.yaml"
        sheet.write_text('handcalc: 1\nproblem: "../problem.yaml\\0"\nanswers: {}\n',
                         encoding="utf-8")
        result = invoke("check", "--root", str(tmp_path.parent), str(sheet))
        assert result.exit_code == 2
        assert "contains a control character" in stderr_of(result)

    def test_root_allows_a_folder_above(self, klass):
        """--root DIR lets a sheet name a problem in that folder (up.yaml: ../exercise3.yaml)."""
        folder, files = klass
        up = str(folder / "up.yaml")
        [r] = check_files([up], root=str(folder.parent))
        assert r.error is None and r.problem.endswith("exercise3.yaml")
        result = invoke("check", "--root", "/", str(folder / "stdin.yaml"))
        assert result.exit_code == 2 and "is not a regular file" in stderr_of(result)

    def test_a_bug_in_grading_one_sheet_costs_only_that_sheet(self, klass, monkeypatch):
        """An unexpected exception while grading one sheet is that sheet's one line."""
        folder, files = klass
        from handcalc import check as check_module

        real = check_module.check_sheet
        other = _good(folder, "other.yaml")

        def flaky(sheet, markers=None):
            if sheet.file.endswith("other.yaml"):
                raise KeyError("a bug")
            return real(sheet, markers)
        monkeypatch.setattr(check_module, "check_sheet", flaky)
        results = check_files([str(other), files[0]])
        assert "internal error (KeyError)" in results[0].error
        assert results[1].graded.points == 60

    def test_a_sheet_that_takes_too_long_is_stopped(self, klass, monkeypatch):
        """The backstop: a sheet running past its time is stopped with one line."""
        folder, files = klass
        from handcalc import check as check_module

        def slow(sheet, markers=None):
            while True:
                pass
        monkeypatch.setattr(check_module, "check_sheet", slow)
        monkeypatch.setattr(check_module, "SECONDS_PER_SHEET", 0.2)
        problems, markers = check_module.Problems(), check_module.Markers()
        start = time.perf_counter()
        r = check_module.check_file(files[0], problems, markers, seconds=0.2)
        assert time.perf_counter() - start < 2
        assert "took more than 0.2 s" in r.error


class TestProblemsRefusedAtLoad:
    def test_solve_template_check_refuse_a_network_that_overflows(self, tmp_path):
        """A sigmoid layer then 4 identity layers with W = 1e6, η = 1e6: one line, exit 2, in
        solve (also --json), template and check."""
        path = tmp_path / "big.yaml"
        path.write_text(BIG_NETWORK, encoding="utf-8")
        for args in (("solve", str(path)), ("solve", str(path), "--json"),
                     ("template", str(path))):
            result = invoke(*args)
            assert result.exit_code == 2, args
            assert "a float overflows" in stderr_of(result)
            assert len(stderr_of(result).strip().splitlines()) == 1

    def test_graph_exp_then_inv_is_refused(self, tmp_path):
        """exp(−400) then inv: the backward pass divides by zero in floats; refused at load."""
        path = tmp_path / "g.yaml"
        path.write_text("handcalc: 1\nkind: graph\ninputs: {k: -400}\nnodes:\n  e: exp(k)\n"
                        "  y: inv(e)\noutput: y\n", encoding="utf-8")
        result = invoke("solve", str(path))
        assert result.exit_code == 2
        assert stderr_of(result).startswith(f"handcalc: {path}:5:")

    @pytest.mark.parametrize("op,count", [("pow({}, 10)", 9), ("square({})", 22)])
    def test_chained_powers_are_refused_quickly(self, tmp_path, op, count):
        """Chains of exact powers stop at a size, in well under a second."""
        nodes = "".join(f"  n{i}: {op.format('x' if i == 0 else f'n{i - 1}')}\n"
                        for i in range(count))
        path = tmp_path / "g.yaml"
        path.write_text(f"handcalc: 1\nkind: graph\ninputs: {{x: 3}}\nnodes:\n{nodes}"
                        f"output: n{count - 1}\n", encoding="utf-8")
        start = time.perf_counter()
        result = invoke("solve", str(path))
        assert time.perf_counter() - start < 1
        assert result.exit_code == 2 and "grows too large" in stderr_of(result)

    def test_a_fifo_given_as_a_problem_is_refused_without_waiting(self, tmp_path):
        """solve on a FIFO: refused at once (nothing waits for a writer)."""
        fifo = tmp_path / "p.yaml"
        os.mkfifo(fifo)
        result = invoke("solve", str(fifo))
        assert result.exit_code == 2 and "is not a regular file" in stderr_of(result)

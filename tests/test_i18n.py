"""Japanese where Japanese is chosen, English where English is: every catalogue, every --help,
real error paths.

A Japanese text fails when it holds an English sentence — a run of three or more English words
once code, ids, numbers, file names, options and formula symbols are taken out; an English text
fails when it holds Japanese (outside the proper names listed).  The catalogues are found, not
listed: every module-level table of ``{"en": …, "ja": …}`` entries in the package, the message
templates of i18n.MESSAGES and the mistakes' words.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

import handcalc
from handcalc import i18n
from handcalc.mistakes import Catalogue

ROOT = Path(__file__).resolve().parent.parent
MALFORMED = sorted((ROOT / "tests" / "malformed").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "malformed_graphs").glob("*.yaml"))
COMMANDS = ("", "solve", "check", "template", "sheet", "new")

# words that are code or names wherever they appear (activations, losses, option values …)
CODE_WORDS = set("""
handcalc relu sigmoid tanh softmax identity squared_error cross_entropy binary_cross_entropy
exp log ln sqrt mean sum plain arithmetic functions table md ja en za ax uz column row easy
medium hard network graph formula logistic regression exercise3 seed add sub mul div neg pow
square inv max canonical notation transposed bias_not_summed inlined_problem different_problem
keys problem answers id name title decimals layout reduction update input target layers loss
learning_rate activation inputs nodes output kind cases questions of variables define tests
""".split())
# proper names an English text may carry
JAPANESE_NAMES = ("E資格", "ゼロから作るDeep Learning")
JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")


def _strip_code(text: str) -> str:
    """The text with code, quoted values, places, paths, options, ids and formulas blanked."""
    text = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>", " ", text)
    text = re.sub(r"--?[\w-]+", " ", text)  # options
    text = re.sub(r"\S*[/\\]\S*|\S+\.\w+\b", " ", text)  # paths and file names
    return " ".join(w for w in re.split(r"(\s+)", text)
                    if not re.search(r"[\d_=^(){}\[\]∂δσ′·×−+*]", w))


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words (code words and one-letter symbols left out)."""
    runs, run = [], []
    for token in re.findall(r"[A-Za-z]+|[^A-Za-z\s]", _strip_code(text)):
        word = token.lower()
        if token.isalpha() and len(token) > 1 and word not in CODE_WORDS and not token.isupper():
            run.append(token)
            continue
        if token == "," or (token.isalpha() and (len(token) == 1 or token.isupper()) and run):
            continue  # 'a, b', 'YAML' inside a sentence do not end it
        if len(run) >= 3:
            runs.append(" ".join(run))
        run = []
    if len(run) >= 3:
        runs.append(" ".join(run))
    return runs


def japanese_in(text: str) -> list[str]:
    for name in JAPANESE_NAMES:
        text = text.replace(name, "")
    return JAPANESE.findall(text)


class _Fields(dict):
    """Fills any {field} with a neutral value."""

    def __missing__(self, key: str) -> str:
        return "x1"


def _filled(text: str) -> str:
    try:
        return string.Formatter().vformat(text, (), _Fields())
    except (ValueError, IndexError):  # not a template (a JSON example in a help text)
        return text


def _catalogues() -> list[tuple[str, dict[str, str]]]:
    """Every {"en": …, "ja": …} entry of every module-level table in the package."""
    out = []
    for info in pkgutil.walk_packages(handcalc.__path__, "handcalc."):
        if info.name.endswith((".cli", "__main__")):
            continue
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            entries = value.items() if isinstance(value, dict) else enumerate(value) \
                if isinstance(value, (list, tuple, Catalogue)) else ()
            for key, entry in entries:
                if isinstance(entry, dict) and {"en", "ja"} <= set(entry) and \
                        all(isinstance(entry[k], str) for k in ("en", "ja")):
                    out.append((f"{info.name}.{attr}[{key!r}]", entry))
                for field in ("name", "explain", "formula"):  # a Mistake's words
                    words = getattr(entry, field, None) if hasattr(entry, "variant") else None
                    if isinstance(words, dict) and {"en", "ja"} <= set(words):
                        out.append((f"{info.name}.{attr}[{key!r}].{field}", words))
    return out


CATALOGUE = _catalogues()


class TestDetectors:
    """The detectors find what they should, so a passing test below means something."""

    def test_an_english_sentence_in_japanese_is_found(self):
        """The mixed line of issue 12 and plain English fail; code and places do not."""
        assert english_runs("採点できません：not valid YAML: a ']' is missing, or a ','")
        assert english_runs("採点できません：problem cannot be used: no such file")
        assert english_runs("Grade answer sheets step by step")
        assert not english_runs("答えは `handcalc check answers.yaml` で採点：relu、sigmoid")
        assert not english_runs("tests/a.yaml:3:4: layers[1].W の行が 2 個 (za, column)")

    def test_japanese_in_english_is_found(self):
        assert japanese_in("the loss 損失")
        assert not japanese_in("With --moodle: E資格 style questions")


def test_the_catalogues_are_found():
    """The tables of the package are all there: i18n's, the graph's, the formula kind's and
    the mistakes' (a renamed table must not silently drop out of the checks)."""
    names = {name.split("[")[0] for name, _ in CATALOGUE}
    assert {"handcalc.i18n.TEXT", "handcalc.i18n.MESSAGES", "handcalc.graph.steps._WORDS",
            "handcalc.render.derivation.WORDS", "handcalc.derivation.sheet.WORDS",
            "handcalc.network.mistakes.NETWORK"} <= names
    assert len(CATALOGUE) > 500


@pytest.mark.parametrize("name,entry", CATALOGUE, ids=[n for n, _ in CATALOGUE])
def test_catalogue_entry(name: str, entry: dict[str, str]):
    """The Japanese of an entry has no English sentence; its English has no Japanese."""
    ja, en = _filled(entry["ja"]), _filled(entry["en"])
    assert not english_runs(ja), f"English in the Japanese of {name}: {english_runs(ja)}"
    assert not japanese_in(en), f"Japanese in the English of {name}: {en}"


def _help(command: str, env_lang: str, *extra: str) -> str:
    env = {**os.environ, "LANG": env_lang, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100",
           "TERMINAL_WIDTH": "100", "NO_COLOR": "1"}
    args = [sys.executable, "-m", "handcalc.cli", *([command] if command else []), "--help",
            *extra]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=[c or "handcalc" for c in COMMANDS])
class TestHelp:
    """Every command's help, as typer renders it at start-up."""

    def test_japanese_by_locale(self, command: str):
        """Under LANG=ja_JP.UTF-8 the help is Japanese, typer's own words too."""
        text = _help(command, "ja_JP.UTF-8")
        assert len(japanese_in(text)) > 20
        assert not english_runs(text), english_runs(text)
        assert "Show this message" not in text and "このヘルプを表示して終了する" in text
        assert "Usage:" not in text and "使い方: " in text

    def test_english(self, command: str):
        """Under an English locale: no Japanese, typer's own words as they are."""
        text = _help(command, "en_US.UTF-8")
        assert not japanese_in(text), japanese_in(text)
        assert "Show this message and exit." in text and "Usage: " in text


@pytest.mark.parametrize("command", COMMANDS[1:])
class TestHelpByOption:
    """A command's --lang picks its help's language, even written after --help."""

    def test_japanese(self, command: str):
        for text in (_help(command, "C.UTF-8", "--lang", "ja"),
                     _help(command, "en_US.UTF-8", "--lang=ja")):
            assert not english_runs(text), english_runs(text)
            assert len(japanese_in(text)) > 20

    def test_english(self, command: str):
        text = _help(command, "ja_JP.UTF-8", "--lang", "en")
        assert not japanese_in(text), japanese_in(text)


@pytest.mark.parametrize("path", MALFORMED, ids=[f"{p.parent.name}/{p.stem}" for p in MALFORMED])
def test_every_malformed_problem_says_it_in_japanese(path: Path):
    """Each message of the malformed corpus, said in Japanese: no English sentence, the place
    kept in front as it was; and in English unchanged."""
    from handcalc.files import load
    from handcalc.yamlsafe import InputError

    with pytest.raises(InputError) as info:
        load(str(path))
    line = str(info.value)
    said = i18n.say(line, "ja")
    place = line[: len(line) - len(" ".join(info.value.message.split()))]
    assert said.startswith(place), said
    assert japanese_in(said[len(place):]) and not english_runs(said[len(place):]), said
    assert i18n.say(line, "en") == line


def _run(args: list[str], lang_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": lang_env, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "handcalc.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=60)


BAD_SHEET = "handcalc: 1\nproblem: exercise3.yaml\nanswers:\n  z1: [0.1, 0.2\n"


@pytest.mark.parametrize("how", ["--lang ja", "LANG=ja_JP.UTF-8"])
class TestErrorPaths:
    """Real runs: a malformed problem, a sheet that is not YAML, a bad option."""

    def _run(self, args: list[str], how: str) -> subprocess.CompletedProcess:
        if how == "--lang ja":
            return _run([*args, "--lang", "ja"], "C.UTF-8")
        return _run(args, "ja_JP.UTF-8")

    def _one_japanese_line(self, done: subprocess.CompletedProcess, starts: str) -> str:
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        line = lines[0]
        assert line.startswith(starts), line
        assert japanese_in(line) and not english_runs(line), line
        return line

    def test_malformed_problem(self, how: str):
        path = "tests/malformed/05_unknown_top_key.yaml"
        line = self._one_japanese_line(self._run(["solve", path], how), f"handcalc: {path}:14:1: ")
        assert "'learning_rat'" in line and "'learning_rate' のことですか" in line

    def test_missing_file(self, how: str):
        line = self._one_japanese_line(self._run(["solve", "nothere.yaml"], how),
                                       "handcalc: nothere.yaml: ")
        assert "ファイルがありません" in line

    def test_sheet_not_yaml(self, how: str, tmp_path: Path):
        (tmp_path / "exercise3.yaml").write_text(
            (ROOT / "exercises" / "exercise3.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        sheet = tmp_path / "answers.yaml"
        sheet.write_text(BAD_SHEET, encoding="utf-8")
        line = self._one_japanese_line(self._run(["check", str(sheet)], how),
                                       f"handcalc: {sheet}:5:1: ")
        assert "YAML として正しくありません" in line and "']'" in line

    def test_sheet_with_a_wrong_key_in_a_class(self, how: str, tmp_path: Path):
        """Two sheets, one unusable: the class table says why in Japanese, not half English."""
        (tmp_path / "exercise3.yaml").write_text(
            (ROOT / "exercises" / "exercise3.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "a.yaml").write_text(BAD_SHEET, encoding="utf-8")
        (tmp_path / "b.yaml").write_text("handcalc: 1\nproblem: exercise3.yaml\nanswrs: {}\n",
                                         encoding="utf-8")
        done = self._run(["check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")], how)
        assert done.returncode == 2
        table = [ln for ln in done.stdout.splitlines() if "採点できません" in ln]
        assert len(table) == 2 and not any(english_runs(ln) for ln in table), done.stdout
        assert "知らないキー 'answrs'" in done.stdout

    def test_options_that_do_not_go_together(self, how: str, tmp_path: Path):
        line = self._one_japanese_line(self._run(["new", "--count", "120", "--out",
                                                  str(tmp_path)], how), "handcalc: --count ")
        assert "120" in line
        line = self._one_japanese_line(self._run(["new", "--kind", "graph", "--arch", "2-2-1",
                                                  "--out", str(tmp_path)], how), "handcalc: ")
        assert "--arch" in line and "--kind graph" in line

    def test_bad_option(self, how: str):
        line = self._one_japanese_line(self._run(["solve", "exercises/exercise3.yaml",
                                                  "--format", "pdf"], how), "handcalc: ")
        assert "--format" in line and "'pdf'" in line


def test_english_errors_stay_english():
    """Under an English locale the same paths say it in English, with no Japanese."""
    done = _run(["solve", "tests/malformed/05_unknown_top_key.yaml"], "en_US.UTF-8")
    assert done.returncode == 2
    assert "unknown key 'learning_rat' in the problem; did you mean 'learning_rate'?" in \
        done.stderr and not japanese_in(done.stderr)


class TestWrapping:
    """render.para: lines break where Japanese (and English) allow, continuation lines hang."""

    @staticmethod
    def _lines(text: str, width: int) -> list[str]:
        from io import StringIO

        from rich.console import Console

        from handcalc.render.para import Para

        out = StringIO()
        Console(file=out, width=width, color_system=None).print(Para(text))
        return out.getvalue().splitlines()

    def test_japanese_breaks_between_characters_not_at_its_one_space(self):
        """A Japanese sentence fills the line (rich alone breaks it at '3 個', leaving a
        number at a line's end); no line starts with 、。） or a space-separated particle."""
        text = ("  a1 は 3 個のリストにしてください（第1層のユニットごとに1つ）。"
                "2 個のリストが書かれています。")
        lines = self._lines(text, 40)
        assert len(lines) == 3
        for ln in lines[1:]:
            assert ln.startswith("  ") and ln[2] not in "、。）」ー個 "
        for ln in lines:
            assert not ln.rstrip().endswith(("（", " 3", " 2", " は"))
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")

    def test_hanging_indent_under_a_mark(self):
        """'  ⚠ message' continues under the message, not under the mark."""
        lines = self._lines("  ⚠ one two three four five six seven eight nine ten eleven", 24)
        assert lines[0].startswith("  ⚠ one") and all(ln.startswith("    ") and ln[4] != " "
                                                       for ln in lines[1:])

    def test_english_breaks_only_at_spaces(self):
        words = "the chain ∂L/∂a · h′ gives the same value as the shortcut does here".split()
        lines = self._lines(" ".join(words), 20)
        assert [w for ln in lines for w in ln.split()] == words
        assert all(len(ln) <= 20 for ln in lines)

    def test_a_run_without_a_break_is_folded(self):
        """A path longer than the line is cut where the room ends (nothing is lost)."""
        lines = self._lines("x" * 50, 20)
        assert lines == ["x" * 20, "x" * 20, "x" * 10]


# Messages as the core writes them (one of each family: the YAML parser's problems, graph
# warnings, values that cannot be computed, sheets, rosters, manifests, formula problems)
CORE_MESSAGES = [
    "x.yaml:3:1: not valid YAML: expected 'key: value' (a ':' after the key) (the key that "
    "starts on line 3, column 1)",
    "x.yaml:2:5: not valid YAML: in \"double quotes\" a backslash starts an escape like \\n; "
    "use 'single quotes' or write \\\\",
    "x.yaml:1:4: not valid YAML: the file ends before this is closed; close it (the quoted text "
    "that starts on line 1, column 4)",
    "g.yaml:7:3: warning: node 'n2' is used only by n3, n5, which the output does not use; the "
    "output 'n9' does not depend on it (its gradient is 0)",
    "g.yaml:5:3: warning: input 'x0' is not used by any node; the output 'f' does not depend on "
    "it (its gradient is 0)",
    "p.yaml:5:3: loss_new cannot be computed (a float overflows); keep the inputs, weights and "
    "learning rate small enough for every value to stay below about 1e300",
    "s.yaml:1:1: missing 'problem:' — the problem file this sheet answers (a path relative to "
    "the sheet), or the problem itself",
    "s.yaml:4:3: 'z1' is not a key of this problem's notation (ax): the canonical id 'z1' is "
    "written 'a1' here; write 'a1', or add 'keys: canonical' to the sheet",
    "s.yaml:7:8: dW1 should be 3×3 like W1 (row layout); you wrote 3×2 — transposed? (read back "
    "in place and marked 'transposed')",
    "r.csv:3: the id '../x' cannot be a folder name; use letters, digits, '-', '_' and '.', "
    "starting with a letter or digit, at most 64 characters",
    "class.yaml:4:5: digest: should be 'sha256:' and 64 hex digits; found 'md5:00'",
    "f.yaml:3:14: network.activations: one per layer after the input (1), each one of identity, "
    "relu, sigmoid, tanh, softmax",
]


@pytest.mark.parametrize("line", CORE_MESSAGES, ids=range(len(CORE_MESSAGES)))
def test_core_messages_in_japanese(line: str):
    """Each family of message is said in Japanese, its place kept in front."""
    said = i18n.say(line, "ja")
    place = line[: line.index(": ") + 2]
    assert said.startswith(place) and japanese_in(said), said
    assert not english_runs(said[len(place):]), said

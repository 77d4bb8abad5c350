"""The command line: parse, call the core, render, exit with a named status.  Nothing else.

Only this module knows typer.  Heavy imports (rich, yaml, the engine) happen inside the
commands, so ``handcalc --help`` and each command start about as fast as their imports allow.
"""

# No ``from __future__ import annotations`` here, on purpose: typer reads every command's
# annotations on each run, and string annotations cost it an eval() each (about 1.5 ms of
# start-up over the commands and their options); written as objects they are only read.
import enum
import os
import sys
from pathlib import Path
from typing import NoReturn

import typer

from . import kinds
from .i18n import LANGS, default_lang, tr


class ExitStatus(enum.IntEnum):
    """What the exit code tells a script."""

    OK = 0  # all right
    WRONG = 1  # a graded sheet has something wrong
    UNUSABLE = 2  # some input could not be used (bad file, bad option)


def _help_lang(argv: list[str]) -> str:
    """The language of the help texts, fixed at start-up: --lang on the command line (even
    after --help), else the locale (i18n.default_lang).  Costs a scan of argv, nothing more."""
    for n, arg in enumerate(argv):
        value = arg[len("--lang="):] if arg.startswith("--lang=") else \
            argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else None
        if value in LANGS:
            return value
    return default_lang(os.environ)


HELP_LANG = _help_lang(sys.argv[1:])


def _h(key: str) -> str:
    """A help text of the catalogue (i18n.TEXT "help.*") in the start-up language."""
    return tr(key, HELP_LANG)


def _command_help(key: str, *examples: str) -> str:
    """A command's help: its catalogue text, then one 'Example:' line per example."""
    lines = "\n".join(f"{_h('help.example')}:  {e}" for e in examples)
    return f"{_h(key)}\n\n{lines}"


def _localise_typer_help() -> None:
    """typer's and click's own words on a help page (panel titles, --help's help) in Japanese:
    done only when help is shown in Japanese, so no other run imports typer's rich layer."""
    if HELP_LANG != "ja" or not ({"-h", "--help"} & set(sys.argv[1:]) or len(sys.argv) < 2):
        return
    try:  # typer's internals: a typer release that moves them only loses these words
        import typer._click.decorators as decorators
        import typer._click.formatting as formatting
        import typer.rich_utils as ru
    except ImportError:  # pragma: no cover
        return
    from .i18n import TYPER_JA

    english_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        english_usage(self, prog, args, TYPER_JA["Usage: "] if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    for name, text in TYPER_JA.items():
        if name.isupper() and hasattr(ru, name):
            setattr(ru, name, text)
    english_help_option = decorators.help_option

    def help_option(names):
        add = english_help_option(names)

        def decorator(command):
            command = add(command)
            command.params[-1].help = TYPER_JA["Show this message and exit."]
            return command
        return decorator

    decorators.help_option = help_option
    english_text = ru._make_rich_text

    def folding_text(**kw):  # Japanese has no spaces to wrap at: fold, never cut with '…'
        text = english_text(**kw)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    ru._make_rich_text = folding_text

_localise_typer_help()


app = typer.Typer(
    name="handcalc",
    help=_h("help.app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version() -> str:
    """The installed package's version: one source of truth, pyproject.toml via its metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("handcalc")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree never installed
        return "unknown (not installed; run pip install -e .)"


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"handcalc {_version()}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_show_version,
                                 is_eager=True, help=_h("help.version")),
) -> None:
    """Hand-calculation exercises on backpropagation: solve, check, template, new."""




def _lang(lang: str | None) -> str:
    global _SAY_LANG
    if lang is None:  # (the locale's, even after an in-process run said --lang)
        _SAY_LANG = default_lang(os.environ)
        return _SAY_LANG
    if lang not in LANGS:
        _fail(f"--lang should be ja or en; found {lang!r}")
    _SAY_LANG = lang
    return lang


_SAY_LANG = HELP_LANG  # the language of messages on stderr: --lang once read, else the locale's


def _say(message: str) -> None:
    """One line to stderr, in the chosen language (i18n.say), places kept as they are."""
    from .i18n import say

    sys.stderr.write(f"handcalc: {say(str(message), _SAY_LANG)}\n")


def _fail(message: str, status: ExitStatus = ExitStatus.UNUSABLE) -> NoReturn:
    """Print one line to stderr and exit; the message names the file, the place and the fix."""
    _say(message)
    raise typer.Exit(int(status))


def _console():
    from .render.terminal import console

    return console()


def _load(path: Path, notation: str | None = None):
    """The exercise of a problem file, shown in ``notation`` if given (checked against every
    kind's notations first, then against the loaded problem's kind)."""
    from .files import load
    from .yamlsafe import InputError

    if notation is not None:
        every = list(dict.fromkeys(n for k in kinds.every() for n in k.notations))
        if notation not in every:
            _fail(f"--notation should be one of {', '.join(every)}; found {notation!r}")
    try:
        exercise = load(str(path), notation)
    except InputError as e:
        _fail(str(e))
    own = kinds.of(exercise).notations
    if notation is not None and notation not in own:
        if not own:
            _fail(f"{path}: {exercise.kind} problems have one notation; leave out --notation")
        _fail(f"{path}: --notation for {exercise.kind} problems should be one of "
              f"{', '.join(own)}; found {notation!r}")
    return exercise


@app.command(help=_command_help(
    "help.solve",
    "handcalc solve exercises/exercise3.yaml --lang ja",
    "handcalc solve exercises/graph_apple_orange.yaml --svg apple_orange.svg"))
def solve(
    problem: Path = typer.Argument(..., help=_h("help.problem")),
    as_json: bool = typer.Option(False, "--json", help=_h("help.solve.json")),
    lang: str | None = typer.Option(None, "--lang", help=_h("help.lang")),
    notation: str | None = typer.Option(None, "--notation", help=_h("help.solve.notation")),
    decimals: int | None = typer.Option(None, "--decimals", min=0, max=10,
                                        help=_h("help.solve.decimals")),
    fmt: str = typer.Option("table", "--format", help=_h("help.solve.format")),
    svg: Path | None = typer.Option(None, "--svg", help=_h("help.solve.svg")),
    force: bool = typer.Option(False, "--force", help=_h("help.solve.force")),
) -> None:
    """Show the worked solution of a problem, step by step, with every number put in.

    Example:  handcalc solve exercises/exercise3.yaml --lang ja
    Example:  handcalc solve exercises/graph_apple_orange.yaml --svg apple_orange.svg
    """
    language = _lang(lang)
    if fmt not in ("table", "md"):
        _fail(f"--format should be table or md; found {fmt!r}")
    exercise = _load(problem, notation)
    for warning in kinds.of(exercise).warnings(exercise):
        _say(warning)
    if svg is not None:
        _write_svg(exercise, svg, force)
    if as_json:
        from .render.jsonout import dumps, solution

        sys.stdout.write(dumps(solution(exercise)) + "\n")
        return
    if fmt == "md":
        from .render.markdown import solution as markdown

        sys.stdout.write(markdown(exercise, language, decimals))
        return
    from .render.terminal import solution as terminal

    _console().print(terminal(exercise, language, decimals))


def _write_svg(exercise, path: Path, force: bool) -> None:
    """Write the problem's drawing; never over an existing file without --force."""
    if exercise.diagram is None:
        _fail(f"--svg: {exercise.path or 'this problem'} has no drawing; "
              f"{kinds.taking(lambda k: k.picture is not None)} problems have one")
    _write({path: exercise.diagram(_SAY_LANG)}, force)
    _say(f"wrote {path}")


def _write(files: dict[Path, str | bytes], force: bool, base: Path | None = None) -> None:
    """Write files atomically (app.write_files), never through a link; one line if not."""
    from .app import WriteError, write_file, write_files

    try:
        if base is None:
            for path, text in files.items():
                write_file(path, text, force)
        else:
            write_files({str(name): text for name, text in files.items()}, base, force)
    except WriteError as e:
        _fail(str(e))


@app.command(help=_command_help(
    "help.check",
    "handcalc check answers.yaml --lang en",
    "handcalc check --problem problem.yaml answers/*.yaml --csv > scores.csv",
    "handcalc check --class class7/class.yaml handed-in/*.yaml --html report.html"))
def check(
    sheets: list[Path] = typer.Argument(..., help=_h("help.check.sheets")),
    as_json: bool = typer.Option(False, "--json", help=_h("help.check.json")),
    as_csv: bool = typer.Option(False, "--csv", help=_h("help.check.csv")),
    lang: str | None = typer.Option(None, "--lang", help=_h("help.lang")),
    hint: bool = typer.Option(False, "--hint", help=_h("help.check.hint")),
    problem: Path | None = typer.Option(None, "--problem", help=_h("help.check.problem")),
    root: Path | None = typer.Option(None, "--root", help=_h("help.check.root")),
    numbers: str = typer.Option("arithmetic", "--numbers", help=_h("help.check.numbers")),
    klass: Path | None = typer.Option(None, "--class", help=_h("help.check.class")),
    html: Path | None = typer.Option(None, "--html", help=_h("help.check.html")),
    force: bool = typer.Option(False, "--force", help=_h("help.check.force")),
) -> None:
    """Grade answer sheets step by step: ✓ right, ↪ carried (follow-through), named mistakes.

    One sheet: every element in working order, the first error with its formula and your
    numbers put in, and the score. Many sheets: one line per sheet and a class summary.
    Exit status 0: all right; 1: something is wrong; 2: a sheet could not be used.

    Example:  handcalc check answers.yaml --lang en
    Example:  handcalc check --problem problem.yaml answers/*.yaml --csv > scores.csv
    Example:  handcalc check --class class7/class.yaml handed-in/*.yaml --html report.html
    """
    language = _lang(lang)
    if as_json and as_csv:
        _fail("--json and --csv are two different outputs; choose one")
    from .numbers import LEVELS

    if numbers not in LEVELS:
        _fail(f"--numbers should be one of {', '.join(LEVELS)}; found {numbers!r}")
    if root is not None and not root.is_dir():
        _fail(f"--root {root}: not a folder; give the folder the sheets' problem files are in")
    if klass is not None and (problem is not None or root is not None):
        _fail("--class binds each sheet to its student's problem; leave out --problem and --root")
    from .check import check_class, check_files, exit_status
    from .yamlsafe import InputError

    missing: list = []
    if klass is not None:
        from .classfile import load as load_class

        try:
            manifest = load_class(str(klass))
        except InputError as e:
            _fail(f"--class: {e}")
        results, missing = check_class([str(p) for p in sheets], manifest, numbers=numbers)
    else:
        try:
            results = check_files([str(p) for p in sheets], problem=None if problem is None
                                  else str(problem), root=None if root is None else str(root),
                                  numbers=numbers)
        except InputError as e:  # the teacher's --problem itself
            _fail(f"--problem: {e}")
    one_class = klass is not None
    if html is not None:
        from .render.report_html import class_html

        _write({html: class_html(results, language, str(klass) if klass else "")}, force)
    for r in results:  # what made a sheet unusable (exit 2): one unwrapped line each, on stderr
        if r.error is not None:
            _say(r.error)
        for warning in r.warnings:
            _say(warning)
    if as_json:
        from .render.jsonout import dumps
        from .render.report_class import report_json

        sys.stdout.write(dumps(report_json(results, language, one_class, missing)) + "\n")
    elif as_csv:
        from .render.report_class import report_csv

        sys.stdout.write(report_csv(results, one_class))
    elif len(results) == 1 and results[0].error is None and not one_class:
        from .render.report_sheet import hint_report, sheet_report

        _console().print((hint_report if hint else sheet_report)(results[0], language))
    elif len(results) > 1 or one_class:
        from .render.report_class import class_report
        from .render.report_sheet import hint_report

        console = _console()
        if hint:
            from .render.terminal import title

            for r in results:
                console.print(title(str(r.file)))
                console.print(hint_report(r, language))
        else:
            console.print(class_report(results, language, one_class, missing,
                                       title=str(klass) if klass is not None else ""))
    raise typer.Exit(exit_status(results))


@app.command(help=_command_help(
    "help.template",
    "handcalc template exercises/exercise3.yaml --out answers.yaml --lang ja"))
def template(
    problem: Path = typer.Argument(..., help=_h("help.problem")),
    out: Path | None = typer.Option(None, "--out", "-o", help=_h("help.template.out")),
    force: bool = typer.Option(False, "--force", help=_h("help.template.force")),
    lang: str | None = typer.Option(None, "--lang", help=_h("help.lang")),
) -> None:
    """Write the blank answer sheet of a problem: every key in working order, each with its
    shape and meaning as a comment.

    Example:  handcalc template exercises/exercise3.yaml --out answers.yaml --lang ja
    """
    import os

    language = _lang(lang)
    exercise = _load(problem)
    from .template import blank_sheet

    if out is None:
        sys.stdout.write(blank_sheet(exercise, language, problem.as_posix()))
        return
    ref = os.path.relpath(os.path.abspath(problem), os.path.abspath(out.parent or Path(".")))
    _write({out: blank_sheet(exercise, language, Path(ref).as_posix(), problem.as_posix())},
           force)
    _say(f"wrote {out}")


@app.command(help=_command_help(
    "help.sheet",
    "handcalc sheet exercises/exercise3.yaml --pdf exercise3.pdf --lang ja",
    "handcalc sheet class/S001/problem.yaml --key --pdf key.pdf"))
def sheet(
    problems: list[Path] = typer.Argument(..., help=_h("help.sheet.problems")),
    pdf: Path | None = typer.Option(None, "--pdf", help=_h("help.sheet.pdf")),
    md: Path | None = typer.Option(None, "--md", help=_h("help.sheet.md")),
    key: bool = typer.Option(False, "--key", help=_h("help.sheet.key")),
    lang: str | None = typer.Option(None, "--lang", help=_h("help.lang")),
    force: bool = typer.Option(False, "--force", help=_h("help.force")),
) -> None:
    """Print any problem on paper: the worksheet (or with --key the answer key) as PDF or
    Markdown.

    Example:  handcalc sheet exercises/exercise3.yaml --pdf exercise3.pdf --lang ja
    Example:  handcalc sheet class/S001/problem.yaml --key --pdf key.pdf
    """
    language = _lang(lang)
    if pdf is None and md is None:
        _fail("say what to write: --pdf FILE, --md DIR, or both")
    exercises = [_load(p) for p in problems]
    from . import bundle

    md_files = bundle.sheets_md(problems, exercises, language, key) if md is not None else {}
    if not force:  # nothing written unless nothing would be overwritten
        targets = ([pdf] if pdf is not None else []) + \
            ([md / n for n in md_files] if md is not None else [])
        for path in targets:
            if path.exists() or path.is_symlink():
                _fail(f"{path} already exists; use --force to overwrite it")
    if pdf is not None:
        from .render import typst as paper

        make = paper.key if key else paper.worksheet
        try:
            data = paper.Compiler().pdf(paper.document([make(e, language) for e in exercises],
                                                       language))
        except paper.PdfError as e:
            _fail(str(e))
        _write_new(pdf.parent, {pdf.name: data}, force)
        _say(f"wrote {pdf.as_posix()}")
    if md is not None:
        _write_new(md, md_files, force)
        _say(f"wrote {', '.join((md / n).as_posix() for n in md_files)}")


@app.command(help=_command_help(
    "help.new",
    "handcalc new --level easy --seed 7 --out ex7 --worksheet md",
    "handcalc new --preset exercise3 --count 30 --out class --moodle",
    "handcalc new --class roster.csv --level medium --seed 1 --out class --pdf"))
def new(
    arch: str | None = typer.Option(None, "--arch", help=_h("help.new.arch")),
    hidden: str | None = typer.Option(None, "--hidden", help=_h("help.new.hidden")),
    output: str | None = typer.Option(None, "--output", help=_h("help.new.output")),
    loss: str | None = typer.Option(None, "--loss", help=_h("help.new.loss")),
    batch: int | None = typer.Option(None, "--batch", help=_h("help.new.batch")),
    reduction: str | None = typer.Option(None, "--reduction", help=_h("help.new.reduction")),
    level: str | None = typer.Option(None, "--level", help=_h("help.new.level")),
    notation: str | None = typer.Option(None, "--notation", help=_h("help.new.notation")),
    layout: str | None = typer.Option(None, "--layout", help=_h("help.new.layout")),
    preset: str | None = typer.Option(None, "--preset", help=_h("help.new.preset")),
    kind: str = typer.Option(kinds.DEFAULT, "--kind", help=_h("help.new.kind")),
    seed: int | None = typer.Option(None, "--seed", help=_h("help.new.seed")),
    lang: str | None = typer.Option(None, "--lang", help=_h("help.lang")),
    count: int = typer.Option(1, "--count", help=_h("help.new.count")),
    roster: Path | None = typer.Option(None, "--class", help=_h("help.new.class")),
    out: Path = typer.Option(Path("."), "--out", "-o", help=_h("help.new.out")),
    worksheet: str | None = typer.Option(None, "--worksheet", help=_h("help.new.worksheet")),
    moodle: bool = typer.Option(False, "--moodle", help=_h("help.new.moodle")),
    choices: bool = typer.Option(False, "--choices", help=_h("help.new.choices")),
    pdf: bool = typer.Option(False, "--pdf", help=_h("help.new.pdf")),
    force: bool = typer.Option(False, "--force", help=_h("help.new.force")),
    stats: bool = typer.Option(False, "--stats", help=_h("help.new.stats")),
) -> None:
    """Generate a problem worth doing by hand: problem.yaml and a blank answers.yaml, and
    optionally a worksheet, the worked solution, the network drawn as SVG and a Moodle quiz.

    Example:  handcalc new --level easy --seed 7 --out ex7 --worksheet md
    Example:  handcalc new --preset exercise3 --count 30 --out class --moodle
    Example:  handcalc new --class roster.csv --level medium --seed 1 --out class --pdf
    """
    language = _lang(lang)
    if kind not in kinds.NAMES:
        _fail(f"--kind should be {', '.join(kinds.NAMES[:-1])} or {kinds.NAMES[-1]}; "
              f"found {kind!r}")
    if worksheet not in (None, "md"):
        _fail(f"--worksheet should be md (Markdown with LaTeX math); found {worksheet!r}")
    if not 1 <= count <= 99:
        _fail(f"--count should be 1 to 99; found {count}")
    if seed is not None and seed < 0:
        _fail(f"--seed should be a whole number ≥ 0; found {seed}")
    if choices and not moodle:
        _fail("--choices adds questions to the Moodle quiz; add --moodle")
    students = None
    if roster is not None:
        if count != 1:
            _fail("--class makes one variant per student; leave out --count")
        if stats:
            _fail("--stats reports the generator; leave out --class")
        students = _read_roster(roster)
        count = len(students)
    options = dict(arch=arch, hidden=hidden, output=output, loss=loss, batch=batch,
                   reduction=reduction, notation=notation, layout=layout, preset=preset)
    rules = kinds.get(kind)
    refused = next((k for k, v in {**options, "level": level}.items()
                    if v is not None and k not in rules.new_options), None)
    if refused is not None:  # which kinds take it, and what this one takes: from the kinds
        takes = ", ".join(f"--{k}" for k in rules.new_options)
        _fail(f"--{refused} is for {kinds.taking(lambda k: refused in k.new_options)} "
              f"problems; --kind {kind} takes {takes}")
    if stats and not rules.new_stats:
        _fail(f"--stats is for {kinds.taking(lambda k: k.new_stats)} problems; "
              f"leave out --kind {kind}")
    if moodle and not rules.new_moodle:
        _fail(f"--moodle asks for numbers; {kind} problems are graded with handcalc check")
    if stats:
        _new_stats(rules, level, options, language)
        return
    if seed is None:
        import secrets

        seed = secrets.randbelow(1_000_000)
    from . import bundle

    try:
        variants = bundle.variants(kind, seed, count, level, language, options,
                                   [s.id for s in students] if students else None)
    except kinds.NewError as e:
        _fail(str(e))
    category = None
    if students:  # the class's variants in a category of their own: a random one per student
        assert roster is not None  # (students come from the roster)
        category = f"$course$/handcalc/{out.resolve().name or 'class'}"
    files: dict[str, str | bytes] = {}  # text files, then the PDFs
    files.update(bundle.fill(variants, language, worksheet == "md", moodle, students,
                             category=category, choices=choices))
    if students:
        assert roster is not None
        files["class.yaml"] = bundle.manifest(variants, students, roster.name)
    if pdf:
        from .render.typst import PdfError

        try:
            files.update(bundle.pdfs(variants, language, students))
        except PdfError as e:
            _fail(str(e))
    kept = _keep_answers(out, files) if force else []
    _write_new(out, files, force)
    for name in kept:
        _say(f"kept {(out / name).as_posix()}: it holds answers (nothing overwrites a "
             "filled-in sheet)")
    from .render.worksheet import new_summary

    new_summary(_console(), out, variants, files, language)


def _read_roster(path: Path) -> list:
    """The students of a roster file; one line and exit 2 when it cannot be used."""
    from .roster import parse
    from .yamlsafe import InputError

    if path.exists() and not path.is_file():
        _fail(f"{path}: not a file; give the roster, a CSV file with the columns id,name")
    try:
        with open(path, "rb") as f:
            data = f.read(2 << 20)
    except OSError as e:
        _fail(f"{path}: cannot be read ({e.strerror})")
    try:
        return parse(data, str(path))
    except InputError as e:
        _fail(str(e))


def _keep_answers(out: Path, files: dict) -> list[str]:
    """Take out of ``files`` every answers.yaml that exists and holds answers (even --force
    never overwrites a learner's work); return their names."""
    from .answers import holds_answers
    from .files import read_text
    from .yamlsafe import InputError

    kept = []
    for name in [n for n in files if n == "answers.yaml" or n.endswith("/answers.yaml")]:
        path = out / name
        if path.is_symlink() or path.exists():
            try:
                text = read_text(str(path))
            except InputError:  # unreadable, not UTF-8, a FIFO …: kept, never overwritten
                text = None
            if text is None or holds_answers(text):
                del files[name]
                kept.append(name)
    return kept


def _write_new(out: Path, files: dict, force: bool) -> None:
    """Write every file, or none: nothing overwritten without --force, never via a link."""
    _write(dict(files), force, base=out)


def _new_stats(rules: kinds.Kind, level: str | None, options: dict, language: str) -> None:
    """`new --stats`: the kind's generator over 1,000 problems per level (or the one --level),
    timed here (the clock is read at the edge), reported by render/stats.py."""
    import time

    from .render.stats import report

    try:
        results = rules.stats(level, 1000, options, language, time.perf_counter)
    except kinds.NewError as e:
        _fail(str(e))
    _console().print(report(results, language))


def main() -> None:
    """Entry point of the ``handcalc`` script."""
    app()


if __name__ == "__main__":  # python -m handcalc.cli
    main()

"""The command line: parse, call the core, render, exit with a named status.  Nothing else.

Only this module knows typer.  Heavy imports (rich, yaml, the engine) happen inside the
commands, so ``handcalc --help`` and each command start about as fast as their imports allow.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from . import kinds


class ExitStatus(enum.IntEnum):
    """What the exit code tells a script."""

    OK = 0  # all right
    WRONG = 1  # a graded sheet has something wrong
    UNUSABLE = 2  # some input could not be used (bad file, bad option)


app = typer.Typer(
    name="handcalc",
    help="Hand-calculation exercises on backpropagation: solve them step by step, check a "
         "learner's answers with follow-through credit, and generate new ones.\n\n"
         "Start with:  handcalc solve exercises/exercise3.yaml",
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
                                 is_eager=True, help="Print handcalc's version and exit."),
) -> None:
    """Hand-calculation exercises on backpropagation: solve, check, template, new."""


LANG_HELP = "Language of the output: ja or en (default: from the locale, LANG)."


def _lang(lang: str | None) -> str:
    from .i18n import LANGS, default_lang

    if lang is None:
        import os

        return default_lang(os.environ)
    if lang not in LANGS:
        _fail(f"--lang should be ja or en; found {lang!r}")
    return lang


def _fail(message: str, status: ExitStatus = ExitStatus.UNUSABLE) -> None:
    """Print one line to stderr and exit; the message names the file, the place and the fix."""
    sys.stderr.write(f"handcalc: {message}\n")
    raise typer.Exit(int(status))


def _console():
    from .render.terminal import console

    return console()


def _load(path: Path, notation: str | None = None):
    from .exercise import load
    from .network.notation import NOTATIONS
    from .yamlsafe import InputError

    if notation is not None and notation not in NOTATIONS:
        _fail(f"--notation should be one of {', '.join(NOTATIONS)}; found {notation!r}")
    try:
        return load(str(path), notation)
    except InputError as e:
        _fail(str(e))


@app.command()
def solve(
    problem: Path = typer.Argument(..., help="The problem file (YAML), e.g. "
                                   "exercises/exercise3.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print every value as JSON: "
                                 '{"handcalc": 1, "values": {...}}.'),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    notation: str | None = typer.Option(None, "--notation", help="Show the solution in another "
                                        "notation: za (z, a), ax (a, x) or uz (u, z)."),
    decimals: int | None = typer.Option(None, "--decimals", min=0, max=10,
                                        help="Decimal places for floats (default: the "
                                             "problem's)."),
    fmt: str = typer.Option("table", "--format", help="table (terminal) or md (Markdown with "
                            "LaTeX math, for GitHub, Jupyter, Qiita, Zenn)."),
    svg: Path | None = typer.Option(None, "--svg", help="Also draw the problem as SVG into "
                                    "this file (a network: layers, bias units, every weight "
                                    "labelled; a computation graph: forward values above "
                                    "the edges, gradients below)."),
    force: bool = typer.Option(False, "--force", help="Let --svg overwrite an existing file."),
) -> None:
    """Show the worked solution of a problem, step by step, with every number put in.

    Example:  handcalc solve exercises/exercise3.yaml --lang ja
    Example:  handcalc solve exercises/graph_apple_orange.yaml --svg apple_orange.svg
    """
    language = _lang(lang)
    if fmt not in ("table", "md"):
        _fail(f"--format should be table or md; found {fmt!r}")
    exercise = _load(problem, notation)
    for warning in getattr(exercise.problem, "warnings", ()):
        sys.stderr.write(f"handcalc: {warning}\n")
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
        _fail(f"--svg: {exercise.path or 'this problem'} has no drawing yet (graph problems do)")
    _write({path: exercise.diagram()}, force)
    sys.stderr.write(f"handcalc: wrote {path}\n")


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


@app.command()
def check(
    sheets: list[Path] = typer.Argument(..., help="Answer sheets (YAML), e.g. answers.yaml or "
                                        "answers/*.yaml."),
    as_json: bool = typer.Option(False, "--json", help='Print every verdict as JSON: '
                                 '{"handcalc": 1, "sheets": [...]}.'),
    as_csv: bool = typer.Option(False, "--csv", help="Print a spreadsheet of scores (CSV): one "
                                "row per sheet, one column per step."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    hint: bool = typer.Option(False, "--hint", help="Show only where the first error is and "
                              "which formula to look at, without the expected values."),
    problem: Path | None = typer.Option(None, "--problem", help="The teacher's problem: "
                                        "every sheet is graded against it, and a sheet naming "
                                        "or inlining another problem is flagged."),
    root: Path | None = typer.Option(None, "--root", help="The folder a sheet's problem: may "
                                     "name files in (default: the sheet's own folder)."),
    numbers: str = typer.Option("arithmetic", "--numbers", help="What an answer may be: "
                                "plain (one number or fraction), arithmetic (also + - * / ^ "
                                "and parentheses) or functions (also exp, log, ln, sqrt, e)."),
    klass: Path | None = typer.Option(None, "--class", help="A class's manifest (class.yaml from "
                                      "new --class): each sheet is graded against its "
                                      "student's variant, found by the sheet's id:, and the "
                                      "report is one across all the variants."),
    html: Path | None = typer.Option(None, "--html", help="Also write the class report as one "
                                     "self-contained HTML page: a heat map of students × steps "
                                     "and the commonest mistakes."),
    force: bool = typer.Option(False, "--force", help="Overwrite the --html file if it exists."),
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
            sys.stderr.write(f"handcalc: {r.error}\n")
        for warning in r.warnings:
            sys.stderr.write(f"handcalc: {warning}\n")
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


@app.command()
def template(
    problem: Path = typer.Argument(..., help="The problem file (YAML), e.g. "
                                   "exercises/exercise3.yaml."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the sheet to this file "
                                    "(its problem: path is made relative to it) instead of "
                                    "printing it."),
    force: bool = typer.Option(False, "--force", help="Let --out overwrite an existing file."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
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
    sys.stderr.write(f"handcalc: wrote {out}\n")


@app.command()
def sheet(
    problems: list[Path] = typer.Argument(..., help="Problem files (YAML), bundled or your own, "
                                          "e.g. exercises/exercise3.yaml."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write one PDF: each problem's "
                                    "worksheet from a new page (name and ID on top, the "
                                    "drawing without answers, a labelled box per number)."),
    md: Path | None = typer.Option(None, "--md", help="Write the worksheet as Markdown with "
                                   "its drawing into this directory (a folder per problem "
                                   "when there are several)."),
    key: bool = typer.Option(False, "--key", help="The answer key (the worked solution) "
                             "instead of the worksheet."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files."),
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
        for path in [pdf] * (pdf is not None) + [md / n for n in md_files]:
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
        sys.stderr.write(f"handcalc: wrote {pdf.as_posix()}\n")
    if md is not None:
        _write_new(md, md_files, force)
        sys.stderr.write(f"handcalc: wrote {', '.join((md / n).as_posix() for n in md_files)}\n")


@app.command()
def new(
    arch: str | None = typer.Option(None, "--arch", help="Units per layer, input first, "
                                    "like 2-3-2 (default by level: easy 2-2-1, medium 2-2-2, "
                                    "hard 2-3-2)."),
    hidden: str | None = typer.Option(None, "--hidden", help="Hidden activation: relu, "
                                      "sigmoid, tanh or identity."),
    output: str | None = typer.Option(None, "--output", help="Output activation: identity, "
                                      "sigmoid or softmax."),
    loss: str | None = typer.Option(None, "--loss", help="squared_error, cross_entropy or "
                                    "binary_cross_entropy (default: the one that fits "
                                    "--output)."),
    batch: int | None = typer.Option(None, "--batch", help="Samples in the mini-batch (1–4)."),
    reduction: str | None = typer.Option(None, "--reduction", help="mean or sum over the "
                                         "samples."),
    level: str | None = typer.Option(None, "--level", help="easy (identity/ReLU, squared "
                                     "error, every number exact), medium (sigmoid, tanh, "
                                     "softmax, a value table) or hard (mini-batches)."),
    notation: str | None = typer.Option(None, "--notation", help="za (z, a), ax (a, x) or "
                                        "uz (u, z)."),
    layout: str | None = typer.Option(None, "--layout", help="column (W·a, w_ji) or row "
                                      "(a·W, w_ij); default: the notation's."),
    preset: str | None = typer.Option(None, "--preset", help="A seed's exercise style: "
                                      "logistic, regression or exercise3."),
    kind: str = typer.Option("network", "--kind", help="network, graph (a scalar "
                             "computation graph) or formula (derive a gradient as a formula)."),
    seed: int | None = typer.Option(None, "--seed", help="Makes the problem reproducible "
                                    "(default: a random seed, printed in the title)."),
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP),
    count: int = typer.Option(1, "--count", help="Write N distinct problems, DIR/01 … DIR/N "
                              "(one per student)."),
    roster: Path | None = typer.Option(None, "--class", help="A class roster (CSV with the "
                                       "columns id,name): a distinct variant per student in "
                                       "DIR/<id>/, their sheets pre-filled with id and name, "
                                       "and DIR/class.yaml binding each id to its problem."),
    out: Path = typer.Option(Path("."), "--out", "-o", help="The directory to write into."),
    worksheet: str | None = typer.Option(None, "--worksheet", help="md: also write "
                                         "worksheet.md, solution.md and the diagram (SVG)."),
    moodle: bool = typer.Option(False, "--moodle", help="Also write moodle.xml, a quiz to "
                                "import into Moodle."),
    choices: bool = typer.Option(False, "--choices", help="With --moodle: also a multiple-"
                                 "choice question per quantity (E資格 style), the wrong options "
                                 "the values of named mistakes, each one's feedback naming it."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write worksheet.pdf per problem (name "
                             "and ID on top, a box per number), key.pdf (the answer keys) and, "
                             "for several problems, class.pdf (every worksheet, to print)."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files (never without)."),
    stats: bool = typer.Option(False, "--stats", help="Instead of writing a problem, report "
                               "generation over 1,000 seeds per level (rules met, time)."),
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
    given = [f"--{k}" for k, v in {**options, "level": level}.items()
             if v is not None and k not in rules.new_options]
    if given:
        takes = ", ".join(f"--{k}" for k in rules.new_options)
        _fail(f"{given[0]} is for networks; --kind {kind} takes {takes}")
    if stats and not rules.new_stats:
        _fail(f"--stats reports the network generator; leave out --kind {kind}")
    if moodle and not rules.new_moodle:
        _fail(f"--moodle asks for numbers; {kind} problems are graded with handcalc check")
    if stats:
        _new_stats(level, options, language)
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
        category = f"$course$/handcalc/{out.resolve().name or 'class'}"
    files = bundle.fill(variants, language, worksheet == "md", moodle, students,
                        category=category, choices=choices)
    if students:
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
        sys.stderr.write(f"handcalc: kept {(out / name).as_posix()}: it holds answers "
                         "(nothing overwrites a filled-in sheet)\n")
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

    kept = []
    for name in [n for n in files if n == "answers.yaml" or n.endswith("/answers.yaml")]:
        path = out / name
        if path.is_symlink() or path.exists():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            if text is None or holds_answers(text):
                del files[name]
                kept.append(name)
    return kept


def _write_new(out: Path, files: dict, force: bool) -> None:
    """Write every file, or none: nothing overwritten without --force, never via a link."""
    _write(dict(files), force, base=out)


def _new_stats(level: str | None, options: dict, language: str) -> None:
    """`new --stats`: generate 1,000 problems per level (or the one --level) and report."""
    import time

    from .network.generator import LEVELS_FOR_STATS, stats
    from .network.spec import GeneratorError, resolve
    from .render.stats import report

    levels = (level,) if level else LEVELS_FOR_STATS
    results = []
    try:
        for name in levels:
            results.append(stats(name, 1000, spec=resolve(level=name, lang=language, **options),
                                 clock=time.perf_counter))
    except GeneratorError as e:
        _fail(str(e))
    _console().print(report(results, language))


def main() -> None:
    """Entry point of the ``handcalc`` script."""
    app()


if __name__ == "__main__":  # python -m handcalc.cli
    main()

"""The command line: parse, call the core, render, exit with a named status.  Nothing else.

Only this module knows typer.  Heavy imports (rich, yaml, the engine) happen inside the
commands, so ``handcalc --help`` and each command start about as fast as their imports allow.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer


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

@app.callback()
def _root() -> None:
    """Hand-calculation exercises on backpropagation: solve, check, template, new."""


LANG_HELP = "Language of the output: ja or en (default: from the locale, LANG)."


def _lang(lang: Optional[str]) -> str:
    from .i18n import LANGS, default_lang

    if lang is None:
        return default_lang()
    if lang not in LANGS:
        _fail(f"--lang should be ja or en; found {lang!r}")
    return lang


def _fail(message: str, status: ExitStatus = ExitStatus.UNUSABLE) -> None:
    """Print one line to stderr and exit; the message names the file, the place and the fix."""
    sys.stderr.write(f"handcalc: {message}\n")
    raise typer.Exit(int(status))


def _console():
    from rich.console import Console

    from .render.terminal import THEME

    return Console(theme=THEME, highlight=False, soft_wrap=False)


def _load(path: Path, notation: Optional[str] = None):
    from .exercise import load
    from .notation import NOTATIONS
    from .yamlsafe import InputError

    if notation is not None and notation not in NOTATIONS:
        _fail(f"--notation should be one of {', '.join(NOTATIONS)}; found {notation!r}")
    try:
        return load(str(path), notation)
    except InputError as e:
        _fail(str(e))


@app.command()
def solve(
    problem: Path = typer.Argument(..., help="The problem file (YAML), e.g. exercises/exercise3.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print every value as JSON: "
                                 '{"handcalc": 1, "values": {...}}.'),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    notation: Optional[str] = typer.Option(None, "--notation", help="Show the solution in another "
                                           "notation: za (z, a), ax (a, x) or uz (u, z)."),
    decimals: Optional[int] = typer.Option(None, "--decimals", min=0, max=10,
                                           help="Decimal places for floats (default: the problem's)."),
    fmt: str = typer.Option("table", "--format", help="table (terminal) or md (Markdown with "
                            "LaTeX math, for GitHub, Jupyter, Qiita, Zenn)."),
    svg: Optional[Path] = typer.Option(None, "--svg", help="Also draw the problem as SVG into "
                                       "this file (a computation graph: forward values above "
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
        from .render.jsonout import solution

        sys.stdout.write(json.dumps(solution(exercise), ensure_ascii=False) + "\n")
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
    if path.exists() and not force:
        _fail(f"{path} already exists; use --force to overwrite it")
    try:
        path.write_text(exercise.diagram(), encoding="utf-8")
    except OSError as e:
        _fail(f"{path}: cannot be written ({e.strerror})")
    sys.stderr.write(f"handcalc: wrote {path}\n")


@app.command()
def check(
    sheets: List[Path] = typer.Argument(..., help="Answer sheets (YAML), e.g. answers.yaml or "
                                        "answers/*.yaml."),
    as_json: bool = typer.Option(False, "--json", help='Print every verdict as JSON: '
                                 '{"handcalc": 1, "sheets": [...]}.'),
    as_csv: bool = typer.Option(False, "--csv", help="Print a spreadsheet of scores (CSV): one "
                                "row per sheet, one column per step."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
    hint: bool = typer.Option(False, "--hint", help="Show only where the first error is and "
                              "which formula to look at, without the expected values."),
) -> None:
    """Grade answer sheets step by step: ✓ right, ↪ carried (follow-through), named mistakes.

    One sheet: every element in working order, the first error with its formula and your
    numbers put in, and the score. Many sheets: one line per sheet and a class summary.
    Exit status 0: all right; 1: something is wrong; 2: a sheet could not be used.

    Example:  handcalc check answers.yaml --lang en
    Example:  handcalc check answers/*.yaml --csv > scores.csv
    """
    language = _lang(lang)
    if as_json and as_csv:
        _fail("--json and --csv are two different outputs; choose one")
    from .check import check_files, exit_status

    results = check_files([str(p) for p in sheets])
    for r in results:
        if r.error is not None:
            sys.stderr.write(f"handcalc: {r.error}\n")
    if as_json:
        from .render.report import report_json

        sys.stdout.write(json.dumps(report_json(results, language), ensure_ascii=False) + "\n")
    elif as_csv:
        from .render.report import report_csv

        sys.stdout.write(report_csv(results))
    elif len(results) == 1 and results[0].error is None:
        from .render.report import hint_report, sheet_report

        _console().print((hint_report if hint else sheet_report)(results[0], language))
    elif len(results) > 1:
        from .render.report import class_report, hint_report

        console = _console()
        if hint:
            for r in results:
                console.print(f"[hc.title]{r.file}[/]")
                console.print(hint_report(r, language))
        else:
            console.print(class_report(results, language))
    raise typer.Exit(exit_status(results))


@app.command()
def template(
    problem: Path = typer.Argument(..., help="The problem file (YAML), e.g. "
                                   "exercises/exercise3.yaml."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the sheet to this file "
                                       "(its problem: path is made relative to it) instead of "
                                       "printing it."),
    force: bool = typer.Option(False, "--force", help="Let --out overwrite an existing file."),
    lang: Optional[str] = typer.Option(None, "--lang", help=LANG_HELP),
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
    if out.exists() and not force:
        _fail(f"{out} already exists; use --force to overwrite it")
    ref = os.path.relpath(os.path.abspath(problem), os.path.abspath(out.parent or Path(".")))
    try:
        out.write_text(blank_sheet(exercise, language, Path(ref).as_posix()), encoding="utf-8")
    except OSError as e:
        _fail(f"{out}: cannot be written ({e.strerror})")
    sys.stderr.write(f"handcalc: wrote {out}\n")


def main() -> None:
    """Entry point of the ``handcalc`` script."""
    app()


if __name__ == "__main__":  # python -m handcalc.cli
    main()

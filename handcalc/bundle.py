"""What ``handcalc new`` writes, as texts keyed by their paths — no input or output here.

Per problem: ``problem.yaml`` (format 1, its first comment line the command that rebuilds it),
``answers.yaml`` (the blank sheet, as ``handcalc template`` makes it), and with a worksheet
``worksheet.md``, ``solution.md`` and the diagram (``network.svg``, or ``graph.svg``).  With
``--count N`` each problem has its folder (``01/``, ``02/`` …); ``moodle.xml`` holds them all.

The exercise every file is made from is read back from ``problem.yaml``'s own text, so the files
describe exactly the problem on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import kinds

if TYPE_CHECKING:
    from pathlib import Path

    from .exercise import Exercise
    from .roster import Student


@dataclass
class Variant:
    """One generated problem: its seed, its folder ('' or '01' …), its exercise and files."""

    seed: int
    folder: str
    exercise: Any
    problem_text: str
    files: dict[str, str] = field(default_factory=dict)  # file name → text, in writing order

    def path(self, name: str) -> str:
        """A file's path relative to the output directory."""
        return f"{self.folder}/{name}" if self.folder else name


def _folder(n: int, count: int) -> str:
    return "" if count == 1 else f"{n:0{max(2, len(str(count)))}d}"


def variants(kind: str, seed: int, count: int, level: str | None = None, lang: str = "en",
             options: dict[str, Any] | None = None,
             folders: list[str] | None = None) -> list[Variant]:
    """``count`` distinct problems of a kind from ``seed`` (its generator: kinds.Kind.generate);
    ``folders`` names their folders (a class's ids), else 01, 02 …  Each exercise is read
    back from the problem's own text, so the files describe exactly the problem on disk."""
    from .exercise import loads

    out = []
    made = kinds.get(kind).generate(seed, count, level, lang, options or {})
    for n, (s, text) in enumerate(made, start=1):
        exercise = loads(text, "problem.yaml")
        folder = folders[n - 1] if folders else _folder(n, count)
        out.append(Variant(s, folder, exercise, text))
    return out


def fill(variants: list[Variant], lang: str, worksheet: bool, moodle: bool,
         students: list[Student] | None = None, category: str | None = None,
         choices: bool = False) -> dict[str, str]:
    """Every file's text, keyed by its path relative to the output directory, in order;
    with ``students`` (a roster, one per variant) each sheet carries its student's id and name."""
    from .template import blank_sheet

    files: dict[str, str] = {}
    for i, v in enumerate(variants):
        v.files["problem.yaml"] = v.problem_text
        who = (students[i].id, students[i].name) if students else None
        v.files["answers.yaml"] = blank_sheet(v.exercise, lang, "problem.yaml", student=who)
        if worksheet:
            from .render.markdown import solution
            from .render.worksheet import worksheet as sheet

            picture = kinds.of(v.exercise).picture
            has_picture = v.exercise.blank is not None and picture is not None
            v.files["worksheet.md"] = sheet(v.exercise, lang, picture if has_picture else None)
            v.files["solution.md"] = solution(v.exercise, lang)
            if has_picture:  # the question's drawing: no value or gradient on it
                assert picture is not None and v.exercise.blank is not None
                v.files[picture] = v.exercise.blank(lang)
        files.update({v.path(name): text for name, text in v.files.items()})
    if moodle:
        from .render.moodle import CATEGORY, quiz

        files["moodle.xml"] = quiz([v.exercise for v in variants], lang,
                                   category or CATEGORY, choices)
    return files


def manifest(variants: list[Variant], students: list[Student], roster: str) -> str:
    """``class.yaml``: each student's id and name bound to their variant — its seed, its problem
    file and that problem's digest (``exercise.digest``: the content, not how it is written)."""
    from .exercise import digest
    from .yamlsafe import quoted

    rebuild = next((line[2:] for line in variants[0].problem_text.splitlines()
                    if line.startswith("# handcalc new")), "") if variants else ""
    lines = ["# handcalc class manifest: which problem each student was given (handcalc new "
             "--class).", "# Each problem's digest is the SHA-256 of its content; a changed "
             "number changes it.", "handcalc: 1", f"roster: {quoted(roster)}"]
    if rebuild:  # the first variant's command with the roster: rebuilds the whole class
        rebuild = rebuild.replace("handcalc new", f"handcalc new --class {roster}", 1)
        lines.append(f"command: {quoted(rebuild)}")
    lines.append(f"kind: {variants[0].exercise.kind if variants else kinds.DEFAULT}")
    lines.append("students:")
    for v, s in zip(variants, students):
        lines += [f"  - id: {quoted(s.id)}", f"    name: {quoted(s.name)}", f"    seed: {v.seed}",
                  f"    problem: {quoted(v.path('problem.yaml'))}",
                  f"    digest: {quoted(digest(v.exercise))}"]
    return "\n".join(lines) + "\n"


def pdfs(variants: list[Variant], lang: str,
         students: list[Student] | None = None) -> dict[str, bytes]:
    """The printed files (``render.typst``, needs the pdf extra): each problem's
    ``worksheet.pdf`` (its student's name and id on top, for a class), and, for several
    problems, ``class.pdf`` with every worksheet in order, ready to print; ``key.pdf`` holds the
    answer keys, each headed with its student."""
    from .render import typst as paper

    compiler = paper.Compiler()
    sheets, keys = [], []
    files: dict[str, bytes] = {}
    for i, v in enumerate(variants):
        who = paper.Student(students[i].id, students[i].name) if students else paper.Student()
        page = paper.worksheet(v.exercise, lang, who)
        sheets.append(page)
        keys.append(paper.key(v.exercise, lang, who))
        files[v.path("worksheet.pdf")] = compiler.pdf(paper.document([page], lang))
    if len(variants) > 1:
        files["class.pdf"] = compiler.pdf(paper.document(sheets, lang))
    files["key.pdf"] = compiler.pdf(paper.document(keys, lang))
    return files


def sheets_md(paths: list[Path], exercises: list[Exercise], lang: str,
              key: bool) -> dict[str, str]:
    """``handcalc sheet --md``: each problem's worksheet.md and the drawing it shows (or with
    ``key`` its solution.md), in a folder named after the problem's file when there are
    several (``exercise3/``, a second ``exercise3-2/``)."""
    from .render.markdown import solution
    from .render.worksheet import worksheet

    files: dict[str, str] = {}
    used: set[str] = set()
    for path, exercise in zip(paths, exercises):
        folder = ""
        if len(paths) > 1:
            folder, n = path.stem, 1
            while folder in used:
                n += 1
                folder = f"{path.stem}-{n}"
            used.add(folder)
            folder += "/"
        if key:
            files[folder + "solution.md"] = solution(exercise, lang)
            continue
        picture = kinds.of(exercise).picture
        has_picture = exercise.blank is not None and picture is not None
        files[folder + "worksheet.md"] = worksheet(exercise, lang,
                                                   picture if has_picture else None)
        if has_picture:
            assert picture is not None and exercise.blank is not None
            files[folder + picture] = exercise.blank(lang)
    return files

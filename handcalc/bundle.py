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
from typing import Any


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


def networks(spec, seed: int, count: int, folders: list[str] | None = None) -> list[Variant]:
    """``count`` distinct network problems from ``seed`` (seed, seed + 1, … skipping repeats);
    ``folders`` names their folders (a class's ids), else 01, 02 …"""
    from . import generator, problem_yaml
    from .exercise import network_exercise
    from .numbers import round_half_away
    from .valuetable import table

    out = []
    for n, g in enumerate(generator.generate_many(spec, seed, count), start=1):
        # the value table goes into problem.yaml, so solve, check and a reprinted worksheet
        # all use the one the learner was given
        d = g.problem.decimals
        entries = table(network_exercise(g.problem))
        g.problem.table = [(e.fn, e.arg, round_half_away(e.value, d)) for e in entries] or None
        text = problem_yaml.dump(g.problem, [spec.command(g.seed)])
        exercise = network_exercise(problem_yaml.loads(text, "problem.yaml"))
        folder = folders[n - 1] if folders else _folder(n, count)
        out.append(Variant(g.seed, folder, exercise, text))
    return out


def _graph_key(text: str) -> str:
    """A graph problem's text without its title and comments: what makes two the same."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(("#", "title:")))


def graphs(level: str, seed: int, count: int, lang: str,
           folders: list[str] | None = None) -> list[Variant]:
    """``count`` distinct computation-graph problems (``graph_generator``) from ``seed``;
    ``folders`` names their folders (a class's ids), else 01, 02 …"""
    from . import graph_generator
    from .exercise import from_node
    from .yamlsafe import parse

    out: list[Variant] = []
    seen: set[str] = set()
    s = seed
    while len(out) < count:
        g = graph_generator.generate(level=level, seed=s, lang=lang)
        s += 1
        key = _graph_key(g.yaml)
        if key in seen:
            continue
        seen.add(key)
        exercise = from_node(parse(g.yaml, "problem.yaml"), "problem.yaml")
        folder = folders[len(out)] if folders else _folder(len(out) + 1, count)
        out.append(Variant(g.seed, folder, exercise, g.yaml))
    return out


def formulas(seed: int, count: int) -> list[Variant]:
    """``count`` distinct formula problems (``derivation.generator``) from ``seed``."""
    from .derivation.generator import generate
    from .exercise import from_node
    from .yamlsafe import parse

    out: list[Variant] = []
    seen: set[str] = set()
    s = seed
    while len(out) < count and s < seed + 50 * count:
        text = generate(s)
        s += 1
        key = _graph_key(text)
        if key in seen:
            continue
        seen.add(key)
        exercise = from_node(parse(text, "problem.yaml"), "problem.yaml")
        out.append(Variant(s - 1, _folder(len(out) + 1, count), exercise, text))
    return out


def fill(variants: list[Variant], lang: str, worksheet: bool, moodle: bool,
         students: list | None = None, category: str | None = None,
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

            picture = "network.svg" if v.exercise.kind == "network" else "graph.svg"
            has_picture = v.exercise.blank is not None
            v.files["worksheet.md"] = sheet(v.exercise, lang, picture if has_picture else None)
            v.files["solution.md"] = solution(v.exercise, lang)
            if has_picture:  # the question's drawing: no value or gradient on it
                v.files[picture] = v.exercise.blank(lang)
        files.update({v.path(name): text for name, text in v.files.items()})
    if moodle:
        from .render.moodle import CATEGORY, quiz

        files["moodle.xml"] = quiz([v.exercise for v in variants], lang,
                                   category or CATEGORY, choices)
    return files


def manifest(variants: list[Variant], students: list, roster: str) -> str:
    """``class.yaml``: each student's id and name bound to their variant — its seed, its problem
    file and that problem's digest (``exercise.digest``: the content, not how it is written)."""
    from .exercise import digest
    from .problem_yaml import text

    rebuild = next((line[2:] for line in variants[0].problem_text.splitlines()
                    if line.startswith("# handcalc new")), "") if variants else ""
    lines = ["# handcalc class manifest: which problem each student was given (handcalc new "
             "--class).", "# Each problem's digest is the SHA-256 of its content; a changed "
             "number changes it.", "handcalc: 1", f"roster: {text(roster)}"]
    if rebuild:  # the first variant's command with the roster: rebuilds the whole class
        rebuild = rebuild.replace("handcalc new", f"handcalc new --class {roster}", 1)
        lines.append(f"command: {text(rebuild)}")
    lines.append(f"kind: {variants[0].exercise.kind if variants else 'network'}")
    lines.append("students:")
    for v, s in zip(variants, students):
        lines += [f"  - id: {text(s.id)}", f"    name: {text(s.name)}", f"    seed: {v.seed}",
                  f"    problem: {text(v.path('problem.yaml'))}",
                  f"    digest: {text(digest(v.exercise))}"]
    return "\n".join(lines) + "\n"


def pdfs(variants: list[Variant], lang: str, students: list | None = None) -> dict[str, bytes]:
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


def sheets_md(paths: list, exercises: list, lang: str, key: bool) -> dict[str, str]:
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
        picture = "network.svg" if exercise.kind == "network" else "graph.svg"
        has_picture = exercise.blank is not None
        files[folder + "worksheet.md"] = worksheet(exercise, lang,
                                                   picture if has_picture else None)
        if has_picture:
            files[folder + picture] = exercise.blank(lang)
    return files

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


def networks(spec, seed: int, count: int) -> list[Variant]:
    """``count`` distinct network problems from ``seed`` (seed, seed + 1, … skipping repeats)."""
    from . import generator, problem_yaml
    from .exercise import network_exercise

    out = []
    for n, g in enumerate(generator.generate_many(spec, seed, count), start=1):
        text = problem_yaml.dump(g.problem, [spec.command(g.seed)])
        exercise = network_exercise(problem_yaml.loads(text, "problem.yaml"))
        out.append(Variant(g.seed, _folder(n, count), exercise, text))
    return out


def _graph_key(text: str) -> str:
    """A graph problem's text without its title and comments: what makes two the same."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(("#", "title:")))


def graphs(level: str, seed: int, count: int, lang: str) -> list[Variant]:
    """``count`` distinct computation-graph problems (``graph_generator``) from ``seed``."""
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
        out.append(Variant(g.seed, _folder(len(out) + 1, count), exercise, g.yaml))
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


def fill(variants: list[Variant], lang: str, worksheet: bool, moodle: bool) -> dict[str, str]:
    """Every file's text, keyed by its path relative to the output directory, in order."""
    from .template import blank_sheet

    files: dict[str, str] = {}
    for v in variants:
        v.files["problem.yaml"] = v.problem_text
        v.files["answers.yaml"] = blank_sheet(v.exercise, lang, "problem.yaml")
        if worksheet:
            from .render.markdown import solution
            from .render.worksheet import worksheet as sheet

            picture = "network.svg" if v.exercise.kind == "network" else "graph.svg"
            has_picture = v.exercise.diagram is not None
            v.files["worksheet.md"] = sheet(v.exercise, lang, picture if has_picture else None)
            v.files["solution.md"] = solution(v.exercise, lang)
            if has_picture:
                v.files[picture] = v.exercise.diagram()
        files.update({v.path(name): text for name, text in v.files.items()})
    if moodle:
        from .render.moodle import quiz

        files["moodle.xml"] = quiz([v.exercise for v in variants], lang)
    return files

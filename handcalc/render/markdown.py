"""The worked solution as Markdown with LaTeX math ($…$ and $$…$$): renders on GitHub, in
Jupyter, Qiita and Zenn."""

from __future__ import annotations

from .. import kinds
from ..exercise import PHASES, Exercise
from ..i18n import title as title_of
from ..i18n import tr
from . import views
from .lines import line


def solution(exercise: Exercise, lang: str, decimals: int | None = None) -> str:
    """The whole worked solution as a Markdown document."""
    own = views.of(exercise)
    if own is not None:  # a kind whose solution is not a table of numbers (formulas)
        return own.markdown(exercise, lang)
    decimals = exercise.decimals if decimals is None else decimals
    values = exercise.values()
    out: list[str] = []
    if title_of(exercise, lang):
        out += [f"# {title_of(exercise, lang)}", ""]
    for label, value in exercise.summary(lang):
        out.append(f"- **{label}**: {value}")
    out += [f"- {tr('summary.decimals', lang, d=decimals)}"]
    out += [f"- {note}" for note in exercise.notes(lang)]
    for phase in PHASES:
        steps = [s for s in exercise.graph.steps if s.phase == phase]
        if not steps:
            continue
        out += ["", f"## {tr(f'phase.{phase}', lang)}", ""]
        for step in steps:
            for idx, _ in exercise.elements_of(step):
                ln = line(exercise, step, idx, values, decimals, latex=True)
                chain = [ln.symbol, ln.formula, ln.numbers, ln.value]
                out.append("$$ " + " = ".join(part for part in chain if part) + " $$")
                out.append("")
    drawn = kinds.of(exercise).drawing(exercise, decimals, lang)
    if drawn is not None:  # a graph drawn, values above the edges, gradients below
        out += ["", f"## {drawn[0]}", "", "```text", drawn[1].rstrip(), "```"]
    return "\n".join(out).rstrip() + "\n"

"""The blank answer sheet of an exercise: every asked key in working order, each with a comment
giving its shape and meaning, in the chosen language.  It reads back as an all-blank sheet.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from . import kinds
from .answers import shape_of
from .i18n import title as title_of
from .i18n import tr

if TYPE_CHECKING:
    from .engine import Step
    from .exercise import Exercise

_PLAIN = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./\-]*")
_SPECIAL = {"null", "true", "false", "yes", "no", "on", "off", "~"}


def yaml_text(text: str) -> str:
    """A string as a YAML scalar: plain when that is safe, else double-quoted."""
    if _PLAIN.fullmatch(text) and ("." in text or "/" in text) and text.lower() not in _SPECIAL:
        return text
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def shape_words(exercise: Exercise, step: Step, lang: str) -> str:
    """'list of 3', '2×3 like W2', '2×3, one row per sample', 'one number'."""
    shape = shape_of(exercise.outward(step, exercise.values()[step.id]))
    if not shape:
        return tr("shape.number", lang)
    if len(shape) == 1:
        return tr("shape.vector", lang, n=shape[0])
    dims = tr("shape.matrix", lang, r=shape[0], c=shape[1])
    own = kinds.of(exercise).shape_words(exercise, step, lang, dims)
    return dims if own is None else own


def meaning(exercise: Exercise, step: Step, lang: str) -> str:
    """What the quantity is, in words, with its symbol: 'pre-activations of layer 1 (z⁽¹⁾)'."""
    symbol = exercise.symbols.name(step.id)[0]
    own = kinds.of(exercise).meaning(exercise, step, lang, symbol)
    return _given_formula(exercise, step, symbol) if own is None else own


def _given_formula(exercise: Exercise, step: Step, symbol: str) -> str:
    """For other kinds: the symbol, and a forward node's formula (the problem gives it)."""
    text = symbol if symbol != exercise.key_of(step.id) else ""
    if step.phase == "forward" and step.method.formula is not None:
        from .formula import Style, render

        try:
            shown = render(step.formula(()), Style(exercise.symbols))
        except Exception:  # noqa: BLE001 - a comment is not worth failing for
            return text
        text = f"{symbol} = {shown}"
    return text


def _phase(phase: str, lang: str) -> str:
    try:
        return tr(f"phase.{phase}", lang)
    except KeyError:
        return phase


def blank_sheet(exercise: Exercise, lang: str, problem_ref: str, problem_given: str | None = None,
                student: tuple[str, str] | None = None) -> str:
    """The blank answer sheet (YAML text) for ``exercise``, naming its problem as
    ``problem_ref`` (a path relative to where the sheet will be saved).  ``problem_given``:
    the problem's path as given on the command line, shown in the "check it with" line when
    the sheet names a problem outside its folder (which ``check`` reads only with --problem);
    ``student`` (id, name) fills in who it is for (a class's sheets)."""
    kind = kinds.of(exercise)
    own = kind.blank_sheet(exercise, lang, problem_ref, problem_given)
    if own is not None:  # a kind with its own sheet (formula exercises)
        return own
    title = _one_line(title_of(exercise, lang) or problem_ref)
    lines = [f"# {tr('template.title', lang, title=title)}"]
    loss = kind.loss_formula(exercise)
    if loss is not None:
        text = loss[0]
        colon = "：" if lang == "ja" else ": "
        lines.append(f"# {tr('new.loss_formula', lang)}{colon}{text}")
    lines += [f"# {row}" for row in tr("template.how", lang, d=exercise.decimals).splitlines()]
    this_file = "<このファイル>" if lang == "ja" else "<this file>"
    outside = problem_ref.startswith(("../", "/")) or problem_ref == ".."
    if outside and problem_given:
        this_file += f" --problem {_one_line(problem_given)}"
    lines.append(f"# {tr('template.check', lang, file=this_file)}")
    lines += ["handcalc: 1", f"problem: {yaml_text(problem_ref)}"]
    if student:
        lines += [f"id: {json.dumps(student[0], ensure_ascii=False)}",
                  f"name: {json.dumps(student[1], ensure_ascii=False)}"]
    else:
        lines.append("name: ~")
    lines.append("answers:")
    steps = exercise.graph.asked()
    width = max(len(exercise.key_of(s.id)) for s in steps) + 4 if steps else 0
    phase = None
    for step in steps:
        if step.phase != phase:
            phase = step.phase
            lines.append(f"  # {_phase(phase, lang)}")
        key = exercise.key_of(step.id)
        entry = f"{key}: ~".ljust(width)
        words = _one_line(meaning(exercise, step, lang))
        lines.append(f"  {entry}  # {shape_words(exercise, step, lang)}"
                     + (f" — {words}" if words else ""))
    return "\n".join(lines) + "\n"

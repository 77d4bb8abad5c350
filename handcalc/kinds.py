"""Kinds of exercise: the ``Kind`` protocol and the registry.

A kind is one package (``handcalc/network/``, ``handcalc/graph/``, ``handcalc/derivation/``)
holding its problem loader, steps, mistakes, generator and drawing, and one object, ``KIND``
in its ``kind`` module, that answers every question the shared code has about it.  The shared
modules (exercise, answers, template, mistakes, grader, render, bundle, cli) never ask "which
kind is this?": they call ``kinds.of(exercise).<hook>``.  The base class ``Kind`` gives each
hook its default (the shared behaviour), so a kind overrides only what differs.

Adding a kind: write its package and its ``kind.py`` with a ``Kind`` subclass, and name it in
``REGISTRY`` below.  The registry names modules rather than importing them, so that the core
stays below the kinds (import-linter's layers) and ``solve`` imports only the kind it loads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .answers import Answer
    from .engine import Step
    from .exercise import Exercise
    from .mistakes import Catalogue
    from .yamlsafe import Node

# kind name (the problem file's ``kind:``) → the module holding its KIND; the first is the
# default when a problem has no ``kind:`` key
REGISTRY: dict[str, str] = {
    "network": "handcalc.network.kind",
    "graph": "handcalc.graph.kind",
    "formula": "handcalc.derivation.kind",
}
NAMES: tuple[str, ...] = tuple(REGISTRY)
DEFAULT = NAMES[0]


class GivenRow(NamedTuple):
    """One given value as a worksheet states it: its name and its value, each as plain text
    (a terminal) and as LaTeX (Markdown, Moodle, paper)."""

    text: str
    tex: str
    value: str
    value_tex: str


class Given(NamedTuple):
    """What a worksheet states before it asks: a note on how the values are laid out ('' for
    none), the given values in order, and the formulas in the problem's notation (LaTeX)."""

    note: str
    rows: list[GivenRow]
    formulas: list[str]


class NewError(ValueError):
    """A generator's options or level that cannot be met: one line, with the choices."""


class RuleReport(NamedTuple):
    """One rule of a generator over many problems (``new --stats``)."""

    name: str
    met: int  # problems meeting it (every one should)
    rejected: int  # draws it rejected
    text: str  # what it asks, in one line


class LevelReport(NamedTuple):
    """How a generator did over many seeds of one level (``new --stats``, drawn by
    render/stats.py)."""

    level: str
    problems: int
    draws: int
    seconds: float  # generating them
    verify_seconds: float  # measuring every rule again on each problem
    rules: tuple[RuleReport, ...]

    @property
    def acceptance(self) -> float:
        """The share of draws kept: problems / draws (0 when nothing was drawn)."""
        return self.problems / self.draws if self.draws else 0.0


class Kind:
    """What the shared code needs to know about one kind of exercise; each hook's default is
    the shared behaviour, which a kind overrides where it differs."""

    name: str = ""
    # `new`: the options a kind's generator takes (the rest are refused with one line), whether
    # it reports --stats, writes a Moodle quiz, and what its worksheet says first
    new_options: tuple[str, ...] = ("level", "seed", "count")
    new_stats: bool = False
    new_moodle: bool = True
    intro: str = "new.intro"  # i18n key of the worksheet's first line
    picture: str | None = None  # file name of the drawing beside a worksheet
    picture_width: str = "100%"  # its width on a PDF worksheet
    diagram_in_key: bool = False  # the answer key (PDF) carries the drawing with its values
    views: str | None = None  # a module of handcalc.render with the kind's own views, by name
    # (render/views.py imports it: the core names no render module)
    # `solve --notation`: the notations a problem of this kind can be shown in (none: its own)
    notations: tuple[str, ...] = ()

    # --- loading ------------------------------------------------------------------------

    def load(self, root: Node | None, file: str | None, notation: str | None) -> Exercise:
        """The exercise of a parsed problem file of this kind; InputError names the place."""
        raise NotImplementedError

    def digest_parts(self, exercise: Exercise) -> list[Any]:
        """The problem's content (what is asked and every number), for ``digest``."""
        raise NotImplementedError

    def digest(self, exercise: Exercise) -> str | None:
        """The kind's own digest, or None for 'sha256:…' of the kind's name and
        ``digest_parts`` (exercise.digest)."""
        return None

    def warnings(self, exercise: Exercise) -> list[str]:
        """What ``solve`` says on stderr before the solution (an unused input …), one line
        each naming its place."""
        return []

    def notation_of(self, exercise: Exercise) -> str | None:
        """The notation the problem is written in ('za'), named in messages, or None."""
        return None

    def key_aliases(self, exercise: Exercise, table: dict[str, str]) -> dict[str, str]:
        """Other spellings an answer sheet may use for the keys of ``table`` (answer key →
        canonical id): alias → canonical id, accepted and never shown ('δ2' for 'delta2')."""
        return {}

    # --- shapes ---------------------------------------------------------------------------

    def per_sample(self, exercise: Exercise, step: Step) -> bool:
        """True for quantities with one row per sample ([sample][unit])."""
        return False

    def single_sample(self, exercise: Exercise) -> bool:
        """True when the problem has one sample, so per-sample values drop the sample index."""
        return False

    def expectation(self, exercise: Exercise, step: Step, key: str,
                    shape: tuple[int, ...]) -> str | None:
        """The kind's own words for a shape message ('dW2 should be 2×3 like W2 …'), or None
        for the plain 'KEY should be DIMS'."""
        return None

    def repair(self, exercise: Exercise, step: Step, form: str, data: Any,
               want: tuple[int, ...]) -> tuple[Callable[[Any], Any], str, str] | None:
        """A shape this kind reads back although it is not the asked one: (how to fold the
        read rows into the asked shape, the code marking it, what the note adds), or None."""
        return None

    def shape_words(self, exercise: Exercise, step: Step, lang: str, dims: str) -> str | None:
        """A blank sheet's words for a matrix's shape ('2×3 like W2'), or None for DIMS."""
        return None

    def meaning(self, exercise: Exercise, step: Step, lang: str, symbol: str) -> str | None:
        """What a quantity is, in words ('pre-activations of layer 1 (z⁽¹⁾)'), or None for the
        step's formula with its symbol."""
        return None

    # --- grading --------------------------------------------------------------------------

    def marker(self, exercise: Exercise) -> Any:
        """The kind's own object that grades sheets of this exercise, or None for
        ``grader.Marker``."""
        return None

    def read_answer(self, exercise: Exercise, step: Step, key: str, node: Node,
                    numbers: str) -> Answer | None:
        """The kind's own reading of one answered step, or None for ``answers.read_answer``."""
        return None

    def catalogue(self, exercise: Exercise) -> Catalogue:
        """The named mistakes that can explain a wrong number, simplest first (a
        ``mistakes.Catalogue``; ``Catalogue(())`` for a kind without any)."""
        raise NotImplementedError

    def letters(self, exercise: Exercise) -> dict[str, str]:
        """The letters a mistake's text is written with ({z} {a} {t} {L}), by notation."""
        return {}

    # --- sheets and views ------------------------------------------------------------------

    def blank_sheet(self, exercise: Exercise, lang: str, problem_ref: str,
                    problem_given: str | None) -> str | None:
        """The kind's own blank answer sheet, or None for the shared one."""
        return None

    def loss_formula(self, exercise: Exercise) -> tuple[str, str] | None:
        """The loss as a formula (text, LaTeX), stated on sheets and worksheets, or None."""
        return None

    def given(self, exercise: Exercise, lang: str) -> Given | None:
        """The given values and formulas a worksheet states (the shared renderers draw them),
        or None for a worksheet without that section (the drawing shows what is given)."""
        return None

    def value_table(self, exercise: Exercise) -> list[Any]:
        """The function values a learner is given (σ(0.25) = 0.5622 …), for the worksheet."""
        return []

    def saved_table(self, exercise: Exercise) -> list[tuple[str, Any, Any]] | None:
        """The value table saved with the problem file, [(function, argument, value)], which the
        grader accepts as exactly as good as the function itself; None when there is none."""
        return None

    def drawing(self, exercise: Exercise, decimals: int, lang: str) -> tuple[str, str] | None:
        """(title, plain text) of the problem drawn after a worked solution, or None."""
        return None

    def closing(self, exercise: Exercise, lang: str, decimals: int) -> str | None:
        """The worked solution's last line on a terminal, or None."""
        return None

    # --- new ------------------------------------------------------------------------------

    def generate(self, seed: int, count: int, level: str | None, lang: str,
                 options: dict[str, Any]) -> list[tuple[int, str]]:
        """``count`` distinct problems from ``seed``: (the seed of each, its YAML text)."""
        raise NotImplementedError

    def stats(self, level: str | None, count: int, options: dict[str, Any], lang: str,
              clock: Callable[[], float]) -> list[LevelReport]:
        """``new --stats`` (when ``new_stats``): ``count`` problems per level (or the one
        ``level``) generated, timed with ``clock`` and measured; NewError for options that
        cannot be met."""
        raise NotImplementedError


_LOADED: dict[str, Kind] = {}


def get(name: str) -> Kind:
    """The kind registered under ``name`` (its module imported on first use)."""
    kind = _LOADED.get(name)
    if kind is None:
        kind = _LOADED[name] = importlib.import_module(REGISTRY[name]).KIND
    return kind


def every() -> list[Kind]:
    """Every registered kind, in the registry's order (each module imported on first use)."""
    return [get(name) for name in NAMES]


def taking(has: Callable[[Kind], bool]) -> str:
    """The names of the kinds for which ``has`` holds, 'network' or 'network or graph', for a
    message saying which kinds an option is for."""
    names = [k.name for k in every() if has(k)]
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)


def of(exercise: Exercise) -> Kind:
    """The kind of an exercise."""
    return get(exercise.kind)

"""Named misconceptions: each one a way of computing a step wrongly, built from the same functions.

A ``Mistake`` turns a step's right method into the mistaken one with one piece swapped — the
activation derivative replaced by 1, the old weights read as the updated ones, the learning rate
read as 1, the result transposed … — so the grader can evaluate it like any step, from the true
inputs and from the learner's own, and say *which* misconception explains a wrong number.

``catalogue(exercise)`` gives the mistakes of an exercise's kind (``kinds.Kind.catalogue``):
``NETWORK`` in ``handcalc/network/mistakes.py``, ``CATALOGUE`` in ``handcalc/graph/mistakes.py``
and in ``handcalc/derivation/mistakes.py``, each written with this same type.

Writing a catalogue (for a new kind, or to add a network mistake)
-------------------------------------------------------------
A ``Mistake`` needs a stable snake_case ``code`` (reports and ``--json`` print ``mistake:<code>``;
teachers count them across a class, so never rename one), a short ``name`` and an ``explain``
text in ``{"en": …, "ja": …}``, the right ``formula`` as text, and a ``variant`` function::

    variant(exercise, step, method) -> Method | None

``method`` is one of ``step.methods()`` (the primary method or an equally right alternative);
return the mistaken Method, or None where the mistake does not apply to that step or method.
Build it with the helpers here, so that two mistakes compose into a pair:

- ``keywords(method, name=value)``  one keyword of a ``functools.partial`` compute swapped
  (``grad=ONE``: the activation derivative forgotten);
- ``swap_read(method, old, new)``   reads another value (``W2`` → ``W2_new``);
- ``map_input(method, read, f)``    one input transformed (``lr`` → 1);
- ``map_output(method, f)``         the result transformed (×2, transposed, negated);
- ``Method(reads, compute)``        a different computation altogether.

Texts may use ``{z}``, ``{a}``, ``{t}`` and ``{L}``: the report fills them with the letters of
the problem's notation (in ``ax`` the pre-activation is ``a`` and the activation ``x``).
A variant that gives the right value is harmless (a right number is judged right first).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from .engine import Method, Step

if TYPE_CHECKING:
    from .exercise import Exercise

Variant = Callable[[Any, Step, Method], "Method | None"]


class Mistake(NamedTuple):
    """One named misconception: its code, its words (en/ja), the right formula, its variant."""

    code: str  # stable snake_case id: `mistake:<code>` in reports and --json
    name: dict[str, str]  # short name for tables, {"en": …, "ja": …}
    explain: dict[str, str]  # what was done and why it is wrong, one or two sentences
    formula: str | dict[str, str]  # the right formula, as text (by language if it has words)
    variant: Variant  # (exercise, step, method) → the mistaken Method, or None

    def text(self, field: str, lang: str, letters: dict[str, str] | None = None) -> str:
        """``name`` or ``explain`` (or ``formula``) in ``lang``, notation letters filled in."""
        value = getattr(self, field)
        text = value if isinstance(value, str) else (value.get(lang) or value["en"])
        return text.format_map(_Letters(letters or {}))


class _Letters(dict[str, str]):
    """Fills {z} {a} {t} {L} from the notation; leaves any other {…} as written."""

    def __missing__(self, key: str) -> str:
        return DEFAULT_LETTERS.get(key, "{" + key + "}")


DEFAULT_LETTERS = {"z": "z", "a": "a", "t": "t", "L": "L"}


# --- building variants ------------------------------------------------------------------------


def func_of(method: Method) -> Callable[..., Any]:
    """The function under a method's compute (through functools.partial)."""
    c = method.compute
    return c.func if isinstance(c, partial) else c


def settings_of(method: Method) -> dict[str, Any]:
    """The keyword settings bound to a method's compute ({} when it is not a partial)."""
    c = method.compute
    return dict(c.keywords) if isinstance(c, partial) else {}


def keywords(method: Method, **over: Any) -> Method | None:
    """The method with some keyword settings swapped (None if its compute has no such setting)."""
    c = method.compute
    if not isinstance(c, partial):
        return None
    known = set(c.keywords) | {"grad"}
    if not set(over) <= known:
        return None
    return Method(method.reads, partial(c.func, *c.args, **{**c.keywords, **over}))


def swap_read(method: Method, old: str, new: str) -> Method | None:
    """The method reading ``new`` where it read ``old`` (None if it does not read ``old``)."""
    if old not in method.reads:
        return None
    return Method(tuple(new if r == old else r for r in method.reads), method.compute)


def map_input(method: Method, read: str, f: Callable[[Any], Any]) -> Method | None:
    """The method with one of its inputs transformed by ``f`` before use."""
    if read not in method.reads:
        return None
    at = method.reads.index(read)
    compute = method.compute

    def mapped(*args: Any) -> Any:
        values = list(args)
        values[at] = f(values[at])
        return compute(*values)

    return Method(method.reads, mapped)


def map_output(method: Method, f: Callable[[Any], Any]) -> Method:
    """The method with its result transformed by ``f``."""
    compute = method.compute
    return Method(method.reads, lambda *args: f(compute(*args)))


def scale_value(value: Any, k: Any) -> Any:
    """Every element of a number, vector or matrix times k."""
    if isinstance(value, list):
        return [scale_value(v, k) for v in value]
    return value * k


def transpose(value: Any) -> Any:
    """A matrix with rows and columns swapped."""
    return [list(col) for col in zip(*value)]


def catalogue(exercise: Exercise) -> tuple[Mistake, ...]:
    """The mistakes that can explain a wrong number in this kind of exercise, simplest first."""
    from . import kinds

    return tuple(kinds.of(exercise).catalogue(exercise))


def find(exercise: Exercise, code: str) -> Mistake | None:
    """The mistake with this code in the exercise's catalogue."""
    from . import kinds

    return kinds.of(exercise).find(exercise, code)


def compose(first: Mistake, second: Mistake, exercise: Exercise, step: Step,
            method: Method) -> Method | None:
    """Both mistakes made in one step (either order of applying them), or None."""
    for a, b in ((first, second), (second, first)):
        inner = a.variant(exercise, step, method)
        if inner is not None:
            outer = b.variant(exercise, step, inner)
            if outer is not None:
                return outer
    return None


def letters(exercise: Exercise) -> dict[str, str]:
    """The notation's letters for {z} {a} {t} {L} in mistake texts."""
    from . import kinds

    return kinds.of(exercise).letters(exercise)


_CANNOT = (ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError)


def outcomes(exercise: Exercise, step: Step, values: dict[str, Any] | None = None,
             pairs: bool = False) -> list[tuple[tuple[Mistake, ...], Any]]:
    """What the catalogue's mistakes give for a whole step when everything before it is right:
    ((mistake,), value) for every mistake that applies (its first applicable method), in
    catalogue order; with ``pairs``, then ((first, second), value) for two made together
    (``compose``).  A variant that cannot be evaluated on these numbers is left out."""
    from .engine import run

    values = exercise.values() if values is None else values
    out: list[tuple[tuple[Mistake, ...], Any]] = []
    applies: list[Mistake] = []
    for mistake in catalogue(exercise):
        for method in step.methods():
            try:
                vm = mistake.variant(exercise, step, method)
                if vm is None:
                    continue
                out.append(((mistake,), run(vm, values)))
                applies.append(mistake)
            except _CANNOT:
                continue
            break
    if pairs:
        for i, first in enumerate(applies):
            for second in applies[i + 1:]:
                try:
                    vm = compose(first, second, exercise, step, step.method)
                    if vm is not None:
                        out.append(((first, second), run(vm, values)))
                except _CANNOT:
                    continue
    return out

"""Named misconceptions: each one a way of computing a step wrongly, built from the same functions.

A ``Mistake`` turns a step's right method into the mistaken one with one piece swapped — the
activation derivative replaced by 1, the old weights read as the updated ones, the learning rate
read as 1, the result transposed … — so the grader can evaluate it like any step, from the true
inputs and from the learner's own, and say *which* misconception explains a wrong number.

A kind's mistakes form one ``Catalogue`` (``kinds.Kind.catalogue``; ``catalogue(exercise)``
here): ``NETWORK`` in ``handcalc/network/mistakes.py``, ``CATALOGUE`` in
``handcalc/graph/mistakes.py`` and in ``handcalc/derivation/mistakes.py``.  It checks its records
when it is built, finds one by its code, and gives the mistaken methods of a step in the order
they are tried (simplest first), singles and pairs — what the grader and ``new --moodle``'s
choices ask of it.

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

Where one mistake can be made in several ways (a graph's fan-out: which edge was kept), the
record's ``also`` holds the other variants, tried after ``variant``.  Then list the records in a
``Catalogue``, simplest first; it refuses a repeated code, a code not in snake_case, and a record
without its words in English and Japanese or without its formula.

Texts may use ``{z}``, ``{a}``, ``{t}`` and ``{L}``: the report fills them with the letters of
the problem's notation (in ``ax`` the pre-activation is ``a`` and the activation ``x``).
A variant that gives the right value is harmless (a right number is judged right first).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    also: tuple[Variant, ...] = ()  # other ways of making the same mistake, tried after it

    @property
    def ways(self) -> tuple[Mistake, ...]:
        """The record once per way of making the mistake (``variant``, then each of ``also``),
        each with that one variant."""
        if not self.also:
            return (self,)
        return tuple(self._replace(variant=v, also=()) for v in (self.variant, *self.also))

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

_CANNOT = (ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError)
_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


class Catalogue:
    """A kind's named mistakes, in the order a wrong number is tried (simplest first): checked
    when built, immutable, found by code.

    Iterating gives the records (one per code); ``tried`` gives them once per way of making
    each (``Mistake.ways``), the order the grader tries them in."""

    __slots__ = ("_records", "_by_code", "tried")
    _records: tuple[Mistake, ...]
    _by_code: dict[str, Mistake]
    tried: tuple[Mistake, ...]  # each record once per way of making it, in the order tried

    def __init__(self, records: Iterable[Mistake]) -> None:
        records = tuple(records)
        by_code: dict[str, Mistake] = {}
        for m in records:
            _check(m)
            if m.code in by_code:
                raise ValueError(f"mistake {m.code!r} is in the catalogue twice (one record "
                                 "per code; more ways of making it go in its 'also')")
            by_code[m.code] = m
        setter = object.__setattr__
        setter(self, "_records", records)
        setter(self, "_by_code", by_code)
        setter(self, "tried", tuple(w for m in records for w in m.ways))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Catalogue cannot be changed")

    def __iter__(self) -> Iterator[Mistake]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"Catalogue({', '.join(self.codes)})"

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in catalogue order."""
        return tuple(self._by_code)

    def find(self, code: str) -> Mistake | None:
        """The mistake with this code, or None."""
        return self._by_code.get(code)

    def variants(self, exercise: Exercise, step: Step,
                 methods: Sequence[Method]) -> list[tuple[Mistake, Method]]:
        """(way, mistaken method) for every way of every mistake that applies to one of these
        right methods of the step, mistake by mistake in the order tried, then method by
        method; a variant that cannot be built on these numbers is left out."""
        out = []
        for way in self.tried:
            for method in methods:
                try:
                    vm = way.variant(exercise, step, method)
                except _CANNOT:
                    continue
                if vm is not None:
                    out.append((way, vm))
        return out

    def pairs(self, exercise: Exercise, step: Step, methods: Sequence[Method],
              made: Sequence[Mistake]) -> list[tuple[tuple[Mistake, Mistake], Method]]:
        """((first, second), mistaken method) for two of the ways ``made`` (in their order,
        each pair once) made together in one of these methods (``compose``)."""
        out = []
        for i, first in enumerate(made):
            for second in made[i + 1:]:
                for method in methods:
                    try:
                        vm = compose(first, second, exercise, step, method)
                    except _CANNOT:
                        continue
                    if vm is not None:
                        out.append(((first, second), vm))
        return out


def _check(m: Mistake) -> None:
    """A record a catalogue accepts: a snake_case code, its name and explanation in English
    and Japanese, its formula; ValueError naming the code otherwise."""
    if not isinstance(m.code, str) or not _CODE.fullmatch(m.code):
        raise ValueError(f"mistake code {m.code!r} is not snake_case (a-z, 0-9, _)")
    for field in ("name", "explain"):
        words = getattr(m, field)
        if not isinstance(words, dict) or not all(
                isinstance(words.get(lang), str) and words[lang].strip() for lang in ("en", "ja")):
            raise ValueError(f"mistake {m.code!r}: its {field} needs both 'en' and 'ja' texts")
    formula = m.formula if isinstance(m.formula, str) else m.formula.get("en")
    if not isinstance(formula, str) or not formula.strip():
        raise ValueError(f"mistake {m.code!r} has no formula (the right one, as text)")


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


def catalogue(exercise: Exercise) -> Catalogue:
    """The mistakes that can explain a wrong number in this kind of exercise, simplest first."""
    from . import kinds

    return kinds.of(exercise).catalogue(exercise)


def find(exercise: Exercise, code: str) -> Mistake | None:
    """The mistake with this code in the exercise's catalogue."""
    return catalogue(exercise).find(code)


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


def outcomes(exercise: Exercise, step: Step, values: dict[str, Any] | None = None,
             pairs: bool = False) -> list[tuple[tuple[Mistake, ...], Any]]:
    """What the catalogue's mistakes give for a whole step when everything before it is right:
    ((mistake,), value) for every mistake that applies (its first applicable method), in
    catalogue order; with ``pairs``, then ((first, second), value) for two made together
    (``compose``).  A variant that cannot be evaluated on these numbers is left out."""
    from .engine import run

    values = exercise.values() if values is None else values
    known = catalogue(exercise)
    out: list[tuple[tuple[Mistake, ...], Any]] = []
    applies: list[Mistake] = []
    for way, vm in known.variants(exercise, step, step.methods()):
        if applies and applies[-1] is way:
            continue  # its first method that runs gave its value
        try:
            out.append(((way,), run(vm, values)))
        except _CANNOT:
            continue
        applies.append(way)
    if pairs:
        for made, vm in known.pairs(exercise, step, (step.method,), applies):
            try:
                out.append((made, run(vm, values)))
            except _CANNOT:
                continue
    return out

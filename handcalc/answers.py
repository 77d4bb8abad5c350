"""Answer sheets (format 1 of design.md): read a learner's numbers, untrusted, element by element.

A sheet names its problem (a path relative to the sheet, or the problem inlined) and gives
``answers:`` keyed in the problem's notation (``keys: canonical`` for canonical ids).  Every
element is read on its own: a number (decimal, fraction, simple arithmetic, full-width digits, a
comma decimal mark), a blank (absent or ``~``), or unreadable with the reason.  Shapes are checked
with precise messages; where the intent is clear the numbers are still graded — a transposed
matrix is read back in place and marked ``transposed``, a bias gradient written per sample is
added up and marked ``bias_not_summed``.

Problems that sheets name are loaded once per file (``Problems``), so a class of sheets answering
one problem computes its truth once; they are read through the ``Files`` the caller gives (the
edge's files.Disk), never opened here.  Sheet-level problems raise ``InputError`` (file, line,
column, what to do); everything else is a warning on the sheet or a verdict of an element.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from . import kinds
from .engine import Step, elements
from .expr import NumberError, parse_number
from .loader import Reader, hint
from .numbers import Number
from .yamlsafe import InputError, Node

if TYPE_CHECKING:
    from collections.abc import Callable

    from .exercise import Exercise

FORMAT = 1
MAX_SHEET_BYTES = 256 * 1024  # a sheet is a few hundred numbers
MAX_SHEET_DEPTH = 10  # sheet → problem → layers → layer → W → row → number, with room
MAX_SHEET_NODES = 20_000
TOP_KEYS = ("handcalc", "problem", "keys", "id", "name", "answers")
KEY_MODES = ("notation", "canonical")

Index = tuple[int, ...]


class Entry(NamedTuple):
    """One element as the learner wrote it: a number, a blank, or unreadable (with why)."""

    text: str | None = None  # as written; None for a blank
    value: Number | str | None = None  # a formula kind keeps the text as its value
    reason: str | None = None  # why it could not be read
    approx: float | None = None  # the value as a float (inf when too large for one)

    @property
    def status(self) -> str:
        """'number', 'blank' or 'unreadable'."""
        if self.value is not None:
            return "number"
        return "unreadable" if self.reason is not None else "blank"


class Answer:
    """One step as answered: its elements by engine index, and any shape note."""

    __slots__ = ("step", "key", "entries", "line", "reshaped", "note")

    def __init__(self, step: str, key: str, entries: dict[Index, Entry], line: int | None = None,
                 reshaped: str | None = None, note: str | None = None):
        self.step = step  # canonical id
        self.key = key  # the key as written
        self.entries = entries
        self.line = line
        self.reshaped = reshaped  # mistake code when the numbers were read back in place
        self.note = note  # what was wrong with the shape


class Sheet:
    """A learner's sheet: the exercise it answers and the answers, step by step."""

    def __init__(self, file: str, exercise: Any, name: str = "",
                 problem_file: str | None = None):
        self.file = file
        self.exercise = exercise
        self.answers: dict[str, Answer] = {}
        self.warnings: list[str] = []  # parts not used: unknown keys …
        self.notes: list[str] = []  # shapes: repaired, or unreadable
        self.name = name
        self.problem_file = problem_file  # the file graded against (the sheet itself if inlined)
        self.flags: list[str] = []  # stable codes: different_problem, inlined_problem
        self.student_id = ""  # the roster's id (``id:``), on a class's sheets


# --- the problems sheets name -----------------------------------------------------------------


class Files(Protocol):
    """What ``Problems`` needs of a file system (files.Disk is the real one): the core opens
    nothing itself."""

    def real(self, path: str) -> str:
        """The absolute path, every symbolic link and '..' resolved."""
        ...

    def exists(self, path: str) -> bool:
        """Whether anything is at ``path`` (a broken symbolic link too)."""
        ...

    def read(self, path: str, limit: int) -> str:
        """The text of the regular file at ``path`` (at most ``limit`` bytes); InputError with
        one line when it cannot be read."""
        ...

    def foreign(self, path: str) -> bool:
        """True for a regular file that is not a handcalc file (no top-level 'handcalc:'), so
        none of its words may be quoted."""
        ...


class NoFiles:
    """No file system (a sheet given as text in code): a sheet's problem must be inlined."""

    def real(self, path: str) -> str:
        """The path made absolute and normal, by its text alone."""
        return os.path.normpath(os.path.join(os.sep, path))

    def exists(self, path: str) -> bool:
        """Nothing exists."""
        return False

    def read(self, path: str, limit: int) -> str:
        """Never: InputError."""
        raise InputError("no problem file is read here; inline the problem in the sheet", path)

    def foreign(self, path: str) -> bool:
        """No file is foreign: there are none."""
        return False


class Problems:
    """Problem files loaded once each (their truth with them), errors remembered too.

    ``root``: the folder a sheet's ``problem:`` may name files in (default: the sheet's own
    folder).  ``teacher``: the problem every sheet is graded against (``check --problem``); a
    sheet naming or inlining another one is flagged ``different_problem``.  ``files``: how
    problem files are reached (files.Disk at the edge; by default none is, so a sheet must
    inline its problem)."""

    def __init__(self, notation: str | None = None, root: str | None = None,
                 teacher: str | None = None, *, files: Files | None = None) -> None:
        self.notation = notation
        self.files: Files = files if files is not None else NoFiles()
        self.root = self.files.real(root) if root is not None else None
        self._cache: dict[str, Exercise | InputError] = {}
        self.teacher_file = teacher
        self.teacher: Exercise | None = None
        self.teacher_real: str | None = None
        self._digests: dict[int, str] = {}
        if teacher is not None:
            self.teacher = self.get(teacher, trusted=True)
            self.teacher_real = self.files.real(teacher)

    def get(self, path: str, trusted: bool = False) -> Exercise:
        """The exercise of a problem file; InputError (cached) when it cannot be used.  Unless
        ``trusted`` (a file the user gave), a file that is not a handcalc problem is refused
        without quoting a word of it (a sheet may name /etc/passwd or a .env file)."""
        key = self.files.real(path)
        hit = self._cache.get(key)
        if hit is None:
            from .exercise import loads
            from .yamlsafe import MAX_BYTES

            try:
                hit = loads(self.files.read(path, MAX_BYTES), path, self.notation)
            except InputError as e:
                hidden = not trusted and self.files.foreign(path)
                hit = InputError("is not a handcalc problem file (no 'handcalc: 1' at its top)",
                                 path) if hidden else e
            self._cache[key] = hit
        if isinstance(hit, InputError):
            raise hit
        return hit

    def digest(self, exercise: Exercise) -> str:
        """The exercise's content digest (computed once per exercise)."""
        d = self._digests.get(id(exercise))
        if d is None:
            from .exercise import digest

            d = self._digests[id(exercise)] = digest(exercise)
        return d


# --- reading a sheet --------------------------------------------------------------------------


def from_text(text: str, file: str = "<sheet>", problems: Problems | None = None,
              numbers: str = "arithmetic") -> Sheet:
    """A sheet from its YAML text (``file`` names it in messages and anchors ``problem:``, read
    through ``problems``; check.read_sheet reads a sheet file); ``numbers`` is what an answer
    may be written as (numbers.LEVELS)."""
    from .yamlsafe import parse

    root = parse(text, file, max_depth=MAX_SHEET_DEPTH, max_nodes=MAX_SHEET_NODES)
    return from_node(root, file, problems or Problems(), numbers)


def from_node(root: Node | None, file: str, problems: Problems,
              numbers: str = "arithmetic") -> Sheet:
    """A sheet from its parsed YAML; InputError for what stops the whole sheet."""
    rd = Reader(file)
    top = rd.document(root, "the answer sheet", TOP_KEYS,
                      "an answer sheet should be a mapping with 'handcalc: 1', 'problem:' and "
                      "'answers:'; found an empty file")
    if "problem" not in top:
        raise rd.error(root, "missing 'problem:' — the problem file this sheet answers (a "
                             "path relative to the sheet), or the problem itself")
    try:
        exercise, problem_file, flags = _exercise(top["problem"], file, problems)
    except InputError:
        if problems.teacher is None:
            raise
        exercise, problem_file, flags = None, None, []  # graded against the teacher's: flagged
    exercise, problem_file, flags = _bind(exercise, problem_file, flags, problems)

    mode = "notation"
    if "keys" in top:
        mode = rd.choice(top["keys"], "keys", KEY_MODES, "a way of writing keys (notation: the "
                         "problem's own keys, canonical: ids like z1, delta2, dW1)")
    name = ""
    if "name" in top:
        node = top["name"]
        if node.kind != "scalar":
            raise rd.error(node, "name: should be one line of text (the learner's name)")
        name = str(node.value or "")
    name, name_warning = clean_name(name)

    sheet = Sheet(file, exercise, name=name, problem_file=problem_file)
    sheet.flags = flags
    if name_warning:
        sheet.warnings.append(f"{file}:{top['name'].line}:{top['name'].col}: "
                              f"{name_warning}")
    if "id" in top:
        node = top["id"]
        if node.kind != "scalar" or isinstance(node.value, bool):
            raise rd.error(node, "id: should be the student's id from the class roster, "
                                 "like S001")
        sheet.student_id = str(node.value or "").strip()
    answers = top["answers"] if "answers" in top else None
    if answers is None:
        raise rd.error(root, "missing 'answers:' — the mapping of your answers, like "
                             "'z1: [0.2, 0.1]'")
    if answers.kind == "scalar" and answers.value is None:
        return sheet  # answers: ~ — nothing answered yet
    if answers.kind != "map":
        raise rd.error(answers, "answers: should be a mapping of keys to numbers, like "
                                f"'z1: [0.2, 0.1]'; found {answers.describe()}")
    _read_answers(sheet, answers, mode, numbers)
    return sheet


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _quoted(text: str, limit: int = 60) -> str:
    """Text a sheet wrote, quoted for a one-line message (control characters shown escaped)."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def _exercise(node: Node, file: str,
              problems: Problems) -> tuple[Exercise, str | None, list[str]]:
    """The exercise a sheet's ``problem:`` names (a path relative to the sheet, or inlined),
    the file it is read from (the sheet itself when inlined), and its flags."""
    if node.kind == "map":
        from .exercise import from_node as exercise_from_node

        try:
            return exercise_from_node(node, file, problems.notation), file, ["inlined_problem"]
        except InputError as e:
            raise e.located(file) from None
    rd = Reader(file)
    ref = node.value if node.kind == "scalar" else None
    if not isinstance(ref, str) or not ref.strip():
        raise rd.error(node, "problem: should be the path of the problem file (relative to "
                             f"this sheet) or the problem itself; found {node.describe()}")
    if _UNPRINTABLE.search(ref):
        raise rd.error(node, f"problem: {_quoted(ref)} contains a control character (a null "
                             "byte, a line break …); write the plain path of the problem "
                             "file")
    base = os.path.dirname(file) if file and not file.startswith("<") else ""
    path = os.path.normpath(os.path.join(base, ref))
    real = problems.files.real(path)
    teacher = problems.teacher
    if teacher is not None and real == problems.teacher_real:
        return teacher, problems.teacher_file, []
    root = problems.root or problems.files.real(base or ".")
    if teacher is not None and os.path.commonpath([root, real]) == root and \
            not problems.files.exists(path):
        # a sheet handed in without its problem file beside it: the teacher's problem is the
        # one graded anyway, and there is nothing to compare it with
        return teacher, problems.teacher_file, []
    if os.path.commonpath([root, real]) != root:
        where = "this sheet's folder" if problems.root is None else "the --root folder"
        raise rd.error(node, f"problem {_quoted(ref)} is outside {where} ({root}); a sheet "
                             "may name only a problem file in that folder — give the problem "
                             "with --problem FILE, or its folder with --root DIR")
    try:
        return problems.get(path), path, []
    except InputError as e:
        raise rd.error(node, f"problem {_quoted(ref)} cannot be used: {e}") from None


def _bind(sheet_exercise: Exercise | None, problem_file: str | None, flags: list[str],
          problems: Problems) -> tuple[Exercise | None, str | None, list[str]]:
    """With a teacher's problem, the sheet is graded against it; a sheet that named or inlined
    another problem (compared by content digest) is flagged ``different_problem``."""
    if problems.teacher is None:
        return sheet_exercise, problem_file, flags
    teacher = problems.teacher
    same = sheet_exercise is teacher or (
        sheet_exercise is not None
        and problems.digest(sheet_exercise) == problems.digest(teacher))
    return teacher, problems.teacher_file, [] if same else ["different_problem"]


MAX_NAME = 80


def clean_name(name: str) -> tuple[str, str | None]:
    """A learner's name as one line of printable text (control characters and line breaks
    made spaces, at most 80 characters), and a warning when it had to be changed."""
    cleaned = " ".join(_UNPRINTABLE.sub(" ", name).split())
    if len(cleaned) > MAX_NAME:
        cleaned = cleaned[:MAX_NAME - 1] + "…"
    if cleaned == name:
        return name, None
    return cleaned, ("name: should be one line of printable text; read as "
                     f"{_quoted(cleaned)}")


def _keys(exercise: Exercise, mode: str) -> dict[str, str]:
    """Answer key → canonical id, for the problem's notation or for canonical ids."""
    if mode == "notation":
        return dict(exercise.keys)
    return {step.id: step.id for step in exercise.graph.asked()}


def keys_of(exercise: Exercise, mode: str) -> dict[str, str]:
    """Every key a sheet may use → canonical id: ``_keys`` and the kind's aliases of them."""
    table = _keys(exercise, mode)
    return {**table, **kinds.of(exercise).key_aliases(exercise, table)}


def _unknown_key(key: str, exercise: Exercise, table: dict[str, str], mode: str) -> str:
    """The message for an answer key this problem does not ask for."""
    shown = list(_keys(exercise, mode))
    other = keys_of(exercise, "canonical" if mode == "notation" else "notation")
    if key in other and other[key] in table.values():
        sid = other[key]
        if mode == "notation":
            mine = exercise.key_of(sid)
            notation = kinds.of(exercise).notation_of(exercise) or exercise.kind
            return (f"'{key}' is not a key of this problem's notation ({notation}): the "
                    f"canonical id '{key}' is written '{mine}' here; write '{mine}', or add "
                    "'keys: canonical' to the sheet")
        return (f"'{key}' is this problem's own key for '{sid}', but the sheet says 'keys: "
                f"canonical'; write '{sid}', or remove 'keys: canonical'")
    if key in exercise.graph.by_id or key in exercise.graph.given:
        return f"'{key}' is not asked on an answer sheet; the keys are: {', '.join(shown)}"
    return f"unknown answer key '{key}'" + hint(key, shown, f"the keys are: {', '.join(shown)}")


def _read_answers(sheet: Sheet, node: Node, mode: str, numbers: str = "arithmetic") -> None:
    exercise = sheet.exercise
    table = keys_of(exercise, mode)
    seen: dict[str, str] = {}
    for key, (key_node, value) in node.entries.items():
        where = f"{sheet.file}:{key_node.line}:{key_node.col}"
        sid = table.get(key)
        if sid is None:
            sheet.warnings.append(f"{where}: {_unknown_key(key, exercise, table, mode)}")
            continue
        if sid in seen:
            sheet.warnings.append(f"{where}: '{key}' and '{seen[sid]}' are the same answer; "
                                  f"only '{seen[sid]}' is graded — keep one")
            continue
        seen[sid] = key
        step = exercise.graph.by_id[sid]
        answer = kinds.of(exercise).read_answer(exercise, step, key, value, numbers) \
            or read_answer(exercise, step, key, value, numbers)
        if answer.note:
            sheet.notes.append(f"{sheet.file}:{value.line}:{value.col}: {answer.note}")
        sheet.answers[sid] = answer


# --- one answer: shapes and numbers -----------------------------------------------------------


def shape_of(value: Any) -> tuple[int, ...]:
    """() for a number, (n,) for a list, (rows, cols) for a list of rows."""
    if not isinstance(value, list):
        return ()
    if value and isinstance(value[0], list):
        return (len(value), len(value[0]))
    return (len(value),)


def entry(node: Node, numbers: str = "arithmetic") -> Entry:
    """One element from its YAML scalar: a number, a blank, or unreadable with the reason;
    ``numbers``: what may be written (plain, arithmetic or functions: numbers.LEVELS)."""
    if node.kind != "scalar":
        return Entry(None, None, f"expected one number here; found {node.describe()}")
    value = node.value
    if value is None:
        return Entry()
    text = node.text or ""
    if isinstance(value, bool):
        return Entry(text, None, f"{text} is not a number")
    return Entry(text, *read_number(text, numbers))


@lru_cache(maxsize=1 << 16)
def read_number(text: str, numbers: str = "arithmetic") -> tuple[Number | None, str | None,
                                                                float | None]:
    """(value, None, as float) or (None, why not, None) for one written number.  A class
    writes the same numbers again and again, so each text is read once."""
    try:
        value = parse_number(text, numbers)
    except NumberError as e:
        return None, str(e), None
    return value, None, _approx(value)


def _approx(value: Number) -> float:
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


def _grid(node: Node) -> tuple[str, Any]:
    """What a node is, shape-wise: ('scalar', node), ('vector', [n]), ('matrix', [[n]]),
    or ('other', description)."""
    if node.kind == "scalar":
        return "scalar", node
    if node.kind == "map":
        return "other", "a mapping"
    items = node.items
    if not items:
        return "other", "an empty list"
    if all(i.kind == "scalar" for i in items):
        return "vector", items
    if all(i.kind == "seq" for i in items):
        if any(j.kind != "scalar" for i in items for j in i.items):
            return "other", "lists nested more than two deep"
        widths = {len(i.items) for i in items}
        if len(widths) != 1:
            lengths = ", ".join(str(len(i.items)) for i in items)
            return "other", f"rows of different lengths ({lengths})"
        return "matrix", [list(i.items) for i in items]
    return "other", "a list mixing numbers and lists"


def _dims(shape: tuple[int, ...]) -> str:
    if not shape:
        return "one number"
    if len(shape) == 1:
        return f"a list of {shape[0]}"
    return f"{shape[0]}×{shape[1]}"


def _found(form: str, data: Any) -> str:
    if form == "scalar":
        return "one number"
    if form == "vector":
        return f"a list of {len(data)}"
    if form == "matrix":
        return f"{len(data)}×{len(data[0])}"
    return str(data)  # what _grid said it is


def expectation(exercise: Exercise, step: Step, key: str) -> str:
    """'dW2 should be 2×3 like W2 (column layout)', and the like, for shape messages."""
    shape = shape_of(exercise.outward(step, exercise.values()[step.id]))
    own = kinds.of(exercise).expectation(exercise, step, key, shape)
    return own if own is not None else f"{key} should be {_dims(shape)}"


def read_answer(exercise: Exercise, step: Step, key: str, node: Node,
                numbers: str = "arithmetic") -> Answer:
    """One answered step: every element read, the shape checked and, where clear, repaired."""
    truth = exercise.outward(step, exercise.values()[step.id])
    want = shape_of(truth)
    form, data = _grid(node)
    answer = Answer(step.id, key, {}, node.line)

    read = partial(entry, numbers=numbers)

    def place(grid: Any) -> None:
        inner = exercise.inward(step, grid)
        answer.entries = {idx: e for idx, e in elements(inner)}

    if form == "scalar" and node.value is None:
        place(_map(lambda _: Entry(), truth))  # the whole step blank
        return answer
    shaped = _fit(want, form, data)
    if shaped is not None:
        grid, note = shaped
        place(_map(read, grid))
        if note:
            answer.note = f"{expectation(exercise, step, key)}; {note}"
        return answer
    found = _found(form, data)
    message = f"{expectation(exercise, step, key)}; you wrote {found}"
    if len(want) == 2 and form == "matrix" and (len(data), len(data[0])) == want[::-1]:
        grid = [list(col) for col in zip(*data)]
        place(_map(read, grid))
        answer.reshaped = "transposed"
        answer.note = f"{message} — transposed? (read back in place and marked 'transposed')"
        return answer
    repair = kinds.of(exercise).repair(exercise, step, form, data, want)
    if repair is not None:  # a shape the kind reads back (a network's per-sample ∂L/∂b)
        fold, code, words = repair
        place(fold([[read(n) for n in row] for row in data]))
        answer.reshaped = code
        answer.note = message + words
        return answer
    answer.note = message
    place(_map(lambda _: Entry(None, None, message), truth))
    return answer


def _fit(want: tuple[int, ...], form: str, data: Any) -> tuple[Any, str | None] | None:
    """The nodes arranged in the wanted shape when the intent is plain, with a note if any."""
    if want == ():
        if form == "scalar":
            return data, None
        if form == "vector" and len(data) == 1:
            return data[0], None
        if form == "matrix" and len(data) == 1 and len(data[0]) == 1:
            return data[0][0], None
        return None
    if len(want) == 1:
        n = want[0]
        if form == "vector" and len(data) == n:
            return data, None
        if form == "scalar" and n == 1:
            return [data], None
        if form == "matrix" and len(data) == 1 and len(data[0]) == n:
            return data[0], None  # one sample written as [[…]]: the engine's own shape
        if form == "matrix" and len(data[0]) == 1 and len(data) == n and n > 1:
            return [row[0] for row in data], f"you wrote a {n}×1 column; read as a list of {n}"
        return None
    rows, cols = want
    if form == "matrix" and (len(data), len(data[0])) == want:
        return data, None
    if form == "vector" and len(data) == rows * cols and (rows == 1 or cols == 1):
        grid = [data] if rows == 1 else [[n] for n in data]
        return grid, f"you wrote a flat list of {len(data)}; read as {rows}×{cols}"
    if form == "scalar" and want == (1, 1):
        return [[data]], None
    return None


def _map(f: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, list):
        return [_map(f, v) for v in value]
    return f(value)


def _column_sum(column: tuple[Entry, ...]) -> Entry:
    """The sum of one unit's per-sample entries (unreadable if any is not a number)."""
    if any(e.value is None for e in column):
        return Entry(None, None, "a per-sample value is blank or unreadable, so the sum over the "
                                 "mini-batch cannot be read")
    # a network's per-sample entries: numbers (none is blank, checked above)
    values = [cast(Number, e.value) for e in column]
    total = values[0]
    for v in values[1:]:
        total = total + v
    return Entry(" + ".join(e.text or "" for e in column), total, None, _approx(total))


# --- sheets built in code (tests, benchmarks, the template's round trip) -----------------------


def from_values(exercise: Exercise, values: dict[str, Any], file: str = "<values>") -> Sheet:
    """A sheet from canonical id → value in the users' shape (numbers, or None for blank)."""
    sheet = Sheet(file, exercise)
    for sid, value in values.items():
        step = exercise.graph.by_id[sid]
        grid = _map(lambda v: Entry() if v is None else Entry(str(v), v, None, _approx(v)),
                    value)
        inner = exercise.inward(step, grid)
        sheet.answers[sid] = Answer(sid, exercise.key_of(sid),
                                    {idx: e for idx, e in elements(inner)})
    return sheet


def holds_answers(text: str) -> bool:
    """Whether an answer sheet's text holds any answer (a non-blank value under ``answers:``).
    A text that is not even YAML counts as holding answers (a learner's typo is still their
    work); YAML without an ``answers:`` mapping holds none."""
    from .yamlsafe import parse

    try:
        root = parse(text, "answers.yaml", max_depth=MAX_SHEET_DEPTH)
    except InputError:
        return True
    if root is None or root.kind != "map":
        return False
    node = root.entries.get("answers", (None, None))[1]
    work = [node] if node is not None else []
    while work:
        n = work.pop()
        if n.kind == "scalar":
            if n.value is not None:
                return True
        elif n.kind == "seq":
            work += n.items
        else:
            work += [v for _, v in n.entries.values()]
    return False

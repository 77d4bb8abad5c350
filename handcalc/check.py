"""Checking sheets: read each one, grade it, keep going whatever one sheet holds.

``check_files`` is what ``handcalc check`` runs: every sheet is read and graded on its own, a
sheet that cannot be used gets its one error line and the others are still graded — whatever
goes wrong inside one sheet (a bad file, a hostile inlined problem, even a bug) stays with that
sheet.  Problems are loaded once per file and each problem's ``Marker`` (truth, mistakes) is
built once, so a class of a thousand sheets costs little more than reading them.

With a teacher's problem (``check --problem``) every sheet is graded against it, and a sheet
that names or inlines another problem is flagged ``different_problem``; without one, a sheet
that inlines its own problem is flagged ``inlined_problem``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import answers, kinds
from .answers import Sheet
from .files import DISK, read_text
from .grader import Graded, Marker
from .yamlsafe import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from contextlib import AbstractContextManager

    from .classfile import Entry, Manifest
    from .exercise import Exercise

SECONDS_PER_SHEET = 10  # a backstop only: the bounds on sizes keep every sheet far below it


class Problems(answers.Problems):
    """The problem files sheets name, read from the disk (``answers.Problems`` through
    files.Disk)."""

    def __init__(self, notation: str | None = None, root: str | None = None,
                 teacher: str | None = None) -> None:
        super().__init__(notation, root, teacher, files=DISK)


def sheet_from_text(text: str, file: str = "<sheet>", problems: answers.Problems | None = None,
                    numbers: str = "arithmetic") -> Sheet:
    """A sheet from its text (``answers.from_text``), its ``problem:`` read from the disk next to
    ``file`` unless ``problems`` says otherwise."""
    return answers.from_text(text, file, problems or Problems(), numbers)


def read_sheet(path: str, problems: answers.Problems | None = None,
               numbers: str = "arithmetic") -> Sheet:
    """Read one sheet file (at most ``answers.MAX_SHEET_BYTES``, files.read_text); InputError
    when the sheet as a whole cannot be graded."""
    return sheet_from_text(read_text(path, answers.MAX_SHEET_BYTES), path, problems, numbers)


class Checked:
    """One sheet's outcome: graded, or the one line saying why it could not be."""

    def __init__(self, file: str, error: str | None = None, sheet: Sheet | None = None,
                 graded: Graded | None = None, marker: Marker | None = None,
                 problem: str | None = None):
        self.file = file
        self._problem = problem
        self.error = error
        self.sheet = sheet
        self.graded = graded
        self.marker = marker
        self.student: Any = None  # with check --class: the manifest's entry (id, name, seed …)
        self.extra_flags: list[str] = []  # flags the batch adds (same_student)

    @property
    def warnings(self) -> list[str]:
        """The sheet's warnings (an unknown key, a duplicate …); none when it was not read."""
        return self.sheet.warnings if self.sheet is not None else []

    @property
    def notes(self) -> list[str]:
        """The sheet's notes to the learner (not faults); none when it was not read."""
        return self.sheet.notes if self.sheet is not None else []

    @property
    def flags(self) -> list[str]:
        """Stable codes a teacher should see: different_problem, inlined_problem."""
        own = list(self.sheet.flags) if self.sheet is not None else []
        return own + self.extra_flags

    @property
    def problem(self) -> str | None:
        """The file the sheet was graded against (the sheet itself for an inlined problem)."""
        return self.sheet.problem_file if self.sheet is not None else self._problem

    @property
    def usable(self) -> bool:
        """False when the sheet, or part of it (an unknown key), could not be used."""
        return self.error is None and not self.warnings

    @property
    def all_right(self) -> bool:
        """True when every item earned full credit and nothing needs a teacher's look."""
        return self.graded is not None and self.graded.all_right and not self.flags


class Markers:
    """One Marker per exercise, shared by every sheet that answers it."""

    def __init__(self) -> None:
        self._by_id: dict[int, Marker] = {}

    def of(self, exercise: Exercise) -> Marker:
        """The exercise's Marker (its kind's own, or the shared one), made on first use."""
        marker = self._by_id.get(id(exercise))
        if marker is None or marker.exercise is not exercise:
            marker = kinds.of(exercise).marker(exercise) or Marker(exercise)
            self._by_id[id(exercise)] = marker
        return marker


def check_sheet(sheet: Sheet, markers: Markers | None = None) -> Checked:
    """Grade one sheet that has been read."""
    marker = (markers or Markers()).of(sheet.exercise)
    return Checked(sheet.file, None, sheet, marker.grade(sheet.answers), marker)


class _OutOfTime(Exception):
    pass


def _timer(seconds: float) -> AbstractContextManager[None]:
    """A context that raises _OutOfTime after ``seconds`` (on Unix, in the main thread; a
    no-op elsewhere): the last line of defence against a sheet that would take too long."""
    import contextlib
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def armed() -> Iterator[None]:
        def ring(signum: int, frame: object) -> None:
            raise _OutOfTime

        old = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    return armed()


def check_file(path: str, problems: Problems, markers: Markers, numbers: str = "arithmetic",
               seconds: float = SECONDS_PER_SHEET) -> Checked:
    """Read and grade one sheet file; its one-line error instead when it cannot be used —
    whatever happens while reading or grading it."""
    try:
        with _timer(seconds):
            try:
                sheet = read_sheet(path, problems, numbers)
            except InputError as e:
                return Checked(path, str(e.located(path)), problem=problems.teacher_file)
            return check_sheet(sheet, markers)
    except _OutOfTime:
        return Checked(path, f"{path}: cannot be graded: it took more than {seconds:g} s; is "
                             "its problem very large?", problem=problems.teacher_file)
    except (ArithmeticError, ValueError, RecursionError, MemoryError) as e:
        return Checked(path, f"{path}: cannot be graded: its numbers cannot be computed "
                             f"({type(e).__name__}); check the problem it answers",
                       problem=problems.teacher_file)
    except Exception as e:  # a bug must not cost the rest of the class their marks
        return Checked(path, f"{path}: cannot be graded: an internal error "
                             f"({type(e).__name__}); the other sheets were graded — please "
                             "report this sheet to handcalc", problem=problems.teacher_file)


def check_files(paths: Iterable[str], notation: str | None = None, *,
                problem: str | None = None, root: str | None = None,
                numbers: str = "arithmetic") -> list[Checked]:
    """Every sheet read and graded in turn (problems and their truth loaded once each).

    ``problem``: the teacher's problem file, graded against whatever a sheet names (an
    InputError when it cannot be used); ``root``: the folder a sheet's ``problem:`` may name
    files in (default: each sheet's own folder); ``numbers``: what an answer may be written
    as (plain, arithmetic or functions)."""
    problems, markers = Problems(notation, root=root, teacher=problem), Markers()
    return [check_file(path, problems, markers, numbers) for path in paths]


def exit_status(results: list[Checked]) -> int:
    """0 when every sheet is all right, 1 when something is wrong (or a sheet is flagged),
    2 when input was unusable."""
    if any(not r.usable for r in results):
        return 2
    return 0 if all(r.all_right for r in results) else 1


# --- a class: each sheet against its own student's variant (check --class) --------------------


def _sheet_id(path: str) -> str:
    """The ``id:`` a sheet says it belongs to ('' when it names none); InputError when the sheet
    cannot be read at all (check_file then says so in full)."""
    from .answers import MAX_SHEET_BYTES, MAX_SHEET_DEPTH, MAX_SHEET_NODES
    from .yamlsafe import parse

    root = parse(read_text(path, MAX_SHEET_BYTES), path, max_depth=MAX_SHEET_DEPTH,
                 max_nodes=MAX_SHEET_NODES)
    if root is None or root.kind != "map" or "id" not in root.entries:
        return ""
    node = root.entries["id"][1]
    return str(node.value).strip() if node.kind == "scalar" and node.value is not None else ""


class ClassProblems:
    """The problem of each student of a class manifest, loaded once, and checked against the
    digest ``new --class`` recorded (a variant edited since is refused, not graded)."""

    def __init__(self, manifest: Manifest, notation: str | None = None) -> None:
        self.manifest = manifest
        self.folder = os.path.dirname(manifest.file) or "."
        self.notation = notation
        self._problems: dict[str, Problems | InputError] = {}

    def of(self, entry: Entry) -> Problems:
        """The problem of a manifest entry, loaded and checked against its digest once."""
        hit = self._problems.get(entry.id)
        if hit is None:
            path = os.path.join(self.folder, entry.problem)
            try:
                hit = Problems(self.notation, teacher=path)
                if hit.digest(hit.get(path, trusted=True)) != entry.digest:  # the teacher's
                    hit = InputError(f"the problem of {entry.id} ({entry.problem}) is not the one "
                                     "'new --class' made: its content differs from the digest "
                                     "in the manifest; restore it or make the class again",
                                     self.manifest.file)
            except InputError as e:
                hit = e.located(path)
            self._problems[entry.id] = hit
        if isinstance(hit, InputError):
            raise hit
        return hit


def check_class(paths: Iterable[str], manifest: Manifest, notation: str | None = None,
                numbers: str = "arithmetic") -> tuple[list[Checked], list[Entry]]:
    """Each sheet graded against the variant its ``id:`` was given in the class manifest (a
    sheet naming or inlining another problem is graded against that variant and flagged
    ``different_problem``); two sheets with one id are both flagged ``same_student``.  Returns
    the checked sheets and the manifest's students who handed in none."""
    problems, markers = ClassProblems(manifest, notation), Markers()
    results: list[Checked] = []
    for path in paths:
        try:
            sid = _sheet_id(path)
        except InputError as e:
            results.append(Checked(path, str(e.located(path))))
            continue
        entry = manifest.by_id(sid) if sid else None
        if entry is None:
            said = (f"its id {sid!r} is not in {manifest.file}" if sid else
                    f"it has no 'id:'; a class's sheets say whose they are (the id in "
                    f"{manifest.file})")
            results.append(Checked(path, f"{path}: cannot be graded: {said}"))
            continue
        try:
            checked = check_file(path, problems.of(entry), markers, numbers)
        except InputError as e:
            checked = Checked(path, f"{path}: cannot be graded: {e}")
        checked.student = entry
        results.append(checked)
    by_id: dict[str, list[Checked]] = {}
    for r in results:
        if r.student is not None:
            by_id.setdefault(r.student.id, []).append(r)
    for same in by_id.values():
        if len(same) > 1:
            for r in same:
                r.extra_flags.append("same_student")
    missing = [s for s in manifest.students if s.id not in by_id]
    return results, missing

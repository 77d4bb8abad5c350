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

from collections.abc import Iterable

from .answers import Problems, Sheet, read
from .grader import Graded, Marker
from .yamlsafe import InputError

FLAGS = ("different_problem", "inlined_problem")  # stable codes, in --json and --csv
SECONDS_PER_SHEET = 10  # a backstop only: the bounds on sizes keep every sheet far below it


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

    @property
    def warnings(self) -> list[str]:
        return self.sheet.warnings if self.sheet is not None else []

    @property
    def notes(self) -> list[str]:
        return self.sheet.notes if self.sheet is not None else []

    @property
    def flags(self) -> list[str]:
        """Stable codes a teacher should see: different_problem, inlined_problem."""
        return list(self.sheet.flags) if self.sheet is not None else []

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
        return self.graded is not None and self.graded.all_right and not self.flags


class Markers:
    """One Marker per exercise, shared by every sheet that answers it."""

    def __init__(self):
        self._by_id: dict[int, Marker] = {}

    def of(self, exercise) -> Marker:
        marker = self._by_id.get(id(exercise))
        if marker is None or marker.exercise is not exercise:
            marker = (getattr(exercise, "grader", None) or Marker)(exercise)
            self._by_id[id(exercise)] = marker
        return marker


def check_sheet(sheet: Sheet, markers: Markers | None = None) -> Checked:
    """Grade one sheet that has been read."""
    marker = (markers or Markers()).of(sheet.exercise)
    return Checked(sheet.file, None, sheet, marker.grade(sheet.answers), marker)


class _OutOfTime(Exception):
    pass


def _timer(seconds: float):
    """A context that raises _OutOfTime after ``seconds`` (on Unix, in the main thread; a
    no-op elsewhere): the last line of defence against a sheet that would take too long."""
    import contextlib
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def armed():
        def ring(signum, frame):
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
                sheet = read(path, problems, numbers)
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

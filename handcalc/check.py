"""Checking sheets: read each one, grade it, keep going whatever one sheet holds.

``check_files`` is what ``handcalc check`` runs: every sheet is read and graded on its own, a
sheet that cannot be used gets its error line and the others are still graded.  Problems are
loaded once per file and each problem's ``Marker`` (truth, mistakes) is built once, so a class
of a thousand sheets costs little more than reading them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .answers import Problems, Sheet, read
from .grader import Graded, Marker
from .yamlsafe import InputError


class Checked:
    """One sheet's outcome: graded, or the one line saying why it could not be."""

    def __init__(self, file: str, error: str | None = None, sheet: Sheet | None = None,
                 graded: Graded | None = None, marker: Marker | None = None):
        self.file = file
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
    def usable(self) -> bool:
        """False when the sheet, or part of it (an unknown key), could not be used."""
        return self.error is None and not self.warnings

    @property
    def all_right(self) -> bool:
        return self.graded is not None and self.graded.all_right


class Markers:
    """One Marker per exercise, shared by every sheet that answers it."""

    def __init__(self):
        self._by_id: dict[int, Marker] = {}

    def of(self, exercise) -> Marker:
        marker = self._by_id.get(id(exercise))
        if marker is None or marker.exercise is not exercise:
            marker = Marker(exercise)
            self._by_id[id(exercise)] = marker
        return marker


def check_sheet(sheet: Sheet, markers: Markers | None = None) -> Checked:
    """Grade one sheet that has been read."""
    marker = (markers or Markers()).of(sheet.exercise)
    return Checked(sheet.file, None, sheet, marker.grade(sheet.answers), marker)


def check_file(path: str, problems: Problems, markers: Markers) -> Checked:
    """Read and grade one sheet file; its error instead when it cannot be used."""
    try:
        sheet = read(path, problems)
    except InputError as e:
        return Checked(path, str(e.located(path)))
    return check_sheet(sheet, markers)


def check_files(paths: Iterable[str], notation: str | None = None) -> list[Checked]:
    """Every sheet read and graded in turn (problems and their truth loaded once each)."""
    problems, markers = Problems(notation), Markers()
    return [check_file(path, problems, markers) for path in paths]


def exit_status(results: list[Checked]) -> int:
    """0 when every sheet is all right, 1 when something is wrong, 2 when input was unusable."""
    if any(not r.usable for r in results):
        return 2
    return 0 if all(r.all_right for r in results) else 1

"""A class roster: a CSV file with the columns ``id`` and ``name`` (UTF-8, with or without the
BOM Excel writes), one student a row.  Other columns are allowed and ignored.

Each id becomes a folder name (``DIR/<id>/``), so it must be safe as one on every system:
letters (any script), digits, ``-``, ``_`` and ``.``, not starting with ``.``, at most 64
characters, unique (ignoring case, as Windows and macOS folders do).  A name is one line of
printable text (it may be blank).  Whatever is wrong gives one line: file, row, what to fix.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from .yamlsafe import InputError

MAX_STUDENTS = 999
MAX_BYTES = 1 << 20
_ID = re.compile(r"[^\W_][\w.\-]{0,63}")
# names Windows reserves for devices, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Student:
    """One row of the roster."""

    id: str
    name: str
    row: int  # line in the file, for messages


def id_problem(sid: str) -> str | None:
    """Why an id cannot be a folder name, or None when it can."""
    if not sid:
        return "is blank; every student needs an id"
    if not _ID.fullmatch(sid):
        return (f"{sid!r} cannot be a folder name; use letters, digits, '-', '_' and '.', "
                "starting with a letter or digit, at most 64 characters")
    if sid.endswith("."):
        return f"{sid!r} ends with '.', which Windows drops from folder names; choose another id"
    if sid.split(".")[0].lower() in _RESERVED:
        return f"{sid!r} is a name Windows reserves for a device; choose another id"
    return None


def _printable(text: str) -> bool:
    return all(unicodedata.category(ch)[0] != "C" for ch in text)


def parse(data: bytes, file: str = "roster.csv") -> list[Student]:
    """The students of a roster file's bytes, in the file's order; InputError names the fix."""
    if len(data) > MAX_BYTES:
        raise InputError(f"the roster is larger than {MAX_BYTES // 1024} KiB", file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start}); save the roster as CSV UTF-8",
                         file) from None
    if not text.strip():
        raise InputError("the roster is empty; it needs a header line 'id,name' and a row per "
                         "student", file)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise InputError(f"not a readable CSV file ({e})", file) from None
    header = [cell.strip().lower() for cell in rows[0]]
    for column in ("id", "name"):
        if column not in header:
            raise InputError(f"the header has no '{column}' column (found: "
                             f"{', '.join(repr(c) for c in rows[0]) or 'nothing'}); the first "
                             "line should be 'id,name'", file, 1)
    i_id, i_name = header.index("id"), header.index("name")
    students: list[Student] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        cells = row + [""] * (len(header) - len(row))
        sid, name = cells[i_id].strip(), cells[i_name].strip()
        problem = id_problem(sid)
        if problem:
            raise InputError(f"the id {problem}", file, line)
        if not _printable(name):
            raise InputError(f"the name of {sid} has a line break or control character; a "
                             "name is one line of text", file, line)
        if sid.lower() in seen:
            raise InputError(f"the id {sid!r} is already used on line {seen[sid.lower()]}; "
                             "each student needs their own id", file, line)
        seen[sid.lower()] = line
        students.append(Student(sid, name, line))
        if len(students) > MAX_STUDENTS:
            raise InputError(f"more than {MAX_STUDENTS} students; split the class", file, line)
    if not students:
        raise InputError("the roster has a header but no student; add a row 'id,name' per "
                         "student", file)
    return students

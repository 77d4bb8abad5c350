"""A class manifest, ``class.yaml`` (written by ``handcalc new --class``): which problem each
student was given.  ``parse`` reads one back, checked like any file a person may have edited —
one line (file, line, what to fix) for what is wrong — so that grading a class can bind each
sheet, by its ``id:``, to its student's problem and that problem's digest.

    handcalc: 1
    roster: "roster.csv"
    command: "handcalc new --class roster.csv … --seed 1"   # optional
    kind: network
    students:
      - id: "S001"
        name: "山田 太郎"
        seed: 1
        problem: "S001/problem.yaml"      # relative to class.yaml, inside its folder
        digest: "sha256:…"                # exercise.digest of that problem (its content)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kinds import DEFAULT
from .loader import Reader
from .roster import id_problem
from .yamlsafe import InputError, Node
from .yamlsafe import parse as parse_yaml

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
TOP_KEYS = ("handcalc", "roster", "command", "kind", "students")
STUDENT_KEYS = ("id", "name", "seed", "problem", "digest")


@dataclass(frozen=True)
class Entry:
    """One student of the manifest and the problem they were given."""

    id: str
    name: str
    seed: int | None
    problem: str  # path relative to the manifest's folder
    digest: str


@dataclass
class Manifest:
    """A class manifest: its file, the roster it came from, the kind and the ``new`` command
    that made it, and one entry per student."""

    file: str
    roster: str
    kind: str
    command: str
    students: list[Entry] = field(default_factory=list)

    def by_id(self, sid: str) -> Entry | None:
        """The student with this id (ignoring case, as the roster's ids are unique so)."""
        wanted = sid.strip().lower()
        return next((s for s in self.students if s.id.lower() == wanted), None)


def _text(node: Node, file: str, what: str, required: bool = True) -> str:
    if node.kind != "scalar" or isinstance(node.value, bool) or (required and node.value is None):
        raise InputError(f"{what} should be text; found {node.describe()}", file, node.line,
                         node.col)
    return "" if node.value is None else str(node.value)


def _safe_path(text: str) -> bool:
    """A relative path that stays inside the manifest's folder."""
    parts = text.replace("\\", "/").split("/")
    return bool(text) and not text.startswith(("/", "\\")) and ":" not in parts[0] and \
        all(p not in ("", ".", "..") for p in parts)


def parse(text: str, file: str = "class.yaml") -> Manifest:
    """A manifest from its YAML text; InputError (one line) for anything that cannot be used."""
    root = parse_yaml(text, file)
    if root is None or root.kind != "map":
        raise InputError("a class manifest should be a mapping with 'handcalc: 1' and "
                         "'students:'", file)
    top = root.entries
    rd = Reader(file)
    rd.version(root, rd.mapping(root, "a class manifest", TOP_KEYS, "handcalc: 1"))
    if "students" not in top or top["students"][1].kind != "seq":
        raise InputError("'students:' should be a list, one entry per student", file)
    manifest = Manifest(
        file, _text(top["roster"][1], file, "roster:", False) if "roster" in top else "",
        _text(top["kind"][1], file, "kind:") if "kind" in top else DEFAULT,
        _text(top["command"][1], file, "command:", False) if "command" in top else "")
    seen: dict[str, int] = {}
    for node in top["students"][1].items:
        if node.kind != "map":
            raise InputError(f"each student should be a mapping with {', '.join(STUDENT_KEYS)};"
                             f" found {node.describe()}", file, node.line, node.col)
        at = (file, node.line, node.col)
        for key, (key_node, _) in node.entries.items():
            if key not in STUDENT_KEYS:
                raise InputError(f"unknown key '{key}' of a student; the keys are: "
                                 f"{', '.join(STUDENT_KEYS)}", file, key_node.line, key_node.col)
        for key in ("id", "problem", "digest"):
            if key not in node.entries:
                raise InputError(f"a student without '{key}:'", *at)
        value = {key: v for key, (_, v) in node.entries.items()}.__getitem__
        sid = _text(value("id"), file, "id:")
        problem = id_problem(sid)
        if problem:
            raise InputError(f"the id {problem}", *at)
        if sid.lower() in seen:
            raise InputError(f"the id {sid!r} is already used on line {seen[sid.lower()]}", *at)
        seen[sid.lower()] = node.line
        path = _text(value("problem"), file, "problem:")
        if not _safe_path(path):
            raise InputError(f"problem: {path!r} should be a path inside the manifest's folder, "
                             "like S001/problem.yaml", *at)
        digest = _text(value("digest"), file, "digest:")
        if not _DIGEST.fullmatch(digest):
            raise InputError(f"digest: should be 'sha256:' and 64 hex digits; found {digest!r}",
                             *at)
        seed = None
        if "seed" in node.entries:
            text = _text(value("seed"), file, "seed:", False)
            if text and not text.isdigit():
                raise InputError(f"seed: should be a whole number ≥ 0; found {text!r}", *at)
            seed = int(text) if text else None
        name = _text(value("name"), file, "name:", False) if "name" in node.entries else ""
        manifest.students.append(Entry(sid, name, seed, path, digest))
    if not manifest.students:
        raise InputError("'students:' is empty", file)
    return manifest


def load(path: str) -> Manifest:
    """A manifest file (read with the same limits as every handcalc file)."""
    from .files import read_text

    return parse(read_text(path), path)

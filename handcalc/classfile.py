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
from .yamlsafe import Node
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


def _text(rd: Reader, node: Node, what: str, required: bool = True) -> str:
    """A scalar's text ('' for a blank one, unless ``required``)."""
    if node.kind != "scalar" or isinstance(node.value, bool) or (required and node.value is None):
        raise rd.error(node, f"{what} should be text; found {node.describe()}")
    return "" if node.value is None else str(node.value)


def _safe_path(text: str) -> bool:
    """A relative path that stays inside the manifest's folder."""
    parts = text.replace("\\", "/").split("/")
    return bool(text) and not text.startswith(("/", "\\")) and ":" not in parts[0] and \
        all(p not in ("", ".", "..") for p in parts)


def parse(text: str, file: str = "class.yaml") -> Manifest:
    """A manifest from its YAML text; InputError (one line) for anything that cannot be used."""
    rd = Reader(file)
    top = rd.document(parse_yaml(text, file), "a class manifest", TOP_KEYS,
                      empty="the class manifest is empty; it needs 'handcalc: 1' and 'students:'")
    if "students" not in top or top["students"].kind != "seq":
        raise rd.error(top.get("students"), "'students:' should be a list, one entry per student")
    manifest = Manifest(
        file, _text(rd, top["roster"], "roster:", False) if "roster" in top else "",
        _text(rd, top["kind"], "kind:") if "kind" in top else DEFAULT,
        _text(rd, top["command"], "command:", False) if "command" in top else "")
    seen: dict[str, int] = {}
    for node in top["students"].items:
        value = rd.mapping(node, "a student", STUDENT_KEYS, "id: S001")
        for key in ("id", "problem", "digest"):
            if key not in value:
                raise rd.error(node, f"a student without '{key}:'")
        sid = _text(rd, value["id"], "id:")
        problem = id_problem(sid)
        if problem:
            raise rd.error(node, f"the id {problem}")
        if sid.lower() in seen:
            raise rd.error(node, f"the id {sid!r} is already used on line {seen[sid.lower()]}")
        seen[sid.lower()] = node.line
        path = _text(rd, value["problem"], "problem:")
        if not _safe_path(path):
            raise rd.error(node, f"problem: {path!r} should be a path inside the manifest's "
                                 "folder, like S001/problem.yaml")
        digest = _text(rd, value["digest"], "digest:")
        if not _DIGEST.fullmatch(digest):
            raise rd.error(node, f"digest: should be 'sha256:' and 64 hex digits; found "
                                 f"{digest!r}")
        seed = None
        if "seed" in value:
            text = _text(rd, value["seed"], "seed:", False)
            if text and not text.isdigit():
                raise rd.error(node, f"seed: should be a whole number ≥ 0; found {text!r}")
            seed = int(text) if text else None
        name = _text(rd, value["name"], "name:", False) if "name" in value else ""
        manifest.students.append(Entry(sid, name, seed, path, digest))
    if not manifest.students:
        raise rd.error(top["students"], "'students:' is empty")
    return manifest


def load(path: str) -> Manifest:
    """A manifest file (read with the same limits as every handcalc file)."""
    from .files import read_text

    return parse(read_text(path), path)

"""A problem's fingerprint: the SHA-256 of its parsed content, written canonically.

Two files that say the same thing have the same digest, however they are laid out: comments,
blank lines, indentation, key order, flow ``[a, b]`` or block lists, quotes, and the way a
number is written (``0.5``, ``0.50``, ``"1/2"``, ``5e-1`` are one number, exactly 1/2) do not
count.  Anything else does: a changed weight, title or key, or a default written out.  The
manifest of a class (``class.yaml``) binds each student to a problem by this digest, so a teacher
can tell whether a sheet answers the problem it was given.

No input or output here: the caller parses (``yamlsafe.parse``) and passes the tree.
"""

from __future__ import annotations

import hashlib
import json
import re
from fractions import Fraction

from .yamlsafe import Node

PREFIX = "sha256:"

# a number as a person writes it in a problem: 3, -0.25, 1e-3, 1/3 (quoted or not)
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?:/\d+)?")


def _scalar(node: Node):
    """A scalar as canonical JSON data: null, a bool, ["n", "p/q"] for a number, or its text."""
    value = node.value
    if value is None or isinstance(value, bool):
        return value
    text = value.strip()
    if _NUMBER.fullmatch(text):
        head, _, den = text.partition("/")
        try:
            q = Fraction(head) / (Fraction(den) if den else 1)
        except (ValueError, ZeroDivisionError):
            return value
        return ["n", f"{q.numerator}/{q.denominator}"]
    return value


def canonical(node: Node | None):
    """The tree as plain JSON data: mappings with sorted keys, lists, canonical scalars.
    Iterative, so depth costs no recursion (the parser has bounded it already)."""
    if node is None:
        return None
    root: list = [None]
    work = [(node, root, 0)]
    while work:
        n, parent, slot = work.pop()
        if n.kind == "scalar":
            parent[slot] = _scalar(n)
        elif n.kind == "seq":
            items: list = [None] * len(n.items)
            parent[slot] = items
            work += [(child, items, i) for i, child in enumerate(n.items)]
        else:
            keys = sorted(n.entries)
            pairs: list = [None] * len(keys)
            parent[slot] = pairs
            for i, key in enumerate(keys):
                pair = [key, None]
                pairs[i] = pair
                work.append((n.entries[key][1], pair, 1))
    return root[0]


def problem_digest(node: Node | None) -> str:
    """'sha256:' + hex SHA-256 of the canonical JSON of a parsed problem (UTF-8, no spaces)."""
    text = json.dumps(canonical(node), ensure_ascii=False, separators=(",", ":"))
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_digest(text: str, file: str | None = None) -> str:
    """The digest of a problem given as YAML text (``InputError`` when it is not YAML)."""
    from .yamlsafe import parse

    return problem_digest(parse(text, file))

"""Every malformed problem in tests/malformed/ fails with one clear, positioned line.

A case is a file ``NN_short_name.yaml`` whose first lines say what must happen::

    # expect: <a distinctive substring of the message>
    # at: LINE:COL        (or LINE, or - where YAML gives no place)

To add a case, add a file; nothing else to edit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handcalc.files import read_text
from handcalc.network import problem
from handcalc.yamlsafe import InputError

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(CORPUS.glob("*.yaml"))
_HEADER = re.compile(rb"# expect: (?P<expect>.+)\n# at: (?P<at>-|\d+(?::\d+)?)\n")


def _header(path: Path) -> tuple[str, int | None, int | None]:
    m = _HEADER.match(path.read_bytes())  # bytes: some cases are not UTF-8 on purpose
    assert m, f"{path.name} must start with '# expect: …' and '# at: LINE:COL' lines"
    expect = m["expect"].decode("utf-8")
    at = m["at"].decode()
    if at == "-":
        return expect, None, None
    line, _, col = at.partition(":")
    return expect, int(line), int(col) if col else None


def test_the_corpus_is_large_and_named():
    assert len(CASES) >= 35
    for path in CASES:
        assert re.fullmatch(r"\d\d_[a-z0-9_A-Z]+\.yaml", path.name), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_malformed_problem(path: Path):
    expect, line, col = _header(path)
    with pytest.raises(InputError) as info:
        problem.loads(read_text(str(path)), str(path))
    err = info.value
    assert expect in err.message, f"message was: {err.message}"
    assert (err.line, err.col if col is not None else None) == (line, col), \
        f"position was {err.line}:{err.col}: {err.message}"
    if line is None:
        assert err.col is None
    text = str(err)
    assert text.startswith(str(path)), text
    assert "\n" not in text and "Traceback" not in text
    where = f"{path}:{line}:{col}" if col is not None else f"{path}:{line}" if line else str(path)
    assert text.startswith(where + ": "), text


def test_expectations_are_distinct():
    """Each case tests its own message (a copy-pasted header would hide a missing check)."""
    expects = [_header(p)[0] for p in CASES]
    assert len(set(expects)) == len(expects)

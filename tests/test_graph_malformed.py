"""Every malformed graph problem in tests/malformed_graphs/ fails with one clear, positioned line.

A case is a file ``NN_short_name.yaml`` whose first lines say what must happen::

    # expect: <a distinctive substring of the message>
    # at: LINE:COL

To add a case, add a file; nothing else to edit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handcalc.files import load
from handcalc.yamlsafe import InputError

CORPUS = Path(__file__).parent / "malformed_graphs"
CASES = sorted(CORPUS.glob("*.yaml"))
_HEADER = re.compile(r"# expect: (?P<expect>.+)\n# at: (?P<line>\d+):(?P<col>\d+)\n")


def test_the_corpus_covers_the_issue():
    """Unknown op, arity, unknown/forward/cyclic reference and duplicate names all have cases."""
    names = " ".join(p.stem for p in CASES)
    for topic in ("unknown_op", "arity", "unknown_name", "forward_reference", "cycle",
                  "duplicate_node", "input_not_a_number"):
        assert topic in names
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_malformed_graph(path: Path):
    """The message contains the expected words and names the file, line and column."""
    m = _HEADER.match(path.read_text(encoding="utf-8"))
    assert m, f"{path.name} must start with '# expect: …' and '# at: LINE:COL' lines"
    with pytest.raises(InputError) as info:
        load(str(path))
    err = info.value
    assert m["expect"] in err.message, f"message was: {err.message}"
    assert (err.line, err.col) == (int(m["line"]), int(m["col"])), \
        f"position was {err.line}:{err.col}: {err.message}"
    text = str(err)
    assert text.startswith(f"{path}:{err.line}:{err.col}: ")
    assert "\n" not in text and "Traceback" not in text

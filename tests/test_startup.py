"""What keeps `solve` and `check` quick to start (bench/bench_check.py measures it)."""

from __future__ import annotations

import inspect

from handcalc.cli import app


def test_typer_reads_the_commands_annotations_as_objects():
    """Every command's and the root callback's annotations are objects, not strings: typer
    reads them on each run, and would eval() each string (cli.py has no postponed
    annotations for this reason)."""
    callbacks = [c.callback for c in app.registered_commands]
    callbacks.append(app.registered_callback.callback)
    assert len(callbacks) >= 6  # solve, check, template, sheet, new and the root callback
    for fn in callbacks:
        strings = {name: p.annotation for name, p in inspect.signature(fn).parameters.items()
                   if isinstance(p.annotation, str)}
        assert not strings, f"{fn.__name__}: string annotations {strings}"

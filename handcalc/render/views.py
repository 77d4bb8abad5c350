"""A kind's own views: the render module a kind names (``Kind.views``, a module of this
package such as ``"derivation"``) for a solution, a worksheet and a statement unlike the shared
tables.  The lookup lives here, in render, so the core and the kinds name no render module;
a kind names its views by a string only, and only a module of ``handcalc.render`` is imported."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from .. import kinds


def of(exercise: Any) -> ModuleType | None:
    """The render module holding the kind's own views (``terminal``, ``markdown``,
    ``worksheet``, ``statement``, ``paper_worksheet``, ``paper_key``), or None for the shared
    ones."""
    name = kinds.of(exercise).views
    if name is None:
        return None
    if not name.isidentifier():
        raise ValueError(f"a kind's views name a module of handcalc.render; found {name!r}")
    return importlib.import_module(f"{__package__}.{name}")

"""Library-wide checks: analyse and render every clause, then run each rule over what was
found."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..library import Library
    from .analysis import Analysis


def lint_library(library: Library) -> tuple[list[Diagnostic], Analysis]:
    """Every rule's findings for a loaded library, and the analysis they judged."""
    # imported here: a build imports the API, and so this package, but never lints
    from .analysis import analyse
    from .rules import RULES

    analysis = analyse(library)
    found = list(analysis.errors)
    for rule in RULES:
        found += rule(library, analysis)
    return found, analysis

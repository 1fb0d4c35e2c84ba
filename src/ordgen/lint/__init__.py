"""Library-wide checks: render every variant, then run each rule over what was found."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..library import Library
from .analysis import analyse
from .rules import RULES


def lint_library(library: Library) -> list[Diagnostic]:
    """Every rule's findings for a loaded library."""
    analysis = analyse(library)
    found = list(analysis.errors)
    for rule in RULES:
        found += rule(library, analysis)
    return found

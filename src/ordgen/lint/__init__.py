"""Library-wide checks: analyse and render every clause, then run each rule over what was
found."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..library import Library
from .analysis import Analysis, analyse
from .rules import RULES


def lint_library(library: Library) -> tuple[list[Diagnostic], Analysis]:
    """Every rule's findings for a loaded library, and the analysis they judged."""
    analysis = analyse(library)
    found = list(analysis.errors)
    for rule in RULES:
        found += rule(library, analysis)
    return found, analysis

"""The analysis `check` runs: every variant of every clause rendered in a sample draft."""

from __future__ import annotations

from pathlib import Path

from ordgen.library import load_library
from ordgen.lint.analysis import analyse


def test_every_variant_is_rendered_with_what_it_needs(library: Path) -> None:
    analysis = analyse(load_library([library]))
    rendered = {(r.clause_id, r.variant) for r in analysis.texts}
    assert ("property.staging", "baseline") in rendered
    assert ("property.staging", "strong") in rendered
    staging = next(r for r in analysis.texts if r.variant == "strong")
    assert staging.needed == {"property.staging", "definitions.core", "savings.final"}
    assert "staging area" in staging.terms and "five (5) days" in staging.text
    assert analysis.errors == []
    assert "agency" in analysis.terms_used  # used inside another term's definition
    assert "usc-8-1373" in analysis.cited


def test_a_broken_variant_is_an_error_at_its_line(library: Path) -> None:
    path = library / "property" / "staging.yaml"
    path.write_text(path.read_text().replace("- This includes ramps.",
                                             "- This includes {{ ramps }}."))
    analysis = analyse(load_library([library]))
    (error,) = analysis.errors
    assert error.code == "undefined-name" and "'ramps' is undefined" in error.message
    assert error.line == path.read_text().splitlines().index(
        "        - This includes {{ ramps }}.") + 1

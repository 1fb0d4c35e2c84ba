"""The Python API, as the README shows it: one function per workflow."""

from __future__ import annotations

from pathlib import Path

import pytest

import ordgen
from ordgen import api


def test_the_package_offers_the_workflows(recipe: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    result = ordgen.build(recipe, [out, tmp_path / "draft.docx"])
    assert out.read_text().startswith("# ORDINANCE NO. 2026-1")
    assert (tmp_path / "draft.docx").stat().st_size > 5000
    assert [s.clause_id for s in result.document.sections][0] == "purpose.statement"
    assert ordgen.check([recipe.parent / "lib"], examples=False)[0].code == "unused-term"
    assert ordgen.explain(recipe)["recipe"].endswith("recipe.yaml")


def test_a_draft_settles_its_rationale_once(recipe: Path) -> None:
    assert api.draft(recipe).document.rationale_mode == "inline"
    assert api.draft(recipe, rationale="memo").document.rationale_mode == "memo"


def test_nothing_is_written_when_the_build_fails(recipe: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    out.write_text("earlier draft")
    recipe.write_text(recipe.read_text().replace("property.staging: {", "property.stagin: {"))
    with pytest.raises(ordgen.OrdgenError) as err:
        api.build(recipe, [out])
    assert err.value.diagnostics[0].code == "unknown-clause"
    assert out.read_text() == "earlier draft"

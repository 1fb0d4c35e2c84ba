"""Looking into a library and a draft: rows, one clause in full, why a draft is so."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen import api
from ordgen.browse import clause_detail, clause_rows
from ordgen.diagnostics import OrdgenError
from ordgen.library import load_library


def test_rows_are_in_draft_order_with_their_layer(library: Path) -> None:
    rows = clause_rows(load_library([library]))
    assert [r["id"] for r in rows][:2] == ["findings.trust", "purpose.statement"]
    staging = next(r for r in rows if r["id"] == "property.staging")
    assert staging["default_variant"] == "strong" and staging["layer"] == "lib"


def test_a_clause_in_full_is_rendered_in_a_sample_draft(library: Path) -> None:
    detail = clause_detail(load_library([library]), "property.staging", "baseline")
    assert detail["sample"]["heading"] == "Section 2. Use of Public Property."
    assert detail["values"] == {"notice_days": 5}  # the clause's example values
    assert [a["key"] for a in detail["authorities"]] == ["printz-1997", "usc-8-1373"]
    assert detail["state_laws"][0]["rules"] == ["sanctuary-ban"]
    with pytest.raises(OrdgenError):
        clause_detail(load_library([library]), "property.staging", "strongest")


def test_explain_says_why_each_clause_is_in(recipe: Path) -> None:
    data = api.explain(recipe)
    reasons = {c["id"]: c["reason"] for c in data["clauses"]}
    assert reasons["savings.final"] == "required by property.staging"
    assert data["jurisdiction"] == "City of Minneapolis" and data["left_out"] == {}


def test_explain_counts_the_adopted_model_provisions_the_draft_carries(recipe: Path,
                                                                         library: Path) -> None:
    (library / "models.yaml").write_text(
        "- id: m\n  name: A model\n  citation: Code ch. 1\n  source: https://example.org/m\n"
        "  provisions:\n"
        "    - {section: '1', summary: Lots., clause: property.staging, variant: baseline}\n"
        "    - {section: '2', summary: Ramps., clause: property.staging, variant: strong}\n"
        "    - {section: '3', summary: Trust., clause: findings.trust}\n"
        "    - {section: '4', summary: Immunity., state_only: Only the state can.}\n")
    (model,) = api.explain(recipe)["models"]
    assert (model["adoptable"], model["carried"], model["strong"]) == (3, 3, 3)
    recipe.write_text(recipe.read_text().replace("{variant: strong, notice_days: 7}",
                                                 "{variant: baseline}").replace(
        "  - findings.trust\n", ""))
    (model,) = api.explain(recipe)["models"]
    assert (model["carried"], model["strong"], model["missing"], model["state_only"]) == (
        1, 0, ["2", "3"], ["4"])


def test_a_clause_about_a_jail_is_shown_for_a_jurisdiction_that_runs_one() -> None:
    from ordgen.library import load_library as bundled

    detail = clause_detail(bundled(), "custody.programs")
    assert detail["sample"]["kind"] != "city" and detail["sample"]["paragraphs"]

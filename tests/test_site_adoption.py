"""Who adopted what: the example recipes as a matrix of measures by jurisdiction, and how
much of each adopted model law each draft carries."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from ordgen import api
from ordgen.browse import coverage
from ordgen.site import adoption


def adopt(path: Path, library: list[Path] | None = None) -> adoption.Adopted:
    result = api.draft(path, library=library)
    return adoption.Adopted(path.name, result.document, result.selection, result.left_out)


def test_recipe_page_names_are_distinct() -> None:
    doc = api.draft(ROOT / "examples" / "denver.yaml")

    def named(source: str) -> adoption.Adopted:
        return adoption.Adopted(source, doc.document, doc.selection, {})

    assert adoption.recipe_slugs([named("a/Denver.yaml"), named("b/denver.yml"),
                                  named("c/denver.yaml"), named("Ünï.yaml")]) == \
        ["denver", "denver-2", "denver-3", "n"]


def test_strength_places_a_variant_among_its_kind() -> None:
    assert adoption.strength(["standard"], "standard") == "only"
    assert adoption.strength(["baseline", "strong"], "baseline") == "weak"
    assert adoption.strength(["baseline", "strong"], "strong") == "strong"
    assert adoption.strength(["baseline", "strong", "strongest"], "strong") == "middle"


def test_the_matrix_shows_each_draft_s_variant_and_why(recipe: Path, library: Path) -> None:
    drafts = [adopt(recipe)]
    rows = dict(adoption.matrix(api.draft(recipe).library, drafts))
    assert list(rows) == ["findings.trust", "purpose.statement", "definitions.core",
                          "property.staging", "savings.final"]
    (staging,) = rows["property.staging"]
    assert (staging.variant, staging.strength, staging.reason) == ("strong", "strong", "chosen")
    (final,) = rows["savings.final"]
    assert (final.variant, final.reason) == ("standard", "required by property.staging")


def test_a_clause_a_draft_lacks_or_leaves_out(tmp_path: Path) -> None:
    jailless = tmp_path / "jailless.yaml"
    jailless.write_text("""\
jurisdiction: {name: City of Duluth, kind: city, state: MN, agencies: {jail: none}}
title: An ordinance
clauses: [custody.programs, alpr.retention]
""")
    drafts = [adopt(ROOT / "examples" / "denver.yaml", [ROOT / "clauses"]),
              adopt(jailless, [ROOT / "clauses"])]
    rows = dict(adoption.matrix(api.draft(jailless).library, drafts))
    denver, duluth = rows["alpr.retention"]
    assert (denver.variant, denver.strength) == ("strong", "middle")
    assert (duluth.variant, duluth.reason) == ("strong", "chosen")
    absent, left = rows["custody.programs"]
    assert (absent.variant, absent.left_out, absent.reason) == ("", False, "")
    assert (left.variant, left.left_out) == ("", True)
    assert "has no jail agency" in left.reason
    assert "policing.observers" not in rows  # no draft carries it: no row


def test_coverage_is_what_explain_counts() -> None:
    path = ROOT / "examples" / "chicago.yaml"
    drafts = [adopt(path)]
    lib = api.draft(path).library
    explained = api.explain(path)["models"]
    rows = adoption.coverage_rows(lib, drafts)
    assert [model.id for model, _ in rows] == [m.id for m in lib.models]
    assert [cells[0] for _, cells in rows] == explained
    assert rows[0][1][0] == coverage(lib, lib.models[0], drafts[0].selection)

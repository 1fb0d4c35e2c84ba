from pathlib import Path

import pytest

from ordgen.api import draft
from ordgen.diagnostics import OrdgenError
from ordgen.document import Ref


def with_clauses(recipe: Path, clauses: str) -> Path:
    recipe.write_text(recipe.read_text().split("clauses:")[0] + "clauses:\n" + clauses)
    return recipe


def test_sections_are_numbered_and_references_resolve(recipe: Path) -> None:
    doc = draft(recipe).document
    assert [s.title for s in doc.sections] == [
        "Section 1. Purpose.", "Section 2. Definitions.", "Section 3. Use of Public Property.",
        "Section 4. Savings."]
    staging = doc.section("property.staging")
    assert staging is not None
    refs = [c for p in staging.paragraphs for c in p.content if isinstance(c, Ref)]
    assert refs == [Ref("savings.final", "sec_savings__final", "Section\u00a04")]


def test_removing_a_clause_renumbers_references(recipe: Path) -> None:
    doc = draft(with_clauses(recipe, "  - property.staging\n")).document
    staging = doc.section("property.staging")
    assert staging is not None and staging.number == 2
    refs = [c for p in staging.paragraphs for c in p.content if isinstance(c, Ref)]
    assert refs[0].text == "Section\u00a03"


def test_outline_numbering_and_params(recipe: Path) -> None:
    staging = draft(recipe).document.section("property.staging")
    assert staging is not None
    assert [(p.label, p.plain()) for p in staging.paragraphs] == [
        ("", "The following apply to property of the City:"),
        ("(a)", "No lot shall be used as a staging area."),
        ("(1)", "This includes ramps."),
        ("(2)", "This includes garages, whether or not attended."),
        ("(A)", "Even at night."),
        ("(b)", "Notice shall be posted within seven (7) days."),
        ("(c)", "See Section\u00a04."),
    ]


def test_definitions_hold_only_used_terms_alphabetically(recipe: Path) -> None:
    definitions = draft(recipe).document.section("definitions.core")
    assert definitions is not None
    assert [p.plain() for p in definitions.paragraphs] == [
        "For purposes of this ordinance, these terms have the meanings given.",
        "\u201cAgency\u201d means any department of the City.",
        "\u201cStaging area\u201d means a place used to assemble agencies\u2019 vehicles.",
    ]
    # "zoning district" is defined but unused, so it is left out


def test_terms_used_only_inside_definitions_are_defined_too(recipe: Path) -> None:
    # the purpose clause uses "agency" too; drop it so only the definition of staging area does
    with_clauses(recipe, "  - property.staging: {variant: strong}\n")
    definitions = draft(recipe).document.section("definitions.core")
    assert definitions is not None
    assert any(p.plain().startswith("\u201cAgency\u201d") for p in definitions.paragraphs)


def test_recitals_are_chained_whereas_clauses(recipe: Path) -> None:
    doc = draft(recipe).document
    assert [r.plain() for r in doc.recitals] == [
        "WHEREAS, residents of City of Minneapolis report crimes when they trust the police; and",
        "WHEREAS, entanglement diverts local resources; now, therefore,"]
    assert doc.enacting_clause == ("BE IT ORDAINED BY THE CITY COUNCIL OF THE CITY OF "
                                   "MINNEAPOLIS:")


def test_authorities_are_collected_from_lists_and_cites(recipe: Path) -> None:
    doc = draft(recipe).document
    assert [(a.key, a.sections) for a in doc.authorities] == [
        ("printz-1997", (3,)), ("usc-8-1373", (3, 4))]


def test_state_law_warnings_name_the_statute_and_sections(recipe: Path) -> None:
    recipe.write_text(recipe.read_text().replace("state: MN", "state: TX"))
    result = draft(recipe)
    (note,) = result.document.state_laws
    assert note.law.id == "tx-sb4-2017" and note.clause_ids == ("property.staging",)
    (warning,) = [w for w in result.warnings if w.code == "state-law"]
    assert "Texas SB 4 (2017)" in warning.message and "Section 3" in warning.message
    assert warning.line == 4  # the jurisdiction's state


def test_reference_to_an_unselected_clause_is_an_error(recipe: Path, library: Path) -> None:
    path = library / "property" / "staging.yaml"
    path.write_text(path.read_text().replace("requires: [definitions.core, savings.final]",
                                             "requires: [definitions.core]"))
    with pytest.raises(OrdgenError) as err:
        draft(with_clauses(recipe, "  - property.staging\n"))
    d = err.value.diagnostics[0]
    assert d.code == "reference-not-selected"
    assert d.path.endswith("staging.yaml")
    assert "selected('savings.final')" in d.hint


def test_term_whose_definition_is_not_selected(recipe: Path, library: Path) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text().replace("prohibits compliance",
                                             "lets any {{ term('agency') }} refuse compliance"))
    with pytest.raises(OrdgenError) as err:
        draft(with_clauses(recipe, "  - savings.final\n"))
    d = err.value.diagnostics[0]
    assert d.code == "term-not-selected"
    assert "definitions.core" in d.hint


def test_template_errors_point_into_the_clause_text(recipe: Path, library: Path) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text().replace("federal law.", "federal law {{ nonsense }}."))
    with pytest.raises(OrdgenError) as err:
        draft(with_clauses(recipe, "  - savings.final\n"))
    d = err.value.diagnostics[0]
    assert d.code == "template-error" and "'nonsense' is undefined" in d.message
    assert (d.line, d.path.endswith("final.yaml")) == (6, True)


def test_an_enacting_clause_that_says_now_therefore_is_not_doubled(recipe: Path) -> None:
    from conftest import RECIPE

    recipe.write_text(RECIPE.replace("rationale: inline", "rationale: inline\n"
                                     'enacting_clause: "NOW, THEREFORE, BE IT ORDAINED BY THE CITY '
                                     'COUNCIL OF THE CITY OF MINNEAPOLIS:"'))
    doc = draft(recipe).document
    assert doc.recitals[-1].plain().endswith("entanglement diverts local resources;")
    assert "now, therefore" not in doc.recitals[-1].plain()

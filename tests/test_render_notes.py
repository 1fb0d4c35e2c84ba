"""The words of drafting notes and of the table of authorities, shared by every renderer."""

from __future__ import annotations

from pathlib import Path

from ordgen import api
from ordgen.render.notes import authority_entry, authority_groups, note_paragraphs


def test_a_note_holds_the_rationale_then_the_authorities(recipe: Path) -> None:
    doc = api.draft(recipe).document
    staging = doc.section("property.staging")
    paras = note_paragraphs(doc, staging)
    assert paras[0].startswith("This rationale explains the clause")
    assert paras[-1] == "Authorities: Printz v. United States (U.S. 1997); 8\u00a0U.S.C.\u00a0§\u00a01373."


def test_table_of_authorities_groups_by_kind_with_sections(recipe: Path) -> None:
    doc = api.draft(recipe).document
    groups = authority_groups(doc)
    assert [heading for heading, _ in groups] == ["Cases", "Statutes and regulations"]
    statute = groups[1][1][0]
    assert authority_entry(statute) == (
        "8\u00a0U.S.C.\u00a0§\u00a01373: information about citizenship or immigration status. Cited in "
        "Sections\u00a03, 4.")


def test_in_a_preemption_state_the_draft_carries_a_notice_and_each_note_says_so(
        recipe: Path) -> None:
    from conftest import RECIPE

    from ordgen.render.notes import counsel_notice

    recipe.write_text(RECIPE.replace("state: MN", "state: TX"))
    doc = api.draft(recipe).document
    assert counsel_notice(doc).startswith("Notice to counsel: Texas SB 4 (2017) (Tex. Gov\u2019t "
                                          "Code ch. 752) may forbid or penalize Section\u00a03 of "
                                          "this draft.")
    staging, savings = doc.section("property.staging"), doc.section("savings.final")
    assert any(p.startswith("State law warning: Texas SB 4") for p in note_paragraphs(doc, staging))
    assert "State law: no rule of Texas SB 4 (2017) that this library tracks is known to reach " \
           "this section; have counsel confirm." in note_paragraphs(doc, savings)
    text = api.render(doc, "markdown").decode()
    assert text.index("**Notice to counsel:") < text.index("**AN ORDINANCE")
    clean = api.render(api.draft(recipe, rationale="none").document, "markdown").decode()
    assert "Notice to counsel" not in clean


def test_a_neutral_variant_runs_into_no_state_rule(recipe: Path, library: Path) -> None:
    from conftest import RECIPE

    staging = library / "property" / "staging.yaml"
    staging.write_text(staging.read_text().replace("    summary: Lots only.\n",
                                                   "    summary: Lots only.\n    state_rules: []\n"))
    recipe.write_text(RECIPE.replace("state: MN", "state: TX").replace(
        "{variant: strong, notice_days: 7}", "{variant: baseline}"))
    doc = api.draft(recipe).document
    assert doc.state_laws == () and doc.section("property.staging").state_laws == ()

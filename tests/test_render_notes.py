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
        "Sections 3, 4.")

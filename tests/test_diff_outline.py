"""Paragraphs from Word files and web pages made into sections: headings by style or tag,
or by how they read; labels from list numbering or typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.diff.outline import Para, build, heading_text


@pytest.mark.parametrize(("para", "heading"), [
    (Para("Sec. 19.30. - Definitions.", 1), "Sec. 19.30. Definitions."),
    (Para("§ 2-173-020 Definitions.", 1), "§ 2-173-020 Definitions."),
    (Para("Section 3. Use of Property.", 1), "Section 3. Use of Property."),
    (Para("Use of Property.", 1, label="Section 3."), "Section 3. Use of Property."),
    (Para("Purpose", 1, heading=2), "Purpose"),
    (Para("19.30. Definitions.", 1, bold=True), "19.30. Definitions."),
    # text, not headings
    (Para("Section 19.30 of the Code is amended to read as follows:", 1), None),
    (Para("19.30. Definitions.", 1), None),  # a bare number needs bold or a heading style
    (Para("Sec. 19.30. - Definitions.", 1, link=True), None),  # a table of contents entry
    (Para("Section 3. " + "word " * 30, 1), None),
    (Para("No agency shall act.", 1, label="(a)"), None),
])
def test_what_reads_as_a_heading(para: Para, heading: str | None) -> None:
    assert heading_text(para) == heading


def test_paragraphs_become_a_preamble_and_sections(tmp_path: Path) -> None:
    paras = [Para("CHAPTER 19. SEPARATION", 1, heading=1),
             Para("An introductory note.", 2),
             Para("Sec. 19.30. - Definitions.", 3, heading=3),
             Para("For purposes of this chapter:", 4),
             Para("\u201cAgency\u201d means any department.", 5, label="(a)"),
             Para("a thing;", 6, label="1."),
             Para("(b) Typed label\tafter a tab.", 7),
             Para("Sec. 19.40. Lots.", 8),
             Para("No lot shall be used.", 9),
             Para("ARTICLE II.", 10, heading=1)]
    code = build(paras, tmp_path / "code.docx")
    assert [p.text for p in code.preamble] == ["CHAPTER 19. SEPARATION",
                                               "An introductory note."]
    assert [(s.number, s.title, s.line) for s in code.sections] == [
        ("19.30", "Definitions", 3), ("19.40", "Lots", 8), ("", "ARTICLE II", 10)]
    assert [(p.level, p.label, p.text) for p in code.sections[0].paragraphs] == [
        (0, "", "For purposes of this chapter:"),
        (1, "(a)", "\u201cAgency\u201d means any department."),
        (2, "(1)", "a thing;"), (1, "(b)", "Typed label after a tab.")]


def test_without_numbered_headings_second_level_headings_are_sections(tmp_path: Path) -> None:
    code = build([Para("A Memo", 1, heading=1), Para("Intro.", 2), Para("Purpose", 3, heading=2),
                  Para("Text.", 4), Para("Scope", 5, heading=2)], tmp_path / "memo.docx")
    assert [p.text for p in code.preamble] == ["A Memo", "Intro."]
    assert [s.title for s in code.sections] == ["Purpose", "Scope"]


def test_control_characters_and_reference_markers_never_come_through(tmp_path: Path) -> None:
    code = build([Para("Sec. 1. Title.", 1), Para("bad\x00 \ue000marker\ue001 text", 2)],
                 tmp_path / "x.html")
    assert code.sections[0].paragraphs[0].text == "bad marker text"

"""The document model: what renderers read."""

from __future__ import annotations

from ordgen.document import ClauseRecord, Paragraph, Provenance, Ref, Section


def test_a_paragraph_reads_as_amended() -> None:
    from ordgen.document import Change

    p = Paragraph(1, "(a)", ("No ", Change("del", "lot"), Change("ins", "garage"), " and ",
                              Ref("x.y", "sec_x__y", "Section 4"), "."))
    assert p.plain() == "No garage and Section 4."


def test_a_section_title_carries_its_number() -> None:
    s = Section(clause_id="a.b", heading="City Property.", variant="strong", reason="chosen",
                layer="lib", paragraphs=(), rationale=(), authorities=(), state_laws=(),
                number=3)
    assert (s.label, s.title) == ("Section 3", "Section 3. City Property.")


def test_provenance_lines_leave_out_what_is_unknown() -> None:
    p = Provenance("0.1.0", "lib 1", "abc", "", "def", (ClauseRecord("a.b", "x", "lib", "chosen"),))
    assert p.lines() == ["generator: ordgen 0.1.0", "library: lib 1", "library-sha256: abc",
                         "recipe-sha256: def", "clause: a.b variant=x layer=lib (chosen)"]

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import msgspec
import pytest
from conftest import need_tool

from ordgen.api import draft
from ordgen.render import markdown


@pytest.fixture
def doc(recipe: Path):
    return draft(recipe).document


def in_mode(doc, mode: str) -> str:
    """The draft rendered with its rationale in `mode`, as `api.draft(rationale=...)` sets it."""
    return markdown.render(msgspec.structs.replace(doc, rationale_mode=mode))


def test_clean_draft_has_no_notes_but_the_counsel_note(doc) -> None:
    text = in_mode(doc, "none")
    assert "Model language for review by counsel" in text
    assert "Drafting note" not in text and "Rationale Memorandum" not in text
    assert text.index("WHEREAS") < text.index("BE IT ORDAINED") < text.index("## Section 1.")


def test_inline_notes_follow_each_section(doc) -> None:
    text = in_mode(doc, "inline")
    # each section's, and the findings' after the recitals
    assert text.count("> **Drafting note.**") == len(doc.sections) + len(doc.findings)
    assert text.index("> **Drafting note.** This rationale") < text.index("BE IT ORDAINED")
    staging = text.index("## Section 3.")
    note = text.index("> **Drafting note.**", staging)
    assert note < text.index("## Section 4.")
    assert "Authorities: Printz v. United States (U.S. 1997); 8\u00a0U.S.C.\u00a0§\u00a01373." in text


def test_memo_has_rationales_and_a_table_of_authorities(doc) -> None:
    text = in_mode(doc, "memo")
    memo = text.index("# Rationale Memorandum")
    assert text.index("## Table of Authorities") > memo
    assert "- Printz v. United States (U.S. 1997): the federal government may not command " \
           "state officers. Cited in Section\u00a03." in text
    assert "Cited in Sections\u00a03, 4." in text


def test_provenance_without_timestamps(doc) -> None:
    text = markdown.render(doc)
    block = text[text.index("<!--"):]
    assert "generator: ordgen" in block and "recipe-sha256: " in block
    assert "clause: property.staging variant=strong layer=lib (chosen)" in block
    assert "clause: savings.final variant=standard layer=lib (required by property.staging)" \
        in block
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}", block)  # no dates or times


def test_markdown_special_characters_are_escaped() -> None:
    assert markdown.escape("a *b* _c_ [d] <e> #f") == r"a \*b\* \_c\_ \[d\] \<e\> \#f"
    assert markdown.escape("1. not a list") == r"1\. not a list"


def test_pandoc_reads_paragraphs_not_lists(doc, tmp_path: Path) -> None:
    pandoc = need_tool("pandoc")
    source = tmp_path / "d.md"
    source.write_text(in_mode(doc, "none"))
    native = subprocess.run([pandoc, "-f", "commonmark", "-t", "native", str(source)],
                            capture_output=True, text=True, check=True).stdout
    assert "OrderedList" not in native and "BulletList" not in native
    plain = subprocess.run([pandoc, "-t", "plain", "--wrap=none", str(source)],
                           capture_output=True, text=True, check=True).stdout
    assert "(a) No lot shall be used as a staging area." in plain
    assert "(A) Even at night." in plain

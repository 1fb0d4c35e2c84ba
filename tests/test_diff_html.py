"""Web pages of code text read as sections, as code publishers serve a chapter."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.diff import html

Run = Callable[..., "subprocess.CompletedProcess[str]"]

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Chapter 19</title>
<script>var heading = "Sec. 19.99. - Not text.";</script><style>p { color: red }</style>
</head><body>
<nav><ul><li><a href="#s30">Sec. 19.30. - Definitions.</a></li></ul></nav>
<div class="toc"><a href="#s40">Sec. 19.40. - Lots.</a></div>
<h1>CHAPTER 19. - SEPARATION OF CITY SERVICES</h1>
<p><b>Sec. 19.30. - Definitions.</b></p>
<p>For purposes of this chapter, the following terms have the meanings given:</p>
<p>(a) <i>Agency</i> means any department &amp; office of the&nbsp;City.</p>
<p>(1) a thing;<br>(2) another thing.</p>
<h3 id="s40">§ 19.40 Use of lots.</h3>
<p>No lot shall be used as a staging area.
<p>An unclosed paragraph, as old pages have them.
</body></html>
"""


def test_a_page_is_read_as_sections(tmp_path: Path) -> None:
    code = html.parse(PAGE, tmp_path / "chapter.html")
    assert [p.text for p in code.preamble] == [
        "Sec. 19.40. - Lots.", "CHAPTER 19. - SEPARATION OF CITY SERVICES"]
    assert [(s.number, s.title, s.line) for s in code.sections] == [
        ("19.30", "Definitions", 8), ("19.40", "Use of lots", 12)]
    assert [(p.level, p.label, p.text) for p in code.sections[0].paragraphs] == [
        (0, "", "For purposes of this chapter, the following terms have the meanings given:"),
        (1, "(a)", "Agency means any department & office of the City."),
        (2, "(1)", "a thing;"), (2, "(2)", "another thing.")]
    assert [p.text for p in code.sections[1].paragraphs] == [
        "No lot shall be used as a staging area.", "An unclosed paragraph, as old pages have them."]


def test_the_character_set_comes_from_the_page(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    page.write_bytes(b'<meta charset="windows-1252"><h2>Sec. 1. Title.</h2><p>the City\x92s</p>')
    assert html.load(page).sections[0].paragraphs[0].text == "the City\u2019s"


@pytest.mark.parametrize(("data", "code"), [
    (b"<h2>Sec. 1. T.</h2><p>\xff\xfe bad</p>", "not-utf8"),
    (b'<meta charset="klingon"><p>x</p>', "unknown-encoding"),
])
def test_unreadable_pages_are_located_errors(tmp_path: Path, data: bytes, code: str) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(data)
    with pytest.raises(OrdgenError) as err:
        html.load(page)
    (d,) = err.value.diagnostics
    assert d.code == code and d.path.endswith("bad.html")
    with pytest.raises(OrdgenError) as missing:
        html.load(tmp_path / "none.html")
    assert missing.value.diagnostics[0].code == "no-file"
    os.mkfifo(tmp_path / "pipe.html")  # refused without being opened: nothing blocks
    with pytest.raises(OrdgenError) as pipe:
        html.load(tmp_path / "pipe.html")
    assert pipe.value.diagnostics[0].code == "not-a-regular-file"


def test_entities_are_not_expanded_from_anywhere(tmp_path: Path) -> None:
    page = tmp_path / "entities.html"
    page.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    "<h2>Sec. 1. Title.</h2><p>a &e; b &lt;c&gt;</p>", encoding="utf-8")
    (section,) = html.load(page).sections
    assert section.paragraphs[0].text == "a &e; b <c>"


def test_a_page_diffs_against_markdown(tmp_path: Path) -> None:
    page = tmp_path / "chapter.html"
    page.write_text(PAGE, encoding="utf-8")
    md = tmp_path / "new.md"
    md.write_text("## Sec. 19.30. Definitions.\n\nFor purposes of this chapter, the following "
                  "terms have the meanings given:\n\n\\(a) Agency means any department & office "
                  "of the City.\n", encoding="utf-8")
    redline = api.diff(page, md, [])
    assert redline.summary.startswith("Sections: 1 changed")

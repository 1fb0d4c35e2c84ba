"""One draft as a standalone HTML page: the same document as the Markdown, its
cross-references as links, its rationale where the mode puts it, nothing from the network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from conftest import ROOT
from htmlcheck import Page

from ordgen import api, output
from ordgen.document import Change, Paragraph, Ref
from ordgen.render import html, render


@pytest.fixture
def doc(recipe: Path):
    return api.draft(recipe).document


def in_mode(doc, mode: str) -> str:
    return html.render(msgspec.structs.replace(doc, rationale_mode=mode))


def test_a_standalone_page_carries_its_stylesheet_and_asks_for_nothing(doc) -> None:
    text = html.render(doc)
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert page.unclosed == [] and page.stack == []
    assert html.stylesheet() in text
    assert page.attrs("link", "href") == [] and page.attrs("script", "src") == []
    assert page.attrs("img", "src") == []
    assert "<title>ORDINANCE NO. 2026-1 — City of Minneapolis</title>" in text
    assert page.heading_problems() == []
    assert page.attrs("main", "id") == ["main"]


def test_cross_references_link_to_the_sections_they_name(doc) -> None:
    page = Page(html.render(doc))
    section = doc.section("savings.final")
    assert section is not None and section.anchor == "sec_savings__final"
    assert f'<a href="#sec_savings__final">Section\u00a0{section.number}</a>' in html.render(doc)
    targets = [h[1:] for h in page.attrs("a", "href") if h.startswith("#")]
    assert targets and set(targets) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))


def test_the_text_is_the_markdown_text(doc) -> None:
    """Every section heading and paragraph reads as in the Markdown draft."""
    page = Page(in_mode(doc, "none")).text
    for section in doc.sections:
        assert section.title in page
        for p in section.paragraphs:
            assert " ".join(f"{p.label} {p.plain()}".split()) in page
    for recital in doc.recitals:
        assert " ".join(recital.plain().split()) in page


def test_rationale_modes_follow_markdown(doc) -> None:
    assert "Drafting note" not in in_mode(doc, "none")
    assert "Rationale Memorandum" not in in_mode(doc, "none")
    inline = in_mode(doc, "inline")
    assert inline.count('role="note"') == len(doc.sections)
    assert inline.count("<strong>Drafting note.</strong>") == len(doc.sections)
    assert in_mode(doc, "comments") == inline  # an HTML page has no comments: notes instead
    memo = in_mode(doc, "memo")
    assert "Drafting note" not in memo
    page = Page(memo)
    assert (2, "Rationale Memorandum") in page.headings
    assert (3, "Table of Authorities") in page.headings
    assert (4, "Cases") in page.headings
    assert "Printz v. United States (U.S. 1997): the federal government may not command state " \
           "officers. Cited in Section 3." in page.text
    assert "https://example.org/printz" in page.attrs("a", "href")
    assert page.heading_problems() == []


def test_text_from_the_library_is_escaped() -> None:
    p = Paragraph(1, "(a)", ('<script>alert("x")</script> & ', Ref("a.b", 'x"><b', "Section 2"),
                             Change("del", "<i>old</i>"), Change("ins", "new & 'quoted'")))
    out = html.paragraph(p)
    assert "<script>" not in out and "<i>" not in out
    assert out == ('<p class="level-1"><span class="label">(a)</span> &lt;script&gt;alert('
                   '&quot;x&quot;)&lt;/script&gt; &amp; <a href="#x&quot;&gt;&lt;b">Section 2</a>'
                   '<del>&lt;i&gt;old&lt;/i&gt;</del><ins>new &amp; &#x27;quoted&#x27;</ins></p>')
    assert html.paragraph(p, links=False).count("<a ") == 0
    assert html.inline((Ref("a.b", "", "Section 9"),)) == "Section 9"  # unresolved: no link


def test_provenance_is_a_comment_without_timestamps(doc) -> None:
    text = html.render(doc)
    comment = text[text.index("<!--\n"):text.index("\n-->")]
    assert "generator: ordgen" in comment and "recipe-sha256: " in comment
    assert "--" not in comment[4:]
    assert html.render(doc) == text  # the same document, the same bytes


def test_an_amending_ordinance_shows_its_redline() -> None:
    doc = api.draft(ROOT / "examples" / "minneapolis-amend.yaml").document
    text = html.render(doc)
    assert "<del>" in text and "<ins>" in text
    assert "Deleted language is stricken; new language is underscored." in text
    assert Page(text).unclosed == []


def test_html_is_an_output_format(recipe: Path, tmp_path: Path,
                                  run_ordgen: Callable[..., object]) -> None:
    assert output.output_format(Path("draft.HTML")) == "html"
    assert output.output_format(Path("draft.htm")) == "html"
    out = tmp_path / "draft.html"
    done = run_ordgen("build", recipe, "-o", out, "-o", tmp_path / "draft.md")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == render(api.draft(recipe).document, "html")
    assert (tmp_path / "draft.md").read_text().startswith("# ORDINANCE NO. 2026-1")


def test_a_comparison_as_html(tmp_path: Path) -> None:
    out = tmp_path / "changes.html"
    api.diff(ROOT / "examples" / "minneapolis.yaml", ROOT / "examples" / "minneapolis-v2.yaml",
             [out])
    page = Page(out.read_text(encoding="utf-8"))
    assert page.unclosed == [] and page.heading_problems() == []
    assert "<del>" in out.read_text() and "<ins>" in out.read_text()
    assert "Deleted language is stricken" in page.text

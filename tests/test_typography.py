"""The typography pass: curly quotation marks and apostrophes, and non-breaking spaces in
section references and citations, set once on the whole draft."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from ordgen import api, typography
from ordgen.document import Change, Ref
from ordgen.render import markdown

NB = "\u00a0"


@pytest.mark.parametrize(("text", "expected"), [
    ('the "trust" of residents', "the \u201ctrust\u201d of residents"),
    ('"Agency" means', "\u201cAgency\u201d means"),
    ("the City's lots", "the City\u2019s lots"),
    ("don't ask", "don\u2019t ask"),
    ("Cal. Gov't Code", "Cal. Gov\u2019t Code"),
    ("residents' information", "residents\u2019 information"),
    ("NOTUS, 'We Need to Think' (2025)", "NOTUS, \u2018We Need to Think\u2019 (2025)"),
    ('("quoted")', "(\u201cquoted\u201d)"),
    ('said: "a \'b\' c."', "said: \u201ca \u2018b\u2019 c.\u201d"),
    ("in the '90s", "in the \u201990s"),
    ("already \u201ccurly\u201d", "already \u201ccurly\u201d"),
])
def test_quotes_and_apostrophes_are_curled(text: str, expected: str) -> None:
    assert typography.curl(text) == expected
    assert typography.straighten(typography.curl(text)) == typography.straighten(expected)


def test_a_quote_takes_its_side_from_the_text_before_it() -> None:
    content = typography.inlines(('as "', Ref("a.b", "sec_a__b", "Section 3"), '" says'))
    assert content == ("as \u201c", Ref("a.b", "sec_a__b", f"Section{NB}3"), "\u201d says")
    changed = typography.inlines(("the ", Change("del", '"old"'), " ", Change("ins", '"new"')))
    assert changed == ("the ", Change("del", "\u201cold\u201d"), " ",
                       Change("ins", "\u201cnew\u201d"))


@pytest.mark.parametrize(("text", "expected"), [
    ("as provided in Section 3 and Section 4.", f"as provided in Section{NB}3 and Section{NB}4."),
    ("Sections 3 and 4", f"Sections{NB}3 and 4"),
    ("subsection (a) of Sec. 19.30", f"subsection{NB}(a) of Sec.{NB}19.30"),
    ("8 U.S.C. § 1373", f"8{NB}U.S.C.{NB}§{NB}1373"),
    ("8 U.S.C. §§ 1373 and 1644", f"8{NB}U.S.C.{NB}§§{NB}1373 and 1644"),
    ("8 C.F.R. § 287.7", f"8{NB}C.F.R.{NB}§{NB}287.7"),
    ("Cal. Gov't Code § 7284.6", f"Cal. Gov\u2019t Code §{NB}7284.6"),
    ("this section applies", "this section applies"),  # no number: nothing to keep together
])
def test_section_references_and_citations_keep_together(text: str, expected: str) -> None:
    assert typography.text(text) == expected
    assert typography.text(expected) == expected  # setting twice changes nothing


def test_the_pass_sets_every_text_of_a_draft(recipe: Path) -> None:
    doc = api.draft(recipe).document
    text = markdown.render(doc)
    body = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    assert "'" not in body and '"' not in body
    assert "\u201cStaging area\u201d" in text and "agencies\u2019 vehicles" in text
    assert f"See Section{NB}4." in text  # a cross-reference's number stays with its word
    assert f"8{NB}U.S.C.{NB}§{NB}1373" in text  # in the authorities as well
    recipe.write_text(recipe.read_text().replace("state: MN", "state: TX"))
    texas = api.draft(recipe).document
    staging = texas.section("property.staging")
    assert staging is not None  # a state law a section runs into is set as well
    assert [law.citation for law in staging.state_laws] == ["Tex. Gov\u2019t Code ch. 752"]
    assert texas.state_laws[0].law == staging.state_laws[0]


@pytest.mark.parametrize("recipe", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_no_straight_quotes_are_left_in_the_examples(recipe: Path) -> None:
    text = re.sub(r"<!--.*?-->|<https?://[^>]*>", "", markdown.render(api.draft(recipe).document),
                  flags=re.S)
    assert "'" not in text and '"' not in text
    # every opening double quotation mark is closed before the paragraph ends
    for paragraph in text.split("\n\n"):
        assert paragraph.count("\u201c") == paragraph.count("\u201d"), paragraph[:120]

"""WordprocessingML text: runs, fields, tracked changes and bookmarks."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ordgen.document import Change, Paragraph, Ref
from ordgen.render.ooxml import W_NS, Body, change_run, field, split_label, text_runs, xml_escape

WHEN = dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
STYLES = {name: name.replace(" ", "") for name in ("Section Text", "Subsection 1", "Heading 1")}


def parse(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}">{xml}</w:body>')


def test_text_escapes_and_keeps_tabs_and_breaks() -> None:
    assert xml_escape("a < b & c") == "a &lt; b &amp; c"
    xml = text_runs("a\tb\nc")
    assert xml.count("<w:tab/>") == 1 and xml.count("<w:br/>") == 1


def test_fields_show_their_cached_result() -> None:
    ref = field("REF sec_a__b \\h", "Section 4")
    el = parse(f"<w:p>{ref}</w:p>")
    assert "".join(el.itertext()).strip().endswith("Section 4")


def test_changes_as_formatting_or_as_tracked_revisions() -> None:
    assert "<w:strike/>" in change_run(Change("del", "x"), tracked=False, rev=0, when=WHEN)
    tracked = change_run(Change("del", "x"), tracked=True, rev=7, when=WHEN)
    assert tracked.startswith('<w:del w:id="7" w:author="ordgen" w:date="2026-01-02T00:00:00Z">')
    assert "<w:delText" in tracked


def test_a_body_writes_paragraphs_in_styles_with_unique_ids() -> None:
    body = Body(STYLES, WHEN, tracked=True)
    body.paragraph(Paragraph(1, "(a)", ("See ", Ref("a.b", "sec_a__b", "Section 2"), ".")))
    body.paragraph(Paragraph(0, "", (Change("ins", "new"),)))
    body.para("Heading 1", body.bookmark("sec_x", body.run("Section 1")))
    el = parse("".join(body.out))
    styles = [s.get(f"{{{W_NS}}}val") for s in el.iter(f"{{{W_NS}}}pStyle")]
    assert styles == ["Subsection1", "SectionText", "Heading1"]
    ids = [e.get(f"{{{W_NS}}}id") for e in el.iter() if e.get(f"{{{W_NS}}}id") is not None]
    assert len(set(ids)) == len(ids) - 1  # a bookmark's start and end share one id


def test_a_redlined_label_is_split_from_its_text_by_a_tab() -> None:
    content = (Change("del", "(b)"), " ", Change("ins", "(c)"), " No agency shall ask.")
    assert split_label(content) == ((Change("del", "(b)"), " ", Change("ins", "(c)")),
                                    ("No agency shall ask.",))
    assert split_label((Change("ins", "(c) Wholly new."),)) == (
        (Change("ins", "(c)"),), (Change("ins", "Wholly new."),))
    assert split_label(("No label here.",)) == ((), ("No label here.",))
    body = Body(STYLES, WHEN, indents={"Subsection 1": '<w:ind w:left="720" w:hanging="720"/>'})
    body.paragraph(Paragraph(1, "", content))
    body.paragraph(Paragraph(1, "(a)", ("Live.",)), live=True)
    typed, live = parse("".join(body.out))
    assert typed.find(f"{{{W_NS}}}pPr/{{{W_NS}}}numPr/{{{W_NS}}}numId").get(
        f"{{{W_NS}}}val") == "0"  # out of the list: its label is typed
    assert typed.find(f"{{{W_NS}}}pPr/{{{W_NS}}}ind") is not None  # with the style's indent
    assert [t.tag.split("}")[1] for t in typed.iter(f"{{{W_NS}}}tab")] == ["tab"]
    assert live.find(f"{{{W_NS}}}pPr/{{{W_NS}}}numPr") is None  # the style's list numbers it
    assert "".join(live.itertext()) == "Live."

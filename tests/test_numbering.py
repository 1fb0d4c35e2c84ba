"""Numbering: sections get numbers and bookmark names once, and references follow them."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from ordgen import api
from ordgen.document import Paragraph, Ref
from ordgen.numbering import MAX_ANCHOR, anchor_name, number


def test_anchors_come_from_clause_ids_and_suit_word() -> None:
    assert anchor_name("alpr.retention") == "sec_alpr__retention"
    assert anchor_name("policing.support-roles") == "sec_policing__support_roles"
    long = anchor_name("a-very-long-category-name.and-an-even-longer-clause-name")
    assert len(long) <= MAX_ANCHOR and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", long)
    assert long != anchor_name("a-very-long-category-name.and-an-even-longer-clause-nam")


def test_numbers_follow_the_order_and_references_follow_numbers(recipe: Path) -> None:
    doc = api.draft(recipe).document
    assert [s.number for s in doc.sections] == list(range(1, len(doc.sections) + 1))
    refs = [c for s in doc.sections for p in s.paragraphs for c in p.content
            if isinstance(c, Ref)]
    savings = doc.section("savings.final")
    assert savings is not None
    # the typography pass keeps "Section 4" on one line
    assert refs == [Ref("savings.final", savings.anchor, savings.label.replace(" ", "\u00a0"))]
    cited = {a.key: a.sections for a in doc.authorities}
    assert cited["usc-8-1373"] == tuple(sorted({doc.section("property.staging").number,
                                                 savings.number}))


def test_renumbering_a_reordered_document(recipe: Path) -> None:
    doc = api.draft(recipe).document
    flipped = msgspec.structs.replace(doc, sections=doc.sections[::-1])
    again = number(flipped)
    assert [s.clause_id for s in again.sections] == [s.clause_id for s in doc.sections][::-1]
    assert again.sections[0].number == 1
    staging = again.section("property.staging")
    (ref,) = [c for p in staging.paragraphs for c in p.content if isinstance(c, Ref)]
    assert ref.text == again.section("savings.final").label == "Section 1"


def test_two_keys_that_read_alike_keep_distinct_anchors(recipe: Path) -> None:
    doc = api.draft(recipe).document
    twin = msgspec.structs.replace(doc.sections[0], clause_id="", key="repeal 1.1")
    twin2 = msgspec.structs.replace(doc.sections[0], clause_id="", key="repeal 1-1",
                                    paragraphs=(Paragraph(0, "", ("x",)),))
    again = number(msgspec.structs.replace(doc, sections=(twin, twin2)))
    assert len({s.anchor for s in again.sections}) == 2

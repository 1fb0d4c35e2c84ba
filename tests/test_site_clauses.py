"""Each clause as its page shows it: every variant as `ordgen show` renders it, and the
redline from each strength to the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from ordgen import api
from ordgen.browse import clause_detail
from ordgen.diff.words import changed
from ordgen.document import Change
from ordgen.library import load_library
from ordgen.site import clauses


@pytest.fixture(scope="module")
def bundled():
    return load_library([ROOT / "clauses"])


def test_page_names_are_stable_and_distinct() -> None:
    names = clauses.slugs(["alpr.retention", "a-b.c", "a.b-c", "data-sharing.access-audit"])
    assert names["alpr.retention"] == "alpr-retention"
    assert names["data-sharing.access-audit"] == "data-sharing-access-audit"
    assert (names["a-b.c"], names["a.b-c"]) == ("a-b-c", "a-b-c-2")  # sorted: first is plain
    assert clauses.slugs(reversed(list(names))) == names


def test_every_variant_is_the_text_ordgen_show_renders(bundled) -> None:
    entry = clauses.entry(bundled, "alpr.retention", "alpr-retention")
    assert [v.name for v in entry.variants] == ["baseline", "strong", "strongest"]
    assert [v.default for v in entry.variants] == [False, True, False]
    assert entry.detail == clause_detail(bundled, "alpr.retention")
    for variant in entry.variants:
        shown = clause_detail(bundled, "alpr.retention", variant.name)["sample"]["paragraphs"]
        assert [(p.level, p.label, p.plain()) for p in variant.paragraphs] == \
            [(p["level"], p["label"], p["text"]) for p in shown]
        assert variant.summary == bundled.clauses["alpr.retention"].clause.variants[
            variant.name].summary


def test_each_strength_is_compared_with_the_one_below(bundled) -> None:
    baseline, strong, strongest = clauses.entry(bundled, "alpr.retention", "x").variants
    assert (baseline.previous, baseline.changes) == ("", ())
    assert (strong.previous, strongest.previous) == ("baseline", "strong")
    inserted = " ".join(c.text for p in strongest.changes for c in p.content
                        if isinstance(c, Change) and c.kind == "ins")
    assert "review the need at least once every ninety (90) days" in inserted
    assert any(changed(p.content) for p in strong.changes)
    # what the redline shows, with every change made, is the stronger text
    def words(paragraphs) -> list[str]:
        return " ".join(f"{p.label} {p.plain()}" for p in paragraphs).split()

    assert words(strongest.changes) == words(strongest.paragraphs)


def test_a_clause_of_one_text_has_one_variant_and_no_redline(bundled) -> None:
    entry = clauses.entry(bundled, "findings.trust", "findings-trust")
    (only,) = entry.variants
    assert (only.name, only.previous, only.changes) == ("standard", "", ())
    assert only.paragraphs[0].plain().startswith("WHEREAS, ")


def test_entries_come_in_draft_order_and_know_who_requires_them(library: Path) -> None:
    lib = load_library([library])
    entries = clauses.entries(lib)
    assert [e.id for e in entries] == ["findings.trust", "purpose.statement", "definitions.core",
                                       "property.staging", "savings.final"]
    by_id = {e.id: e for e in entries}
    assert by_id["definitions.core"].required_by == ("property.staging", "purpose.statement")
    assert by_id["savings.final"].required_by == ("property.staging",)
    assert by_id["property.staging"].slug == "property-staging"


def test_the_definitions_clause_shows_every_definition_as_a_draft_prints_it(bundled) -> None:
    entry = clauses.entry(bundled, "definitions.core", "definitions-core")
    (only,) = entry.variants
    text = [p.plain() for p in only.paragraphs]
    assert text[0].startswith("For purposes of this ordinance, the following terms")
    defined = bundled.clauses["definitions.core"].clause.defines
    assert len(text) == 1 + len(defined)
    assert [p.label for p in only.paragraphs[1:4]] == ["(a)", "(b)", "(c)"]
    assert any(t.startswith("\u201cAgency\u201d means") for t in text)
    # in a draft that uses the term, the same words
    draft = api.draft(ROOT / "examples" / "minneapolis.yaml").document
    section = draft.section("definitions.core")
    assert section is not None
    agency = next(p.plain() for p in section.paragraphs if p.plain().startswith("\u201cAgency"))
    assert agency.replace("Minneapolis", "Saint Paul") in text


def test_a_clause_that_defines_terms_lists_them(bundled) -> None:
    entry = clauses.entry(bundled, "alpr.searches", "alpr-searches")
    assert {p.plain().split("\u201d")[0].lstrip("\u201c").casefold() for p in entry.definitions} \
        >= {t.casefold() for t in bundled.clauses["alpr.searches"].clause.defines}
    assert clauses.entry(bundled, "alpr.retention", "x").definitions == ()

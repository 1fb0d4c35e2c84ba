"""The site's pages: what each holds, that every link lands, that nothing is fetched from
elsewhere, that library text is escaped, and that the same inputs give the same bytes."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from htmlcheck import Page

from ordgen import api
from ordgen.browse import clause_detail
from ordgen.library import load_library
from ordgen.site import adoption, build


@pytest.fixture(scope="module")
def bundled():
    """The bundled library's site, built with the example recipes, as path -> bytes."""
    lib = load_library([ROOT / "clauses"])
    drafts = []
    for path in api.example_recipes([ROOT / "clauses"]):
        result = api.draft(path, library=[ROOT / "clauses"])
        drafts.append(adoption.Adopted(path.name, result.document, result.selection,
                                       result.left_out))
    return lib, build.build(lib, drafts, commit="0123abcd" * 5)


def pages(files: dict[str, bytes]) -> dict[str, Page]:
    return {name: Page(data.decode("utf-8")) for name, data in files.items()
            if name.endswith(".html")}


def test_the_site_has_every_page_and_asset(bundled) -> None:
    lib, files = bundled
    names = set(files)
    assert {"index.html", "state-laws.html", "jurisdictions.html", "search.html",
            "assets/ordgen.css", "assets/ordgen.js", "assets/search.js", "assets/lunr.min.js",
            "assets/lunr-LICENSE.txt", "assets/search-index.js", ".nojekyll",
            build.MARKER} <= names
    clause_pages = {n for n in names if n.startswith("clauses/")}
    assert len(clause_pages) == len(lib.clauses)
    assert "clauses/alpr-retention.html" in clause_pages
    drafts = {n for n in names if n.startswith("drafts/")}
    assert drafts == {f"drafts/{p.stem}.html" for p in api.example_recipes([ROOT / "clauses"])}
    assert list(files) == sorted(files)


def test_every_page_is_well_formed_with_headings_in_order(bundled) -> None:
    for name, page in pages(bundled[1]).items():
        assert page.unclosed == [] and page.stack == [], name
        assert page.heading_problems() == [], name
        assert len(page.ids) == len(set(page.ids)), name
        assert page.attrs("html", "lang") == ["en"], name
        assert [t for t, _ in page.tags].count("main") == 1, name
        # every form field has a label
        labelled = set(page.attrs("label", "for"))
        fields = [a.get("id") for t, a in page.tags if t == "input" and a.get("type") != "radio"]
        assert set(fields) <= labelled, name


def test_every_link_lands_on_a_page_and_an_anchor_that_exist(bundled) -> None:
    files = bundled[1]
    parsed = pages(files)
    checked = 0
    for name, page in parsed.items():
        for tag, attrs in page.tags:
            for key in ("href", "src"):
                url = attrs.get(key)
                if url is None or tag not in ("a", "link", "script"):
                    continue
                parts = urlsplit(url)
                if parts.scheme:
                    # only links lead away; nothing is loaded from elsewhere
                    assert tag == "a" and parts.scheme in ("http", "https"), (name, url)
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                           parts.path)) if parts.path else name
                assert target in files, (name, url)
                if parts.fragment:
                    assert parts.fragment in parsed[target].ids, (name, url)
                checked += 1
    assert checked > 1000


def test_a_clause_page_shows_every_variant_as_ordgen_show_does(bundled) -> None:
    lib, files = bundled
    text = files["clauses/alpr-retention.html"].decode()
    page = Page(text)
    assert {"baseline", "strong", "strongest"} <= set(page.ids)
    assert page.headings[0] == (1, "Retention of License Plate Reader Data")
    assert [h for level, h in page.headings if level == 2] == [
        "Variants, weakest first", "Parameters", "Rationale", "Authorities",
        "State laws it runs into"]
    for variant in ("baseline", "strong", "strongest"):
        for p in clause_detail(lib, "alpr.retention", variant)["sample"]["paragraphs"]:
            assert html.escape(p["text"], quote=True) in text
    assert text.count("<del>") > 3 and text.count("<ins>") > 3
    assert "What changes from baseline" in text and "What changes from strong" in text
    assert "retention_days" in page.text and "1–365" in page.text
    for key in lib.clauses["alpr.retention"].clause.authorities:
        assert f'<a href="{html.escape(lib.authorities[key].source)}">' in text
    assert "City of Austin" in page.text  # the example drafts that take it
    # two drafts for one jurisdiction are told apart by their recipes
    staging = Page(files["clauses/property-staging.html"].decode()).text
    assert "City of Minneapolis, minneapolis.yaml (strongest)" in staging
    assert "City of Minneapolis, minneapolis-v2.yaml" in staging and "Cook County (" in staging


def test_a_clause_that_runs_into_state_laws_links_them(bundled) -> None:
    text = bundled[1]["clauses/property-staging.html"].decode()
    assert 'href="../state-laws.html#law-tx-sb4-2017"' in text
    laws = Page(bundled[1]["state-laws.html"].decode())
    assert {"state-TX", "law-tx-sb4-2017", "state-TX-clauses"} <= set(laws.ids)
    assert 'href="#state-TX"' in bundled[1]["state-laws.html"].decode()
    assert "TX, Texas: A sanctuary ban with penalties on officials" in \
        bundled[1]["state-laws.html"].decode()


def test_the_jurisdictions_page_is_a_matrix_of_variants(bundled) -> None:
    text = bundled[1]["jurisdictions.html"].decode()
    page = Page(text)
    assert "City of Austin" in page.text and '<span class="column-note">denver · ordinance</span>' in text
    assert re.search(r'<td class="strength-strong"><a href="clauses/alpr-sharing.html'
                     r'#strongest">strongest</a></td>', text)
    assert "Adopted model laws carried" in page.text
    assert "Chicago Welcoming City Ordinance" in page.text


def test_the_footer_names_the_library_version_and_commit(bundled) -> None:
    for name, data in bundled[1].items():
        if name.endswith(".html") and not name.startswith("drafts/"):
            text = data.decode()
            assert "ordgen model separation library 2026.11" in text, name
            assert "git commit <code>" + "0123abcd" * 5 + "</code>" in text, name
    assert "Model language for review by counsel" in bundled[1]["index.html"].decode()


def test_the_same_inputs_give_the_same_bytes(bundled) -> None:
    lib, files = bundled
    drafts = []
    for path in api.example_recipes([ROOT / "clauses"]):
        result = api.draft(path, library=[ROOT / "clauses"])
        drafts.append(adoption.Adopted(path.name, result.document, result.selection,
                                       result.left_out))
    assert build.build(lib, drafts, commit="0123abcd" * 5) == files


def test_library_text_is_escaped_everywhere(library: Path) -> None:
    trust = library / "findings" / "trust.yaml"
    trust.write_text(trust.read_text().replace(
        "title: Trust", 'title: "Trust <script>alert(1)</script> & \\"more\\""').replace(
        "summary: Trust findings.", "summary: \"<img src=x onerror=alert(1)>\""))
    lib = load_library([library])
    files = build.build(lib, [])
    for name, data in files.items():
        if name.endswith(".html"):
            text = data.decode()
            assert "<script>alert" not in text and "<img src=x" not in text, name
    assert "Trust &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;more&#34;" in \
        files["clauses/findings-trust.html"].decode()
    # a library without library.yaml is named by its folder
    assert "<p class=\"provenance\">lib · built with ordgen" in files["index.html"].decode()
    assert "No example recipes were given" in files["jurisdictions.html"].decode()

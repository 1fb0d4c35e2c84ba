"""The search index: built when the site is, from every clause's title, summary, text and
rationale, the same bytes every time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from lunr.index import Index

from ordgen.library import load_library
from ordgen.site import clauses, search

SCRIPT = """
import sys
from pathlib import Path
from ordgen.library import load_library
from ordgen.site import clauses, search
lib = load_library([Path(sys.argv[1])])
sys.stdout.write(search.script(clauses.entries(lib), {c.id: c.title for c in lib.categories}))
"""


@pytest.fixture(scope="module")
def bundled():
    lib = load_library([ROOT / "clauses"])
    return clauses.entries(lib), {c.id: c.title for c in lib.categories}


def test_documents_hold_every_variant_and_the_rationale(bundled) -> None:
    entries, titles = bundled
    docs = {d["ref"]: d for d in search.documents(entries, titles)}
    assert list(docs) == [e.slug for e in entries]
    retention = docs["alpr-retention"]
    assert retention["title"] == "Retention of License Plate Reader Data"
    assert retention["category"] == "License Plate Readers"
    assert "review the need at least once every ninety (90) days" in retention["text"]  # strongest
    assert "delete ALPR data no later than twenty-one (21) days" in retention["text"]  # baseline
    assert "Data that does not exist cannot be searched" in retention["rationale"]


def test_the_index_finds_clauses_by_their_words(bundled) -> None:
    entries, titles = bundled
    index = Index.load(search.index(search.documents(entries, titles)))
    assert index.search("retention")[0]["ref"] == "alpr-retention"
    assert index.search("staging")[0]["ref"] == "property-staging"
    # words of the rationale alone find a clause too
    assert "alpr-retention" in [r["ref"] for r in index.search("bumper stickers")]


def test_the_index_is_the_one_lunr_builds_by_default(bundled) -> None:
    from lunr import lunr

    entries, titles = bundled
    docs = search.documents(entries, titles)[:8]
    plain = lunr(ref="ref", fields=list(search.FIELDS), documents=docs).serialize()
    assert search.index(docs) == plain
    assert plain["pipeline"] == ["stemmer"]


def test_the_script_sets_one_global_the_page_reads(bundled) -> None:
    entries, titles = bundled
    text = search.script(entries, titles)
    prefix = f"window.{search.GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    data = json.loads(text[len(prefix):-2])
    assert data["index"]["version"] == "2.3.9"  # the version of the vendored lunr.min.js
    assert data["docs"]["alpr-retention"]["url"] == "clauses/alpr-retention.html"
    assert (ROOT / "src" / "ordgen" / "site" / "static" / "lunr.min.js").read_text(
        encoding="utf-8").find('version="2.3.9"') > 0


def test_the_index_is_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    runs = [subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "clauses")],
                           capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and len(runs[0]) > 10_000

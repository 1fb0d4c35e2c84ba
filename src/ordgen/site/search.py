"""The site's search index: a Lunr index of every clause's title, summary, text (all its
variants) and rationale, built when the site is, for Lunr.js to load in the browser.

The index is a script (`assets/search-index.js`) rather than a JSON file fetched at run
time, because browsers refuse `fetch()` from pages opened as `file://`. The lunr package
builds the same index Lunr.js 2.3.9 would; its output depends on nothing but the entries,
which come in draft order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .clauses import Entry

FIELDS = ({"field_name": "title", "boost": 10}, {"field_name": "summary", "boost": 4},
          {"field_name": "text"}, {"field_name": "rationale"})
GLOBAL = "ordgenSearch"  # the name the page's script reads the index from


def documents(entries: Sequence[Entry], categories: dict[str, str]) -> list[dict[str, str]]:
    """One search document per clause, referred to by its page's name.

    The text is every paragraph of every variant, each once: a paragraph the stronger
    variants repeat makes the clause no likelier to be what a reader seeks."""
    return [{"ref": e.slug, "title": e.detail["title"], "summary": e.detail["summary"],
             "category": categories.get(e.detail["category"], e.detail["category"]),
             "text": "\n".join(dict.fromkeys(p.plain() for v in e.variants
                                             for p in v.paragraphs)),
             "rationale": "\n".join(e.detail["rationale"])} for e in entries]


def builder() -> Any:
    """Lunr's default builder (trimmer, stop words, Porter stemmer), but stemming each word
    once: the same words recur in every variant, and stemming was half the work."""
    from lunr.builder import Builder  # only a site build needs lunr
    from lunr.stemmer import porter_stemmer
    from lunr.stop_word_filter import stop_word_filter
    from lunr.trimmer import trimmer

    stems: dict[str, str] = {}

    def stem(word: str, metadata: object = None) -> str:
        found = stems.get(word)
        if found is None:
            found = stems[word] = porter_stemmer.stem(word)
        return found

    def stemmer(token: Any, i: int | None = None, tokens: object = None) -> Any:
        return token.update(stem)

    stemmer.label = "stemmer"  # type: ignore[attr-defined]  # what Lunr.js loads it as
    made = Builder()
    made.pipeline.add(trimmer, stop_word_filter, stemmer)
    made.search_pipeline.add(stemmer)
    return made


def index(docs: Sequence[dict[str, str]]) -> dict[str, Any]:
    """The serialized Lunr index of the documents."""
    from lunr import lunr

    built = lunr(ref="ref", fields=list(FIELDS), documents=list(docs), builder=builder())
    serialized: dict[str, Any] = built.serialize()
    return serialized


def script(entries: Sequence[Entry], categories: dict[str, str]) -> str:
    """The index and what a result shows of each clause, as a script that sets one global."""
    docs = documents(entries, categories)
    shown = {d["ref"]: {"title": d["title"], "summary": d["summary"], "category": d["category"],
                        "url": f"clauses/{d['ref']}.html"} for d in docs}
    data = json.dumps({"index": index(docs), "docs": shown}, ensure_ascii=False,
                      separators=(",", ":"))
    return f"window.{GLOBAL} = {data};\n"

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
    """One search document per clause, referred to by its page's name."""
    return [{"ref": e.slug, "title": e.detail["title"], "summary": e.detail["summary"],
             "category": categories.get(e.detail["category"], e.detail["category"]),
             "text": "\n".join(p.plain() for v in e.variants for p in v.paragraphs),
             "rationale": "\n".join(e.detail["rationale"])} for e in entries]


def index(docs: Sequence[dict[str, str]]) -> dict[str, Any]:
    """The serialized Lunr index of the documents."""
    from lunr import lunr  # only a site build needs it

    built = lunr(ref="ref", fields=list(FIELDS), documents=list(docs))
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

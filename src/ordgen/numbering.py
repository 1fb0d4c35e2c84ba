"""Number a document's sections, once, and resolve everything that names them by number.

Sections are known by their clause id until this stage: it gives each its number (its
place in the document) and a bookmark name made from the clause id, and fills in the text
of every cross-reference and the section numbers of each authority and state-law note.
"""

from __future__ import annotations

import hashlib
import re

from msgspec import structs

from .document import Document, Inline, Paragraph, Ref, Section

MAX_ANCHOR = 40  # Word keeps bookmark names of at most 40 characters


def anchor_name(key: str) -> str:
    """A bookmark name for a section from its clause id: 'alpr.retention' -> 'sec_alpr__retention'.

    Word allows letters, digits and underscores only: a dot becomes two underscores and a
    hyphen one. A name too long for Word keeps its start and gains a short hash."""
    name = "sec_" + re.sub(r"[^A-Za-z0-9_]", "_", key.replace(".", "__"))
    if len(name) > MAX_ANCHOR:
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        name = f"{name[:MAX_ANCHOR - 9]}_{digest}"
    return name


def number(document: Document) -> Document:
    """The document with its sections numbered in order and every reference resolved."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    numbered: list[Section] = []
    for n, section in enumerate(document.sections, 1):
        base = anchor = anchor_name(section.clause_id or section.key or f"section {n}")
        k = 2
        while anchor in used:  # two keys that read alike: keep both distinct
            anchor = f"{base[:MAX_ANCHOR - len(str(k)) - 1]}_{k}"
            k += 1
        used.add(anchor)
        numbered.append(structs.replace(section, number=n, anchor=anchor))
        if section.clause_id:
            anchors[section.clause_id] = anchor
    numbers = {s.clause_id: s.number for s in numbered if s.clause_id}
    by_anchor = {s.anchor: s for s in numbered}

    def resolve(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for item in content:
            if isinstance(item, Ref) and item.target in anchors:
                target = by_anchor[anchors[item.target]]
                item = Ref(item.target, target.anchor, target.label)
            out.append(item)
        return tuple(out)

    def paragraphs(items: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        return tuple(structs.replace(p, content=resolve(p.content)) for p in items)

    def sections_of(ids: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(sorted({numbers[c] for c in ids if c in numbers}))

    return structs.replace(
        document,
        recitals=paragraphs(document.recitals),
        findings=tuple(structs.replace(f, rationale=paragraphs(f.rationale))
                       for f in document.findings),
        sections=tuple(structs.replace(s, paragraphs=paragraphs(s.paragraphs),
                                       rationale=paragraphs(s.rationale)) for s in numbered),
        authorities=tuple(structs.replace(a, sections=sections_of(a.clause_ids))
                          for a in document.authorities),
        state_laws=tuple(structs.replace(n, sections=sections_of(n.clause_ids))
                         for n in document.state_laws))

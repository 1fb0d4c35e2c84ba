"""Each clause as its catalogue page shows it: every variant rendered in the sample draft
`ordgen show` renders, and a word-level redline from each strength to the next.

Nothing here drafts on its own: the text of a variant is `browse.clause_detail`'s, which
selects, assembles and numbers the sample draft as `ordgen show` and `ordgen check` do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from msgspec import Struct

from .. import typography
from ..assemble import Assembler
from ..browse import clause_detail
from ..diagnostics import OrdgenError
from ..diff.sections import TextParagraph
from ..diff.words import diff_paragraphs
from ..document import Paragraph
from ..government import SAMPLE
from ..library import Library
from ..model import Recipe
from ..select import draft_order, sample_selection


class Variant(Struct, frozen=True):
    """One strength level of a clause: its summary, its text, and what it changes."""

    name: str
    summary: str
    default: bool
    paragraphs: tuple[Paragraph, ...]
    previous: str = ""  # the next weaker variant, "" for the weakest
    changes: tuple[Paragraph, ...] = ()  # the redline from `previous` to this one


class Entry(Struct, frozen=True):
    """A clause's page: the default variant's detail, every variant, and its neighbours."""

    id: str
    slug: str  # the page's file name without .html
    detail: dict[str, Any]  # browse.clause_detail of the default variant
    variants: tuple[Variant, ...]
    required_by: tuple[str, ...]  # clauses whose `requires` name this one
    definitions: tuple[Paragraph, ...] = ()  # the terms it defines, as a draft prints them


def slugs(ids: Iterable[str]) -> dict[str, str]:
    """A page name for each clause id: 'alpr.retention' -> 'alpr-retention'.

    Ids that would read alike ('a-b.c' and 'a.b-c') keep distinct names: in sorted order the
    first takes the plain name and each later one a number."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for cid in sorted(ids):
        base = slug = re.sub(r"[^a-z0-9-]", "-", cid.lower())
        k = 2
        while slug in used:
            slug = f"{base}-{k}"
            k += 1
        used.add(slug)
        out[cid] = slug
    return out


def _paragraphs(detail: dict[str, Any]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(p["level"], p["label"], (p["text"],))
                 for p in detail["sample"]["paragraphs"])


def _text(paragraphs: tuple[Paragraph, ...]) -> list[TextParagraph]:
    return [TextParagraph(p.level, p.label, p.plain()) for p in paragraphs]


def definitions(lib: Library, cid: str, variant: str) -> tuple[tuple[Paragraph, ...],
                                                                 tuple[Paragraph, ...]]:
    """A clause's own text and every term it defines, as the Definitions section of a draft
    that used them all would read, in the sample draft `ordgen show` renders.

    A draft prints a definition only when it uses the term, so the sample of one clause
    shows none; here the assembler that builds drafts defines every one."""
    selection = sample_selection(lib, cid, variant)
    assembler = Assembler(lib, selection, Recipe(jurisdiction=SAMPLE, title="Sample",
                                                 clauses=[cid]))
    chosen = assembler.by_id[cid]
    rendered = assembler.render_clause(chosen)
    terms = assembler.define({term.casefold(): (term, cid) for term in
                              lib.clauses[cid].clause.defines}, [chosen])
    if assembler.errors or rendered is None:
        raise OrdgenError(assembler.errors)
    return (typography.paragraphs(tuple(rendered.paragraphs)),
            typography.paragraphs(tuple(terms)))


def entry(lib: Library, cid: str, slug: str, required_by: tuple[str, ...] = ()) -> Entry:
    """One clause with every variant rendered and each compared with the one before."""
    detail = clause_detail(lib, cid)
    role = lib.role(lib.clauses[cid].clause)
    defined: tuple[Paragraph, ...] = ()
    variants: list[Variant] = []
    for item in detail["variants"]:
        name = item["name"]
        shown = detail if name == detail["variant"] else clause_detail(lib, cid, name)
        paragraphs = _paragraphs(shown)
        if detail["defines"] and (role == "definitions" or name == detail["variant"]):
            own, terms = definitions(lib, cid, name)
            if role == "definitions":  # its text is its definitions: show the section whole
                paragraphs = own + terms
            if name == detail["variant"]:
                defined = terms
        if variants:
            before = variants[-1]
            changes = tuple(diff_paragraphs(_text(before.paragraphs), _text(paragraphs)))
            variants.append(Variant(name, item["summary"], item["default"], paragraphs,
                                    before.name, changes))
        else:
            variants.append(Variant(name, item["summary"], item["default"], paragraphs))
    return Entry(cid, slug, detail, tuple(variants), required_by, defined)


def entries(lib: Library) -> list[Entry]:
    """Every clause of the library, in draft order."""
    names = slugs(lib.clauses)
    required_by: dict[str, list[str]] = {}
    for cid, loaded in sorted(lib.clauses.items()):
        for req in loaded.clause.requires:
            required_by.setdefault(req, []).append(cid)
    return [entry(lib, cid, names[cid], tuple(required_by.get(cid, ())))
            for cid in draft_order(lib)]

"""Lint rules: each a small function (library, analysis) -> diagnostics."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..diagnostics import Diagnostic
from ..library import Library
from .analysis import Analysis
from .citations import citation_style, missing_citation

MIN_RATIONALE_WORDS = 120


def unused_authority(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """An authority no clause lists or cites."""
    listed = {k for c in library.clauses.values() for k in c.clause.authorities} | analysis.cited
    found = []
    for key in sorted(library.authorities):
        origin = library.origin("authority", key)
        if key not in listed and origin is not None:
            found.append(origin.source.diag(
                (key,), "unused-authority", f"authority '{key}' is not used by any clause",
                "cite it from a clause's `authorities`, or remove it", severity="warning",
                key=True))
    return found


def unused_term(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """A defined term that no clause text uses through term()."""
    return [loaded.source.diag(("defines", term), "unused-term",
                               f"term '{term}' is defined but no clause uses it",
                               "use it with {{ term('" + term + "') }} or remove the definition",
                               severity="warning", key=True)
            for loaded in library.clauses.values() for term in loaded.clause.defines
            if term.casefold() not in analysis.terms_used]


def duplicate_term(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """The same term defined by two clauses of one layer (a later layer's definition
    overrides an earlier one's, as its clauses do)."""
    owners: dict[tuple[int, str], str] = {}
    found = []
    for cid in sorted(library.clauses):
        loaded = library.clauses[cid]
        for term in loaded.clause.defines:
            key = (loaded.rank, term.casefold())
            if key in owners:
                found.append(loaded.source.diag(("defines", term), "duplicate-term",
                                                f"term '{term}' is also defined by "
                                                f"'{owners[key]}'",
                                                "define each term in one clause", key=True))
            else:
                owners[key] = cid
    return found


def short_rationale(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """A rationale too short to explain a clause's purpose, basis, risks and variants."""
    found = []
    for loaded in library.clauses.values():
        words = len(loaded.clause.rationale.split())
        if words < MIN_RATIONALE_WORDS:
            found.append(loaded.source.diag(("rationale",), "short-rationale",
                                            f"rationale has {words} words",
                                            f"explain what the clause does, its legal basis, its "
                                            f"risks and its variants in at least "
                                            f"{MIN_RATIONALE_WORDS} words",
                                            severity="warning"))
    return found


def unused_param(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """A param that no variant's text reads."""
    found = []
    for loaded in library.clauses.values():
        clause = loaded.clause
        if not clause.params:
            continue
        names = analysis.names.get(clause.id, set())
        for name in clause.params:
            if name not in names:
                found.append(loaded.source.diag(("params", name), "unused-param",
                                                f"param '{name}' is not used by any variant",
                                                "use it in the text or remove it",
                                                severity="warning", key=True))
    return found


def plain_term(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """A defined term written as plain text instead of through term().

    The Definitions section holds only the terms drafts use through term(), so a plain
    mention may leave the term undefined in a draft, or defined by a clause that is not
    in it at all. One-word terms ("agency") are also ordinary words, so they count only
    when capitalized mid-sentence, the way defined terms are often written.
    """
    if not library.terms:
        return []
    # longest first, so "law enforcement agency" is one mention, not also "agency"
    keys = sorted(library.terms, key=len, reverse=True)
    found = []
    for rendered in analysis.texts:
        cid, variant, text = rendered.clause_id, rendered.variant, rendered.text
        used, needed = rendered.terms, rendered.needed
        loaded = library.clauses[cid]
        if library.role(loaded.clause) == "recitals":
            continue  # recitals come before the definitions and use words in their plain sense
        # a quick search first: most terms are not in most texts, and one regular
        # expression over them all is slow on texts this long
        lower = text.lower()
        here = tuple(sorted((k for k in used if k.lower() in lower), key=len, reverse=True))
        if here:  # a used term's words are not mentions
            text = _terms(here).sub(" ", text)
        lower = text.lower()
        present = [k for k in keys if k.lower() in lower]
        if not present:
            continue
        pattern = _mentions(tuple(present))
        mentioned = sorted({m.group(1).casefold() for m in pattern.finditer(text)
                            if " " in m.group(1) or _capitalized_mid_sentence(text, m.start())}
                           - used)
        loc = ("variants", variant, "text") if loaded.clause.variants else ("text",)
        for key in mentioned:
            owners = [owner for _, _, owner in library.terms[key]]
            if any(owner in needed for owner in owners):
                why = "so the Definitions section may leave it out"
            else:
                why = f"and its definition ({owners[0]}) is not required by this clause"
            found.append(loaded.source.diag(
                loc, "plain-term", f"variant '{variant}' mentions the defined term '{key}' as "
                f"plain text, {why}", f"write {{{{ term('{key}') }}}} where the defined "
                "meaning is intended, or reword", severity="warning"))
    return found


@lru_cache(maxsize=256)
def _terms(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, keys)), re.IGNORECASE)


@lru_cache(maxsize=256)
def _mentions(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")(?:s|es)?\b", re.IGNORECASE)


def _capitalized_mid_sentence(text: str, start: int) -> bool:
    if not text[start].isupper():
        return False
    at = start - 1
    while at >= 0 and text[at].isspace():  # the character before, spaces aside
        at -= 1
    return at >= 0 and text[at] not in ".:;!?(\"\u201c"


# Words that name one kind of government, one kind of agency or one instrument: clause text
# says them through `jurisdiction.*` and `this`, so that it reads right for every kind. A
# proper name ("Cook County", "New York City", "City of Chicago", "Minneapolis Police
# Department", "Chicago Municipal Code") names a real place, not the adopting one.
_KIND_WORD = re.compile(
    r"\b(City|County|Town|Village|Borough|Township|Parish|[Mm]unicipal(?:ity|ities)?|"
    r"Police Department|Sheriff'?s? (?:Office|Department))\b")
_THIS_WORD = re.compile(r"\bthis (?:ordinance|resolution|order|executive order)\b")
_PROPER_BEFORE = re.compile(r"\b[A-Z][\w.'-]*\s$")
_PROPER_AFTER = re.compile(r"^\s+(?:of|and County of)\s+[A-Z]")
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# "this {{ instrument }}" reads "this executive-order" in an executive order
_THIS_INSTRUMENT = re.compile(r"\b[Tt]his \{\{-? *instrument *-?\}\}")


def _jurisdiction_word(bare: str) -> re.Match[str] | None:
    """The first word in template-free text that names one kind of place, agency or
    instrument and is not part of a proper name."""
    for match in _KIND_WORD.finditer(bare):
        before, after = bare[max(0, match.start() - 40):match.start()], bare[match.end():]
        if _PROPER_BEFORE.search(before) and not before.rstrip().endswith((".", ":", ";")):
            continue
        if _PROPER_AFTER.match(after):
            continue
        return match
    return _THIS_WORD.search(bare)


def hard_coded_jurisdiction(library: Library, analysis: Analysis) -> list[Diagnostic]:
    """Clause text, a recital, a definition or a title that writes "the City", "municipal"
    or "this ordinance" itself instead of asking `jurisdiction` or `this`."""
    found = []
    for loaded in library.clauses.values():
        clause = loaded.clause
        texts: list[tuple[tuple[str, ...], str]] = [
            (("variants", name, "text"), v.text) for name, v in (clause.variants or {}).items()]
        if clause.text is not None:
            texts.append((("text",), clause.text))
        texts += [(("recitals", key, "text"), r.text) for key, r in (clause.recitals or {}).items()]
        texts += [(("defines", term), text) for term, text in clause.defines.items()]
        texts.append((("title",), clause.title))
        for loc, text in texts:
            match = _THIS_INSTRUMENT.search(text)
            if match is None and not (_KIND_WORD.search(text) or _THIS_WORD.search(text)):
                continue  # most texts: nothing to find even with their templates in
            # blank out template syntax, keeping line breaks so lines still count
            bare = _TEMPLATE_SYNTAX.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
            match = match or _jurisdiction_word(bare)
            if match is None:
                continue
            line = bare.count("\n", 0, match.start()) + 1
            offset = line + loaded.source.block_offset(loc) - 1 if loc != ("title",) else 0
            found.append(loaded.source.diag(
                loc, "hard-coded-jurisdiction",
                f"'{match.group()}' names one kind of government, agency or instrument",
                "write {{ jurisdiction.entity }}, {{ jurisdiction.police_agency }}, "
                "{{ jurisdiction.agencies.<role> }} or {{ this }} instead, so the text reads "
                "right for every jurisdiction", line_offset=offset))
    return found


RULES: list[Callable[[Library, Analysis], list[Diagnostic]]] = [
    unused_authority, unused_term, duplicate_term, short_rationale, unused_param, plain_term,
    hard_coded_jurisdiction, citation_style, missing_citation]

"""Amending ordinances: a recipe's clauses amend, add or repeal sections of existing code.

The draft is assembled as usual; then each clause named under `amends:` becomes a
section of the ordinance that sets out the code section in redline (the current code
text against the clause's text), and the other sections follow, renumbered.
"""

from __future__ import annotations

import hashlib

import msgspec

from . import codetext
from .diagnostics import Diagnostic, OrdgenError, did_you_mean, display_path, file_diagnostic
from .document import CitedAuthority, Document, Inline, Paragraph, Ref, Section, StateLawNote
from .government import resolve
from .model import AmendedSection, Amends
from .recipe import LoadedRecipe
from .redline import (
    LEGEND,
    TextParagraph,
    added,
    changed,
    deleted,
    diff_paragraphs,
    diff_words,
    inserted,
    removed,
)
from .source import Source

INTRO = {
    "amend": "Section {code} of the {code_name} is amended to read as follows:",
    "add": "The {code_name} is amended by adding a new Section {code} to read as follows:",
    "repeal": "Section {code} of the {code_name} is repealed.",
}
HEADING = {"amend": "Amendment of Section {code}", "add": "Addition of Section {code}",
           "repeal": "Repeal of Section {code}"}


def load_code(recipe: LoadedRecipe, amends: Amends) -> tuple[codetext.CodeText, str]:
    """The code text the recipe amends, and its SHA-256; located errors when it is unusable."""
    path = recipe.folder / amends.code
    if not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        raise OrdgenError([recipe.source.diag(("amends", "code"), "no-code-text",
                                              f"code text '{display_path(path)}' {what}",
                                              "paths are relative to the recipe's folder")])
    text = codetext.read(path)
    code = codetext.parse(text, path)
    problems = codetext.duplicate_numbers(code)
    if not any(s.number for s in code.sections):
        problems.append(file_diagnostic(path, "no-code-sections",
                                   "no numbered sections found in the code text",
                                   "start each section with a heading such as "
                                   "`## 19.30. Title`"))
    if problems:
        raise OrdgenError(problems)
    return code, hashlib.sha256(text.encode()).hexdigest()


def check_entries(document: Document, recipe: LoadedRecipe, amends: Amends,
                  code: codetext.CodeText) -> list[Diagnostic]:
    """Every problem with the `amends.sections` entries, each located in the recipe."""
    source: Source = recipe.source
    found: list[Diagnostic] = []
    if recipe.recipe.instrument != "ordinance":
        found.append(source.diag(("instrument",), "amends-resolution",
                                 "only an ordinance can amend the code",
                                 "set `instrument: ordinance`, or remove `amends`"))
    numbers = [s.number for s in code.sections if s.number]
    in_draft = {s.clause_id for s in document.sections}
    seen_code: dict[str, int] = {}
    seen_clause: dict[str, int] = {}
    for i, entry in enumerate(amends.sections):
        loc = ("amends", "sections", i)
        if entry.code in seen_code:
            found.append(source.diag((*loc, "code"), "duplicate-code-section",
                                     f"code section {entry.code} is named twice (also entry "
                                     f"{seen_code[entry.code] + 1})", "name each section once"))
        seen_code.setdefault(entry.code, i)
        exists = code.section(entry.code) is not None
        if entry.action in ("amend", "repeal") and not exists:
            found.append(source.diag((*loc, "code"), "unknown-code-section",
                                     f"section {entry.code} is not in "
                                     f"{display_path(code.path)}",
                                     did_you_mean(entry.code, numbers)
                                     or ("to create it, write `action: add`"
                                         if entry.action == "amend" else "")))
        if entry.action == "add" and exists:
            found.append(source.diag((*loc, "code"), "code-section-exists",
                                     f"section {entry.code} is already in "
                                     f"{display_path(code.path)}",
                                     "write `action: amend` to change it"))
        if entry.action == "repeal":
            if entry.clause is not None:
                found.append(source.diag((*loc, "clause"), "repeal-with-clause",
                                         "a repeal takes no clause",
                                         "remove `clause:`, or write `action: amend`"))
            continue
        if entry.clause is None:
            found.append(source.diag(loc, "missing-key", f"action '{entry.action}' needs a "
                                     "clause", "add `clause: <clause id>`"))
            continue
        if entry.clause in seen_clause:
            found.append(source.diag((*loc, "clause"), "duplicate-clause",
                                     f"clause '{entry.clause}' is used twice (also entry "
                                     f"{seen_clause[entry.clause] + 1})",
                                     "each clause can become one code section"))
        seen_clause.setdefault(entry.clause, i)
        if entry.clause not in in_draft:
            found.append(source.diag((*loc, "clause"), "clause-not-in-draft",
                                     f"clause '{entry.clause}' is not a section of this draft",
                                     did_you_mean(entry.clause, sorted(in_draft))
                                     or "add it to `clauses` (findings are recitals and "
                                        "cannot become code)"))
    return found


def amend(document: Document, recipe: LoadedRecipe) -> tuple[Document, list[Diagnostic]]:
    """The draft as an amending ordinance, and warnings for entries that change nothing."""
    amends = recipe.recipe.amends
    assert amends is not None
    code, sha = load_code(recipe, amends)
    problems = check_entries(document, recipe, amends, code)
    if problems:
        raise OrdgenError(problems)
    code_name = resolve(recipe.recipe.jurisdiction)[0].code_name
    if not code_name:
        raise OrdgenError([recipe.source.diag(("jurisdiction", "code_name"), "no-code-name",
                                              "an amending ordinance needs the code's name",
                                              "set `code_name:` in the jurisdiction")])
    by_clause = {s.clause_id: s for s in document.sections}
    into_code = {e.clause: e.code for e in amends.sections if e.clause}
    example = code.sections[0].heading

    warnings: list[Diagnostic] = []
    built: list[tuple[AmendedSection, Section | None, list[Paragraph]]] = []
    for i, entry in enumerate(amends.sections):
        old = code.section(entry.code)
        clause = by_clause.get(entry.clause or "")
        body = _redline(entry, old, clause, into_code, example)
        if entry.action == "amend" and not any(changed(p.content) for p in body):
            warnings.append(recipe.source.diag(
                ("amends", "sections", i), "code-unchanged",
                f"section {entry.code} already reads as clause '{entry.clause}'",
                "it is left out of the ordinance", severity="warning"))
            continue
        built.append((entry, clause, body))

    renumber: dict[int, int] = {}  # draft section number -> ordinance section number
    sections: list[Section] = []
    for n, (entry, clause, body) in enumerate(built, 1):
        intro = INTRO[entry.action].format(code=entry.code, code_name=code_name)
        paragraphs = (Paragraph(0, "", (intro,)), *body)
        heading = HEADING[entry.action].format(code=entry.code)
        if clause is None:
            sections.append(Section(n, f"sec_{n}", heading, "", "", "repeals code", "",
                                    paragraphs, (), (), ()))
            continue
        renumber[clause.number] = n
        sections.append(msgspec.structs.replace(clause, number=n, anchor=f"sec_{n}",
                                            heading=heading, paragraphs=paragraphs))
    rest = [s for s in document.sections if s.clause_id not in into_code]
    for n, section in enumerate(rest, len(sections) + 1):
        renumber[section.number] = n
    refs = {s.clause_id: renumber[s.number] for s in rest}
    for section in rest:
        n = renumber[section.number]
        paragraphs = tuple(Paragraph(p.level, p.label, _resolve(p.content, refs, into_code,
                                                                code_name))
                           for p in section.paragraphs)
        sections.append(msgspec.structs.replace(section, number=n, anchor=f"sec_{n}",
                                            paragraphs=paragraphs))
    return msgspec.structs.replace(
        document, sections=tuple(sections), legend=LEGEND,
        recitals=tuple(Paragraph(p.level, p.label, _resolve(p.content, refs, into_code,
                                                             code_name))
                       for p in document.recitals),
        authorities=tuple(CitedAuthority(a.key, a.authority, _moved(a.sections, renumber))
                          for a in document.authorities if _moved(a.sections, renumber)),
        state_laws=tuple(StateLawNote(note.law, _moved(note.sections, renumber),
                                      note.clause_ids) for note in document.state_laws
                         if _moved(note.sections, renumber)),
        provenance=msgspec.structs.replace(document.provenance, code_sha256=sha)), warnings


def _redline(entry: AmendedSection, old: codetext.TextSection | None, clause: Section | None,
             into_code: dict[str, str], example: str) -> list[Paragraph]:
    """The code section as it reads now against how the clause would have it read."""
    if entry.action == "repeal":
        assert old is not None
        return [Paragraph(0, "", deleted(old.heading)), *(removed(p) for p in old.paragraphs)]
    assert clause is not None
    heading = codetext.heading_like(old.heading if old else example, entry.code,
                                    clause.heading)
    new = [TextParagraph(p.level, p.label, _text(p.content, into_code)) for p in clause.paragraphs]
    if old is None:
        return [Paragraph(0, "", inserted(heading)), *(added(p) for p in new)]
    return [Paragraph(0, "", diff_words(old.heading, heading)),
            *diff_paragraphs(old.paragraphs, new)]


def _text(content: tuple[Inline, ...], into_code: dict[str, str]) -> str:
    """Clause text as it will read in the code: references to clauses that become code
    sections name those sections."""
    out = []
    for item in content:
        if isinstance(item, Ref) and item.target in into_code:
            out.append(f"Section {into_code[item.target]}")
        else:
            out.append(item if isinstance(item, str) else item.text)
    return "".join(out)


def _resolve(content: tuple[Inline, ...], refs: dict[str, int], into_code: dict[str, str],
             code_name: str) -> tuple[Inline, ...]:
    """References renumbered: to the ordinance's own sections, or to the code's."""
    out: list[Inline] = []
    for item in content:
        if isinstance(item, Ref) and item.target in into_code:
            out.append(f"Section {into_code[item.target]} of the {code_name}")
        elif isinstance(item, Ref) and item.target in refs:
            n = refs[item.target]
            out.append(Ref(item.target, f"sec_{n}", f"Section {n}"))
        else:
            out.append(item)
    merged: list[Inline] = []
    for item in out:  # plain text next to plain text reads as one run
        if merged and isinstance(item, str) and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return tuple(merged)


def _moved(numbers: tuple[int, ...], renumber: dict[int, int]) -> tuple[int, ...]:
    return tuple(sorted({renumber[n] for n in numbers if n in renumber}))


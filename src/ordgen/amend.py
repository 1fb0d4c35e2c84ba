"""Amending ordinances: a recipe's clauses amend, add or repeal sections of existing code.

The draft is assembled as usual; then each clause named under `amends:` becomes a
section of the ordinance that sets out the code section in redline (the current code
text against the clause's text), and the other sections follow, renumbered.
"""

from __future__ import annotations

import hashlib

import msgspec

from .diagnostics import Diagnostic, OrdgenError, did_you_mean, display_path, file_diagnostic
from .diff import sections as codetext
from .diff.sections import TextParagraph
from .diff.words import added, changed, deleted, diff_paragraphs, diff_words, inserted, removed
from .document import LEGEND, Document, Inline, Paragraph, Ref, Section
from .government import resolve
from .model import AmendedSection, Amends
from .recipe import LoadedRecipe
from .source import Source
from .typography import straighten

INTRO = {
    "amend": "Section {code} of the {code_name} is amended to read as follows:",
    "add": "The {code_name} is amended by adding a new Section {code} to read as follows:",
    "repeal": "Section {code} of the {code_name} is repealed.",
}
WORD_SUFFIXES = (".docx",)
WEB_SUFFIXES = (".html", ".htm")
HEADING = {"amend": "Amendment of Section {code}", "add": "Addition of Section {code}",
           "repeal": "Repeal of Section {code}"}


def load_code(recipe: LoadedRecipe, amends: Amends) -> tuple[codetext.CodeText, str]:
    """The code text the recipe amends, and its SHA-256; located errors when it is unusable.

    The code may be Markdown, a Word file (tracked changes accepted) or a web page saved
    from the code's publisher. Its quotation marks are read straight, as clause text has
    them, so the redline shows changed words, not changed quotation marks; the
    typography pass sets both alike afterwards."""
    path = recipe.folder / amends.code
    if not path.is_file():
        what = "is not a file" if path.exists() else "does not exist"
        raise OrdgenError([recipe.source.diag(("amends", "code"), "no-code-text",
                                              f"code text '{display_path(path)}' {what}",
                                              "paths are relative to the recipe's folder")])
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:  # read only when asked for: a Markdown build imports neither
        from .diff import wordfile

        data = wordfile.file_bytes(path)  # read once: parsed and hashed alike
        code, sha = wordfile.load(path, data), hashlib.sha256(data).hexdigest()
    elif suffix in WEB_SUFFIXES:
        from .diff import html as webpage

        data = webpage.file_bytes(path)
        code, sha = webpage.load(path, data), hashlib.sha256(data).hexdigest()
    else:
        text = codetext.read(path)
        code, sha = codetext.parse(text, path), hashlib.sha256(text.encode()).hexdigest()
    code = straight(code)
    problems = codetext.duplicate_numbers(code)
    if not any(s.number for s in code.sections):
        example = ("`## 19.30. Title`" if suffix not in WORD_SUFFIXES + WEB_SUFFIXES
                   else "\"Sec. 19.30. Title.\" in a heading style or on a line of its own")
        problems.append(file_diagnostic(path, "no-code-sections",
                                        "no numbered sections found in the code text",
                                        f"start each section with a heading such as {example}"))
    if problems:
        raise OrdgenError(problems)
    return code, sha


def straight(code: codetext.CodeText) -> codetext.CodeText:
    """Code text with straight quotation marks and plain spaces."""
    def para(p: TextParagraph) -> TextParagraph:
        return TextParagraph(p.level, p.label, straighten(p.text))

    return msgspec.structs.replace(
        code, preamble=tuple(para(p) for p in code.preamble),
        sections=tuple(msgspec.structs.replace(
            s, heading=straighten(s.heading), title=straighten(s.title),
            paragraphs=tuple(para(p) for p in s.paragraphs)) for s in code.sections))


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

    def bodies(numbers: dict[str, int]) -> list[list[Paragraph]]:
        return [_redline(entry, code.section(entry.code), by_clause.get(entry.clause or ""),
                         into_code, numbers, example) for entry in amends.sections]

    warnings: list[Diagnostic] = []
    kept: list[int] = []  # the entries that change the code
    for i, body in enumerate(bodies({})):
        entry = amends.sections[i]
        if entry.action == "amend" and not any(changed(p.content) for p in body):
            warnings.append(recipe.source.diag(
                ("amends", "sections", i), "code-unchanged",
                f"section {entry.code} already reads as clause '{entry.clause}'",
                "it is left out of the ordinance", severity="warning"))
            continue
        kept.append(i)
    rest = [s for s in document.sections if s.clause_id not in into_code]
    # code text is plain text: a reference in it to a section of this ordinance names the
    # number that section will have
    numbers = {s.clause_id: n for n, s in enumerate(rest, len(kept) + 1)}
    final = bodies(numbers)

    sections: list[Section] = []
    for i in kept:
        entry = amends.sections[i]
        intro = INTRO[entry.action].format(code=entry.code, code_name=code_name)
        paragraphs = (Paragraph(0, "", (intro,)), *final[i])
        heading = HEADING[entry.action].format(code=entry.code)
        clause = by_clause.get(entry.clause or "")
        if clause is None:
            sections.append(Section(clause_id="", key=f"repeal {entry.code}", heading=heading,
                                    variant="", reason="repeals code", layer="",
                                    paragraphs=paragraphs, rationale=(), authorities=(),
                                    state_laws=()))
        else:
            sections.append(msgspec.structs.replace(clause, heading=heading,
                                                    paragraphs=paragraphs))
    sections += [msgspec.structs.replace(s, paragraphs=tuple(
        Paragraph(p.level, p.label, _resolve(p.content, into_code, code_name))
        for p in s.paragraphs)) for s in rest]
    present = {s.clause_id for s in sections if s.clause_id}
    return msgspec.structs.replace(
        document, sections=tuple(sections), legend=LEGEND,
        recitals=tuple(Paragraph(p.level, p.label, _resolve(p.content, into_code, code_name))
                       for p in document.recitals),
        authorities=tuple(msgspec.structs.replace(a, clause_ids=ids)
                          for a in document.authorities
                          if (ids := tuple(c for c in a.clause_ids if c in present))),
        state_laws=tuple(msgspec.structs.replace(n, clause_ids=ids)
                         for n in document.state_laws
                         if (ids := tuple(c for c in n.clause_ids if c in present))),
        provenance=msgspec.structs.replace(document.provenance, code_sha256=sha)), warnings


def _redline(entry: AmendedSection, old: codetext.TextSection | None, clause: Section | None,
             into_code: dict[str, str], numbers: dict[str, int], example: str
             ) -> list[Paragraph]:
    """The code section as it reads now against how the clause would have it read."""
    if entry.action == "repeal":
        assert old is not None
        return [Paragraph(0, "", deleted(old.heading), heading=True),
                *(removed(p) for p in old.paragraphs)]
    assert clause is not None
    heading = codetext.heading_like(old.heading if old else example, entry.code,
                                    clause.heading)
    new = [TextParagraph(p.level, p.label, _text(p.content, into_code, numbers))
           for p in clause.paragraphs]
    if old is None:
        return [Paragraph(0, "", inserted(heading), heading=True), *(added(p) for p in new)]
    return [Paragraph(0, "", diff_words(old.heading, heading), heading=True),
            *diff_paragraphs(old.paragraphs, new)]


def _text(content: tuple[Inline, ...], into_code: dict[str, str],
          numbers: dict[str, int]) -> str:
    """Clause text as it will read in the code: references name the code sections the
    clauses become, or the sections of this ordinance."""
    out = []
    for item in content:
        if isinstance(item, Ref) and item.target in into_code:
            out.append(f"Section {into_code[item.target]}")
        elif isinstance(item, Ref):
            out.append(f"Section {numbers.get(item.target, 0)}")
        else:
            out.append(item if isinstance(item, str) else item.text)
    return "".join(out)


def _resolve(content: tuple[Inline, ...], into_code: dict[str, str], code_name: str
             ) -> tuple[Inline, ...]:
    """References to clauses that became code name the code's sections instead."""
    out: list[Inline] = []
    for item in content:
        if isinstance(item, Ref) and item.target in into_code:
            out.append(f"Section {into_code[item.target]} of the {code_name}")
        else:
            out.append(item)
    merged: list[Inline] = []
    for item in out:  # plain text next to plain text reads as one run
        if merged and isinstance(item, str) and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return tuple(merged)

"""One citation style throughout, and no authority without a citation.

Code citations write a section sign and a space before the section: "8 U.S.C. § 1373",
"Cal. Gov't Code § 7284.6", "Or. Rev. Stat. § 181A.820"; several sections or a range take
two: "§§ 7284–7284.12". Clause texts, definitions and rationales are read with their
template syntax blanked out, so a problem is located at its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..library import Library
from ..source import Source
from .static import templates

_SECTION = r"\d[\w.:()-]*+"  # possessive: a section number is never cut short
_NO_SIGN = ("a code citation without a section sign",
            "write a section sign and a space: 'Cal. Gov't Code § 7284.6', "
            "'Or. Rev. Stat. § 181A.820'")
# (pattern, what is wrong, how to write it); group "at" marks the place to point at
_STYLE: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b\d+ (?P<at>USC\b|U\.S\.C(?!\.)|U\.S\.C\.(?=\s*\d))"),
     "a United States Code citation without 'U.S.C. §'", "write '8 U.S.C. § 1373'"),
    (re.compile(r"(?P<at>§§?)(?=[^\s§])"), "no space after the section sign",
     "write '§ 1373', with a space"),
    (re.compile(r"\b(?:Code(?: Ann\.)?|Comp\. Laws|C\.F\.R\.)(?P<at>\s+)(?=\d)"), *_NO_SIGN),
    # "Minn. Stat. 626.8476", but not the Statutes at Large: "110 Stat. 3009"
    (re.compile(r"(?<=[A-Za-z.] )Stat\.(?: Ann\.)?(?P<at>\s+)(?=\d)"), *_NO_SIGN),
    (re.compile(rf"(?<!§)(?P<at>§) {_SECTION}(?:\s*(?:–|—|\bthrough\b|\bto\b)\s*|,\s*)"
                rf"{_SECTION}(?!\s+[A-Z]|\s*U\.S\.C)"),
     "several sections or a range after one section sign", "write '§§ 7284–7284.12'"),
]
# a quick test first: most texts hold none of what the patterns look for
_CLUES = re.compile(r"U\.?S\.?C|§|Code|Laws|C\.F\.R|Stat\.")
_BLANK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PLACEHOLDER = re.compile(r"^[\W_]*(?:tbd|tba|todo|tk|x{2,}|fixme|n/?a|none|unknown|pending|"
                          r"placeholder|to come|citation(?: needed)?|cite|\?+|\.+|…)[\W_]*$",
                          re.IGNORECASE)


def style_problems(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what is wrong, hint) for each place `text` breaks the citation style."""
    if _CLUES.search(text) is None:
        return
    for pattern, message, hint in _STYLE:
        for match in pattern.finditer(text):
            yield match.start("at"), message, hint


def citation_style(library: Library, analysis: object) -> list[Diagnostic]:
    """A code citation written another way than "8 U.S.C. § 1373"."""
    found: list[Diagnostic] = []
    for loaded in library.clauses.values():
        source = loaded.source
        for loc, text in templates(loaded.clause):
            if next(style_problems(text), None) is None:
                continue  # what template syntax hides cannot add a problem
            bare = _BLANK.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
            for offset, message, hint in style_problems(bare):
                found.append(_in_block(source, loc, bare, offset, message, hint))
    for _, where, source, text in _citations(library):
        for offset, message, hint in style_problems(text):
            found.append(_in_value(source, where, text, offset, message, hint))
    return found


def missing_citation(library: Library, analysis: object) -> list[Diagnostic]:
    """An authority (or a state law or adopted model) whose citation is blank or a
    placeholder such as "TBD"."""
    found = []
    for kind, loc, source, text in _citations(library):
        if not text.strip() or _PLACEHOLDER.match(text):
            what = "no citation" if not text.strip() else f"a placeholder citation {text!r}"
            found.append(source.diag(loc, "missing-citation", f"{kind} '{loc[0]}' has {what}"
                                     if kind == "authority" else f"{kind} has {what}",
                                     "give its full citation: the reporter, court and year "
                                     "of a case; the code and section of a statute"))
    return found


def _citations(library: Library) -> Iterator[tuple[str, tuple[str | int, ...], Source, str]]:
    """(kind, where, file, text) of every citation field of the library's entries."""
    for key, authority in library.authorities.items():
        origin = library.origin("authority", key)
        if origin is not None:
            yield "authority", (key, "citation"), origin.source, authority.citation
    for kind, entries in (("state-law", library.state_laws), ("model", library.models)):
        for entry in entries:
            origin = library.origin(kind, entry.id)
            if origin is None or not isinstance(origin.source.data, list):
                continue
            index = next((i for i, item in enumerate(origin.source.data)
                          if isinstance(item, dict) and item.get("id") == entry.id), None)
            if index is not None:
                yield (f"{kind} '{entry.id}'", (index, "citation"), origin.source,
                       entry.citation)


def _in_block(source: Source, loc: tuple[str | int, ...], text: str, offset: int,
              message: str, hint: str) -> Diagnostic:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1)
    at = source.diag(loc, "citation-style", message, hint,
                     line_offset=line + source.block_offset(loc) - 1)
    lines = source.text.splitlines()
    file_line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    # the file's line holds the template's line after its indentation (or after the key)
    snippet = text[offset:offset + 12].split("\n")[0]
    col = file_line.find(snippet, column)
    col = file_line.find(snippet) if col < 0 else col
    return Diagnostic(at.path, at.line, col + 1 if col >= 0 else 1, "error", at.code,
                      at.message, at.hint)


def _in_value(source: Source, loc: tuple[str | int, ...], text: str, offset: int,
              message: str, hint: str) -> Diagnostic:
    at = source.diag(loc, "citation-style", message, hint)
    lines = source.text.splitlines()
    file_line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    start = file_line.find(text[:offset + 1], at.col - 1)  # after an opening quote, if any
    col = start + offset + 1 if start >= 0 else at.col
    return Diagnostic(at.path, at.line, col, "error", at.code, at.message, at.hint)

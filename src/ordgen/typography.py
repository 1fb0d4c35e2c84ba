"""The typography pass: one quotation style (curly) with apostrophes to match, and
non-breaking spaces that keep "Section 3" and "8 U.S.C. § 1373" on one line.

Clause text arrives from YAML with straight quotes and plain spaces; this pass runs once
over the finished Document, after numbering, so every renderer (Markdown, Word, PDF) reads
the same words. `straighten` undoes it for text that is compared with clause text (code
text an amending ordinance sets out), so a comparison sees words, not quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import structs

from .closing import Closing
from .document import Change, CitedAuthority, Document, Finding, Inline, Paragraph, Ref, Section
from .model import StateLaw

NBSP = "\u00a0"
# after these a quotation mark opens; after anything else it closes
_OPENS_AFTER = set(" \t\n\u00a0([{\u2014\u2013/-\u201c\u2018")
_OPENING_DOUBLE = re.compile("(?<=[ \t\n\u00a0(\\[{\u2014\u2013/\\-\u201c\u2018])\"")
# an apostrophe that starts a word ("'90s") closes: only one before a letter opens
_OPENING_SINGLE = re.compile("(?<=[ \t\n\u00a0(\\[{\u2014\u2013/\\-\u201c\u2018])'(?=[^\\d\\s])")
_STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                           NBSP: " "})
# "Section", "subsection", "Sec." before a number or "(a)". Each pattern starts with a
# literal, which the regular expression engine finds far faster than a case-blind pattern
# or one behind a lookbehind; the letter before it is checked afterwards.
_SECTION = re.compile(r"ec(?:tions?|s?\.)[ ]+(?=[\d(])")
_CAPITALS = re.compile(r"(?<=S)(ECTIONS?|ECS?\.)[ ]+(?=[\d(])")
_SIGN = re.compile(r"(§§?)[ ]+(?=\S)")
_CODE = re.compile(r"\b(\d+)[ ]+(U\.S\.C\.|C\.F\.R\.)(?:[ ]+(?=§))?")


def curl(text: str, before: str = "") -> str:
    """Straight quotation marks and apostrophes made curly; `before` is the character
    that precedes the text, when it continues other text."""
    if "'" not in text and '"' not in text:
        return text
    opens = not before[-1:] or before[-1:] in _OPENS_AFTER  # at the text's start
    if opens and text.startswith('"'):
        text = "\u201c" + text[1:]
    if opens and text.startswith("'") and text[1:2].strip() and not text[1:2].isdigit():
        text = "\u2018" + text[1:]
    text = _OPENING_DOUBLE.sub("\u201c", text).replace('"', "\u201d")
    return _OPENING_SINGLE.sub("\u2018", text).replace("'", "\u2019")


def spaces(text: str) -> str:
    """Non-breaking spaces inside section references and citations."""
    def keep(m: re.Match[str]) -> str:
        start = m.start()
        if start and text[start - 1] in "Ss":
            return m.group().rstrip(" ") + NBSP
        return m.group()

    text = _SECTION.sub(keep, text)
    if "ECTION" in text or "EC." in text:
        text = _CAPITALS.sub(lambda m: m.group(1) + NBSP, text)
    if "§" in text:
        text = _SIGN.sub(lambda m: m.group(1) + NBSP, text)
    if "U.S.C." in text or "C.F.R." in text:
        text = _CODE.sub(lambda m: m.group(1) + NBSP + m.group(2)
                         + (NBSP if m.group(0)[-1] == " " else ""), text)
    return text


def text(value: str) -> str:
    """One piece of text set in the draft's typography."""
    return spaces(curl(value))


def straighten(value: str) -> str:
    """Text with curly quotation marks made straight and non-breaking spaces plain."""
    return value.translate(_STRAIGHT)


def inlines(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Content set in the draft's typography; a quotation mark's side is read across
    references and redline marks, from the text before it."""
    out: list[Inline] = []
    before = ""
    for item in content:
        if isinstance(item, str):
            item = spaces(curl(item, before))
            shown = item
        elif isinstance(item, Ref):
            item = Ref(item.target, item.anchor, spaces(item.text))
            shown = item.text
        else:
            item = Change(item.kind, spaces(curl(item.text, before)))
            shown = item.text
        before = shown[-1:] or before
        out.append(item)
    return tuple(out)


def paragraphs(items: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Paragraphs set in the draft's typography."""
    return tuple(structs.replace(p, content=inlines(p.content)) for p in items)


def state_law(law: StateLaw) -> StateLaw:
    """A state law's words as drafts print them."""
    return structs.replace(law, name=text(law.name), citation=text(law.citation),
                           forbids=text(law.forbids), penalties=text(law.penalties))


def authority(cited: CitedAuthority) -> CitedAuthority:
    """An authority's words as drafts print them (its address is left alone)."""
    a = cited.authority
    return structs.replace(cited, authority=structs.replace(
        a, title=text(a.title), citation=text(a.citation), short=text(a.short),
        parenthetical=text(a.parenthetical), note=text(a.note)))


def section(s: Section, laws: Callable[[StateLaw], StateLaw]) -> Section:
    """A section's heading, text, rationale and state-law notes."""
    return structs.replace(s, heading=text(s.heading), paragraphs=paragraphs(s.paragraphs),
                           rationale=paragraphs(s.rationale),
                           state_laws=tuple(laws(law) for law in s.state_laws))


def finding(f: Finding) -> Finding:
    """A findings clause's heading and rationale."""
    return structs.replace(f, heading=text(f.heading), rationale=paragraphs(f.rationale))


def closing(block: Closing | None) -> Closing | None:
    """The closing block's lines and signature captions."""
    if block is None:
        return None
    return structs.replace(block, lines=tuple(text(line) for line in block.lines),
                           signatures=tuple(structs.replace(s, office=text(s.office),
                                                            caption=text(s.caption))
                                            for s in block.signatures),
                           after=tuple(text(line) for line in block.after))


def document(doc: Document) -> Document:
    """The whole draft in one typography: every text a renderer shows."""
    seen: dict[str, StateLaw] = {}

    def law(item: StateLaw) -> StateLaw:  # a law shared by sections is set once
        if item.id not in seen:
            seen[item.id] = state_law(item)
        return seen[item.id]

    return structs.replace(
        doc, heading=text(doc.heading), jurisdiction=text(doc.jurisdiction),
        title=text(doc.title), draft=text(doc.draft), counsel_note=text(doc.counsel_note),
        legend=text(doc.legend), enacting_clause=text(doc.enacting_clause),
        recitals=paragraphs(doc.recitals),
        sections=tuple(section(s, law) for s in doc.sections),
        authorities=tuple(authority(a) for a in doc.authorities),
        state_laws=tuple(structs.replace(n, law=law(n.law)) for n in doc.state_laws),
        laws_here=tuple(law(item) for item in doc.laws_here),
        findings=tuple(finding(f) for f in doc.findings), closing=closing(doc.closing))

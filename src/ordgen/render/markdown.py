"""Render a Document as CommonMark that pandoc reads."""

from __future__ import annotations

import re

from ..closing import Closing
from ..document import Change, Document, Inline, Paragraph, Section
from .notes import (
    authority_entry,
    authority_groups,
    counsel_notice,
    finding_paragraphs,
    note_paragraphs,
)

# "By:" first: a line of underscores alone would read as a rule; after a word, it is text
SIGNATURE_LINE = "By: " + "_" * 30  # fits half a page in the Word table
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_ORDINAL = re.compile(r"^(\s*\d+)([.)])")
_MARKER = re.compile(r"^(\s*)([-+=]|\(\w+\))")


def escape(text: str) -> str:
    """Escape text so Markdown shows it literally."""
    text = _SPECIAL.sub(r"\\\1", text)
    # what would start a list or heading at the start of a paragraph
    text = _ORDINAL.sub(r"\1\\\2", text)
    return _MARKER.sub(r"\1\\\2", text)


def inline(content: tuple[Inline, ...]) -> str:
    return "".join(escape(c) if isinstance(c, str) else change(c) if isinstance(c, Change)
                   else escape(c.text) for c in content)


def change(c: Change) -> str:
    """A redline mark: ~~deleted~~ or <ins>inserted</ins>."""
    text = _SPECIAL.sub(r"\\\1", c.text)  # inside a mark nothing starts a list
    return f"~~{text}~~" if c.kind == "del" else f"<ins>{text}</ins>"


def paragraph(p: Paragraph) -> str:
    body = inline(p.content)
    return f"\\{p.label} {body}" if p.label else body


def render(doc: Document) -> str:
    """The draft as Markdown text."""
    mode = doc.rationale_mode
    if mode == "comments":  # Markdown has no comments: keep them beside each section
        mode = "inline"
    out: list[str] = [f"# {escape(doc.heading)}", f"**{escape(doc.jurisdiction)}**"]
    if mode != "none" and (notice := counsel_notice(doc)):
        out.append(f"**{escape(notice)}**")
    out += [f"**{escape(doc.title)}**", f"*{escape(doc.counsel_note)}*"]
    if doc.legend:
        out.append(f"*{escape(doc.legend)}*")
    out += [inline(r.content) for r in doc.recitals]
    if mode == "inline":
        out += [note_block(finding_paragraphs(doc, f)) for f in doc.findings
                if f.rationale]
    out.append(f"**{escape(doc.enacting_clause)}**")
    for section in doc.sections:
        out.append(f"## {escape(section.title)}")
        out += [paragraph(p) for p in section.paragraphs]
        if mode == "inline":
            out.append(drafting_note(doc, section))
    if doc.closing is not None:
        out += closing_block(doc.closing)
    if mode == "memo":
        out += memo(doc)
    out.append("<!--\n" + "\n".join(line.replace("--", "- -") for line in
                                     doc.provenance.lines()) + "\n-->")
    return "\n\n".join(out) + "\n"


def closing_block(closing: Closing) -> list[str]:
    """The closing lines, then each signature: its caption, a line to sign on, the office."""
    out = [escape(line) for line in closing.lines]
    for signature in closing.signatures:
        if signature.caption:
            out.append(escape(signature.caption))
        out.append(f"{SIGNATURE_LINE}\\\n{escape(signature.office)}")
    out += [escape(line) for line in closing.after]
    return out


def drafting_note(doc: Document, section: Section) -> str:
    return note_block(note_paragraphs(doc, section))


def note_block(paras: list[str]) -> str:
    """A drafting note as a block quote."""
    lines = [f"> **Drafting note.** {escape(paras[0])}"] if paras else []
    lines += [f">\n> {escape(p)}" for p in paras[1:]]
    return "\n".join(lines)


def memo(doc: Document) -> list[str]:
    out = ["# Rationale Memorandum"]
    for finding in doc.findings:
        out.append(f"## Recitals: {escape(finding.heading)}")
        out += [escape(p) for p in finding_paragraphs(doc, finding)]
    for section in doc.sections:
        out.append(f"## {escape(section.title)}")
        out += [escape(p) for p in note_paragraphs(doc, section)]
    out += table_of_authorities(doc)
    return out


def table_of_authorities(doc: Document) -> list[str]:
    out = ["## Table of Authorities"]
    for heading, items in authority_groups(doc):
        out.append(f"### {heading}")
        out.append("\n".join(f"- {escape(authority_entry(a))} <{a.authority.source}>"
                             for a in items))
    return out

"""Render a Document as CommonMark that pandoc reads."""

from __future__ import annotations

import re

from ..document import Change, Document, Inline, Paragraph, Section
from ..model import StateLaw

KIND_HEADINGS = (("Cases", {"case"}), ("Statutes and regulations", {"statute", "regulation"}),
                 ("Ordinances and executive orders", {"ordinance", "executive"}),
                 ("Model laws, memoranda and reports", {"model", "memo", "report"}))

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


def render(doc: Document, rationale: str | None = None) -> str:
    """The draft as Markdown text; `rationale` overrides the recipe's mode."""
    mode = rationale or doc.rationale_mode
    if mode == "comments":  # Markdown has no comments: keep them beside each section
        mode = "inline"
    out: list[str] = [f"# {escape(doc.heading)}", f"**{escape(doc.jurisdiction)}**",
                      f"**{escape(doc.title)}**", f"*{escape(doc.counsel_note)}*"]
    if doc.legend:
        out.append(f"*{escape(doc.legend)}*")
    out += [inline(r.content) for r in doc.recitals]
    out.append(f"**{escape(doc.enacting_clause)}**")
    for section in doc.sections:
        out.append(f"## {escape(section.title)}")
        out += [paragraph(p) for p in section.paragraphs]
        if mode == "inline":
            out.append(drafting_note(doc, section))
    if mode == "memo":
        out += memo(doc)
    out.append("<!--\n" + "\n".join(line.replace("--", "- -") for line in
                                     doc.provenance.lines()) + "\n-->")
    return "\n\n".join(out) + "\n"


def note_paragraphs(doc: Document, section: Section) -> list[str]:
    """The drafting note of a section: rationale, state-law warnings, authorities."""
    paras = list(section.rationale)
    for law in section.state_laws:
        paras.append(state_law_sentence(law))
    if section.authorities:
        cites = [a.authority.citation for a in doc.authorities if a.key in section.authorities]
        paras.append("Authorities: " + "; ".join(cites) + ".")
    return paras


def state_law_sentence(law: StateLaw) -> str:
    """A warning that a state law may forbid a section."""
    sure = {"verified": "", "reported": " (as reported in secondary sources)",
            "unverified": " (unverified)"}[law.confidence]
    return (f"State law warning: {law.name} ({law.citation}){sure} may forbid or penalize this "
            f"section. What it forbids: {law.forbids.strip()} Penalties: {law.penalties.strip()}")


def drafting_note(doc: Document, section: Section) -> str:
    paras = note_paragraphs(doc, section)
    lines = [f"> **Drafting note.** {escape(paras[0])}"] if paras else []
    lines += [f">\n> {escape(p)}" for p in paras[1:]]
    return "\n".join(lines)


def memo(doc: Document) -> list[str]:
    out = ["# Rationale Memorandum"]
    for section in doc.sections:
        out.append(f"## {escape(section.title)}")
        out += [escape(p) for p in note_paragraphs(doc, section)]
    out += table_of_authorities(doc)
    return out


def table_of_authorities(doc: Document) -> list[str]:
    out = ["## Table of Authorities"]
    for heading, kinds in KIND_HEADINGS:
        items = [a for a in doc.authorities if a.authority.kind in kinds]
        if not items:
            continue
        out.append(f"### {heading}")
        lines = []
        for a in items:
            where = ", ".join(str(n) for n in a.sections)
            note = f" {a.authority.note}" if a.authority.note else ""
            lines.append(f"- {escape(a.authority.citation)}: {escape(a.authority.parenthetical)}. "
                         f"Cited in {'Section' if len(a.sections) == 1 else 'Sections'} {where}."
                         f"{escape(note)} <{a.authority.source}>")
        out.append("\n".join(lines))
    return out

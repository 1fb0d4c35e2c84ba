"""The words of drafting notes and the table of authorities, shared by every renderer."""

from __future__ import annotations

from ..document import CitedAuthority, Document, Finding, Section
from ..model import StateLaw
from ..typography import text

KIND_HEADINGS = (("Cases", {"case"}), ("Statutes and regulations", {"statute", "regulation"}),
                 ("Ordinances and executive orders", {"ordinance", "executive"}),
                 ("Model laws, memoranda and reports", {"model", "memo", "report"}))


def note_paragraphs(doc: Document, section: Section) -> list[str]:
    """The drafting note of a section: rationale, state-law warnings (or, in a state with
    such a law, that none of its rules is known to reach the section), authorities."""
    return ([p.plain() for p in section.rationale] + state_law_lines(doc, section)
            + authority_line(doc, section.authorities))


def state_law_lines(doc: Document, section: Section, short: bool = False) -> list[str]:
    """What a note says of state law: a warning for each law that may forbid the section
    (a sentence each when `short`), or, in a state with such a law, that none reaches it."""
    if section.state_laws:
        return [text(f"State law warning: {law.name} ({law.citation}) may forbid or penalize "
                     "this section.") if short else state_law_sentence(law)
                for law in section.state_laws]
    if doc.laws_here:
        names = " or ".join(law.name for law in doc.laws_here)
        return [text(f"State law: no rule of {names} that this library tracks is known to "
                     "reach this section; have counsel confirm.")]
    return []


def finding_paragraphs(doc: Document, finding: Finding) -> list[str]:
    """The drafting note of a findings clause: its rationale and authorities."""
    return [p.plain() for p in finding.rationale] + authority_line(doc, finding.authorities)


def authority_line(doc: Document, keys: tuple[str, ...]) -> list[str]:
    """"Authorities: ..." for the authorities a note cites, or nothing."""
    cites = [a.authority.citation for a in doc.authorities if a.key in keys]
    return [text("Authorities: " + "; ".join(cites) + ".")] if cites else []


def counsel_notice(doc: Document) -> str:
    """The notice on the face of an annotated draft in a state whose law may forbid some of
    its sections, or "" when there is none."""
    if not doc.state_laws:
        return ""
    parts = []
    for note in doc.state_laws:
        numbers = ", ".join(str(n) for n in note.sections)
        word = "Section" if len(note.sections) == 1 else "Sections"
        parts.append(f"{note.law.name} ({note.law.citation}) may forbid or penalize {word} "
                     f"{numbers} of this draft")
    return text("Notice to counsel: " + "; ".join(parts) + ". Officials who adopt a measure "
                "such a law forbids may face the penalties it sets. Each section's drafting "
                "note says whether the law is known to reach it.")


def state_law_sentence(law: StateLaw) -> str:
    """A warning that a state law may forbid a section."""
    sure = {"verified": "", "reported": " (as reported in secondary sources)",
            "unverified": " (unverified)"}[law.confidence]
    return text(f"State law warning: {law.name} ({law.citation}){sure} may forbid or penalize "
                f"this section. What it forbids: {law.forbids.strip()} Penalties: "
                f"{law.penalties.strip()}")


def authority_groups(doc: Document) -> list[tuple[str, list[CitedAuthority]]]:
    """The table of authorities: each non-empty group under its heading, in table order."""
    groups = [(heading, [a for a in doc.authorities if a.authority.kind in kinds])
              for heading, kinds in KIND_HEADINGS]
    return [(heading, items) for heading, items in groups if items]


def authority_entry(a: CitedAuthority) -> str:
    """One table-of-authorities entry, without its source address."""
    places = ["the recitals"] if a.recitals else []
    if a.sections:
        word = "Section" if len(a.sections) == 1 else "Sections"
        places.append(f"{word} {', '.join(str(n) for n in a.sections)}")
    note = f" {a.authority.note}" if a.authority.note else ""
    return text(f"{a.authority.citation}: {a.authority.parenthetical}. Cited in "
                f"{' and '.join(places)}.{note}")

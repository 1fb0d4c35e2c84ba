"""The words of drafting notes and the table of authorities, shared by every renderer."""

from __future__ import annotations

from ..document import CitedAuthority, Document, Section
from ..model import StateLaw

KIND_HEADINGS = (("Cases", {"case"}), ("Statutes and regulations", {"statute", "regulation"}),
                 ("Ordinances and executive orders", {"ordinance", "executive"}),
                 ("Model laws, memoranda and reports", {"model", "memo", "report"}))


def note_paragraphs(doc: Document, section: Section) -> list[str]:
    """The drafting note of a section: rationale, state-law warnings, authorities."""
    paras = [p.plain() for p in section.rationale]
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


def authority_groups(doc: Document) -> list[tuple[str, list[CitedAuthority]]]:
    """The table of authorities: each non-empty group under its heading, in table order."""
    groups = [(heading, [a for a in doc.authorities if a.authority.kind in kinds])
              for heading, kinds in KIND_HEADINGS]
    return [(heading, items) for heading, items in groups if items]


def authority_entry(a: CitedAuthority) -> str:
    """One table-of-authorities entry, without its source address."""
    where = ", ".join(str(n) for n in a.sections)
    word = "Section" if len(a.sections) == 1 else "Sections"
    note = f" {a.authority.note}" if a.authority.note else ""
    return f"{a.authority.citation}: {a.authority.parenthetical}. Cited in {word} {where}.{note}"

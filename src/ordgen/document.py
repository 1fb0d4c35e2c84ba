"""The assembled ordinance: what every renderer reads, with no logic of its own."""

from __future__ import annotations

from msgspec import Struct

from .model import Authority, StateLaw


class Ref(Struct, frozen=True):
    """A cross-reference to another section, shown as its current number."""

    target: str  # clause id
    anchor: str  # the target section's bookmark name
    text: str  # "Section 7"


class Change(Struct, frozen=True):
    """Text a redline inserts (shown underscored) or deletes (shown stricken)."""

    kind: str  # "ins" | "del"
    text: str  # never starts or ends with whitespace


Inline = str | Ref | Change


class Paragraph(Struct, frozen=True):
    """A paragraph at an outline level: 0 unnumbered, 1 (a), 2 (1), 3 (A), 4 (i)."""

    level: int
    label: str
    content: tuple[Inline, ...]

    def plain(self) -> str:
        """The text as it reads with every change made."""
        return "".join(c if isinstance(c, str) else c.text for c in self.content
                       if not (isinstance(c, Change) and c.kind == "del"))


class StateLawNote(Struct, frozen=True):
    """A state law that may forbid some of the draft's sections."""

    law: StateLaw
    sections: tuple[int, ...]
    clause_ids: tuple[str, ...]


class Section(Struct, frozen=True):
    """One numbered section, built from one clause."""

    number: int
    anchor: str
    heading: str
    clause_id: str
    variant: str
    reason: str
    layer: str
    paragraphs: tuple[Paragraph, ...]
    rationale: tuple[str, ...]
    authorities: tuple[str, ...]
    state_laws: tuple[StateLaw, ...]

    @property
    def title(self) -> str:
        """"Section 3. City Property." as headings read."""
        return f"Section {self.number}. {self.heading.rstrip('.')}."


class CitedAuthority(Struct, frozen=True):
    key: str
    authority: Authority
    sections: tuple[int, ...]


class ClauseRecord(Struct, frozen=True):
    """Provenance of one clause in the draft."""

    clause_id: str
    variant: str
    layer: str
    reason: str


class Provenance(Struct, frozen=True):
    ordgen_version: str
    library: str  # names and versions of the layers
    library_sha256: str
    commit: str  # git commit of the (last) library layer, or ""
    recipe_sha256: str
    clauses: tuple[ClauseRecord, ...]
    code_sha256: str = ""  # the code text an amending ordinance amends

    def lines(self) -> list[str]:
        """Provenance as `key: value` lines, the same in every output format."""
        out = [f"generator: ordgen {self.ordgen_version}", f"library: {self.library}",
               f"library-sha256: {self.library_sha256}"]
        if self.commit:
            out.append(f"library-commit: {self.commit}")
        out.append(f"recipe-sha256: {self.recipe_sha256}")
        if self.code_sha256:
            out.append(f"code-sha256: {self.code_sha256}")
        out += [f"clause: {c.clause_id} variant={c.variant} layer={c.layer} ({c.reason})"
                for c in self.clauses]
        return out


class Document(Struct, frozen=True):
    """A complete draft, ready to render."""

    instrument: str  # ordinance | resolution
    heading: str  # "ORDINANCE NO. 2026-__"
    jurisdiction: str  # "CITY OF MINNEAPOLIS"
    title: str  # the title in capitals
    draft: str
    counsel_note: str
    recitals: tuple[Paragraph, ...]
    enacting_clause: str
    sections: tuple[Section, ...]
    authorities: tuple[CitedAuthority, ...]
    state_laws: tuple[StateLawNote, ...]
    rationale_mode: str
    provenance: Provenance
    date: str | None
    template: str | None
    legend: str = ""  # how to read the redline of an amending ordinance

    def section(self, clause_id: str) -> Section | None:
        for section in self.sections:
            if section.clause_id == clause_id:
                return section
        return None

"""The assembled ordinance, and two versions compared: what every renderer reads, with no
logic of its own.

Sections are known by the clause they come from; their numbers, anchors and the text of
cross-references are filled in once, by `numbering.number`, after any amending.
"""

from __future__ import annotations

from msgspec import Struct

from .closing import Closing
from .government import Government
from .model import Authority, StateLaw

LEGEND = "Deleted language is stricken; new language is underscored."


class Ref(Struct, frozen=True):
    """A cross-reference to another section, shown as its current number."""

    target: str  # clause id
    anchor: str = ""  # the target section's bookmark name
    text: str = ""  # "Section 7"


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
    heading: bool = False  # a heading inside a section: a code section an amendment sets out

    def plain(self) -> str:
        """The text as it reads with every change made."""
        return "".join(c if isinstance(c, str) else c.text for c in self.content
                       if not (isinstance(c, Change) and c.kind == "del"))


class Section(Struct, frozen=True, kw_only=True):
    """One section, built from one clause (or, in an amending ordinance, a code section)."""

    clause_id: str  # "" for a section that repeals code
    heading: str
    variant: str
    reason: str
    layer: str
    paragraphs: tuple[Paragraph, ...]
    rationale: tuple[Paragraph, ...]
    authorities: tuple[str, ...]
    state_laws: tuple[StateLaw, ...]
    key: str = ""  # what names it when it has no clause: "repeal 19.50"
    number: int = 0  # set by numbering
    anchor: str = ""  # set by numbering: the bookmark name, from the clause id

    @property
    def label(self) -> str:
        """"Section 3"."""
        return f"Section {self.number}"

    @property
    def title(self) -> str:
        """"Section 3. City Property." as headings read."""
        return f"{self.label}. {self.heading.rstrip('.')}."


class Finding(Struct, frozen=True, kw_only=True):
    """A findings clause, whose recitals open the draft: its rationale for the notes."""

    clause_id: str
    heading: str
    rationale: tuple[Paragraph, ...]
    authorities: tuple[str, ...]


class CitedAuthority(Struct, frozen=True):
    key: str
    authority: Authority
    clause_ids: tuple[str, ...]  # the sections (and findings) that cite it
    sections: tuple[int, ...] = ()  # their numbers, set by numbering
    recitals: bool = False  # the findings cite it too


class StateLawNote(Struct, frozen=True):
    """A state law that may forbid some of the draft's sections."""

    law: StateLaw
    clause_ids: tuple[str, ...]
    sections: tuple[int, ...] = ()  # set by numbering


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


class Document(Struct, frozen=True, kw_only=True):
    """A complete draft, ready to render."""

    instrument: str  # ordinance | resolution | order | executive-order
    government: Government  # the jurisdiction, every office settled
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
    legend: str = ""  # how to read the redline of an amending ordinance
    closing: Closing | None = None  # passage, vote, attestation and signatures
    findings: tuple[Finding, ...] = ()  # the clauses the recitals come from
    laws_here: tuple[StateLaw, ...] = ()  # every state law the library lists for this state

    def section(self, clause_id: str) -> Section | None:
        """The section built from a clause, if the draft has one."""
        for section in self.sections:
            if section.clause_id == clause_id:
                return section
        return None


class Block(Struct, frozen=True):
    """A heading and its paragraphs in redline; a preamble or a gap has no heading."""

    heading: tuple[Inline, ...]
    paragraphs: tuple[Paragraph, ...]
    level: int = 2  # the heading's level: 2 for a section, 3 for a part of one


class Redline(Struct, frozen=True):
    """Two versions compared, ready to render: what `ordgen diff` writes."""

    title: str
    summary: str
    blocks: tuple[Block, ...]
    legend: str = LEGEND

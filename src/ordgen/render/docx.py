"""Render a Document as a Word file whose styles come from a reference template.

The words are the Markdown renderer's; layout lives in the template's named styles, so a
city can restyle a draft by passing its own template (as pandoc's --reference-doc works).
Section and subsection numbers come from the template's outline list, not typed text, so
a clerk who inserts, deletes or moves a section in Word or LibreOffice sees everything
renumbered; cross-references are REF fields that follow.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..closing import Closing
from ..document import Change, Document, Section
from . import package
from .markdown import SIGNATURE_LINE
from .notes import (
    authority_entry,
    authority_groups,
    authority_line,
    counsel_notice,
    finding_paragraphs,
    note_paragraphs,
    state_law_lines,
)
from .ooxml import AUTHOR, KEEP_NEXT, Body

if TYPE_CHECKING:
    from docx.document import Document as Word

SUMMARY_WORDS = 120  # a comment is read in a margin: the rationale's first sentences
# a period that ends these does not end a sentence: "Printz v. United States", "8 U.S.C."
_ABBREVIATION = re.compile(r"(?:\b(?:v|vs|No|Nos|Stat|Rev|Ann|Gov|Cal|Civ|Pen|Mun|Admin|Ord|"
                           r"Cir|Supp|App|Dist|Ct|Inc|Co|Corp|St|Mr|Ms|Dr|Sec|Secs|art|ch|cl|"
                           r"seq|al|e\.g|i\.e|etc|Or|Wash|Ill|Minn|Mass|Colo|Tex|Pa|Fla|Va|Md|"
                           r"Conn|Mich|Ariz|Nev|Wis|Ga)|\b[A-Z]|(?:[A-Z]\.)+[A-Z])\.$")


def render(document: Document, *, template: Path | None = None, line_numbers: bool = False,
           tracked: bool = False) -> bytes:
    """The draft as the bytes of a .docx file; the same inputs give the same bytes.

    `tracked` writes a redline's changes as Word tracked changes instead of formatting."""
    when = package.timestamp(document.date)
    word = package.open_template(template)
    package.outline(word)
    DraftWriter(word, document, when, tracked).write()
    package.page(word, header(document.draft), line_numbers)
    package.update_fields_on_open(word)
    package.core_properties(word, when, title=f"{document.heading}: {document.title}",
                            subject=document.jurisdiction, category=document.instrument,
                            status=document.draft, comments=document.counsel_note)
    package.app_properties(word)
    package.custom_properties(word, document.provenance.lines())
    return package.package_bytes(word, when)


def header(label: str) -> str:
    """The running header: the draft label once ("Staff draft 1"), or "DRAFT — label" for
    a label that does not say it is a draft."""
    label = " ".join(label.split())
    if not label:
        return "DRAFT"
    return label if re.search(r"\bdraft\b", label, re.IGNORECASE) else f"DRAFT \u2014 {label}"


def summary(paragraphs: list[str], limit: int = SUMMARY_WORDS) -> str:
    """The first sentences of a text, as many as fit in `limit` words (at least one, cut
    at `limit` words if it alone is longer)."""
    words = " ".join(paragraphs).split()
    sentences: list[list[str]] = [[]]
    for i, word in enumerate(words):
        sentences[-1].append(word)
        if i + 1 < len(words) and _ends_sentence(word, words[i + 1]):
            sentences.append([])
    out: list[str] = []
    for sentence in sentences:
        if out and len(out) + len(sentence) > limit:
            break
        out += sentence
    if len(out) > limit:
        return " ".join(out[:limit]).rstrip(",;:") + "\u2026"
    return " ".join(out)


def _ends_sentence(word: str, following: str) -> bool:
    bare = word.rstrip("\u201d\u2019\")]")
    return (bare[-1:] in (".", "!", "?") and not _ABBREVIATION.search(bare)
            and (following[:1].isupper() or following[:1] in "\u201c\u2018\"("
                 or following[:1].isdigit() and bare[-2:-1].islower()))


def comment_paragraphs(doc: Document, section: Section) -> list[str]:
    """A section's comment: a short summary of its rationale, state-law warnings in a
    sentence each, and its authorities. The memo keeps the whole rationale."""
    rationale = [p.plain() for p in section.rationale]
    return (([summary(rationale)] if rationale else [])
            + state_law_lines(doc, section, short=True) + authority_line(doc, section.authorities))


class DraftWriter(Body):
    """Writes one Document into one Word document, top to bottom: the title block and
    preamble, the sections, then what follows the last section."""

    def __init__(self, word: Word, document: Document, when: dt.datetime,
                 tracked: bool = False) -> None:
        super().__init__(package.style_ids(word), when, tracked, package.indents(word))
        self.word, self.doc, self.mode = word, document, document.rationale_mode
        self.headings: list[Section] = []

    def write(self) -> None:
        """The whole draft into the Word document: body, then comments."""
        self.title_block()
        for section in self.doc.sections:
            self.section(section)
        self.after_sections()
        self.insert_into(self.word)
        if self.mode == "comments":
            self.comments()

    def title_block(self) -> None:
        """Number, jurisdiction, title, notes, recitals and the enacting clause."""
        doc = self.doc
        self.para("Ordinance Number", self.run(doc.heading))
        self.para("Jurisdiction", self.run(doc.jurisdiction))
        if self.mode != "none" and (notice := counsel_notice(doc)):
            self.para("Counsel Note", self.run(notice))
        self.para("Ordinance Title", self.run(doc.title))
        self.para("Counsel Note", self.run(doc.counsel_note))
        if doc.legend:
            self.para("Counsel Note", self.run(doc.legend))
        for recital in doc.recitals:
            self.para("Recital", self.inlines(recital.content))
        if self.mode == "inline":
            for finding in doc.findings:
                self.note(finding_paragraphs(doc, finding))
        self.para("Enacting Clause", self.run(doc.enacting_clause))

    def after_sections(self) -> None:
        """What follows the last section: the closing block, then the rationale memorandum
        when asked for."""
        if self.doc.closing is not None:
            self.closing(self.doc.closing)
        if self.mode == "memo":
            self.memo()

    def section(self, section: Section) -> None:
        """A heading numbered by the outline list ("Section 7." is not typed) and bookmarked
        whole, so a REF field's \\r result is its number; then the section's text."""
        rest = section.title[len(section.label):].lstrip(". ")
        self.para("Section Heading", self.bookmark(section.anchor, self.run(rest)))
        self.headings.append(section)
        # code text in redline keeps the code's own labels: a list would count struck ones
        live = not any(isinstance(c, Change) for p in section.paragraphs for c in p.content)
        for p in section.paragraphs:
            self.paragraph(p, live=live)
        if self.mode == "inline":
            self.note(note_paragraphs(self.doc, section))

    def note(self, paras: list[str]) -> None:
        """A drafting note: its label, then its paragraphs."""
        for i, text in enumerate(paras):
            if i == 0:
                self.para("Drafting Note", self.run("Drafting note.", "Note Label"),
                          self.run(" " + text))
            else:
                self.para("Drafting Note", self.run(text))

    def closing(self, closing: Closing) -> None:
        """The closing lines, then the signatures as a table of two columns, every paragraph
        kept with the next so that no page break falls between the last words of the
        measure and the signatures."""
        self.keep_last()  # the last paragraph of the last section keeps with the closing
        for line in closing.lines:
            self.para("Body Text", self.run(line), keep=True)
        pairs = [closing.signatures[i:i + 2] for i in range(0, len(closing.signatures), 2)]
        rows = []
        for pair in pairs:  # a caption on either side of a row puts a line above both
            captioned = any(signature.caption for signature in pair)
            rows.append(["".join(
                f'<w:p><w:pPr><w:pStyle w:val="{self.style("Body Text")}"/>{KEEP_NEXT}</w:pPr>'
                f"{self.run(line)}</w:p>"
                for line in ([signature.caption] if captioned else [])
                + [SIGNATURE_LINE, signature.office]) for signature in pair])
        if rows:
            self.para("Body Text", keep=True)  # a blank line above the signatures
            half = '<w:tcPr><w:tcW w:w="2500" w:type="pct"/></w:tcPr>'
            empty = f'<w:p><w:pPr><w:pStyle w:val="{self.style("Body Text")}"/></w:pPr></w:p>'
            self.out.append(
                '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="0000"/>'
                '</w:tblPr><w:tblGrid><w:gridCol w:w="4680"/><w:gridCol w:w="4680"/>'
                "</w:tblGrid>" + "".join(
                    "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                    + "".join(f"<w:tc>{half}{cell}</w:tc>" for cell in row)
                    + (f"<w:tc>{half}{empty}</w:tc>" if len(row) == 1 else "") + "</w:tr>"
                    for row in rows) + "</w:tbl>")
        for line in closing.after:
            self.para("Body Text", self.run(line))

    def comments(self) -> None:
        """One comment per section, anchored on the runs of its heading."""
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph as WordParagraph
        from docx.text.run import Run

        heading_id = self.style("Section Heading")
        body = self.word.element.body
        headings = [p for p in body.iterchildren(qn("w:p"))
                    if p.pPr is not None and p.pPr.pStyle is not None
                    and p.pPr.pStyle.val == heading_id]
        for section, element in zip(self.headings, headings, strict=True):
            paras = comment_paragraphs(self.doc, section)
            if not paras:
                continue
            paragraph = WordParagraph(element, self.word._body)
            runs = [Run(r, paragraph) for r in element.findall(qn("w:r"))]
            comment = self.word.add_comment(runs, text="\n".join(paras), author=AUTHOR,
                                            initials="OG")
            comment._comment_elm.date = self.when  # python-docx stamps comments with now()

    def memo(self) -> None:
        """The rationale memorandum and table of authorities, from a new page."""
        self.para("Heading 1", self.run("Rationale Memorandum"), page_break=True)
        for finding in self.doc.findings:
            self.para("Heading 2", self.run(f"Recitals: {finding.heading}"))
            for text in finding_paragraphs(self.doc, finding):
                self.para("Body Text", self.run(text))
        for section in self.doc.sections:
            self.para("Heading 2", self.run(section.title))
            for text in note_paragraphs(self.doc, section):
                self.para("Body Text", self.run(text))
        self.para("Heading 2", self.run("Table of Authorities"))
        for heading, items in authority_groups(self.doc):
            self.para("Heading 3", self.run(heading))
            for a in items:
                self.para("Authority", self.run(authority_entry(a) + " "),
                          self.hyperlink(a.authority.source))

    def hyperlink(self, url: str) -> str:
        """A link to an authority's source, as a run in the Hyperlink style."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid = self.word.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return f'<w:hyperlink r:id="{rid}">{self.run(url, "Hyperlink")}</w:hyperlink>'

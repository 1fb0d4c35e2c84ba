"""Render a Document as a Word file whose styles come from a reference template.

The words are the Markdown renderer's; layout lives in the template's named styles, so a
city can restyle a draft by passing its own template (as pandoc's --reference-doc works).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..closing import Closing
from ..document import Document, Section
from . import package
from .markdown import SIGNATURE_LINE
from .notes import (
    authority_entry,
    authority_groups,
    counsel_notice,
    finding_paragraphs,
    note_paragraphs,
)
from .ooxml import AUTHOR, Body

if TYPE_CHECKING:
    from docx.document import Document as Word


def render(document: Document, *, template: Path | None = None, line_numbers: bool = False,
           tracked: bool = False) -> bytes:
    """The draft as the bytes of a .docx file; the same inputs give the same bytes.

    `tracked` writes a redline's changes as Word tracked changes instead of formatting."""
    when = package.timestamp(document.date)
    word = package.open_template(template)
    DraftWriter(word, document, when, tracked).write()
    package.page(word, f"DRAFT \u2014 {document.draft}", line_numbers)
    package.core_properties(word, when, title=f"{document.heading}: {document.title}",
                            subject=document.jurisdiction, category=document.instrument,
                            status=document.draft, comments=document.counsel_note)
    package.custom_properties(word, document.provenance.lines())
    return package.package_bytes(word, when)


class DraftWriter(Body):
    """Writes one Document into one Word document, top to bottom."""

    def __init__(self, word: Word, document: Document, when: dt.datetime,
                 tracked: bool = False) -> None:
        super().__init__(package.style_ids(word), when, tracked)
        self.word, self.doc, self.mode = word, document, document.rationale_mode
        self.headings: list[Section] = []

    def write(self) -> None:
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
        for section in doc.sections:
            self.section(section)
        if doc.closing is not None:
            self.closing(doc.closing)
        if self.mode == "memo":
            self.memo()
        self.insert_into(self.word)
        if self.mode == "comments":
            self.comments()

    def section(self, section: Section) -> None:
        # the bookmark holds only "Section 7", so a REF to it shows just that
        rest = section.title[len(section.label):]
        self.para("Section Heading", self.bookmark(section.anchor, self.run(section.label)),
                  self.run(rest))
        self.headings.append(section)
        for p in section.paragraphs:
            self.paragraph(p)
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
        """The closing lines and signature blocks after the last section."""
        for line in closing.lines:
            self.para("Body Text", self.run(line))
        for signature in closing.signatures:
            if signature.caption:
                self.para("Body Text", self.run(signature.caption))
            self.para("Body Text", self.run(SIGNATURE_LINE + "\n" + signature.office))
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
            paras = note_paragraphs(self.doc, section)
            if not paras:
                continue
            paragraph = WordParagraph(element, self.word._body)
            runs = [Run(r, paragraph) for r in element.findall(qn("w:r"))]
            comment = self.word.add_comment(runs, text="\n".join(paras), author=AUTHOR,
                                            initials="OG")
            comment._comment_elm.date = self.when  # python-docx stamps comments with now()

    def memo(self) -> None:
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
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid = self.word.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return f'<w:hyperlink r:id="{rid}">{self.run(url, "Hyperlink")}</w:hyperlink>'

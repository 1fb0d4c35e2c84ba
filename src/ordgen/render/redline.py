"""Render a Redline (two versions compared) as Markdown or as a Word file.

Deletions are ~~stricken~~ and insertions <ins>underscored</ins> in Markdown; in Word
they are struck and underlined runs, or real tracked changes with `tracked`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import Redline
from . import docx as word_docx
from .markdown import escape, inline, paragraph

if TYPE_CHECKING:
    from docx.document import Document as Word


def markdown(redline: Redline) -> str:
    """The comparison as Markdown text: title, legend, summary, then each section."""
    out = [f"# {escape(redline.title)}", f"*{escape(redline.legend)}*", escape(redline.summary)]
    for block in redline.blocks:
        if block.heading:
            out.append(f"{'#' * block.level} {inline(block.heading)}")
        out += [paragraph(p) for p in block.paragraphs]
    return "\n\n".join(out) + "\n"


class _Writer(word_docx.Writer):
    """The draft writer's paragraphs, runs and changes, for a comparison, which is no
    draft: only those methods are used, and they never read the draft."""

    def __init__(self, word: Word, when: dt.datetime, tracked: bool) -> None:
        super().__init__(word, None, "none", when, tracked)  # type: ignore[arg-type]

    def redline(self, redline: Redline) -> None:
        from docx.oxml import parse_xml

        self.para("Ordinance Title", self.run(redline.title))
        self.para("Counsel Note", self.run(redline.legend))
        self.para("Body Text", self.run(redline.summary))
        for block in redline.blocks:
            if block.heading:
                style = "Section Heading" if block.level <= 2 else "Heading 3"
                mark = self.mark(block.heading)
                self.para(style, self.inlines(block.heading), mark=mark)
            for p in block.paragraphs:
                self.paragraph(p)
        body = parse_xml(f'<w:body xmlns:w="{word_docx.W_NS}" xmlns:r="{word_docx.R_NS}">'
                         f'{"".join(self.out)}</w:body>')
        sect = self.word.element.body.sectPr
        for child in list(body):
            sect.addprevious(child)


def docx(redline: Redline, *, tracked: bool = False, template: Path | None = None) -> bytes:
    """The comparison as the bytes of a .docx file; the same inputs give the same bytes."""
    when = word_docx.timestamp(None)
    word = word_docx.open_template(template)
    _Writer(word, when, tracked).redline(redline)
    _page(word, "REDLINE")
    core = word.core_properties
    core.title = redline.title
    core.subject = redline.summary
    core.author = core.last_modified_by = word_docx.AUTHOR
    core.category = "redline"
    core.comments = redline.legend
    core.keywords = core.content_status = ""
    core.revision = 1
    core.created = core.modified = when.replace(tzinfo=None)
    _drop_custom_properties(word)
    return word_docx.package_bytes(word, when)


def _page(word: Word, label: str) -> None:
    """A running header naming the document, and page numbers in the footer."""
    from docx.oxml import parse_xml

    section = word.sections[-1]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs:
            if not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:pict"):
                p._p.getparent().remove(p._p)
    section.header.add_paragraph(label, style="Header")
    footer = section.footer.add_paragraph("Page ", style="Footer")
    runs = parse_xml(f'<w:p xmlns:w="{word_docx.W_NS}">{word_docx.field("PAGE", "1")}'
                     f'<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
                     f'{word_docx.field("NUMPAGES", "1")}</w:p>')
    for run in list(runs):
        footer._p.append(run)


def _drop_custom_properties(word: Word) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = word.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]

"""Render a Redline (two versions compared) as Markdown or as a Word file.

Deletions are ~~stricken~~ and insertions <ins>underscored</ins> in Markdown; in Word
they are struck and underlined runs, or real tracked changes with `tracked`. Headings and
subsections take the draft's styles (bold headings, hanging indents) but type their own
numbers, which the redline marks as changed.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Redline
from . import package
from .markdown import escape, inline, paragraph
from .ooxml import Body


def markdown(redline: Redline) -> str:
    """The comparison as Markdown text: title, legend, summary, then each section."""
    out = [f"# {escape(redline.title)}", f"*{escape(redline.legend)}*", escape(redline.summary)]
    for block in redline.blocks:
        if block.heading:
            out.append(f"{'#' * block.level} {inline(block.heading)}")
        out += [paragraph(p) for p in block.paragraphs]
    return "\n\n".join(out) + "\n"


def docx(redline: Redline, *, tracked: bool = False, template: Path | None = None) -> bytes:
    """The comparison as the bytes of a .docx file; the same inputs give the same bytes."""
    when = package.timestamp(None)
    word = package.open_template(template)
    body = Body(package.style_ids(word), when, tracked, package.indents(word))
    body.para("Ordinance Title", body.run(redline.title))
    body.para("Counsel Note", body.run(redline.legend))
    body.para("Body Text", body.run(redline.summary))
    for block in redline.blocks:
        if block.heading:
            style = "Section Heading" if block.level <= 2 else "Heading 3"
            mark = body.mark(block.heading)
            body.para(style, body.inlines(block.heading), mark=mark, listed=False)
        for p in block.paragraphs:
            body.paragraph(p)
    body.insert_into(word)
    package.page(word, "REDLINE")
    package.core_properties(word, when, title=redline.title, subject=redline.summary,
                            category="redline", status="", comments=redline.legend)
    package.app_properties(word)
    return package.package_bytes(word, when)

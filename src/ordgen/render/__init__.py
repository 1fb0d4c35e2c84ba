"""Renderers: a Document (or a Redline) as the bytes of one output format.

python-docx is imported only when a Word file (or a PDF, which LibreOffice makes from the
Word file) is asked for: it costs more to import than a Markdown draft takes to build.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document, Redline
from . import markdown


def render(document: Document, fmt: str, *, template: Path | None = None,
           line_numbers: bool = False, tracked: bool = False,
           target: Path = Path("draft.pdf")) -> bytes:
    """A draft as the bytes of one output format ("markdown", "html", "docx" or "pdf");
    `target`, the file a PDF is for, locates LibreOffice's errors."""
    if fmt == "markdown":
        return markdown.render(document).encode("utf-8")
    if fmt == "html":
        from . import html

        return html.render(document).encode("utf-8")
    from . import docx

    data = docx.render(document, template=template, line_numbers=line_numbers, tracked=tracked)
    if fmt == "pdf":
        from . import pdf

        return pdf.from_docx(data, target)
    return data


def render_redline(redline: Redline, fmt: str, *, tracked: bool = False,
                   template: Path | None = None, target: Path = Path("redline.pdf")) -> bytes:
    """A comparison as the bytes of one output format."""
    from . import redline as comparison

    if fmt == "markdown":
        return comparison.markdown(redline).encode("utf-8")
    if fmt == "html":
        from . import html

        return html.comparison(redline).encode("utf-8")
    data = comparison.docx(redline, tracked=tracked, template=template)
    if fmt == "pdf":
        from . import pdf

        return pdf.from_docx(data, target)
    return data

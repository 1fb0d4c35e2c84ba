"""Paragraphs read from a Word file or a web page, made into sections as Markdown's are.

A reader gives each paragraph its text, whether its style or tag makes it a heading (and
at what level), and the label its list numbering shows. A section starts at a heading, or
at a short paragraph that reads like one: "Section 3. Title.", "Sec. 19.30. - Title.",
"§ 2-173-020 Title." (as code publishers and clerks write them), or a bold paragraph
that starts with a section number. Text before the first section is the preamble.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from .sections import CodeText, TextParagraph, TextSection, file_under, level_of, split_heading

MAX_HEADING_WORDS = 25  # a longer paragraph is text, whatever it starts with
_NUMBER = r"\d+[A-Za-z]?(?:[.\-:]\d+[A-Za-z]?)*"
_PREFIXED = re.compile(rf"^(?:section|sec\.|§+)\s*({_NUMBER})\.?(?:\s+|$)(.*)$", re.IGNORECASE)
_BARE = re.compile(rf"^({_NUMBER})\.?\s+(.*)$")
_DASH = re.compile(r"^[-\u2013\u2014]+\s*")  # "Sec. 19.30. - Title." as Municode writes it
_LABEL = re.compile(r"^\(?(\d{1,3}|[a-z]{1,4}|[A-Z]{1,4})[.)]$")
_TYPED = re.compile(r"^\((\d{1,3}|[a-z]{1,4}|[A-Z]{1,4})\)\s+(\S.*)$")
# C0 controls, DEL and the private-use range ordgen marks references with: never text
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue0ff]")


class Para(Struct, frozen=True):
    """One paragraph as a reader found it."""

    text: str
    line: int  # where it starts: a line of a web page, the paragraph's place in a Word file
    heading: int = 0  # its heading level from its style or tag (1 for h1), 0 for text
    label: str = ""  # what its list numbering shows: "(a)", "Section 3.", "1."
    bold: bool = False  # every word of it is bold
    link: bool = False  # all of it is a link (a table of contents entry): never a heading


def heading_text(para: Para) -> str | None:
    """The paragraph as a section heading ("Section 3. Title."), or None when it is text."""
    text = " ".join(f"{para.label} {para.text}".split()) if _heads(para.label) else para.text
    if para.link or not text or len(text.split()) > MAX_HEADING_WORDS:
        return None
    m = _PREFIXED.match(text)
    if m is not None:
        rest = _DASH.sub("", m.group(2))
        if para.heading or rest[:1].isupper() or para.bold:
            return text[:m.start(2)] + rest
        return None
    if para.heading:
        return text
    m = _BARE.match(text)
    if para.bold and m is not None and m.group(2)[:1].isupper():
        return f"{m.group(1)}. {_DASH.sub('', m.group(2))}"
    return None


def _heads(label: str) -> bool:
    """Whether a list label numbers a section ("Section 3.") rather than a subsection."""
    return bool(label) and not _LABEL.match(label)


def paragraph(para: Para, previous: int) -> TextParagraph:
    """A text paragraph with its outline label: the list's, or one typed at its start."""
    text = " ".join(para.text.split())
    if para.label and _LABEL.match(para.label):
        label = f"({para.label.strip('().')})"
        return TextParagraph(level_of(label, previous), label, text)
    if para.label:  # a label that is not an outline letter or number reads as text
        text = " ".join(f"{para.label} {text}".split())
    typed = _TYPED.match(text)
    if typed:
        label = f"({typed.group(1)})"
        return TextParagraph(level_of(label, previous), label, typed.group(2))
    return TextParagraph(0, "", text)


def clean(para: Para) -> Para:
    """A paragraph without characters that are not text."""
    if _FORBIDDEN.search(para.text) or _FORBIDDEN.search(para.label):
        return Para(_FORBIDDEN.sub(" ", para.text), para.line, para.heading,
                    _FORBIDDEN.sub("", para.label), para.bold, para.link)
    return para


def build(paras: Sequence[Para], path: Path) -> CodeText:
    """The paragraphs as a preamble and sections."""
    paras = [clean(p) for p in paras]
    preamble: list[TextParagraph] = []
    sections: list[TextSection] = []
    heading: tuple[str, int] | None = None
    body: list[TextParagraph] = []
    headings = {i: h for i, p in enumerate(paras) if (h := heading_text(p)) is not None}
    # a heading style above the first numbered heading (a chapter's title) is preamble
    numbered = [paras[i].heading or 99 for i, h in headings.items() if split_heading(h)[0]]
    levels = [paras[i].heading for i in headings if paras[i].heading]
    # no numbered heading: second-level headings are sections, as in Markdown
    first = min(numbered) if numbered else 2 if any(n >= 2 for n in levels) else 1
    previous = 0

    def close() -> None:
        file_under(heading, body, preamble, sections)

    for i, para in enumerate(paras):
        text = headings.get(i)
        level = para.heading or 99
        if text is not None and (heading is not None or level >= first):
            close()
            heading, previous = (text, para.line), 0
            continue
        if not " ".join(para.text.split()) and not para.label:
            continue
        item = paragraph(para, previous)
        previous = item.level if item.label else previous
        body.append(item)
    close()
    return CodeText(path, tuple(preamble), tuple(sections))

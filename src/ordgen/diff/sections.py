"""Read Markdown text (a rendered draft, or code text pasted into a file) as sections.

A section starts at a heading: `## Section 7. Title.` as ordgen writes them, or
`## 19.30. Title` as municipal codes number theirs. Text before the first
second-level heading (first-level, in a file that has no others) is the preamble.
Paragraphs keep their outline labels ("(a)", "(1)") so a comparison can show a
relettered subsection.
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Diagnostic, display_path
from ..source import read_text

MAX_BYTES = 2_000_000
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_NUMBER = re.compile(r"^(?:(?:section|sec\.?|§+)\s*)?(\d+[A-Za-z]?(?:[.\-:]\d+[A-Za-z]?)*)\.?"
                     r"(?:\s+|$)(.*)$", re.IGNORECASE)
_LABEL = re.compile(r"^\\?\((\d{1,3}|[a-z]{1,4}|[A-Z]{1,4})\\?\)\s+(\S.*)$")
_BULLET = re.compile(r"^( *)[-+*]\s+(\S.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STRUCK = re.compile(r"~~(.*?)~~")
_INSERTED = re.compile(r"</?ins>")
_EMPHASIS = re.compile(r"(?<!\\)\*+")  # ordgen escapes every literal asterisk
_ROMAN = re.compile(r"^[ivxlc]+$")


class TextParagraph(Struct, frozen=True):
    """A paragraph of plain text to compare: its outline level, label and words."""

    level: int
    label: str  # "(a)", or "" for an unnumbered paragraph
    text: str

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


class TextSection(Struct, frozen=True):
    """One section of Markdown text: its heading, number, title and paragraphs."""

    heading: str  # as written, without the #s: "Section 7. Use of City Property."
    number: str  # "7", "19.30", or "" for a heading without a number
    title: str  # "Use of City Property"
    paragraphs: tuple[TextParagraph, ...]
    line: int  # the heading's line, 1-based

    def words(self) -> list[str]:
        return [w for p in self.paragraphs for w in p.full.split()]


class CodeText(Struct, frozen=True):
    """A Markdown file read as a preamble and sections."""

    path: Path
    preamble: tuple[TextParagraph, ...]
    sections: tuple[TextSection, ...]

    def section(self, number: str) -> TextSection | None:
        for section in self.sections:
            if section.number == number:
                return section
        return None


def read(path: Path) -> str:
    """A Markdown file's text, refusing what is missing, too big or not UTF-8 text."""
    return read_text(path, limit=MAX_BYTES, kind="Markdown", suffix=".md")


def split_heading(heading: str) -> tuple[str, str]:
    """A heading's section number and title: "Section 7. Title." -> ("7", "Title")."""
    m = _NUMBER.match(heading.strip())
    if m and m.group(2).strip():
        return m.group(1), m.group(2).strip().rstrip(".").strip()
    return "", heading.strip().rstrip(".").strip()


def heading_like(example: str, number: str, title: str) -> str:
    """A heading for `number` and `title` written the way `example` writes its number."""
    m = _NUMBER.match(example.strip())
    prefix = example.strip()[:m.start(1)] if m else ""
    return f"{prefix}{number}. {title.rstrip('.')}."


def level_of(label: str, previous: int) -> int:
    """The outline level a label such as "(a)" or "(ii)" shows; roman numerals follow a
    third level, letters otherwise."""
    inner = label.strip("()")
    if inner.isdigit():
        return 2
    if inner.isupper():
        return 3
    if _ROMAN.match(inner) and previous >= 3:
        return 4
    return 1


_HARD_BREAK = re.compile(r"(?<!\\)\\$")  # a line ending in one backslash


def clean(text: str) -> str:
    """Markdown inline text as plain words: emphasis, escapes and redline marks removed
    (a redline reads as amended)."""
    text = _STRUCK.sub("", " ".join(text.split()))
    text = _EMPHASIS.sub("", text)
    text = _INSERTED.sub("", text)
    return " ".join(_ESCAPE.sub(r"\1", text).split())


def uncomment(text: str) -> str:
    """Text with each HTML comment replaced by its line breaks (so lines keep their
    numbers). One scan: a `<!--` left open ends the search, where a pattern would look
    for its end again from every later `<!--`."""
    out: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end + 3
    return "".join(out) + text[at:] if out else text


def file_under(heading: tuple[str, int] | None, body: list[TextParagraph],
               preamble: list[TextParagraph], sections: list[TextSection]) -> None:
    """Move the paragraphs read so far into the section `heading` opened (its text and
    line), or into the preamble before the first heading."""
    if heading is None:
        preamble.extend(body)
    else:
        number, title = split_heading(heading[0])
        sections.append(TextSection(heading[0], number, title, tuple(body), heading[1]))
    body.clear()


def parse(text: str, path: Path) -> CodeText:
    """Markdown text as a preamble and sections."""
    text = uncomment(text)
    preamble: list[TextParagraph] = []
    sections: list[TextSection] = []
    heading: tuple[str, int] | None = None
    paras: list[TextParagraph] = []
    lines: list[str] = []
    level, label, previous = 0, "", 0
    # sections start at second-level headings; a file with only first-level ones uses those
    lines_of = text.splitlines()
    first = 2 if any(re.match(r"^\s{0,3}#{2,6}\s", line) for line in lines_of) else 1

    def flush() -> None:
        nonlocal lines, previous
        body = clean(" ".join(lines))
        if body:
            paras.append(TextParagraph(level, label, body))
            previous = level if label else previous
        lines = []

    def close() -> None:
        flush()
        file_under(heading, paras, preamble, sections)

    for n, line in enumerate(lines_of, 1):
        line = re.sub(r"^\s{0,3}>\s?", "", line)  # a blockquote reads as its text
        m = _HEADING.match(line)
        if m and (heading is not None or len(m.group(1)) >= first):
            close()
            heading = (clean(m.group(2)), n)
            level, label, previous = 0, "", 0
            continue
        if not line.strip() or _RULE.match(line):
            flush()
            continue
        item = _LABEL.match(line.strip())
        bullet = _BULLET.match(line)
        if item:
            flush()
            label = f"({item.group(1)})"
            level = level_of(label, previous)
            lines = [item.group(2)]
        elif bullet:
            flush()
            label, level = "", len(bullet.group(1)) // 2 + 1
            lines = [bullet.group(2)]
        elif m:  # a top-level heading in the preamble reads as a paragraph
            flush()
            label, level = "", 0
            lines = [m.group(2)]
            flush()
        else:
            if not lines:
                label, level = "", 0
            broken = _HARD_BREAK.search(line)  # a signature line, then the office
            lines.append(line[:broken.start()] if broken else line)
            if broken:
                flush()
                label, level = "", 0
    close()
    return CodeText(path, tuple(preamble), tuple(sections))


def load(path: Path) -> CodeText:
    """Read and parse a Markdown file."""
    return parse(read(path), path)


def duplicate_numbers(code: CodeText) -> list[Diagnostic]:
    """An error for each section number used twice in one file."""
    found = []
    seen: dict[str, int] = {}
    for section in code.sections:
        if not section.number:
            continue
        if section.number in seen:
            found.append(Diagnostic(display_path(code.path), section.line, 1, "error",
                                    "duplicate-section",
                                    f"section {section.number} appears twice (also line "
                                    f"{seen[section.number]})", "number each section once"))
        else:
            seen[section.number] = section.line
    return found

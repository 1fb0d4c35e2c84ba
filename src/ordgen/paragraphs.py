"""Turn rendered clause text into outline paragraphs, and number them."""

from __future__ import annotations

import re

from .document import Inline, Paragraph, Ref
from .templating import REF_CLOSE, REF_OPEN

MAX_LEVEL = 4
_ITEM = re.compile(r"^( *)- +(\S.*)$")
_REF = re.compile(re.escape(REF_OPEN) + r"([^\ue001]*)" + re.escape(REF_CLOSE))


class StructureError(ValueError):
    """Clause text whose outline cannot be numbered; `line` is 1-based in the text."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


def split(text: str) -> list[tuple[int, str, int]]:
    """(level, text, line) for each paragraph; level 0 is unnumbered."""
    paragraphs: list[tuple[int, str, int]] = []
    current: list[str] = []
    level, start, last_item = 0, 0, 0

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append((level, " ".join(current), start))
        current = []

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            flush()
            continue
        if line.startswith("\t") or line.lstrip(" ").startswith("\t"):
            raise StructureError(number, "a line of clause text is indented with a tab",
                                 "indent with two spaces per level")
        item = _ITEM.match(line)
        if item:
            flush()
            indent = len(item.group(1))
            if indent % 2:
                raise StructureError(number, f"list item indented by {indent} spaces",
                                     "indent two spaces per level")
            level = indent // 2 + 1
            if level > MAX_LEVEL:
                raise StructureError(number, f"more than {MAX_LEVEL} outline levels",
                                     "restructure the paragraph")
            if level > last_item + 1:
                raise StructureError(number, f"outline skips from level {last_item} to {level}",
                                     "indent a sub-item two spaces deeper than its parent")
            last_item = level
            start = number
            current = [item.group(2).strip()]
        elif current:
            current.append(line.strip())
        else:
            level, start, last_item = 0, number, 0
            current = [line.strip()]
    flush()
    return paragraphs


def label(level: int, n: int) -> str:
    """The label of the n-th (1-based) paragraph at a level: (a), (1), (A), (i)."""
    if level == 1:
        return f"({_letters(n).lower()})"
    if level == 2:
        return f"({n})"
    if level == 3:
        return f"({_letters(n)})"
    return f"({_roman(n)})"


def _letters(n: int) -> str:
    # a..z, then aa, bb, ... as codes letter long lists
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def number(items: list[tuple[int, str, int]]) -> list[Paragraph]:
    """Label each paragraph; a counter restarts under each new parent."""
    counters = [0] * (MAX_LEVEL + 1)
    result = []
    for level, text, _line in items:
        if level:
            counters[level] += 1
            for deeper in range(level + 1, MAX_LEVEL + 1):
                counters[deeper] = 0
        result.append(Paragraph(level, label(level, counters[level]) if level else "",
                                inlines(text)))
    return result


def inlines(text: str) -> tuple[Inline, ...]:
    """Split text at cross-reference markers."""
    parts: list[Inline] = []
    pos = 0
    for m in _REF.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        parts.append(Ref(m.group(1)))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return tuple(parts)


def ref_marker(target: str) -> str:
    """The marker a template's ref() call leaves in rendered text: the section's number is
    not known until the document is numbered."""
    return f"{REF_OPEN}{target}{REF_CLOSE}"

"""Read an HTML page as the tests check it: its elements, ids, links, headings and text."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "rect", "path", "circle"}


class Page(HTMLParser):
    """One page, parsed: every start tag with its attributes, and the text of headings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.stack: list[str] = []
        self.unclosed: list[str] = []
        self.text_parts: list[str] = []
        self._heading: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.unclosed.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if "id" in a]

    def attrs(self, tag: str, name: str) -> list[str]:
        """The values of attribute `name` on every `tag` element."""
        return [a[name] for t, a in self.tags if t == tag and name in a]

    def heading_problems(self) -> list[str]:
        """Headings out of order: not exactly one h1 first, or a level skipped going down."""
        found = []
        levels = [level for level, _ in self.headings]
        if levels.count(1) != 1 or (levels and levels[0] != 1):
            found.append(f"h1s: {levels.count(1)}, first heading h{levels[0] if levels else 0}")
        for (a, ta), (b, tb) in zip(self.headings, self.headings[1:], strict=False):
            if b > a + 1:
                found.append(f"h{a} {ta!r} -> h{b} {tb!r}")
        return found

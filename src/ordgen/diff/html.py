"""Read a web page of code text (as code publishers serve a chapter) as sections.

The page is parsed with the standard library's `html.parser`, which fetches nothing and
expands no external entities. Headings (h1-h6) and short paragraphs that read like
section headings ("Sec. 19.30. - Title.", "§ 2-173-020 Title.") start sections; scripts,
styles and navigation are left out, and a paragraph that is wholly a link (a table of
contents entry) is never a heading.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from ..diagnostics import file_error
from ..source import read_bytes
from . import outline
from .sections import CodeText

MAX_BYTES = 10_000_000
BLOCKS = {"p", "div", "li", "td", "th", "dt", "dd", "blockquote", "pre", "section",
          "article", "main", "header", "footer", "tr", "table", "ul", "ol", "dl", "body",
          "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "center", "address", "figure",
          "figcaption", "caption", "form", "fieldset", "legend", "aside"}
HIDDEN = {"script", "style", "head", "title", "noscript", "template", "nav", "svg", "math",
          "iframe", "object", "button", "select", "textarea", "option", "canvas", "video",
          "audio", "map"}
BOLD = {"b", "strong"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
        "track", "wbr", "param"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class Page(HTMLParser):
    """Collects the text of a page's block elements as paragraphs, with their line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[outline.Para] = []
        self.text: list[str] = []
        self.line = 1
        self.stack: list[tuple[str, bool, bool]] = []  # open elements: tag, hidden, link
        self.hidden = self.bold = self.links = self.heading = 0
        self.chars = self.bold_chars = self.link_chars = 0  # of the current paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.flush()
        if tag in VOID:
            return
        found = dict(attrs)
        hidden = tag in HIDDEN or found.get("role") == "navigation" or "hidden" in found
        link = tag == "a" and bool(found.get("href"))
        self.stack.append((tag, hidden, link))
        self.hidden += hidden
        self.links += link
        self.bold += tag in BOLD
        if tag in HEADINGS:
            self.heading = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(t != tag for t, _, _ in self.stack):
            return
        while self.stack:  # close what was left open inside it, as browsers do
            name, hidden, link = self.stack.pop()
            self.hidden -= hidden
            self.links -= link
            self.bold -= name in BOLD
            if name in BLOCKS:
                self.flush()
            if name in HEADINGS:
                self.heading = 0
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.hidden > 0 or not data:
            return
        if not "".join(self.text).strip():
            self.line = self.getpos()[0]
        self.text.append(data)
        visible = len(data.strip())
        self.chars += visible
        self.bold_chars += visible if self.bold > 0 else 0
        self.link_chars += visible if self.links > 0 else 0

    def flush(self) -> None:
        """End the current paragraph."""
        text = " ".join("".join(self.text).split())
        if text:
            self.paras.append(outline.Para(
                text, self.line, heading=self.heading,
                bold=self.chars > 0 and self.bold_chars == self.chars,
                link=self.chars > 0 and self.link_chars == self.chars))
        self.text, self.chars, self.bold_chars, self.link_chars = [], 0, 0, 0


def decode(raw: bytes, path: Path) -> str:
    """A page's text: by its byte-order mark, else its <meta charset>, else UTF-8."""
    encoding = "utf-8"
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    elif raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    elif (m := _CHARSET.search(raw[:4096])) is not None:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            raise file_error(path, "unknown-encoding", f"the page names the unknown character "
                             f"set '{m.group(1).decode('ascii', 'replace')}'",
                             "save the page as UTF-8") from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise file_error(path, "not-utf8" if encoding == "utf-8" else "bad-encoding",
                         f"byte 0x{raw[exc.start]:02x} is not valid {encoding}",
                         "save the page as UTF-8", line) from None


def file_bytes(path: Path) -> bytes:
    """A page's bytes: a regular file of at most MAX_BYTES, never a FIFO or a device."""
    return read_bytes(path, limit=MAX_BYTES, kind="web page", suffix=".html")


def parse(text: str, path: Path) -> CodeText:
    """A page's text as a preamble and sections."""
    page = Page()
    page.feed(text)
    page.close()
    page.flush()
    return outline.build(page.paras, path)


def load(path: Path, data: bytes | None = None) -> CodeText:
    """Read (unless `data` holds its bytes already) and parse a web page."""
    return parse(decode(file_bytes(path) if data is None else data, path), path)

"""WordprocessingML as text: runs, paragraphs, fields and tracked changes, written once for
both Word renderers (the draft and the redline).

A body is built as XML text and parsed once: building it through python-docx's objects,
a run at a time, costs several times more.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..document import Change, Inline, Paragraph, Ref

if TYPE_CHECKING:
    from docx.document import Document as Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
KEEP_NEXT = "<w:keepNext/>"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AUTHOR = "ordgen"
# numId 0 takes a paragraph out of the list its style names: text whose labels are typed
NO_LIST = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
_LABEL = re.compile(r"^\(\w{1,6}\)$")


def xml_escape(text: str) -> str:
    """Text escaped for XML content (xml.sax.saxutils would import urllib and http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return '"' + xml_escape(text).replace('"', "&quot;") + '"'


def text_runs(text: str) -> str:
    """Run content for text: tabs and line breaks become Word's own elements."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{xml_escape(part)}</w:t>')
    return "".join(out)


def field(instruction: str, cached: str) -> str:
    """A complex field (PAGE, REF ...) whose result shows `cached` until Word updates it."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {xml_escape(instruction)} </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{text_runs(cached)}</w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def revision(rev: int, when: dt.datetime) -> str:
    """The attributes of a tracked change: its id, a fixed author and a fixed time."""
    return f'w:id="{rev}" w:author="{AUTHOR}" w:date="{when.strftime("%Y-%m-%dT%H:%M:%SZ")}"'


def change_run(change: Change, *, tracked: bool, rev: int, when: dt.datetime) -> str:
    """Inserted text underscored, deleted text stricken: as run formatting, or as a Word
    tracked change (w:ins, w:del) by a fixed author at a fixed time."""
    if not tracked:
        mark = '<w:u w:val="single"/>' if change.kind == "ins" else "<w:strike/>"
        return f"<w:r><w:rPr>{mark}</w:rPr>{text_runs(change.text)}</w:r>"
    attrs = revision(rev, when)
    if change.kind == "ins":
        return f"<w:ins {attrs}><w:r>{text_runs(change.text)}</w:r></w:ins>"
    text = text_runs(change.text).replace("<w:t ", "<w:delText ").replace("</w:t>",
                                                                          "</w:delText>")
    return f"<w:del {attrs}><w:r>{text}</w:r></w:del>"


def split_label(content: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """A redlined paragraph's leading labels ("~~(b)~~ <ins>(c)</ins>") and the rest of
    its text, without the space between them, which a tab replaces."""
    label: list[Inline] = []
    rest: tuple[Inline, ...] = ()
    for k, item in enumerate(content):
        if isinstance(item, Ref):
            rest = content[k:]
            break
        text = item if isinstance(item, str) else item.text
        if isinstance(item, str) and not text.strip():  # the space between two marks
            label.append(item)
            continue
        words = text.split(" ")
        n = 0
        while n < len(words) and _LABEL.match(words[n]):
            n += 1
        if n < len(words):
            head, tail = " ".join(words[:n]), " ".join(words[n:]).lstrip(" ")
            if isinstance(item, Change):
                label += [Change(item.kind, head)] if head else []
                rest = (Change(item.kind, tail), *content[k + 1:])
            else:
                label += [head] if head else []
                rest = (tail, *content[k + 1:]) if tail else content[k + 1:]
            break
        label.append(item)
    while label and isinstance(label[-1], str) and not label[-1].strip():
        label.pop()
    if not label:
        return (), content
    return tuple(label), rest


class Body:
    """The paragraphs of a document body as WordprocessingML text, top to bottom, in the
    named styles of the template (`styles`: style name -> style id)."""

    def __init__(self, styles: dict[str, str], when: dt.datetime, tracked: bool = False,
                 indents: dict[str, str] | None = None) -> None:
        self.styles, self.when, self.tracked = styles, when, tracked
        self.indents = indents or {}  # style name -> its w:ind, for paragraphs out of the list
        self.next_id = 0  # annotation ids: bookmarks and tracked changes share them
        self.out: list[str] = []

    def new_id(self) -> int:
        """The next annotation id."""
        n = self.next_id
        self.next_id += 1
        return n

    def style(self, name: str) -> str:
        """A paragraph or character style's id, which is what the XML names."""
        return self.styles[name]

    def run(self, text: str, style: str | None = None) -> str:
        """A run of text, in a character style if given."""
        props = f'<w:rPr><w:rStyle w:val="{self.style(style)}"/></w:rPr>' if style else ""
        return f"<w:r>{props}{text_runs(text)}</w:r>" if text else ""

    def para(self, style: str, *runs: str, page_break: bool = False, mark: str = "",
             listed: bool = True, keep: bool = False) -> None:
        """A paragraph in a style; `listed=False` keeps it out of the outline list its
        style numbers (a redline's headings and subsections type their own numbers), and
        `keep` keeps it on the page of the next paragraph."""
        # the children of w:pPr come in the schema's order: keepNext right after the style
        held = KEEP_NEXT if keep else ""
        brk = "<w:pageBreakBefore/>" if page_break else ""
        # LibreOffice drops a listed style's indent from a paragraph taken out of the list
        num = "" if listed else NO_LIST + self.indents.get(style, "")
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.style(style)}"/>{held}{brk}{num}'
                        f'{mark}</w:pPr>{"".join(runs)}</w:p>')

    def keep_last(self) -> None:
        """Keep the last paragraph written on the page of the next one."""
        if self.out and KEEP_NEXT not in self.out[-1]:
            self.out[-1] = re.sub(r'(<w:pStyle w:val="[^"]*"/>)', r"\1" + KEEP_NEXT,
                                  self.out[-1], count=1)

    def bookmark(self, name: str, inner: str) -> str:
        """`inner` marked by a bookmark, which REF fields point to."""
        n = self.new_id()
        return (f'<w:bookmarkStart w:id="{n}" w:name="{xml_escape(name)}"/>{inner}'
                f'<w:bookmarkEnd w:id="{n}"/>')

    def mark(self, content: tuple[Inline, ...]) -> str:
        """A tracked paragraph mark for a paragraph wholly inserted or deleted, so that
        accepting or rejecting the change in Word also removes the paragraph itself."""
        if not self.tracked:
            return ""
        kinds = {c.kind for c in content if isinstance(c, Change)}
        other = [c for c in content if not isinstance(c, Change | str) or
                 isinstance(c, str) and c.strip()]
        if len(kinds) != 1 or other:
            return ""
        tag = "w:ins" if kinds == {"ins"} else "w:del"
        return f"<w:rPr><{tag} {revision(self.new_id(), self.when)}/></w:rPr>"

    def inlines(self, content: tuple[Inline, ...]) -> str:
        """Text, redline marks and cross-references (REF fields) as runs."""
        return "".join(self.run(item) if isinstance(item, str)
                       else self.change(item) if isinstance(item, Change)
                       else field(f"REF {item.anchor} \\r \\h", item.text) for item in content)

    def change(self, item: Change) -> str:
        """One redline mark, with the next revision id when tracked."""
        rev = self.next_id
        self.next_id += self.tracked
        return change_run(item, tracked=self.tracked, rev=rev, when=self.when)

    def paragraph(self, p: Paragraph, *, live: bool = False) -> None:
        """An outline paragraph: unnumbered section text, a heading within the text, or a
        subsection at its level.

        `live`: the outline list numbers the subsection, so Word renumbers it after an
        edit. Otherwise its label is typed, then a tab to the hanging indent: a redline's
        labels are the text's own, and may themselves be marked as changed."""
        mark = self.mark(p.content)  # first: revision ids follow reading order
        if p.heading:
            self.para("Code Heading", self.inlines(p.content), mark=mark)
        elif p.level == 0:
            self.para("Section Text", self.inlines(p.content), mark=mark)
        elif live and p.label:
            self.para(f"Subsection {p.level}", self.inlines(p.content), mark=mark)
        elif p.label:
            self.para(f"Subsection {p.level}", self.run(f"{p.label}\t"),
                      self.inlines(p.content), mark=mark, listed=False)
        else:
            label, rest = split_label(p.content)
            tab = "\t" if label else ""
            self.para(f"Subsection {p.level}", self.inlines(label), self.run(tab),
                      self.inlines(rest), mark=mark, listed=False)

    def insert_into(self, word: Word) -> None:
        """Parse the body once and put it into the document, before its section settings."""
        from docx.oxml import parse_xml

        body = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(self.out)}'
                         "</w:body>")
        sect = word.element.body.sectPr
        for child in list(body):
            sect.addprevious(child)

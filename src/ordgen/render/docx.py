"""Render a Document as a Word file whose styles come from a reference template.

python-docx is imported only here, and only when a .docx is asked for. The words are
the Markdown renderer's; layout lives in the template's named styles, so a city can
restyle a draft by passing its own template (as pandoc's --reference-doc works).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..diagnostics import Diagnostic, OrdgenError, display_path
from ..document import Document, Inline, Paragraph, Section
from .markdown import KIND_HEADINGS, note_paragraphs

if TYPE_CHECKING:
    from docx.document import Document as Word
    from docx.text.paragraph import Paragraph as WordParagraph
    from docx.text.run import Run

AUTHOR = "ordgen"
MODES = ("none", "inline", "memo", "comments")
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a zip can hold
# Every style the renderer uses; a template that lacks one gets it from the default template.
STYLES = ("Ordinance Number", "Jurisdiction", "Ordinance Title", "Counsel Note", "Recital",
          "Enacting Clause", "Section Heading", "Section Text", "Subsection 1", "Subsection 2",
          "Subsection 3", "Subsection 4", "Drafting Note", "Note Label", "Heading 1",
          "Heading 2", "Heading 3", "Body Text", "Authority", "Header", "Footer", "Hyperlink",
          "annotation text", "annotation reference")
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid Office uses for custom props
SECT_AFTER_LNNUM = ("w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                    "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                    "w:printerSettings", "w:sectPrChange")


def default_template() -> Path:
    """The reference .docx that ships with ordgen."""
    here = Path(__file__).resolve().parents[1]
    installed = here / "data" / "templates" / "ordinance.docx"
    return installed if installed.is_file() else here.parents[1] / "templates" / "ordinance.docx"


def render(document: Document, *, rationale: str | None = None, template: Path | None = None,
           line_numbers: bool = False) -> bytes:
    """The draft as the bytes of a .docx file; the same inputs give the same bytes."""
    mode = rationale or document.rationale_mode
    if mode not in MODES:
        raise ValueError(f"unknown rationale mode {mode!r}")
    when = moment(document)
    word = open_template(template)
    Writer(word, document, mode, when).write()
    page_setup(word, document, line_numbers)
    properties(word, document, when)
    buffer = io.BytesIO()
    word.save(buffer)
    return stable_zip(buffer.getvalue(), when)


def moment(document: Document) -> dt.datetime:
    """The draft's timestamp: its date, else SOURCE_DATE_EPOCH, else 1980-01-01."""
    if document.date:
        return dt.datetime.fromisoformat(document.date).replace(tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(EPOCH, dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc))
    return EPOCH


# -- the template ---------------------------------------------------------------------------
def open_template(template: Path | None) -> Word:
    """The template with its body and comments cleared and every needed style present."""
    from docx import Document as open_docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    path = template or default_template()
    if not path.is_file():
        raise OrdgenError([Diagnostic(display_path(path), 0, 0, "error", "no-template",
                                      "template file does not exist",
                                      "give a .docx whose styles the draft should use")])
    try:
        word = open_docx(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise OrdgenError([Diagnostic(display_path(path), 0, 0, "error", "bad-template",
                                      f"template is not a Word document: {exc}",
                                      "save the template as a .docx (not .doc or .dotx)")]
                          ) from None
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for part in word.part.package.iter_parts():
        if part.content_type == CT.WML_COMMENTS:
            for comment in list(part.element):
                part.element.remove(comment)
    missing = [name for name in STYLES if name not in word.styles]
    if missing:
        base = open_docx(str(default_template()))
        for name in missing:
            word.styles.element.append(deepcopy(base.styles[name].element))
    return word


# -- the body -------------------------------------------------------------------------------
class Writer:
    """Writes one Document into one python-docx document, top to bottom."""

    def __init__(self, word: Word, document: Document, mode: str, when: dt.datetime) -> None:
        self.word, self.doc, self.mode, self.when = word, document, mode, when
        self.bookmarks = 0
        self.styles: dict[str, Any] = {}

    def style(self, name: str) -> Any:
        if name not in self.styles:
            self.styles[name] = self.word.styles[name]
        return self.styles[name]

    def para(self, style: str, text: str = "") -> WordParagraph:
        paragraph = self.word.add_paragraph()
        # by id: python-docx's style setter scans every style on each call, half the run time
        paragraph._p.style = self.style(style).style_id
        if text:
            paragraph.add_run(text)
        return paragraph

    def write(self) -> None:
        doc = self.doc
        self.para("Ordinance Number", doc.heading)
        self.para("Jurisdiction", doc.jurisdiction)
        self.para("Ordinance Title", doc.title)
        self.para("Counsel Note", doc.counsel_note)
        for recital in doc.recitals:
            self.inlines(self.para("Recital"), recital.content)
        self.para("Enacting Clause", doc.enacting_clause)
        for section in doc.sections:
            self.section(section)
        if self.mode == "memo":
            self.memo()

    def section(self, section: Section) -> None:
        heading = self.para("Section Heading")
        label = f"Section {section.number}"
        title = section.title
        if title.startswith(label):  # bookmark only "Section 7": a REF shows what it marks
            runs = [heading.add_run(label), heading.add_run(title[len(label):])]
        else:
            runs = [heading.add_run(title)]
        if self.mode == "comments":
            self.comment(section, runs)
        self.bookmark(runs[0], section.anchor)
        for p in section.paragraphs:
            self.paragraph(p)
        if self.mode == "inline":
            for i, text in enumerate(note_paragraphs(self.doc, section)):
                note = self.para("Drafting Note")
                if i == 0:
                    note.add_run("Drafting note.", self.style("Note Label"))
                    text = " " + text
                note.add_run(text)

    def paragraph(self, p: Paragraph) -> None:
        if p.level == 0:
            self.inlines(self.para("Section Text"), p.content)
            return
        out = self.para(f"Subsection {p.level}", f"{p.label}\t")
        self.inlines(out, p.content)

    def inlines(self, paragraph: WordParagraph, content: tuple[Inline, ...]) -> None:
        for item in content:
            if isinstance(item, str):
                paragraph.add_run(item)
            else:
                field(paragraph, f"REF {item.anchor} \\h", item.text)

    def bookmark(self, run: Run, name: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.bookmarks))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.bookmarks))
        self.bookmarks += 1
        run._r.addprevious(start)  # python-docx has no bookmark API
        run._r.addnext(end)

    def comment(self, section: Section, runs: list[Run]) -> None:
        paras = note_paragraphs(self.doc, section)
        if not paras:
            return
        comment = self.word.add_comment(runs, text="\n".join(paras), author=AUTHOR,
                                        initials="OG")
        comment._comment_elm.date = self.when  # python-docx stamps comments with now()

    def memo(self) -> None:
        first = self.para("Heading 1", "Rationale Memorandum")
        first.paragraph_format.page_break_before = True
        for section in self.doc.sections:
            self.para("Heading 2", section.title)
            for text in note_paragraphs(self.doc, section):
                self.para("Body Text", text)
        self.para("Heading 2", "Table of Authorities")
        for heading, kinds in KIND_HEADINGS:
            items = [a for a in self.doc.authorities if a.authority.kind in kinds]
            if not items:
                continue
            self.para("Heading 3", heading)
            for a in items:
                where = ", ".join(str(n) for n in a.sections)
                note = f" {a.authority.note}" if a.authority.note else ""
                word = "Section" if len(a.sections) == 1 else "Sections"
                entry = self.para("Authority", f"{a.authority.citation}: "
                                  f"{a.authority.parenthetical}. Cited in {word} {where}.{note} ")
                self.hyperlink(entry, a.authority.source)

    def hyperlink(self, paragraph: WordParagraph, url: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), self.word.part.relate_to(url, RT.HYPERLINK, is_external=True))
        run = paragraph.add_run(url, self.style("Hyperlink"))
        run._r.addprevious(link)
        link.append(run._r)


def field(paragraph: WordParagraph, instruction: str, cached: str) -> None:
    """A complex field whose shown result is `cached` until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(mark)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(cached)
    char("end")


# -- the page -------------------------------------------------------------------------------
def page_setup(word: Word, document: Document, line_numbers: bool) -> None:
    """The running header and footer, and line numbers in the margin when asked for."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section = word.sections[-1]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs:  # keep a city's letterhead; drop empty placeholders
            if not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:pict"):
                p._p.getparent().remove(p._p)
    section.header.add_paragraph(f"DRAFT \u2014 {document.draft}", style="Header")
    footer = section.footer.add_paragraph("Page ", style="Footer")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    sect = section._sectPr  # python-docx has no line-numbering API
    for old in sect.findall(qn("w:lnNumType")):
        sect.remove(old)
    if line_numbers:
        numbering = OxmlElement("w:lnNumType")
        numbering.set(qn("w:countBy"), "1")
        numbering.set(qn("w:restart"), "newPage")
        numbering.set(qn("w:distance"), "360")
        sect.insert_element_before(numbering, *SECT_AFTER_LNNUM)


def properties(word: Word, document: Document, when: dt.datetime) -> None:
    """Core properties without randomness, and provenance as custom properties."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    core = word.core_properties
    core.title = f"{document.heading}: {document.title}"
    core.subject = document.jurisdiction
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.category = document.instrument
    core.content_status = document.draft
    core.comments = document.counsel_note
    core.keywords = ""
    core.revision = 1
    core.created = core.modified = when.replace(tzinfo=None)
    package = word.part.package
    for rid, rel in list(package.rels.items()):  # a template's own custom properties go
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]
    blob = custom_properties(document.provenance.lines())
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob,
                           package), RT.CUSTOM_PROPERTIES)


def custom_properties(lines: list[str]) -> bytes:
    """docProps/custom.xml holding each `key: value` provenance line as a text property."""
    props, clauses = [], 0
    for line in lines:
        key, _, value = line.partition(": ")
        if key == "clause":
            clauses += 1
            key = f"clause {clauses:03d}"
        props.append((f"ordgen {key}", value))
    body = "".join(f'<property fmtid="{FMTID}" pid="{pid}" name={quoteattr(name)}>'
                   f"<vt:lpwstr>{xml_escape(value)}</vt:lpwstr></property>"
                   for pid, (name, value) in enumerate(props, 2))
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{body}</Properties>'
            ).encode()


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with fixed entry times, order, attributes and compression."""
    stamp = min(max(when, EPOCH), dt.datetime(2107, 12, 31, tzinfo=dt.timezone.utc))
    date_time = stamp.timetuple()[:6]
    first = ["[Content_Types].xml", "_rels/.rels"]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in [n for n in first if n in names] + sorted(n for n in names
                                                               if n not in first):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()

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
from typing import TYPE_CHECKING

from ..diagnostics import file_error
from ..document import Change, Document, Inline, Paragraph, Section
from .notes import authority_entry, authority_groups, note_paragraphs

if TYPE_CHECKING:
    from docx.document import Document as Word

AUTHOR = "ordgen"
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


def render(document: Document, *, template: Path | None = None, line_numbers: bool = False,
           tracked: bool = False) -> bytes:
    """The draft as the bytes of a .docx file; the same inputs give the same bytes.

    `tracked` writes a redline's changes as Word tracked changes instead of formatting."""
    mode = document.rationale_mode
    when = moment(document)
    word = open_template(template)
    Writer(word, document, mode, when, tracked).write()
    page_setup(word, document, line_numbers)
    properties(word, document, when)
    return package_bytes(word, when)


def moment(document: Document) -> dt.datetime:
    """The draft's timestamp: its date, else SOURCE_DATE_EPOCH, else 1980-01-01."""
    return timestamp(document.date)


def timestamp(date: str | None) -> dt.datetime:
    """A YYYY-MM-DD date as a time, else SOURCE_DATE_EPOCH, else 1980-01-01."""
    if date:
        return dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)
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
        raise file_error(path, "no-template",
                                      "template file does not exist",
                                      "give a .docx whose styles the draft should use")
    try:
        word = open_docx(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise file_error(path, "bad-template",
                                      f"template is not a Word document: {exc}",
                                      "save the template as a .docx (not .doc or .dotx)") from None
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for part in word.part.package.iter_parts():
        if part.content_type == CT.WML_COMMENTS:
            for comment in list(part.element):
                part.element.remove(comment)
    present = style_ids(word)
    missing = [name for name in STYLES if name not in present]
    if missing:
        base = open_docx(str(default_template()))
        for name in missing:
            word.styles.element.append(deepcopy(base.styles[name].element))
    return word


def style_ids(word: Word) -> dict[str, str]:
    """Style name (as Word shows it) -> style id (as the XML names it), in one pass: looking
    names up one at a time through python-docx reads every style each time."""
    from docx.oxml.ns import qn
    from docx.styles import BabelFish

    ids: dict[str, str] = {}
    for style in word.styles.element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids.setdefault(BabelFish.internal2ui(name.get(qn("w:val"))),
                           style.get(qn("w:styleId")))
    return ids


def xml_escape(text: str) -> str:
    """Text escaped for XML content (xml.sax.saxutils would import urllib and http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return '"' + xml_escape(text).replace('"', "&quot;") + '"'


# -- the body -------------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _t(text: str) -> str:
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


class Writer:
    """Writes one Document into one python-docx document, top to bottom.

    The body is built as WordprocessingML text and parsed once: building it through
    python-docx's objects, a run at a time, costs several times more.
    """

    def __init__(self, word: Word, document: Document, mode: str, when: dt.datetime,
                 tracked: bool = False) -> None:
        self.word, self.doc, self.mode, self.when = word, document, mode, when
        self.tracked = tracked
        self.bookmarks = 0  # the next annotation id: bookmarks and tracked changes share them
        self.styles = style_ids(word)
        self.out: list[str] = []
        self.headings: list[Section] = []

    def style(self, name: str) -> str:
        """A paragraph or character style's id, which is what the XML names."""
        return self.styles[name]

    def run(self, text: str, style: str | None = None) -> str:
        props = f'<w:rPr><w:rStyle w:val="{self.style(style)}"/></w:rPr>' if style else ""
        return f"<w:r>{props}{_t(text)}</w:r>" if text else ""

    def para(self, style: str, *runs: str, page_break: bool = False, mark: str = "") -> None:
        brk = "<w:pageBreakBefore/>" if page_break else ""
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.style(style)}"/>{brk}{mark}'
                        f'</w:pPr>{"".join(runs)}</w:p>')

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
        rev = self.bookmarks
        self.bookmarks += 1
        tag = "w:ins" if kinds == {"ins"} else "w:del"
        return f"<w:rPr><{tag} {revision(rev, self.when)}/></w:rPr>"

    def write(self) -> None:
        from docx.oxml import parse_xml

        doc = self.doc
        self.para("Ordinance Number", self.run(doc.heading))
        self.para("Jurisdiction", self.run(doc.jurisdiction))
        self.para("Ordinance Title", self.run(doc.title))
        self.para("Counsel Note", self.run(doc.counsel_note))
        if doc.legend:
            self.para("Counsel Note", self.run(doc.legend))
        for recital in doc.recitals:
            self.para("Recital", self.inlines(recital.content))
        self.para("Enacting Clause", self.run(doc.enacting_clause))
        for section in doc.sections:
            self.section(section)
        if self.mode == "memo":
            self.memo()
        body = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(self.out)}'
                         "</w:body>")
        sect = self.word.element.body.sectPr
        for child in list(body):
            sect.addprevious(child)
        if self.mode == "comments":
            self.comments()

    def section(self, section: Section) -> None:
        label = f"Section {section.number}"
        title = section.title
        if title.startswith(label):  # bookmark only "Section 7": a REF shows what it marks
            first, rest = label, title[len(label):]
        else:
            first, rest = title, ""
        n = self.bookmarks
        self.bookmarks += 1
        self.para("Section Heading",
                  f'<w:bookmarkStart w:id="{n}" w:name="{xml_escape(section.anchor)}"/>'
                  f'{self.run(first)}<w:bookmarkEnd w:id="{n}"/>{self.run(rest)}')
        self.headings.append(section)
        for p in section.paragraphs:
            self.paragraph(p)
        if self.mode == "inline":
            for i, text in enumerate(note_paragraphs(self.doc, section)):
                if i == 0:
                    self.para("Drafting Note", self.run("Drafting note.", "Note Label"),
                              self.run(" " + text))
                else:
                    self.para("Drafting Note", self.run(text))

    def paragraph(self, p: Paragraph) -> None:
        mark = self.mark(p.content)  # first: revision ids follow reading order
        if p.level == 0:
            self.para("Section Text", self.inlines(p.content), mark=mark)
        else:
            label = self.run(f"{p.label}\t") if p.label else ""  # a redline marks its own
            self.para(f"Subsection {p.level}", label, self.inlines(p.content), mark=mark)

    def inlines(self, content: tuple[Inline, ...]) -> str:
        return "".join(self.run(item) if isinstance(item, str)
                       else self.change(item) if isinstance(item, Change)
                       else field(f"REF {item.anchor} \\h", item.text) for item in content)

    def change(self, item: Change) -> str:
        rev = self.bookmarks
        self.bookmarks += self.tracked
        return change_run(item, tracked=self.tracked, rev=rev, when=self.when)

    def comments(self) -> None:
        """One comment per section, anchored on the runs of its heading."""
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph as WordParagraph
        from docx.text.run import Run

        heading_id = self.style("Section Heading")
        body = self.word.element.body
        headings = [p for p in body.iterchildren(qn("w:p"))
                    if p.pPr is not None and p.pPr.pStyle is not None
                    and p.pPr.pStyle.val == heading_id]
        for section, element in zip(self.headings, headings, strict=True):
            paras = note_paragraphs(self.doc, section)
            if not paras:
                continue
            paragraph = WordParagraph(element, self.word._body)
            runs = [Run(r, paragraph) for r in element.findall(qn("w:r"))]
            comment = self.word.add_comment(runs, text="\n".join(paras), author=AUTHOR,
                                            initials="OG")
            comment._comment_elm.date = self.when  # python-docx stamps comments with now()

    def memo(self) -> None:
        self.para("Heading 1", self.run("Rationale Memorandum"), page_break=True)
        for section in self.doc.sections:
            self.para("Heading 2", self.run(section.title))
            for text in note_paragraphs(self.doc, section):
                self.para("Body Text", self.run(text))
        self.para("Heading 2", self.run("Table of Authorities"))
        for heading, items in authority_groups(self.doc):
            self.para("Heading 3", self.run(heading))
            for a in items:
                self.para("Authority", self.run(authority_entry(a) + " "),
                          self.hyperlink(a.authority.source))

    def hyperlink(self, url: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rid = self.word.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return f'<w:hyperlink r:id="{rid}">{self.run(url, "Hyperlink")}</w:hyperlink>'


def revision(rev: int, when: dt.datetime) -> str:
    """The attributes of a tracked change: its id, a fixed author and a fixed time."""
    return f'w:id="{rev}" w:author="{AUTHOR}" w:date="{when.strftime("%Y-%m-%dT%H:%M:%SZ")}"'


def change_run(change: Change, *, tracked: bool, rev: int, when: dt.datetime) -> str:
    """Inserted text underscored, deleted text stricken: as run formatting, or as a Word
    tracked change (w:ins, w:del) by a fixed author at a fixed time."""
    if not tracked:
        mark = '<w:u w:val="single"/>' if change.kind == "ins" else "<w:strike/>"
        return f"<w:r><w:rPr>{mark}</w:rPr>{_t(change.text)}</w:r>"
    attrs = revision(rev, when)
    if change.kind == "ins":
        return f"<w:ins {attrs}><w:r>{_t(change.text)}</w:r></w:ins>"
    text = _t(change.text).replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    return f"<w:del {attrs}><w:r>{text}</w:r></w:del>"


def field(instruction: str, cached: str) -> str:
    """A complex field whose shown result is `cached` until Word updates it."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {xml_escape(instruction)} </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{_t(cached)}</w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# -- the page -------------------------------------------------------------------------------
def page_setup(word: Word, document: Document, line_numbers: bool) -> None:
    """The running header and footer, and line numbers in the margin when asked for."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    section = word.sections[-1]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs:  # keep a city's letterhead; drop empty placeholders
            if not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:pict"):
                p._p.getparent().remove(p._p)
    section.header.add_paragraph(f"DRAFT \u2014 {document.draft}", style="Header")
    footer = section.footer.add_paragraph("Page ", style="Footer")
    runs = parse_xml(f'<w:p xmlns:w="{W_NS}">{field("PAGE", "1")}<w:r>{_t(" of ")}</w:r>'
                     f'{field("NUMPAGES", "1")}</w:p>')
    for run in list(runs):
        footer._p.append(run)
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


RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def package_bytes(word: Word, when: dt.datetime) -> bytes:
    """The package as a zip written in one pass, with fixed entry times, order, attributes
    and compression, so the same document gives the same bytes."""
    package = word.part.package
    parts = sorted(package.iter_parts(), key=lambda part: str(part.partname))
    overrides = "".join(f'<Override PartName={quoteattr(part.partname)} '
                        f'ContentType={quoteattr(part.content_type)}/>' for part in parts)
    entries = {"[Content_Types].xml": (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Types xmlns="{TYPES_NS}"><Default Extension="rels" ContentType="{RELS_TYPE}"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    ).encode(), "_rels/.rels": package.rels.xml}
    for part in parts:
        entries[part.partname[1:]] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri[1:]] = part.rels.xml
    stamp = min(max(when, EPOCH), dt.datetime(2107, 12, 31, tzinfo=dt.timezone.utc))
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        first = ["[Content_Types].xml", "_rels/.rels"]
        for name in first + sorted(set(entries) - set(first)):
            data = entries[name]
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, data, compresslevel=6)
    return out.getvalue()

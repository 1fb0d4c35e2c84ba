"""The Word package around a body: the reference template, the page (header, footer, line
numbers), the document properties, and the zip, written once for both Word renderers.

python-docx is imported only here and in the writers, and only when a .docx is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, OrdgenError, file_error
from . import reference
from .ooxml import AUTHOR, W_NS, field, quoteattr, text_runs, xml_escape

if TYPE_CHECKING:
    from docx.document import Document as Word

UNIX = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a zip can hold
LATEST = dt.datetime(2107, 12, 31, tzinfo=dt.timezone.utc)  # the latest
# Every style the renderers use; a template that lacks one gets it from the default template.
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
MAX_PROPERTY = 255  # characters Word keeps in a core property
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def timestamp(date: str | None) -> dt.datetime:
    """A YYYY-MM-DD date as a time, else SOURCE_DATE_EPOCH, else 1980-01-01; always within
    what a zip file can record (a later time is taken as the latest)."""
    when = EPOCH
    if date:
        when = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)
    elif epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        # seconds since 1970, in ASCII digits; "²" passes isdigit() but not int()
        if not (epoch.isascii() and epoch.isdigit()):
            raise OrdgenError([Diagnostic(
                "SOURCE_DATE_EPOCH", 0, 0, "error", "bad-environment",
                f"SOURCE_DATE_EPOCH is '{epoch[:40]}', not a number of seconds",
                "set it to a whole number of seconds since 1970, such as "
                "$(git log -1 --format=%ct), or unset it")])
        latest = int((LATEST - UNIX).total_seconds())
        digits = epoch.lstrip("0") or "0"
        when = UNIX + dt.timedelta(seconds=min(int(digits), latest) if len(digits) < 20
                                   else latest)
    return min(max(when, EPOCH), LATEST)


def default_template() -> Path:
    """The reference .docx that ships with ordgen."""
    here = Path(__file__).resolve().parents[1]
    installed = here / "data" / "templates" / "ordinance.docx"
    return installed if installed.is_file() else here.parents[1] / "templates" / "ordinance.docx"


def open_template(template: Path | None) -> Word:
    """The template with its body and comments cleared and every needed style present."""
    from docx import Document as open_docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    path = template or default_template()
    if not os.path.lexists(path):
        raise file_error(path, "no-template", "template file does not exist",
                         "give a .docx whose styles the draft should use")
    # a template from anyone is checked and cleaned first (see reference.py); the bundled
    # one is part of ordgen
    try:
        word = open_docx(str(path) if template is None else reference.checked(path))
        body = word.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        for part in word.part.package.iter_parts():
            if part.content_type == CT.WML_COMMENTS:
                for comment in list(part.element):
                    part.element.remove(comment)
        present = style_ids(word)
    except OrdgenError:
        raise
    except (PackageNotFoundError, Exception) as exc:  # whatever python-docx trips on
        raise file_error(path, "bad-template", f"template is not a Word document: {exc}",
                         "save the template as a .docx (not .doc or .dotx)") from None
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


def page(word: Word, header: str, line_numbers: bool = False) -> None:
    """The running header, "Page N of M" in the footer, and line numbers when asked for."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    section = word.sections[-1]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs:  # keep a city's letterhead; drop empty placeholders
            if not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:pict"):
                p._p.getparent().remove(p._p)
    section.header.add_paragraph(header, style="Header")
    footer = section.footer.add_paragraph("Page ", style="Footer")
    runs = parse_xml(f'<w:p xmlns:w="{W_NS}">{field("PAGE", "1")}'
                     f'<w:r>{text_runs(" of ")}</w:r>{field("NUMPAGES", "1")}</w:p>')
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


def _short(text: str) -> str:
    """A property value Word keeps whole: long titles are cut at a word, with an ellipsis."""
    if len(text) <= MAX_PROPERTY:
        return text
    return text[:MAX_PROPERTY - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"


def core_properties(word: Word, when: dt.datetime, *, title: str, subject: str,
                    category: str, status: str, comments: str) -> None:
    """Core properties with a fixed author and time, so the same inputs give the same
    bytes; a template's own custom properties are dropped."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    core = word.core_properties
    core.title = _short(title)
    core.subject = _short(subject)
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.category = _short(category)
    core.content_status = _short(status)
    core.comments = comments
    core.keywords = ""
    core.revision = 1
    core.created = core.modified = when.replace(tzinfo=None)
    package = word.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rid]


def custom_properties(word: Word, lines: list[str]) -> None:
    """docProps/custom.xml holding each `key: value` provenance line as a text property."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

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
    blob = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{body}</Properties>').encode()
    package = word.part.package
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob,
                           package), RT.CUSTOM_PROPERTIES)


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
    date_time = min(max(when, EPOCH), LATEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        first = ["[Content_Types].xml", "_rels/.rels"]
        for name in first + sorted(set(entries) - set(first)):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()

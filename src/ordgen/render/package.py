"""The Word package around a body: the reference template, the outline list, the page
(header, footer, line numbers), the settings, the document properties, and the zip, written
once for both Word renderers.

python-docx is imported only here and in the writers, and only when a .docx is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, OrdgenError, file_error
from ..version import __version__
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
          "Subsection 3", "Subsection 4", "Code Heading", "Drafting Note", "Note Label",
          "Heading 1", "Heading 2", "Heading 3", "Body Text", "Authority", "Header", "Footer",
          "Hyperlink", "annotation text", "annotation reference")
# The styles the outline list numbers, level by level: sections, then (a), (1), (A), (i).
OUTLINE = ("Section Heading", "Subsection 1", "Subsection 2", "Subsection 3", "Subsection 4")
LIST_NAME = "Ordinance Outline"  # how the renderers find the template's list
NUMBERING_XML = "word/numbering.xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid Office uses for custom props
SECT_AFTER_LNNUM = ("w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                    "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                    "w:printerSettings", "w:sectPrChange")
MAX_PROPERTY = 255  # characters Word keeps in a core property
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# what may follow w:updateFields in settings.xml, whose children Word wants in schema order
AFTER_UPDATE_FIELDS = {f"{{{W_NS}}}{tag}" for tag in (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")} | {
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
    "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"}
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


def outline(word: Word) -> None:
    """Bind the outline styles to the template's ordinance list, one level each, so Word and
    LibreOffice number sections and subsections and renumber them after an edit.

    A template without the list (a city's own, say) gets the default template's, with ids
    of its own; the styles are bound to it whatever list they named before."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbering = _numbering_part(word).element
    num_id = _list_id(numbering)
    ids = style_ids(word)
    if num_id is None:
        with zipfile.ZipFile(default_template()) as z:
            base = parse_xml(z.read(NUMBERING_XML))
        abstract = next(a for a in base.iterchildren(qn("w:abstractNum"))
                        if _list_name(a) == LIST_NAME)
        abstracts = list(numbering.iterchildren(qn("w:abstractNum")))
        abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts),
                              default=-1)
        num_id = 1 + max((int(n.get(qn("w:numId"))) for n in
                          numbering.iterchildren(qn("w:num"))), default=0)
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        for lvl in abstract.iterchildren(qn("w:lvl")):
            link = lvl.find(qn("w:pStyle"))
            ilvl = int(lvl.get(qn("w:ilvl")))
            if link is not None and ilvl < len(OUTLINE):
                link.set(qn("w:val"), ids[OUTLINE[ilvl]])  # this template's style ids
        if abstracts:
            abstracts[-1].addnext(abstract)
        else:
            numbering.insert(0, abstract)
        numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    by_id = {s.get(qn("w:styleId")): s for s in word.styles.element.iterchildren(qn("w:style"))}
    for ilvl, name in enumerate(OUTLINE):
        num_pr = by_id[ids[name]].get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id


def indents(word: Word) -> dict[str, str]:
    """The indentation (w:ind) of each outline style, as XML to repeat on a paragraph that
    leaves the list: a redline's subsection with its label typed."""
    from docx.oxml.ns import qn

    ids = style_ids(word)
    wanted = {ids[name]: name for name in OUTLINE if name in ids}
    found = {}
    for style in word.styles.element.iterchildren(qn("w:style")):
        name = wanted.get(style.get(qn("w:styleId")))
        ind = style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if name and ind is not None:
            attrs = " ".join(f'w:{_local(k)}={quoteattr(v)}' for k, v in ind.items())
            found[name] = f"<w:ind {attrs}/>"
    return found


def _local(tag: str) -> str:
    """The local part of a Clark name: '{ns}left' -> 'left'."""
    return tag.rsplit("}", 1)[-1]


def _numbering_part(word: Word) -> Any:
    """The package's numbering part, created empty if the template has none."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    try:
        return word.part.part_related_by(RT.NUMBERING)
    except KeyError:
        part = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                  f'<w:numbering xmlns:w="{W_NS}"/>'.encode(),
                                  word.part.package)
        word.part.relate_to(part, RT.NUMBERING)
        return part


def _list_name(abstract: Any) -> str:
    from docx.oxml.ns import qn

    name = abstract.find(qn("w:name"))
    return "" if name is None else str(name.get(qn("w:val")))


def _list_id(numbering: Any) -> int | None:
    """The numId of the ordinance list in a numbering part, if it has one."""
    from docx.oxml.ns import qn

    ours = {a.get(qn("w:abstractNumId")) for a in numbering.iterchildren(qn("w:abstractNum"))
            if _list_name(a) == LIST_NAME}
    for num in numbering.iterchildren(qn("w:num")):
        if num.find(qn("w:abstractNumId")).get(qn("w:val")) in ours:
            return int(num.get(qn("w:numId")))
    return None


def update_fields_on_open(word: Word) -> None:
    """Ask the reader's word processor to update every field (cross-references, page
    numbers) when it opens the file; the cached results read right until then."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = next((c for c in settings if c.tag in AFTER_UPDATE_FIELDS), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)


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


def app_properties(word: Word) -> None:
    """docProps/app.xml naming ordgen and its version as the application that wrote the
    file; the template's own (its application, company, page counts) is dropped."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    blob = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Properties xmlns="{EXTENDED_NS}" xmlns:vt="{VT_NS}">'
            f"<Application>ordgen {xml_escape(__version__)}</Application>"
            "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()
    package = word.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rid]
    package.relate_to(Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob,
                           package), RT.EXTENDED_PROPERTIES)


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

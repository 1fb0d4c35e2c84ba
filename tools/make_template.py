"""Build templates/ordinance.docx, the reference template whose styles Word drafts use.

    .venv/bin/python tools/make_template.py      # rewrites templates/ordinance.docx

The template is python-docx's default document restyled for legislation: Times New
Roman 12 pt, Letter paper with 1-inch margins, one named style for each part of an
ordinance, and one multilevel list (numbering.xml) bound to the heading and subsection
styles, so that Word and LibreOffice number sections and subsections themselves and renumber
them when a section is inserted, deleted or moved. ordgen's DOCX renderer takes the styles,
the list and the page setup from it and clears its body, so a city can copy this file,
restyle it in Word, and pass it with --template. Running this script twice gives
byte-identical files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ordgen.render.package import (
    EPOCH,
    LIST_NAME,
    OUTLINE,
    package_bytes,
    update_fields_on_open,
)

FONT = "Times New Roman"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT

# name: (base, formatting); sizes in points, indents in inches
PARAGRAPH_STYLES: dict[str, tuple[str | None, dict[str, Any]]] = {
    "Normal": (None, {"size": 12, "after": 0}),
    "Ordinance Number": ("Normal", {"bold": True, "caps": True, "align": CENTER, "after": 0,
                                    "keep_next": True}),
    "Jurisdiction": ("Normal", {"bold": True, "caps": True, "align": CENTER, "after": 0,
                                "keep_next": True}),
    "Ordinance Title": ("Normal", {"bold": True, "caps": True, "align": CENTER, "before": 12,
                                   "after": 12, "left": 0.5, "right": 0.5, "keep_next": True}),
    "Counsel Note": ("Normal", {"italic": True, "size": 10, "align": CENTER, "after": 18,
                                "left": 0.75, "right": 0.75}),
    "Recital": ("Normal", {"first": 0.5, "after": 12}),
    "Enacting Clause": ("Normal", {"bold": True, "after": 12, "keep_next": True}),
    "Section Heading": ("Normal", {"bold": True, "before": 12, "after": 12, "keep_next": True,
                                   "outline": 0, "next": "Section Text"}),
    # the heading of a code section that an amending ordinance sets out in redline
    "Code Heading": ("Normal", {"bold": True, "after": 12, "keep_next": True}),
    "Section Text": ("Normal", {"first": 0.5, "after": 12}),
    # label, tab, text: the hanging indent is the tab stop, so wrapped lines align
    "Subsection 1": ("Normal", {"left": 0.5, "first": -0.5, "after": 12, "tab": 0.5}),
    "Subsection 2": ("Normal", {"left": 1.0, "first": -0.5, "after": 12, "tab": 1.0}),
    "Subsection 3": ("Normal", {"left": 1.5, "first": -0.5, "after": 12, "tab": 1.5}),
    "Subsection 4": ("Normal", {"left": 2.0, "first": -0.5, "after": 12, "tab": 2.0}),
    "Drafting Note": ("Normal", {"size": 10, "left": 0.25, "right": 0.25, "after": 6,
                                 "shade": "F2F2F2", "border": "808080", "no_lines": True}),
    "Heading 1": ("Normal", {"bold": True, "caps": True, "size": 14, "align": CENTER,
                             "after": 18, "keep_next": True, "outline": 0}),
    "Heading 2": ("Normal", {"bold": True, "before": 12, "after": 6, "keep_next": True,
                             "outline": 1}),
    "Heading 3": ("Normal", {"bold": True, "italic": True, "before": 12, "after": 6,
                             "keep_next": True, "outline": 2}),
    "Body Text": ("Normal", {"after": 10}),
    "Authority": ("Normal", {"left": 0.5, "first": -0.5, "after": 6}),
    "Header": ("Normal", {"size": 10, "align": RIGHT}),
    "Footer": ("Normal", {"size": 10, "align": CENTER}),
    "annotation text": ("Normal", {"size": 10, "id": "CommentText"}),
}
# The outline list, one level per style of package.OUTLINE: (format, text, indent in
# inches). The labels are those ordgen's Markdown writes; "Section\u00a0%1." keeps the
# number with its word, and a REF field's \r result drops the final period.
LEVELS = (("decimal", "Section\u00a0%1.", 0.0), ("lowerLetter", "(%2)", 0.5),
          ("decimal", "(%3)", 1.0), ("upperLetter", "(%4)", 1.5), ("lowerRoman", "(%5)", 2.0))
UNUSED_LEVELS = (("lowerLetter", "(%6)"), ("decimal", "(%7)"), ("upperLetter", "(%8)"),
                 ("lowerRoman", "(%9)"))  # Word lists have nine levels
NSID = "4F524447"  # fixed, so the template's bytes repeat
CHARACTER_STYLES: dict[str, dict[str, Any]] = {
    "Note Label": {"italic": True, "bold": True},
    "Hyperlink": {"color": "1F3A93", "underline": True},
    "annotation reference": {"size": 8, "id": "CommentReference"},
}


def set_fonts(rpr: Any) -> None:
    """Times New Roman for every script, overriding the theme's Calibri."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)


def fresh(doc: Any, name: str, kind: WD_STYLE_TYPE) -> Any:
    """The style called `name`, with any formatting the default template gave it removed."""
    style = doc.styles[name] if name in doc.styles else doc.styles.add_style(name, kind)
    for tag in ("w:pPr", "w:rPr", "w:link", "w:next", "w:basedOn"):
        for old in style.element.findall(qn(tag)):
            style.element.remove(old)
    style.hidden = False
    style.quick_style = True
    style.unhide_when_used = False
    return style


def character(style: Any, spec: dict[str, Any]) -> None:
    font = style.font
    font.bold = spec.get("bold")
    font.italic = spec.get("italic")
    font.all_caps = spec.get("caps")
    if "size" in spec:
        font.size = Pt(spec["size"])
    if "color" in spec:
        font.color.rgb = RGBColor.from_string(spec["color"])
    if spec.get("underline"):
        font.underline = True
    if "id" in spec:
        style.style_id = spec["id"]


def paragraph(doc: Any, name: str, base: str | None, spec: dict[str, Any]) -> None:
    style = fresh(doc, name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = doc.styles[base]
    character(style, spec)
    fmt = style.paragraph_format
    fmt.alignment = spec.get("align")
    fmt.space_before = Pt(spec.get("before", 0))
    fmt.space_after = Pt(spec["after"]) if "after" in spec else None
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    if "left" in spec:
        fmt.left_indent = Inches(spec["left"])
    if "right" in spec:
        fmt.right_indent = Inches(spec["right"])
    if "first" in spec:
        fmt.first_line_indent = Inches(spec["first"])
    if "tab" in spec:
        fmt.tab_stops.add_tab_stop(Inches(spec["tab"]))
    fmt.keep_with_next = spec.get("keep_next")
    ppr = style.element.get_or_add_pPr()
    if "outline" in spec:  # shows section headings in Word's navigation pane
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec["outline"]))
        ppr.append(level)
    if "border" in spec:
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "4")
            edge.set(qn("w:color"), spec["border"])
            borders.append(edge)
        ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc",
                                  "w:outlineLvl")
    if "shade" in spec:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), spec["shade"])
        ppr.insert_element_before(shade, "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl")
    if spec.get("no_lines"):  # notes are not ordinance text: leave them out of line numbers
        ppr.insert_element_before(OxmlElement("w:suppressLineNumbers"), "w:pBdr", "w:shd",
                                  "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl")
    if "next" in spec:
        style.next_paragraph_style = doc.styles[spec["next"]]


def twips(inches: float) -> str:
    return str(round(inches * 1440))


def level(ilvl: int, fmt: str, text: str, indent: float, style: str | None) -> str:
    """One w:lvl: a subsection's label hangs in its indent and a tab follows it; a
    section's label is followed by a space."""
    link = f'<w:pStyle w:val="{style}"/>' if style else ""
    if ilvl == 0:
        suffix, ppr = "space", '<w:ind w:left="0" w:firstLine="0"/>'
    else:
        suffix = "tab"
        ppr = (f'<w:tabs><w:tab w:val="num" w:pos="{twips(indent)}"/></w:tabs>'
               f'<w:ind w:left="{twips(indent)}" w:hanging="{twips(0.5)}"/>')
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f"<w:pPr>{ppr}</w:pPr></w:lvl>")


def add_outline(doc: Any) -> None:
    """The ordinance's multilevel list in numbering.xml, bound to the outline styles: each
    style names its level (w:numPr) and each level names its style (w:pStyle)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract_id = 1 + max(int(a.get(qn("w:abstractNumId")))
                          for a in numbering.iterchildren(qn("w:abstractNum")))
    num_id = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num")))
    ids = {name: doc.styles[name].style_id for name in OUTLINE}
    levels = [level(i, fmt, text, indent, ids[OUTLINE[i]])
              for i, (fmt, text, indent) in enumerate(LEVELS)]
    levels += [level(i, fmt, text, 0.5 * i, None)
               for i, (fmt, text) in enumerate(UNUSED_LEVELS, len(LEVELS))]
    ns = nsdecls("w")
    abstract = parse_xml(f'<w:abstractNum {ns} w:abstractNumId="{abstract_id}">'
                         f'<w:nsid w:val="{NSID}"/><w:multiLevelType w:val="multilevel"/>'
                         f'<w:name w:val="{LIST_NAME}"/>{"".join(levels)}</w:abstractNum>')
    last = list(numbering.iterchildren(qn("w:abstractNum")))[-1]
    last.addnext(abstract)
    numbering.append(parse_xml(f'<w:num {ns} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    for ilvl, name in enumerate(OUTLINE):
        num_pr = doc.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id


def build() -> bytes:
    """The template's bytes."""
    doc = Document()
    package = doc.part.package
    # python-docx's default carries a thumbnail, Word 2010 style effects and a bibliography
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            del doc.part.rels[rid]

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for style in list(doc.styles):  # forty colourful table styles nobody asked for
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table",
                                                                    "Table Grid"):
            style.delete()
    for name, (base, spec) in PARAGRAPH_STYLES.items():
        if name != "Section Heading":
            paragraph(doc, name, base, spec)
    paragraph(doc, "Section Heading", *PARAGRAPH_STYLES["Section Heading"])  # needs its `next`
    set_fonts(doc.styles["Normal"].element.get_or_add_rPr())
    for name, spec in CHARACTER_STYLES.items():
        style = fresh(doc, name, WD_STYLE_TYPE.CHARACTER)
        style.base_style = doc.styles["Default Paragraph Font"]
        character(style, spec)

    add_outline(doc)

    settings = doc.settings.element
    for rsids in settings.findall(qn("w:rsids")):
        settings.remove(rsids)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+ layout, not compatibility mode
    update_fields_on_open(doc)

    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    section.header_distance = section.footer_distance = Inches(0.5)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    core = doc.core_properties
    core.title = "ordgen ordinance template"
    core.author = core.last_modified_by = "ordgen"
    core.comments = "Reference template: ordgen takes its styles and page setup."
    core.revision = 1
    core.created = core.modified = EPOCH.replace(tzinfo=None)
    return package_bytes(doc, EPOCH)


if __name__ == "__main__":
    target = TEMPLATES / "ordinance.docx"
    target.write_bytes(build())
    print(f"wrote {target}")

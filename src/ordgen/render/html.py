"""Render a Document as one standalone HTML page, and the HTML pieces the site shares.

The page carries its stylesheet (the site's own, so a draft reads the same on the site and
alone), makes no network request, links every cross-reference to the section it names
(`#sec_<clause id>`, the anchor numbering gave it) and shows a redline as `<del>` and
`<ins>`. Rationale modes are those of Markdown: `comments` becomes notes after each section.
"""

from __future__ import annotations

import html
from importlib import resources

from ..document import Change, Document, Inline, Paragraph, Redline, Ref, Section
from .notes import authority_entry, authority_groups, note_paragraphs

STYLESHEET = ("site", "static", "ordgen.css")
LEVEL_NAMES = ("", "subsection", "paragraph", "subparagraph", "clause")


def escape(text: str) -> str:
    """Text as HTML shows it literally, quotes included (safe inside attributes)."""
    return html.escape(text, quote=True)


def stylesheet() -> str:
    """The stylesheet the site and every HTML draft share."""
    return resources.files("ordgen").joinpath(*STYLESHEET).read_text(encoding="utf-8")


def inline(content: tuple[Inline, ...], *, links: bool = True) -> str:
    """Inline content as HTML: references as links to their section, changes marked."""
    out = []
    for item in content:
        if isinstance(item, str):
            out.append(escape(item))
        elif isinstance(item, Change):
            tag = "del" if item.kind == "del" else "ins"
            out.append(f"<{tag}>{escape(item.text)}</{tag}>")
        elif isinstance(item, Ref) and item.anchor and links:
            out.append(f'<a href="#{escape(item.anchor)}">{escape(item.text)}</a>')
        else:
            out.append(escape(item.text))
    return "".join(out)


def paragraph(p: Paragraph, *, links: bool = True) -> str:
    """One outline paragraph, indented by its level, its label apart from its words."""
    label = f'<span class="label">{escape(p.label)}</span> ' if p.label else ""
    return f'<p class="level-{p.level}">{label}{inline(p.content, links=links)}</p>'


def article(doc: Document) -> str:
    """The draft as an `<article>`: what a standalone page and the site both show."""
    mode = "inline" if doc.rationale_mode == "comments" else doc.rationale_mode
    out = ['<article class="draft">', '<header class="draft-head">',
           f'<p class="draft-label">DRAFT \u2014 {escape(doc.draft)}</p>',
           f"<h1>{escape(doc.heading)}</h1>",
           f'<p class="draft-jurisdiction">{escape(doc.jurisdiction)}</p>',
           f'<p class="draft-title">{escape(doc.title)}</p>',
           f'<p class="counsel-note">{escape(doc.counsel_note)}</p>']
    if doc.legend:
        out.append(f'<p class="legend">{escape(doc.legend)}</p>')
    out.append("</header>")
    out += [f'<p class="recital">{inline(r.content)}</p>' for r in doc.recitals]
    out.append(f'<p class="enacting">{escape(doc.enacting_clause)}</p>')
    for section in doc.sections:
        out.append(_section(doc, section, mode == "inline"))
    if mode == "memo":
        out += memo(doc)
    out.append("</article>")
    return "\n".join(out)


def _section(doc: Document, section: Section, notes: bool) -> str:
    ident = escape(section.anchor)
    out = [f'<section class="section" id="{ident}" aria-labelledby="{ident}-h">',
           f'<h2 id="{ident}-h">{escape(section.title)}</h2>']
    out += [paragraph(p) for p in section.paragraphs]
    if notes and (paras := note_paragraphs(doc, section)):
        out.append(f'<div class="note" role="note" aria-label="Drafting note, '
                   f'{escape(section.label)}">')
        out.append(f'<p><strong>Drafting note.</strong> {escape(paras[0])}</p>')
        out += [f"<p>{escape(p)}</p>" for p in paras[1:]]
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def memo(doc: Document) -> list[str]:
    """The rationale memorandum and the table of authorities, after the ordinance."""
    out = ['<section class="memo" aria-labelledby="memo-h">',
           '<h2 id="memo-h">Rationale Memorandum</h2>']
    for section in doc.sections:
        target = f'<a href="#{escape(section.anchor)}">{escape(section.title)}</a>'
        out.append(f"<h3>{target}</h3>")
        out += [f"<p>{escape(p)}</p>" for p in note_paragraphs(doc, section)]
    out.append('<h3 id="authorities">Table of Authorities</h3>')
    for heading, items in authority_groups(doc):
        out.append(f"<h4>{escape(heading)}</h4>")
        out.append("<ul>")
        out += [f'<li>{escape(authority_entry(a))} <a href="{escape(a.authority.source)}">'
                f"{escape(a.authority.source)}</a></li>" for a in items]
        out.append("</ul>")
    out.append("</section>")
    return out


def provenance_comment(doc: Document) -> str:
    """The draft's provenance as an HTML comment, the lines Markdown carries."""
    lines = "\n".join(line.replace("--", "- -") for line in doc.provenance.lines())
    return f"<!--\n{escape(lines)}\n-->"


def page(title: str, body: str, *, head: str = "", lang: str = "en") -> str:
    """A complete HTML document around `body`; `head` adds to its head."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{head}</head>\n{body}\n</html>\n")


def render(doc: Document) -> str:
    """The draft as a standalone HTML page with its stylesheet inside."""
    head = (f'<meta name="generator" content="ordgen {escape(doc.provenance.ordgen_version)}">\n'
            f"<style>\n{stylesheet()}</style>\n")
    body = ('<body class="standalone">\n<main id="main">\n'
            f"{article(doc)}\n</main>\n{provenance_comment(doc)}\n</body>")
    return page(f"{doc.heading} \u2014 {doc.government.name}", body, head=head)


def comparison(redline: Redline) -> str:
    """A comparison (`ordgen diff`) as a standalone HTML page."""
    out = ['<article class="draft redline">', f"<h1>{escape(redline.title)}</h1>",
           f'<p class="legend">{escape(redline.legend)}</p>',
           f"<p>{escape(redline.summary)}</p>"]
    for block in redline.blocks:
        if block.heading:
            level = min(max(block.level, 2), 6)
            out.append(f"<h{level}>{inline(block.heading)}</h{level}>")
        out += [paragraph(p) for p in block.paragraphs]
    out.append("</article>")
    body = '<body class="standalone">\n<main id="main">\n' + "\n".join(out) + "\n</main>\n</body>"
    return page(redline.title, body, head=f"<style>\n{stylesheet()}</style>\n")

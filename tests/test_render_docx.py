"""The Word renderer: valid, deterministic files whose words are the Markdown draft's."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import msgspec
import pytest
from conftest import ROOT, need_tool
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.diff import wordfile
from ordgen.document import Document, Ref
from ordgen.render import markdown
from ordgen.render.docx import SUMMARY_WORDS, comment_paragraphs, header, summary
from ordgen.render.docx import render as render_docx
from ordgen.render.notes import finding_paragraphs, note_paragraphs
from ordgen.render.package import LIST_NAME, OUTLINE, default_template

FIXTURES = Path(__file__).parent / "fixtures"
RECIPE = FIXTURES / "docx-recipe.yaml"
MODES = ("none", "inline", "comments", "memo")
UTC = dt.timezone.utc
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


@pytest.fixture(scope="module")
def document() -> Document:
    return api.draft(RECIPE).document


@pytest.fixture(scope="module")
def files(document: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One .docx per rationale mode, plus one with line numbers."""
    out = tmp_path_factory.mktemp("docx")
    found = {}
    for mode in MODES:
        found[mode] = out / f"{mode}.docx"
        found[mode].write_bytes(render_docx(in_mode(document, mode)))
    found["lines"] = out / "lines.docx"
    found["lines"].write_bytes(render_docx(in_mode(document, "none"), line_numbers=True))
    return found


def words(text: str) -> list[str]:
    """Words without punctuation, quotes or case, for comparing two formats' text."""
    return re.findall(r"[^\W_]+", text.casefold())


def in_mode(document: Document, mode: str) -> Document:
    """The draft with its rationale in `mode`, as `api.draft(rationale=...)` sets it."""
    return msgspec.structs.replace(document, rationale_mode=mode)


def body(path: Path) -> Any:
    return docx.Document(str(path))


def styled(word: Any, style: str) -> list[Any]:
    return [p for p in word.paragraphs if p.style.name == style]


# -- determinism -----------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_same_inputs_give_the_same_bytes(document: Document, mode: str) -> None:
    first = render_docx(in_mode(document, mode), line_numbers=True)
    assert render_docx(in_mode(document, mode), line_numbers=True) == first


def test_zip_entries_have_fixed_times_and_order(files: dict[str, Path]) -> None:
    with zipfile.ZipFile(files["comments"]) as z:
        infos = z.infolist()
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {i.date_time for i in infos} == {(2026, 3, 15, 0, 0, 0)}  # the recipe's date
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_core_properties_come_from_the_document(files: dict[str, Path]) -> None:
    core = body(files["none"]).core_properties
    assert core.author == core.last_modified_by == "ordgen"
    assert core.created == core.modified == dt.datetime(2026, 3, 15, tzinfo=UTC)
    assert core.revision == 1
    assert core.title == "ORDINANCE NO. 2026-07: AN ORDINANCE KEEPING CITY PROPERTY OUT OF " \
                         "FEDERAL CIVIL IMMIGRATION ENFORCEMENT"
    assert core.content_status == "Staff draft 2"


def test_undated_drafts_use_source_date_epoch(document: Document,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    undated = msgspec.structs.replace(document, date=None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    data = render_docx(undated)
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.created == dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time == (2026, 1, 1, 0, 0, 0)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    data = render_docx(undated)
    epoch = dt.datetime(1980, 1, 1, tzinfo=UTC)
    assert docx.Document(io.BytesIO(data)).core_properties.created == epoch
    assert render_docx(undated) == data


def test_provenance_is_in_custom_properties(document: Document, files: dict[str, Path]) -> None:
    package = body(files["memo"]).part.package
    part = package.part_related_by(RT.CUSTOM_PROPERTIES)
    assert part.partname == "/docProps/custom.xml"
    assert part.content_type == \
        "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    root = etree.fromstring(part.blob)
    props = {p.get("name"): p[0].text for p in root}
    assert [int(p.get("pid")) for p in root] == list(range(2, len(root) + 2))
    lines = document.provenance.lines()
    assert props["ordgen generator"] == lines[0].split(": ", 1)[1]
    assert props["ordgen library-sha256"] == document.provenance.library_sha256
    assert props["ordgen recipe-sha256"] == document.provenance.recipe_sha256
    clauses = [v for k, v in sorted(props.items()) if k.startswith("ordgen clause ")]
    assert clauses == [line.split(": ", 1)[1] for line in lines if line.startswith("clause: ")]
    assert clauses[3].startswith("property.staging variant=strong")


# -- structure -------------------------------------------------------------------------------
def heading_words(section: Any) -> str:
    """A heading's own words, as its paragraph holds them: the list shows "Section 3."."""
    return section.title[len(section.label):].lstrip(". ")


def test_sections_are_numbered_by_the_list_bookmarked_and_referenced(
        document: Document, files: dict[str, Path]) -> None:
    word = body(files["none"])
    headings = styled(word, "Section Heading")
    assert [h.text for h in headings] == [heading_words(s) for s in document.sections]
    ids = []
    for heading, section in zip(headings, document.sections, strict=True):
        p = heading._p
        (start,) = p.findall(qn("w:bookmarkStart"))
        assert start.get(qn("w:name")) == section.anchor
        assert start.getprevious().tag == qn("w:pPr")  # the whole numbered paragraph
        assert p[-1].tag == qn("w:bookmarkEnd")
        assert p.pPr.numPr is None  # numbered by its style, not by hand
        ids.append(start.get(qn("w:id")))
    assert ids == [str(i) for i in range(len(ids))]
    labels = wordfile.read(files["none"]).code.sections  # as Word numbers the headings
    assert [s.heading for s in labels] == [s.title for s in document.sections]

    expected = [(c.anchor, c.text) for s in document.sections for p in s.paragraphs
                for c in p.content if isinstance(c, Ref)]
    expected += [(c.anchor, c.text) for r in document.recitals for c in r.content
                 if isinstance(c, Ref)]
    found = []
    for code in word.element.body.iter(qn("w:instrText")):
        run = code.getparent()
        cached = run.getnext().getnext()  # begin, instruction, separate, result, end
        assert run.getnext().find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"
        name, *switches = code.text.split()[1:]
        assert code.text.split()[0] == "REF" and switches == ["\\r", "\\h"]
        found.append((name, cached.xpath("string(.)")))
    assert sorted(found) == sorted(expected) and len(found) >= 4
    assert all(text.startswith("Section\u00a0") for _, text in found)  # the cached number
    assert {anchor for anchor, _ in found} <= {s.anchor for s in document.sections}
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_the_outline_list_is_bound_to_the_heading_and_subsection_styles(
        files: dict[str, Path]) -> None:
    word = body(files["none"])
    numbering = word.part.numbering_part.element
    levels = {}
    for ilvl, name in enumerate(OUTLINE):
        num_pr = word.styles[name].element.pPr.numPr
        assert num_pr.ilvl.val == ilvl
        (num,) = numbering.xpath(f'w:num[@w:numId="{num_pr.numId.val}"]')
        (abstract,) = numbering.xpath(
            f'w:abstractNum[@w:abstractNumId="{num.abstractNumId.val}"]')
        assert abstract.find(qn("w:name")).get(qn("w:val")) == LIST_NAME
        (lvl,) = abstract.xpath(f'w:lvl[@w:ilvl="{ilvl}"]', namespaces=NS)
        assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == word.styles[name].style_id
        levels[name] = (lvl.find(qn("w:numFmt")).get(qn("w:val")),
                        lvl.find(qn("w:lvlText")).get(qn("w:val")))
    assert levels == {"Section Heading": ("decimal", "Section\u00a0%1."),
                      "Subsection 1": ("lowerLetter", "(%2)"),
                      "Subsection 2": ("decimal", "(%3)"),
                      "Subsection 3": ("upperLetter", "(%4)"),
                      "Subsection 4": ("lowerRoman", "(%5)")}


def test_subsections_use_hanging_indent_styles_and_list_labels(document: Document,
                                                               files: dict[str, Path]) -> None:
    word = body(files["none"])
    for level in range(1, 5):
        style = word.styles[f"Subsection {level}"]
        fmt = style.paragraph_format
        assert fmt.left_indent == Inches(0.5 * level)
        assert fmt.first_line_indent == -Inches(0.5)
        paras = styled(word, f"Subsection {level}")
        assert paras, f"no level-{level} paragraph in the fixture"
        for p in paras:
            assert not re.match(r"^\(", p.text), p.text  # the list shows the label
    labels = [p.label for s in document.sections for p in s.paragraphs if p.level]
    shown = [p.label for s in wordfile.read(files["none"]).code.sections for p in s.paragraphs
             if p.level]
    assert shown == labels  # as Word counts the list


def test_title_block_header_footer_and_page(document: Document,
                                            files: dict[str, Path]) -> None:
    word = body(files["none"])
    first = [(p.style.name, p.text) for p in word.paragraphs[:4]]
    assert first == [("Ordinance Number", document.heading), ("Jurisdiction",
                     document.jurisdiction), ("Ordinance Title", document.title),
                     ("Counsel Note", document.counsel_note)]
    assert [p.text for p in styled(word, "Enacting Clause")] == [document.enacting_clause]
    assert len(styled(word, "Recital")) == len(document.recitals)
    section = word.sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    assert {section.left_margin, section.right_margin, section.top_margin,
            section.bottom_margin} == {Inches(1)}
    assert [p.text for p in section.header.paragraphs] == ["Staff draft 2"]
    assert not word.styles["Header"].font.all_caps  # the label as the recipe writes it
    footer = section.footer.paragraphs[0]._p
    assert [c.text.strip() for c in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    normal = word.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 12
    assert not word.element.body.findall(f".//{W}lnNumType")
    assert section._sectPr.find(qn("w:lnNumType")) is None


@pytest.mark.parametrize(("label", "shown"), [
    ("Staff draft 2", "Staff draft 2"), ("Draft", "Draft"), ("Version 3", "DRAFT \u2014 Version 3"),
    ("  Council  draft ", "Council draft"), ("", "DRAFT")])
def test_the_header_shows_the_draft_label_once(label: str, shown: str) -> None:
    assert header(label) == shown


def test_a_summary_is_the_first_sentences_that_fit() -> None:
    text = ["Printz v. United States, 521 U.S. 898 (1997), held this. The rule is old.",
            "It applies here. " * 60]
    assert summary(text, 15) == ("Printz v. United States, 521 U.S. 898 (1997), held this. "
                                 "The rule is old.")
    assert summary(text, 18) == summary(text, 15) + " It applies here."
    assert summary(["one two three four five six"], 3) == "one two three\u2026"
    assert len(summary(text).split()) <= SUMMARY_WORDS


def test_line_numbers_restart_each_page(files: dict[str, Path]) -> None:
    (numbering,) = body(files["lines"]).sections[0]._sectPr.findall(qn("w:lnNumType"))
    assert numbering.get(qn("w:restart")) == "newPage"
    assert numbering.get(qn("w:countBy")) == "1"


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_puts_rationale_in_its_place(document: Document, files: dict[str, Path],
                                               mode: str) -> None:
    word = body(files[mode])
    notes = {s.number: note_paragraphs(document, s) for s in document.sections}
    findings = [finding_paragraphs(document, f) for f in document.findings]
    inline = styled(word, "Drafting Note")
    if mode == "inline":  # the findings' notes after the recitals, then each section's
        assert [p.text for p in inline] == [
            ("Drafting note. " if i == 0 else "") + t
            for n in [*findings, *notes.values()] for i, t in enumerate(n)]
        assert inline[0].runs[0].style.name == "Note Label"
        assert inline[0].runs[0].style.font.italic
    else:
        assert not inline
    comments = list(word.comments)
    if mode == "comments":
        short = {s.number: comment_paragraphs(document, s) for s in document.sections}
        assert [c.text for c in comments] == ["\n".join(n) for n in short.values()]
        for section in document.sections:  # the memo keeps the rest
            assert short[section.number][-1] == notes[section.number][-1]
            assert len(short[section.number][0].split()) <= SUMMARY_WORDS + 1
        assert [c.comment_id for c in comments] == list(range(len(comments)))
        assert {c.author for c in comments} == {"ordgen"}
        assert {c.timestamp for c in comments} == {dt.datetime(2026, 3, 15, tzinfo=UTC)}
        for heading, comment in zip(styled(word, "Section Heading"), comments, strict=True):
            start = heading._p.find(qn("w:commentRangeStart"))
            assert start is not None and start.get(qn("w:id")) == str(comment.comment_id)
        assert any("State law warning: Texas Test Act" in c.text for c in comments)
        assert all(len(c.text.split()) < 250 for c in comments)
    else:
        assert not comments
    memo = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    if mode == "memo":
        assert memo[0] == "Rationale Memorandum"
        assert styled(word, "Heading 1")[0].paragraph_format.page_break_before
        assert memo[1:] == [f"Recitals: {f.heading}" for f in document.findings] + [
            s.title for s in document.sections] + [
            "Table of Authorities", "Cases", "Statutes and regulations",
            "Ordinances and executive orders", "Model laws, memoranda and reports"]
        entries = styled(word, "Authority")
        assert len(entries) == len(document.authorities)
        assert entries[0].hyperlinks[0].address == document.authorities[0].authority.source
    else:
        assert not memo


# -- templates -------------------------------------------------------------------------------
def test_the_template_is_what_its_script_builds() -> None:
    spec = importlib.util.spec_from_file_location("make_template",
                                                  ROOT / "tools" / "make_template.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (ROOT / "templates" / "ordinance.docx").read_bytes(), \
        "templates/ordinance.docx is stale: run tools/make_template.py"
    assert default_template() == ROOT / "templates" / "ordinance.docx"


def test_a_city_template_restyles_and_its_body_is_dropped(document: Document,
                                                          tmp_path: Path) -> None:
    city = docx.Document()  # python-docx's plain default: none of ordgen's styles
    city.styles["Normal"].font.name = "Arial"
    kept = city.add_paragraph("Letter body that must not survive")
    city.add_comment(kept.runs, text="old comment", author="someone")
    city.sections[0].header.paragraphs[0].text = "CITY OF EXAMPLE LETTERHEAD"
    path = tmp_path / "city.docx"
    city.save(str(path))
    out = tmp_path / "out.docx"
    out.write_bytes(render_docx(in_mode(document, "comments"), template=path))
    word = docx.Document(str(out))
    assert word.styles["Normal"].font.name == "Arial"
    assert word.styles["Section Heading"].font.bold
    assert "Letter body" not in "\n".join(p.text for p in word.paragraphs)
    assert "old comment" not in [c.text for c in word.comments]
    assert len(list(word.comments)) == len(document.sections)
    assert [p.text for p in word.sections[0].header.paragraphs] == [
        "CITY OF EXAMPLE LETTERHEAD", "Staff draft 2"]
    # the city's template has no outline list: it gets ordgen's, with ids of its own
    numbering = word.part.numbering_part.element
    num_id = word.styles["Section Heading"].element.pPr.numPr.numId.val
    assert str(num_id) not in {n.get(qn("w:numId")) for n in
                               docx.Document().part.numbering_part.element.xpath("w:num")}
    assert len(numbering.xpath(f'w:num[@w:numId="{num_id}"]')) == 1
    assert [s.title for s in wordfile.read(out).code.sections] == [
        s.heading.rstrip(".") for s in document.sections]
    assert [s.number for s in wordfile.read(out).code.sections] == [
        str(s.number) for s in document.sections]


def test_the_recipe_template_key_is_used(tmp_path: Path) -> None:
    city = docx.Document()
    city.styles["Normal"].font.name = "Garamond"
    city.save(str(tmp_path / "city.docx"))
    text = RECIPE.read_text().replace("library: docx-lib", f"library: {FIXTURES / 'docx-lib'}")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(text + "template: city.docx\n")
    api.build(recipe, [tmp_path / "out.docx"], line_numbers=True)
    word = body(tmp_path / "out.docx")
    assert word.styles["Normal"].font.name == "Garamond"
    assert word.sections[0]._sectPr.find(qn("w:lnNumType")) is not None


def test_bad_templates_are_diagnosed(document: Document, tmp_path: Path) -> None:
    with pytest.raises(OrdgenError) as missing:
        render_docx(document, template=tmp_path / "nowhere.docx")
    assert missing.value.diagnostics[0].code == "no-template"
    (tmp_path / "notes.docx").write_text("not a zip")
    with pytest.raises(OrdgenError) as bad:
        render_docx(document, template=tmp_path / "notes.docx")
    assert bad.value.diagnostics[0].code == "bad-template"


def test_python_docx_is_imported_only_for_word_output() -> None:
    code = ("import sys, ordgen.api, ordgen.cli, ordgen.render.docx\n"
            "assert 'docx' not in sys.modules, 'python-docx imported at startup'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- what other programs see -----------------------------------------------------------------
def pandoc_words(path: Path) -> list[str]:
    """The words pandoc reads from a .docx, leaving out drafting-note paragraphs.

    pandoc reads a numbered section heading as an ordered-list item and keeps only the
    number of its label: the words around it in numbering.xml (lvlText "Section %1.") are
    put back from the file itself, so the comparison is with what Word shows."""
    pandoc = need_tool("pandoc")
    tree = json.loads(subprocess.run([pandoc, "-f", "docx+styles", "-t", "json", str(path)],
                                     check=True, capture_output=True, text=True).stdout)
    word = body(path)
    sections = word.styles["Section Heading"].element.pPr.numPr.numId.val
    (lvl,) = word.part.numbering_part.element.xpath(
        f'w:abstractNum[@w:abstractNumId=//w:num[@w:numId="{sections}"]'
        '/w:abstractNumId/@w:val]/w:lvl[@w:ilvl="0"]')
    prefix = lvl.find(qn("w:lvlText")).get(qn("w:val")).split("%1")[0]

    def style(block: Any) -> str:
        return dict(block["c"][0][2]).get("custom-style", "") if block["t"] == "Div" else ""

    def keep(blocks: list[Any]) -> list[Any]:
        out = []
        for block in blocks:
            if style(block) == "Drafting Note":
                continue
            if block["t"] == "Table":  # the signatures: each cell's lines, row by row
                _, _, _, head, bodies, _ = block["c"]  # pandoc reads the first row as a head
                rows = head[1] + [row for body in bodies for row in body[3]]
                out += keep([b for row in rows for cell in row[1] for b in cell[4]])
                continue
            if block["t"] == "Div":
                block["c"][1] = keep(block["c"][1])
            elif block["t"] == "OrderedList":
                (start, _, _), items = block["c"]
                if items and style(items[0][0]) == "Section Heading":  # "Section 3." again
                    for n, item in enumerate(items, start):
                        label = {"t": "Str", "c": f"{prefix}{n}."}
                        out += [{"t": "Plain", "c": [label]}, *keep(item)]
                    continue
                block["c"][1] = [keep(item) for item in items]
            out.append(block)
        return out

    tree["blocks"] = keep(tree["blocks"])
    plain = subprocess.run([pandoc, "-f", "json", "-t", "plain"], input=json.dumps(tree),
                           check=True, capture_output=True, text=True).stdout
    return words(plain)


def markdown_words(document: Document, mode: str) -> list[str]:
    """The Markdown draft's words, without drafting notes or the provenance comment."""
    text = markdown.render(in_mode(document, mode))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return words("\n".join(line for line in text.splitlines() if not line.startswith(">")))


@pytest.mark.parametrize("mode", MODES)
def test_pandoc_reads_the_markdown_words(document: Document, files: dict[str, Path],
                                         mode: str) -> None:
    got, want = pandoc_words(files[mode]), markdown_words(document, mode)
    assert got == want
    assert len(want) > 300


def test_libreoffice_renders_every_section(document: Document, files: dict[str, Path],
                                           tmp_path: Path) -> None:
    soffice = need_tool("soffice")
    pdftotext = need_tool("pdftotext")
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, files.values())], check=True, capture_output=True, env=env,
                   timeout=240)
    for name, path in files.items():
        pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {name}"
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        for section in document.sections:
            assert " ".join(section.title.split()) in flat, (name, section.title)
        assert "Staff draft 2" in flat and "STAFF DRAFT" not in flat
        assert "Page 1 of" in flat
        assert ("RATIONALE MEMORANDUM" in flat) == (name == "memo")
        if name == "lines":
            assert re.search(r"^\s*1\s+ORDINANCE NO", text, re.M)

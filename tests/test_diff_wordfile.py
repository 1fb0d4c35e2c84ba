"""Word files read back as sections: ordgen's own drafts by their styles and lists, a
returned draft with another author's tracked changes and comments, other Word files by
their headings, and bad files as located errors."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import ROOT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.diff import sections, wordfile
from ordgen.render import markdown
from ordgen.render.docx import render as render_docx

Run = Callable[..., "subprocess.CompletedProcess[str]"]
RECIPE = ROOT / "tests" / "fixtures" / "docx-recipe.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = 'w:author="A. Attorney" w:date="2026-04-01T00:00:00Z"'


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("word") / "sent.docx"
    path.write_bytes(render_docx(api.draft(RECIPE, rationale="none").document))
    return path


def paragraph(word: Any, text: str) -> Any:
    return next(p for p in word.paragraphs if text in p.text)


def insert(p: Any, text: str, rev: int) -> None:
    """A tracked insertion at the end of a paragraph, by another author."""
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{rev}" {WHEN}><w:r>'
                          f'<w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'))


def delete(p: Any, words: str, rev: int) -> None:
    """A tracked deletion of `words`, split out of the paragraph's run that holds them."""
    run = next(r for r in p.runs if words in r.text)
    before, _, after = run.text.partition(words)
    run.text = before
    gone = parse_xml(f'<w:del {nsdecls("w")} w:id="{rev}" {WHEN}><w:r><w:delText '
                     f'xml:space="preserve">{words}</w:delText></w:r></w:del>')
    rest = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{after}</w:t></w:r>')
    run._r.addnext(gone)
    gone.addnext(rest)


@pytest.fixture(scope="module")
def returned(sent: Path) -> Path:
    """The draft as an attorney sends it back: tracked changes, a comment, a new paragraph
    with a tracked mark and a tracked paragraph deletion."""
    word = docx.Document(str(sent))
    insert(paragraph(word, "Welcoming City Ordinance"), " as amended", 901)
    delete(paragraph(word, "including parks and vacant land"), "including parks and vacant land, ",
           902)
    added = paragraph(word, "This section does not restrict")
    new = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="SectionText"/><w:rPr>'
                    f'<w:ins w:id="903" {WHEN}/></w:rPr></w:pPr><w:ins w:id="904" {WHEN}><w:r>'
                    '<w:t>A new paragraph from counsel.</w:t></w:r></w:ins></w:p>')
    added._p.addnext(new)
    struck = paragraph(word, "the date and place")
    mark = struck._p.get_or_add_pPr()
    mark.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="905" {WHEN}/></w:rPr>'))
    for r in struck._p.findall(qn("w:r")):
        gone = parse_xml(f'<w:del {nsdecls("w")} w:id="906" {WHEN}/>')
        r.addprevious(gone)
        gone.append(r)
        for t in r.findall(qn("w:t")):
            t.tag = qn("w:delText")
    word.add_comment(paragraph(word, "Welcoming City Ordinance").runs[:1],
                     text="Is this the title the council wants?", author="A. Attorney",
                     initials="AA")
    path = sent.with_name("returned.docx")
    word.save(str(path))
    return path


def plain(code: sections.CodeText) -> list[Any]:
    return [(s.number, s.title, [(p.level, p.label, p.text) for p in s.paragraphs])
            for s in code.sections]


def test_an_ordgen_draft_reads_back_as_its_markdown_does(sent: Path) -> None:
    document = api.draft(RECIPE, rationale="none").document
    from_word = wordfile.read(sent)
    from_markdown = sections.parse(markdown.render(document), sent)
    assert plain(from_word.code) == plain(from_markdown)
    assert [p.text for p in from_word.code.preamble] == [p.text for p in from_markdown.preamble]
    assert from_word.comments == ()


def test_tracked_changes_read_as_accepted_or_as_sent(sent: Path, returned: Path) -> None:
    accepted = wordfile.read(returned).code
    as_sent = wordfile.read(returned, as_sent=True).code
    assert plain(as_sent) == plain(wordfile.read(sent).code)
    text = " ".join(p.text for s in accepted.sections for p in s.paragraphs)
    assert "and Section 4. as amended" in text.replace("\u00a0", " ")
    assert "including parks and vacant land" not in text
    assert "A new paragraph from counsel." in text
    assert "the date and place" not in text
    (comment,) = wordfile.read(returned).comments
    assert comment == wordfile.Comment("A. Attorney", "Is this the title the council wants?",
                                       "Section 1. Title and Purpose.")


def test_a_returned_draft_diffs_as_a_legislative_redline(sent: Path, returned: Path,
                                                         run_ordgen: Run) -> None:
    out = returned.with_name("changes.docx")
    result = run_ordgen("diff", sent, returned, "-o", out, "-o", out.with_suffix(".md"))
    assert result.returncode == 0, result.stderr
    text = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "<ins>as amended</ins>" in text
    assert "~~including parks and vacant land,~~" in text
    assert "<ins>A new paragraph from counsel.</ins>" in text
    assert "## Comments in " in text
    assert ("A. Attorney \u2014 Section 1. Title and Purpose: Is this the title the council "
            "wants?") in text
    word = docx.Document(str(out))
    runs = [r for p in word.paragraphs for r in p.runs]
    assert "as amended" in [r.text for r in runs if r.font.underline]
    assert "including parks and vacant land," in [r.text for r in runs if r.font.strike]
    unchanged = run_ordgen("diff", sent, returned, "--as-sent", "-o", "-")
    assert unchanged.returncode == 0, unchanged.stderr
    assert "No sections changed. 1 comment." in unchanged.stdout


def test_other_word_files_read_by_headings_and_section_patterns(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("CHAPTER 19. SEPARATION", style="Title")
    word.add_heading("Sec. 19.30. - Definitions.", level=2)
    word.add_paragraph("For purposes of this chapter:")
    word.add_paragraph("(a)\tAgency means any department.")
    word.add_paragraph("a first thing;", style="List Number")
    word.add_paragraph("a second thing.", style="List Number")
    bold = word.add_paragraph()
    bold.add_run("§ 19.40 Use of Lots.").bold = True
    word.add_paragraph("No lot shall be used.")
    path = tmp_path / "code.docx"
    word.save(str(path))
    code = wordfile.load(path)
    assert [p.text for p in code.preamble] == ["CHAPTER 19. SEPARATION"]
    assert plain(code) == [
        ("19.30", "Definitions", [(0, "", "For purposes of this chapter:"),
                                  (1, "(a)", "Agency means any department."),
                                  (2, "(1)", "a first thing;"), (2, "(2)", "a second thing.")]),
        ("19.40", "Use of Lots", [(0, "", "No lot shall be used.")])]


def bad_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def broken_deflate(path: Path) -> Path:
    """A zip whose document part is compressed, then has its compressed bytes spoiled."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml",
                   "<d>" + " ".join(str(i * 7919 % 10007) for i in range(400)) + "</d>")
    data = bytearray(path.read_bytes())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 10:start + 40] = b"\xff" * 30
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("make", "code", "message"), [
    (lambda p: p.write_text("plain text, not a zip"), "bad-docx", "not a Word document"),
    (lambda p: bad_zip(p, {"word/other.xml": "<x/>"}), "bad-docx", "no word/document.xml"),
    (lambda p: bad_zip(p, {"word/document.xml": "<w:document"}), "bad-docx", "not well-formed"),
    (lambda p: bad_zip(p, {"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}),
     "bad-docx", "DTD"),
    (lambda p: p.mkdir(), "not-a-file", "folder"),
    (lambda p: os.mkfifo(p), "not-a-regular-file", "FIFO"),
    (broken_deflate, "bad-docx", "not a Word document"),
])
def test_bad_word_files_are_located_errors(tmp_path: Path, make: Callable[[Path], Any],
                                           code: str, message: str, run_ordgen: Run) -> None:
    path = tmp_path / "returned.docx"
    make(path)
    with pytest.raises(OrdgenError) as err:
        wordfile.read(path)
    (d,) = err.value.diagnostics
    assert d.code == code and message in d.message and d.path.endswith("returned.docx")
    result = run_ordgen("diff", path, path, "-o", tmp_path / "out.md")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"returned\.docx: error\[{code}\]", result.stderr)
    assert not (tmp_path / "out.md").exists()


def test_a_part_that_unpacks_too_large_is_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = bad_zip(tmp_path / "bomb.docx", {"word/document.xml": "<d>" + "x" * 5000 + "</d>"})
    monkeypatch.setattr(wordfile, "MAX_PART", 1000)
    with pytest.raises(OrdgenError) as err:
        wordfile.read(path)
    assert err.value.diagnostics[0].code == "file-too-large"


def test_the_readers_are_imported_only_when_a_file_needs_them() -> None:
    import sys

    code = ("import sys, ordgen.api, ordgen.cli, ordgen.compose, ordgen.amend\n"
            "loaded = {'ordgen.diff.wordfile', 'ordgen.diff.html', 'zipfile'} & set(sys.modules)\n"
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)

"""A redline rendered: Markdown marks and Word (formatted and tracked), as pandoc and
LibreOffice read them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import NEW, OLD, need_tool, write
from docx.oxml.ns import qn
from docx.shared import Inches

from ordgen import api
from ordgen.diff.drafts import compare
from ordgen.diff.sections import parse
from ordgen.diff.words import GAP
from ordgen.document import LEGEND
from ordgen.render.redline import docx as redline_docx
from ordgen.render.redline import markdown as redline_markdown

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_markdown_marks_deletions_and_insertions_with_the_legend_on_top(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.md", OLD), write(tmp_path, "new.md", NEW)
    out = tmp_path / "changes.md"
    redline = api.diff(old, new, [out])
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# Changes from ") and lines[2] == f"*{LEGEND}*"
    assert "## Section ~~3.~~ <ins>2.</ins> City Property." in text
    assert "No agency <ins>or employee</ins> shall ask about immigration status." in text
    assert "## ~~Section 4. Reports.~~" in text
    assert "\\(b) No agency" in text  # a label is escaped as in drafts
    assert text == redline_markdown(redline)
    assert api.diff(old, new, [out]) == redline and out.read_text(encoding="utf-8") == text


def test_pandoc_reads_the_markdown_marks(tmp_path: Path) -> None:
    pandoc = need_tool("pandoc")
    out = tmp_path / "changes.md"
    api.diff(write(tmp_path, "old.md", OLD), write(tmp_path, "new.md", NEW), [out])
    html = subprocess.run([pandoc, "-f", "gfm", "-t", "html", str(out)], check=True,
                          capture_output=True, text=True).stdout
    assert "<del>3.</del> <ins>2.</ins>" in html
    assert "<ins>or employee</ins>" in html


@pytest.fixture(scope="module")
def redline_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("redline")
    old, new = write(folder, "old.md", OLD), write(folder, "new.md", NEW)
    files = {"plain": folder / "plain.docx", "tracked": folder / "tracked.docx"}
    api.diff(old, new, [files["plain"]])
    api.diff(old, new, [files["tracked"]], tracked=True)
    return files


def test_docx_shows_changes_as_struck_and_underlined_runs(redline_files: dict[str, Path]
                                                          ) -> None:
    word = docx.Document(str(redline_files["plain"]))
    texts = [p.text for p in word.paragraphs]
    assert texts[:2] == ["Changes from " + texts[0][len("Changes from "):], LEGEND]
    runs = [r for p in word.paragraphs for r in p.runs]
    struck = [r.text for r in runs if r.font.strike]
    underlined = [r.text for r in runs if r.font.underline]
    assert "3." in struck and "2." in underlined
    assert "or employee" in underlined and "Section 4. Reports." in struck
    assert not word.element.body.findall(f".//{W}ins")
    heading = next(p for p in word.paragraphs if "City Property." in p.text
                   and p.style.name == "Section Heading")
    assert heading.text == "Section 3. 2. City Property."


def test_tracked_docx_holds_word_revisions(redline_files: dict[str, Path]) -> None:
    body = docx.Document(str(redline_files["tracked"])).element.body
    ins, dels = body.findall(f".//{W}ins"), body.findall(f".//{W}del")
    assert ins and dels
    ids = [int(e.get(qn("w:id"))) for e in body.iter(f"{W}ins", f"{W}del")]
    assert ids == list(range(len(ids)))  # sequential, in reading order
    for element in ins + dels:
        assert element.get(qn("w:author")) == "ordgen"
        assert element.get(qn("w:date")) == "1980-01-01T00:00:00Z"
    deleted = ["".join(t.text for t in d.iter(f"{W}delText")) for d in dels]
    assert "3." in deleted and "Section 4. Reports." in deleted
    assert not any(d.findall(f".//{W}t") for d in dels)  # deleted text is w:delText only
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in ins]
    assert "or employee" in inserted
    assert not body.findall(f".//{W}strike")


def test_docx_bytes_are_the_same_every_time(tmp_path: Path,
                                            redline_files: dict[str, Path]) -> None:
    folder = redline_files["plain"].parent
    old, new = folder / "old.md", folder / "new.md"
    for name, tracked in (("plain", False), ("tracked", True)):
        again = tmp_path / f"{name}.docx"
        api.diff(old, new, [again], tracked=tracked)
        with zipfile.ZipFile(again) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert again.read_bytes() == redline_files[name].read_bytes()


def test_pandoc_finds_the_tracked_insertions_and_deletions(redline_files: dict[str, Path]
                                                           ) -> None:
    pandoc = need_tool("pandoc")
    tree = json.loads(subprocess.run(
        [pandoc, "--track-changes=all", "-f", "docx", "-t", "json",
         str(redline_files["tracked"])], check=True, capture_output=True, text=True).stdout)
    found: dict[str, list[str]] = {"insertion": [], "deletion": []}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Span":
                (_, classes, attrs), inner = node["c"]
                for kind in found.keys() & set(classes):
                    assert dict(attrs)["author"] == "ordgen"
                    found[kind].append(stringify(inner))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree["blocks"])
    assert "or employee" in found["insertion"] and "2." in found["insertion"]
    assert "Section 4. Reports." in found["deletion"] and "3." in found["deletion"]
    accepted = subprocess.run([pandoc, "--track-changes=accept", "-f", "docx", "-t", "plain",
                               str(redline_files["tracked"])], check=True, capture_output=True,
                              text=True).stdout
    assert "Reports" not in accepted and "Training" in accepted
    rejected = subprocess.run([pandoc, "--track-changes=reject", "-f", "docx", "-t", "plain",
                               str(redline_files["tracked"])], check=True, capture_output=True,
                              text=True).stdout
    assert "Reports" in rejected and "or employee" not in rejected


def stringify(inlines: list[Any]) -> str:
    out = []
    for item in inlines:
        if item["t"] == "Str":
            out.append(item["c"])
        elif item["t"] in ("Space", "SoftBreak"):
            out.append(" ")
    return "".join(out)


def test_libreoffice_opens_both_forms(redline_files: dict[str, Path], tmp_path: Path) -> None:
    soffice = need_tool("soffice")
    pdftotext = need_tool("pdftotext")
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, redline_files.values())], check=True, capture_output=True,
                   env=env, timeout=240)
    for name, path in redline_files.items():
        pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {name}"
        flat = " ".join(subprocess.run([pdftotext, str(pdf), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
        assert LEGEND in flat
        assert "Section 3. 2. City Property." in flat  # both numbers, one marked each way
        assert "No agency or employee shall ask" in flat
        assert "Section 4. Reports." in flat and "Section 4. Training." in flat
        assert "Page 1 of" in flat


def test_redline_docx_renders_from_python(tmp_path: Path) -> None:
    redline = compare(parse(OLD, tmp_path / "a.md"), parse(NEW, tmp_path / "b.md"), context=2)
    data = redline_docx(redline, tracked=True)
    word = docx.Document(io.BytesIO(data))
    assert word.core_properties.author == "ordgen"
    assert any(GAP in p.text for p in word.paragraphs)


def test_wholly_deleted_paragraphs_have_deleted_paragraph_marks(
        redline_files: dict[str, Path]) -> None:
    body = docx.Document(str(redline_files["tracked"])).element.body
    marked = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    texts = ["".join(t.text for t in p.iter(f"{W}delText")) for p in marked]
    assert "Section 4. Reports." in texts  # the removed section's heading goes with its mark
    for p in marked:  # only paragraphs with nothing left once the deletions are accepted
        assert not "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
    plain = docx.Document(str(redline_files["plain"])).element.body
    assert plain.find(f".//{W}pPr/{W}rPr/{W}del") is None


def test_redline_headings_are_bold_and_subsections_hang(redline_files: dict[str, Path]) -> None:
    word = docx.Document(str(redline_files["plain"]))
    headings = [p for p in word.paragraphs if p.style.name == "Section Heading"]
    assert headings and word.styles["Section Heading"].font.bold
    for p in headings:  # the numbers are the texts' own, marked: not the draft's list
        assert p._p.pPr.numPr.numId.val == 0
    subsections = [p for p in word.paragraphs if p.style.name == "Subsection 1"]
    assert [p.text.split("\t")[0] for p in subsections] == ["(a)", "(b)"]
    for p in subsections:
        assert p._p.pPr.numPr.numId.val == 0
        assert p.paragraph_format.left_indent == Inches(0.5)
        assert p.paragraph_format.first_line_indent == -Inches(0.5)

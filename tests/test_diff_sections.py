"""Markdown text read as a preamble and sections: drafts and pasted code text."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OLD

from ordgen.diff.sections import parse, split_heading

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_markdown_is_read_as_preamble_and_sections(tmp_path: Path) -> None:
    code = parse(OLD, tmp_path / "old.md")
    assert [p.text for p in code.preamble] == ["ORDINANCE NO. 1",
                                               "Text before the first section is the preamble."]
    assert [(s.number, s.title) for s in code.sections] == [
        ("1", "Purpose"), ("2", "Information"), ("3", "City Property"), ("4", "Reports")]
    info = code.sections[1]
    assert [(p.level, p.label, p.text[:9]) for p in info.paragraphs] == [
        (1, "(a)", "No agency"), (1, "(b)", "No agency")]
    assert info.line == 9


@pytest.mark.parametrize(("heading", "number", "title"), [
    ("Section 12. Use of Public Property.", "12", "Use of Public Property"),
    ("19.30. Sharing of Information", "19.30", "Sharing of Information"),
    ("19.30 Sharing", "19.30", "Sharing"),
    ("§ 2-173. Welcoming City.", "2-173", "Welcoming City"),
    ("Definitions.", "", "Definitions"),
    ("Section 11. 287(g) Agreements.", "11", "287(g) Agreements"),
])
def test_headings_give_number_and_title(heading: str, number: str, title: str) -> None:
    assert split_heading(heading) == (number, title)


def test_code_text_without_blank_lines_splits_at_labels(tmp_path: Path) -> None:
    text = ("## 19.30. Information.\n(a) First subsection\ncontinues here.\n(1) a paragraph;\n"
            "(2) another.\n(b) Second.\n(A) deeper\n(i) deepest\n")
    (section,) = parse(text, tmp_path / "code.md").sections
    assert [(p.level, p.label, p.text) for p in section.paragraphs] == [
        (1, "(a)", "First subsection continues here."), (2, "(1)", "a paragraph;"),
        (2, "(2)", "another."), (1, "(b)", "Second."), (3, "(A)", "deeper"),
        (4, "(i)", "deepest")]


def test_a_redline_reads_as_amended_and_provenance_is_ignored(tmp_path: Path) -> None:
    text = "## 1. A.\n\nNo ~~lot~~ <ins>park</ins> \\*shall\\* **be** used.\n\n<!--\nx: y\n-->\n"
    (section,) = parse(text, tmp_path / "a.md").sections
    assert [p.text for p in section.paragraphs] == ["No park *shall* be used."]


def test_a_file_with_only_first_level_headings_uses_them(tmp_path: Path) -> None:
    code = parse("Sample.\n\n# 19.30. Information.\n\nText.\n\n# 19.40. Lots.\n\nMore.\n",
                 tmp_path / "code.md")
    assert [p.text for p in code.preamble] == ["Sample."]
    assert [(s.number, s.title) for s in code.sections] == [("19.30", "Information"),
                                                            ("19.40", "Lots")]


def test_html_comments_are_removed_in_one_scan(tmp_path: Path) -> None:
    import re
    import time

    from ordgen.diff.sections import uncomment

    pattern = re.compile(r"<!--.*?-->", re.DOTALL)
    for text in ("a<!--x\ny-->b<!-- c -->d<!--e", "<!---->", "a<!--b<!--c-->d-->e", "<!--"):
        assert uncomment(text) == pattern.sub(lambda m: "\n" * m.group().count("\n"), text)
    hostile = "## 1. A\n\nText.\n\n" + "<!-- never closed\n" * 100_000
    started = time.perf_counter()
    code = parse(hostile, tmp_path / "a.md")
    assert time.perf_counter() - started < 2  # the pattern took minutes
    assert code.sections[0].paragraphs[0].text == "Text."

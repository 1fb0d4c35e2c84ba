"""Amending ordinances: `amends:` in a recipe turns clauses into amended, added and
repealed sections of existing code text, shown in redline in Markdown and Word."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import RECIPE, ROOT
from docx.oxml.ns import qn
from docx.shared import Inches

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.document import LEGEND, Change, Ref
from ordgen.render import render

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CODE = """\
An illustrative sample of code text for the tests.

## 10.10. Purpose.

The purpose of this chapter is to keep agencies of the City out of civil immigration
enforcement.

## 10.20. Public Lots.

The following apply to property of the City:

(a) No lot or ramp shall be used as a staging area.

(1) This includes ramps.

(b) Notice shall be posted within ten (10) days.

## 10.30. Old Rule.

The City may lend its lots to any federal agency.

## 10.40. Not Named.

This section is not touched.
"""

AMENDS = """\
amends:
  code: code.md
  sections:
    - {code: "10.10", clause: purpose.statement}
    - {code: "10.20", clause: property.staging}
    - {code: "10.30", action: repeal}
"""


def markdown(recipe: Path) -> str:
    return render(api.draft(recipe).document, "markdown").decode()


@pytest.fixture
def amending(recipe: Path) -> Path:
    """The small recipe as an amending ordinance of CODE, with no rationale."""
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    recipe.write_text(RECIPE.replace("rationale: inline", "rationale: none") + AMENDS,
                      encoding="utf-8")
    return recipe


def with_amends(recipe: Path, amends: str, extra: str = "") -> Path:
    recipe.write_text(RECIPE + extra + amends, encoding="utf-8")
    return recipe


def test_the_amending_ordinance_sets_out_each_code_section_in_redline(amending: Path) -> None:
    result = api.draft(amending)
    doc = result.document
    assert doc.legend == LEGEND
    assert [s.title for s in doc.sections] == [
        "Section 1. Amendment of Section\u00a010.20.", "Section 2. Repeal of Section\u00a010.30.",
        "Section 3. Definitions.", "Section 4. Savings."]
    text = markdown(amending)
    assert text.index(f"*{LEGEND}*") < text.index("WHEREAS")
    amended = text[text.index("## Section 1."):text.index("## Section 2.")]
    assert ("Section\u00a010.20 of the Minneapolis Code of Ordinances is amended to read as "
            "follows:") in amended
    assert "10\\.20. <ins>Use of</ins> Public ~~Lots.~~ <ins>Property.</ins>" in amended
    assert "\\(a) No lot ~~or ramp~~ shall be used as a staging area." in amended
    assert "<ins>(2) This includes garages, whether or not attended.</ins>" in amended
    assert "within ~~ten (10)~~ <ins>seven (7)</ins> days." in amended
    assert "<ins>(c) See Section\u00a04.</ins>" in amended  # the savings section's new number
    repealed = text[text.index("## Section 2."):text.index("## Section 3.")]
    assert "Section\u00a010.30 of the Minneapolis Code of Ordinances is repealed." in repealed
    assert "~~10.30. Old Rule.~~" in repealed
    assert "~~The City may lend its lots to any federal agency.~~" in repealed
    assert "10.40" not in text and "10.10" not in text  # untouched sections are left out
    assert re.search(r"^code-sha256: [0-9a-f]{64}$", text, re.M)
    (warning,) = [w for w in result.warnings if w.code == "code-unchanged"]
    assert warning.severity == "warning" and warning.line == 19
    assert "section 10.10 already reads as clause 'purpose.statement'" in warning.message


def test_references_follow_the_new_numbers(amending: Path) -> None:
    doc = api.draft(amending).document
    savings = doc.sections[3]
    assert savings.number == 4 and savings.anchor == "sec_savings__final"
    refs = [c for s in doc.sections for p in s.paragraphs for c in p.content
            if isinstance(c, Ref)]
    assert refs == []  # the only reference is inside code text, where it is plain words
    cited = {a.key: a.sections for a in doc.authorities}
    assert cited == {"printz-1997": (1,), "usc-8-1373": (1, 4)}


def test_a_reference_to_a_clause_that_becomes_code_names_the_code_section(recipe: Path
                                                                          ) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, AMENDS.replace(
        '    - {code: "10.30", action: repeal}\n',
        '    - {code: "10.30", action: repeal}\n'
        '    - {code: "10.50", clause: savings.final, action: add}\n'))
    text = markdown(recipe)
    assert "<ins>(c) See Section\u00a010.50.</ins>" in text
    assert ("The Minneapolis Code of Ordinances is amended by adding a new Section\u00a010.50 to "
            "read as follows:") in text
    assert "<ins>10.50. Savings.</ins>" in text
    assert "<ins>Nothing in this chapter prohibits compliance with federal law.</ins>" in text


def test_state_law_warnings_name_the_amending_sections(recipe: Path) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, AMENDS)
    recipe.write_text(recipe.read_text().replace("state: MN", "state: TX"))
    result = api.draft(recipe)
    (law,) = [w for w in result.warnings if w.code == "state-law"]
    assert "Section 1 (property.staging)" in law.message
    assert result.document.state_laws[0].sections == (1,)


def test_docx_underlines_and_strikes_or_tracks_the_amendments(amending: Path,
                                                              tmp_path: Path) -> None:
    plain, tracked = tmp_path / "plain.docx", tmp_path / "tracked.docx"
    api.build(amending, [plain])
    api.build(amending, [tracked], tracked=True)
    word = docx.Document(str(plain))
    assert LEGEND in [p.text for p in word.paragraphs]
    runs = [r for p in word.paragraphs for r in p.runs]
    assert "or ramp" in [r.text for r in runs if r.font.strike]
    assert "seven (7)" in [r.text for r in runs if r.font.underline]
    body = docx.Document(str(tracked)).element.body
    assert "or ramp" in ["".join(t.text for t in d.iter(f"{W}delText"))
                         for d in body.iter(f"{W}del")]
    assert "seven (7)" in ["".join(t.text for t in i.iter(f"{W}t"))
                           for i in body.iter(f"{W}ins")]
    ids = [int(e.get(qn("w:id"))) for e in body.iter(f"{W}ins", f"{W}del",
                                                     f"{W}bookmarkStart")]
    assert len(ids) == len(set(ids))  # revisions and bookmarks never share an id
    api.build(amending, [tmp_path / "again.docx"], tracked=True)
    assert (tmp_path / "again.docx").read_bytes() == tracked.read_bytes()


def test_word_sets_code_headings_bold_and_keeps_hanging_indents(amending: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "amending.docx"
    api.build(amending, [out])
    word = docx.Document(str(out))
    heading = next(p for p in word.paragraphs if p.style.name == "Code Heading")
    assert heading.text.startswith("10.20.") and word.styles["Code Heading"].font.bold
    code = [p for p in word.paragraphs if p.style.name.startswith("Subsection")
            and "staging area" in p.text]
    assert code and code[0].text.startswith("(a)\t")  # the code's label, then the indent
    assert code[0]._p.pPr.numPr.numId.val == 0  # not counted by the draft's list
    assert code[0].paragraph_format.first_line_indent == -Inches(0.5)
    live = [p for p in word.paragraphs if p.style.name == "Section Heading"]
    assert all(p._p.pPr.numPr is None for p in live)  # the ordinance's own sections renumber


def test_build_tracked_from_the_command_line(amending: Path, run_ordgen: Run,
                                             tmp_path: Path) -> None:
    out = tmp_path / "amending.docx"
    result = run_ordgen("build", amending, "-o", out, "--tracked")
    assert result.returncode == 0, result.stderr
    assert "warning[code-unchanged]" in result.stderr
    assert docx.Document(str(out)).element.body.findall(f".//{W}ins")


def test_recipes_without_amends_are_unchanged(recipe: Path) -> None:
    doc = api.draft(recipe).document
    assert doc.legend == "" and doc.provenance.code_sha256 == ""
    assert not any(isinstance(c, Change) for s in doc.sections for p in s.paragraphs
                   for c in p.content)


def test_the_minneapolis_example(tmp_path: Path) -> None:
    recipe = ROOT / "examples" / "minneapolis-amend.yaml"
    sample = (ROOT / "examples" / "minneapolis-code-sample.md").read_text(encoding="utf-8")
    assert sample.startswith("Illustrative sample written for ordgen's example; it is not the "
                             "actual text of the Minneapolis Code of Ordinances.")
    result = api.draft(recipe)
    assert result.warnings == []
    titles = [s.title for s in result.document.sections]
    assert [t.replace("\u00a0", " ") for t in titles] == [
                      "Section 1. Amendment of Section 19.20.",
                      "Section 2. Amendment of Section 19.30.",
                      "Section 3. Addition of Section 19.35.",
                      "Section 4. Addition of Section 19.40.",
                      "Section 5. Repeal of Section 19.50.",
                      "Section 6. Effective Date.", "Section 7. Severability."]
    text = markdown(recipe)
    assert "19\\.30. ~~Information Sharing.~~ <ins>Sharing of Personal Information.</ins>" in text
    assert "<ins>Subject to Section\u00a019.35, no</ins>" in text
    # code text speaks of "this chapter", the ordinance's own sections of "this ordinance"
    assert "<ins>(a) Nothing in this chapter prohibits" in text
    assert "this ordinance" in text.split("## Section 6.")[1]
    # a definition is paired with its old wording and redlined in place
    assert ("\\(a) “Agency” means any department, office, board, ~~commission~~ "
            "<ins>commission, bureau, division</ins>") in text


# -- bad amendments --------------------------------------------------------------------------
def problems(recipe: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(OrdgenError) as exc:
        api.draft(recipe)
    return [(Path(d.path).name, d.line, d.code) for d in exc.value.diagnostics]


@pytest.mark.parametrize(("sections", "expected"), [
    ('    - {code: "10.99", clause: property.staging}\n', [(19, "unknown-code-section")]),
    ('    - {code: "10.20", clause: property.staging, action: add}\n',
     [(19, "code-section-exists")]),
    ('    - {code: "10.30", clause: property.staging, action: repeal}\n',
     [(19, "repeal-with-clause")]),
    ('    - {code: "10.20"}\n', [(19, "missing-key")]),
    ('    - {code: "10.20", clause: findings.trust}\n', [(19, "clause-not-in-draft")]),
    ('    - {code: "10.20", clause: nothing.here}\n', [(19, "clause-not-in-draft")]),
    ('    - {code: "10.20", clause: property.staging}\n'
     '    - {code: "10.20", clause: purpose.statement}\n', [(20, "duplicate-code-section")]),
    ('    - {code: "10.20", clause: property.staging}\n'
     '    - {code: "10.30", clause: property.staging}\n', [(20, "duplicate-clause")]),
    ('    - {code: 10.20, clause: property.staging}\n', [(19, "wrong-type")]),
    ('    - {code: "10.20", clause: property.staging, action: rewrite}\n',
     [(19, "invalid-value")]),
])
def test_bad_entries_are_located_in_the_recipe(recipe: Path, sections: str,
                                               expected: list[tuple[int, str]]) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, "amends:\n  code: code.md\n  sections:\n" + sections)
    found = problems(recipe)
    assert [(line, code) for _, line, code in found] == expected
    assert {name for name, _, _ in found} == {"recipe.yaml"}


def test_unknown_code_sections_suggest_the_closest(recipe: Path) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, 'amends:\n  code: code.md\n  sections:\n'
                        '    - {code: "10.21", clause: property.staging}\n')
    with pytest.raises(OrdgenError) as exc:
        api.draft(recipe)
    assert exc.value.diagnostics[0].hint == "did you mean '10.20'?"


def test_code_text_problems_are_located(recipe: Path) -> None:
    with_amends(recipe, AMENDS)
    assert problems(recipe) == [("recipe.yaml", 17, "no-code-text")]
    code = recipe.parent / "code.md"
    code.write_text("Only a preamble, no sections.\n", encoding="utf-8")
    assert problems(recipe) == [("code.md", 0, "no-code-sections")]
    code.write_text(CODE + "\n## 10.20. Again.\n\nDuplicate.\n", encoding="utf-8")
    assert problems(recipe) == [("code.md", 26, "duplicate-section")]
    code.write_bytes(b"## 10.20. Lots.\n\n\xff\n")
    assert problems(recipe) == [("code.md", 3, "not-utf8")]


def test_a_resolution_cannot_amend_code(recipe: Path) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, AMENDS, "instrument: resolution\n")
    assert ("recipe.yaml", 16, "amends-resolution") in problems(recipe)


def test_bad_amendments_exit_1_without_a_traceback(recipe: Path, run_ordgen: Run) -> None:
    (recipe.parent / "code.md").write_text(CODE, encoding="utf-8")
    with_amends(recipe, 'amends:\n  code: code.md\n  sections:\n'
                        '    - {code: "10.99", action: repeal}\n')
    out = recipe.parent / "out.md"
    result = run_ordgen("build", "recipe.yaml", "-o", "out.md", cwd=recipe.parent)
    assert result.returncode == 1
    assert re.search(r"^recipe\.yaml:19:\d+: error\[unknown-code-section\]: section 10\.99 is "
                     r"not in code\.md", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


# -- code text from Word and from the web ----------------------------------------------------
def code_as_word(path: Path) -> Path:
    """CODE as a clerk's Word file: headings in a heading style, labels typed, and curly
    quotation marks as Word's AutoFormat makes them."""
    word = docx.Document()
    for block in CODE.split("\n\n"):
        text = " ".join(block.split()).replace("'", "\u2019")
        if text.startswith("## "):
            word.add_heading(text[3:], level=2)
        else:
            word.add_paragraph(text)
    word.save(str(path))
    return path


def code_as_page(path: Path) -> Path:
    """CODE as a code publisher's page: "Sec. 10.20. - Title." in bold, a table of
    contents, and scripts that are not text."""
    blocks = ['<nav><a href="#a">Sec. 10.20. - Public Lots.</a></nav>',
              "<script>var x = 'Sec. 10.99. - Nothing.';</script>"]
    for block in CODE.split("\n\n"):
        text = " ".join(block.split())
        if text.startswith("## "):
            number, title = text[3:].split(" ", 1)
            blocks.append(f"<p><b>Sec. {number} - {title}</b></p>")
        else:
            blocks.append(f"<p>{text}</p>")
    path.write_text("<html><body>" + "\n".join(blocks) + "</body></html>", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [code_as_word, code_as_page], ids=["docx", "html"])
def test_code_text_can_be_a_word_file_or_a_web_page(amending: Path, make: Any) -> None:
    expected = markdown(amending)
    suffix = ".docx" if make is code_as_word else ".html"
    make(amending.parent / f"code{suffix}")
    amending.write_text(amending.read_text().replace("code: code.md", f"code: code{suffix}"),
                        encoding="utf-8")
    text = markdown(amending)
    sha = re.compile(r"^(code|recipe)-sha256: .*$", re.M)
    if make is code_as_page:  # the page writes its headings "Sec. 10.20."
        expected = expected.replace("\n10\\.20. ", "\nSec.\u00a010.20. ").replace(
            "~~10.30. Old Rule.~~", "~~Sec.\u00a010.30. Old Rule.~~")
    assert sha.sub("", text) == sha.sub("", expected)
    assert "amended to read as follows:" in text and "~~or ramp~~" in text
    digest = hashlib.sha256((amending.parent / f"code{suffix}").read_bytes()).hexdigest()
    assert f"code-sha256: {digest}" in text


def test_unusable_word_and_web_code_texts_are_located(recipe: Path) -> None:
    with_amends(recipe, AMENDS.replace("code.md", "code.docx"))
    (recipe.parent / "code.docx").write_text("not a zip")
    assert problems(recipe) == [("code.docx", 0, "bad-docx")]
    word = docx.Document()
    word.add_paragraph("A memo with no sections.")
    word.save(str(recipe.parent / "code.docx"))
    assert problems(recipe) == [("code.docx", 0, "no-code-sections")]
    with_amends(recipe, AMENDS.replace("code.md", "code.html"))
    (recipe.parent / "code.html").write_bytes(b"<p>Sec. 10.20. - Lots.</p><p>\xff</p>")
    assert problems(recipe) == [("code.html", 1, "not-utf8")]

"""`ordgen diff`: word redlines, section alignment, context, Markdown and Word output
(formatted and tracked), what pandoc and LibreOffice read, and library changes in git."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import ROOT, need_tool
from docx.oxml.ns import qn

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.diff.drafts import align, compare
from ordgen.diff.releases import library_changes, parse_range
from ordgen.diff.sections import TextParagraph, parse, split_heading
from ordgen.diff.words import GAP, diff_paragraphs, diff_words
from ordgen.document import LEGEND, Change
from ordgen.render import render
from ordgen.render.redline import docx as redline_docx
from ordgen.render.redline import markdown as redline_markdown

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

OLD = """\
# ORDINANCE NO. 1

Text before the first section is the preamble.

## Section 1. Purpose.

The purpose of this ordinance is to keep city services separate from immigration enforcement.

## Section 2. Information.

\\(a) No agency shall share personal information with a federal immigration authority.

\\(b) No agency shall ask about immigration status.

## Section 3. City Property.

No lot, ramp or garage of the City shall be used as a staging area.

## Section 4. Reports.

The Mayor shall report every request for assistance to the City Council each year.
"""

NEW = """\
# ORDINANCE NO. 1

Text before the first section is the preamble.

## Section 1. Purpose.

The purpose of this ordinance is to keep city services separate from immigration enforcement.

## Section 2. City Property.

No lot, ramp, garage or park of the City shall be used as a staging area.

## Section 3. Information.

\\(a) No agency shall share personal information with a federal immigration authority.

\\(b) No agency or employee shall ask about immigration status.

## Section 4. Training.

Every employee shall be trained on this ordinance within one year.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def marks(content: tuple[Any, ...]) -> str:
    """Content as Markdown-like text, for short assertions."""
    return "".join(c if isinstance(c, str) else f"~~{c.text}~~" if c.kind == "del"
                   else f"<ins>{c.text}</ins>" for c in content)


# -- words ---------------------------------------------------------------------------------
def test_a_changed_word_is_struck_and_its_replacement_underscored() -> None:
    content = diff_words("The City shall not share data.", "The City may not share any data.")
    assert marks(content) == "The City ~~shall~~ <ins>may</ins> not share <ins>any</ins> data."
    assert content[1] == Change("del", "shall")


def test_marks_never_hold_whitespace_at_their_edges() -> None:
    content = diff_words("a  b c   d e", "a x c d y e z")
    for item in content:
        if isinstance(item, Change):
            assert item.text == item.text.strip() and item.text
    assert marks(content) == "a ~~b~~ <ins>x</ins> c d <ins>y</ins> e <ins>z</ins>"


def test_punctuation_stays_with_its_word() -> None:
    assert marks(diff_words("shall disclose, or share", "shall disclose or share")) == \
        "shall ~~disclose,~~ <ins>disclose</ins> or share"


def test_a_lone_common_word_between_changes_is_folded_into_them() -> None:
    content = diff_words("one two the three four", "five six the seven eight")
    assert marks(content) == "~~one two the three four~~ <ins>five six the seven eight</ins>"


def test_identical_text_has_no_marks() -> None:
    assert diff_words("Nothing changes here.", "Nothing  changes\nhere.") == (
        "Nothing changes here.",)


def test_paragraphs_pair_by_similarity_and_relettering_is_redlined() -> None:
    old = [TextParagraph(1, "(a)", "Agencies shall not share data with anyone."),
           TextParagraph(1, "(b)", "Employees shall be trained every year on this policy.")]
    new = [TextParagraph(1, "(a)", "A wholly new first subsection about something else."),
           TextParagraph(1, "(b)", "Agencies shall not share data with anyone at all."),
           TextParagraph(1, "(c)", "Employees shall be trained every year on this policy.")]
    out = diff_paragraphs(old, new)
    assert [marks(p.content) for p in out] == [
        "<ins>(a) A wholly new first subsection about something else.</ins>",
        "~~(a)~~ <ins>(b)</ins> Agencies shall not share data with anyone ~~anyone.~~ "
        "<ins>anyone at all.</ins>".replace("anyone ~~anyone.~~", "~~anyone.~~"),
        "~~(b)~~ <ins>(c)</ins> Employees shall be trained every year on this policy."]
    assert [p.level for p in out] == [1, 1, 1]


def test_a_short_definition_that_grew_is_shown_as_changed() -> None:
    old = [TextParagraph(1, "(a)", "\u201cAgency\u201d means any department of the City.")]
    new = [TextParagraph(1, "(a)", "\u201cAdministrative warrant\u201d means a federal form."),
           TextParagraph(1, "(b)", "\u201cAgency\u201d means any department, office, board or "
                                   "commission of the City, and any contractor of the City.")]
    out = diff_paragraphs(old, new)
    assert marks(out[0].content).startswith("<ins>(a) \u201cAdministrative")
    assert marks(out[1].content).startswith("~~(a)~~ <ins>(b)</ins> \u201cAgency\u201d means any")


# -- reading Markdown ----------------------------------------------------------------------
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


# -- sections ------------------------------------------------------------------------------
def test_moved_sections_are_matched_by_title_and_show_their_new_number(tmp_path: Path) -> None:
    old, new = parse(OLD, tmp_path / "old.md"), parse(NEW, tmp_path / "new.md")
    pairs = align(old.sections, new.sections)
    assert [(a and a.title, b and b.title) for a, b in pairs] == [
        ("Purpose", "Purpose"), ("City Property", "City Property"),
        ("Information", "Information"), ("Reports", None), (None, "Training")]
    redline = compare(old, new)
    headings = [marks(b.heading) for b in redline.blocks]
    assert headings == ["", "Section 1. Purpose.",
                        "Section ~~3.~~ <ins>2.</ins> City Property.",
                        "Section ~~2.~~ <ins>3.</ins> Information.",
                        "~~Section 4. Reports.~~", "<ins>Section 4. Training.</ins>"]
    property_text = marks(redline.blocks[2].paragraphs[0].content)
    # "or" alone between two replacements folds into them
    assert property_text == ("No lot, ~~ramp or garage~~ <ins>ramp, garage or park</ins> of the "
                             "City shall be used as a staging area.")
    assert redline.summary == "Sections: 2 changed, 1 added, 1 removed, 2 renumbered."


def test_a_renamed_section_is_matched_by_its_words(tmp_path: Path) -> None:
    old = parse("## 1. Use of Property.\n\nNo lot of the City shall be used as a staging area "
                "for civil immigration enforcement.\n", tmp_path / "a.md")
    new = parse("## 1. City Property.\n\nNo lot of the City shall be used as a staging area "
                "for civil immigration enforcement.\n", tmp_path / "b.md")
    (block,) = compare(old, new).blocks
    assert marks(block.heading) == "1. ~~Use of~~ <ins>City</ins> Property."
    assert not any(isinstance(c, Change) for c in block.paragraphs[0].content)


def test_context_keeps_n_words_around_changes_and_elides_the_rest(tmp_path: Path) -> None:
    words = " ".join(f"w{i}" for i in range(40))
    changed_words = words.replace("w20", "CHANGED")
    old = parse(f"## 1. A.\n\n{words}\n\n{words}\n\n## 2. B.\n\nSame.\n\n## 3. C.\n\nx y\n",
                tmp_path / "a.md")
    new = parse(f"## 1. A.\n\n{changed_words}\n\n{words}\n\n## 2. B.\n\nSame.\n\n## 3. C.\n\n"
                "x z\n", tmp_path / "b.md")
    everything = compare(old, new)
    assert len(everything.blocks) == 3 and GAP not in redline_markdown(everything)
    short = compare(old, new, context=3)
    text = [(marks(b.heading), [marks(p.content) for p in b.paragraphs]) for b in short.blocks]
    assert text == [
        # the paragraph's closing mark also stands for the unchanged paragraph after it
        ("1. A.", [f"{GAP} w17 w18 w19 ~~w20~~ <ins>CHANGED</ins> w21 w22 w23 {GAP}"]),
        ("", [GAP]),
        ("3. C.", ["x ~~y~~ <ins>z</ins>"])]
    zero = compare(old, new, context=0)
    assert marks(zero.blocks[0].paragraphs[0].content) == f"{GAP} ~~w20~~ <ins>CHANGED</ins> {GAP}"


# -- Markdown output -----------------------------------------------------------------------
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


def test_recipes_are_built_and_compared(tmp_path: Path, run_ordgen: Run) -> None:
    out = tmp_path / "redline.md"
    result = run_ordgen("diff", ROOT / "examples" / "minneapolis.yaml",
                        ROOT / "examples" / "minneapolis-v2.yaml", "-o", out, "--context", "6")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "## <ins>Section 14. Fusion Centers and Other Data-Sharing Arrangements.</ins>" in text
    assert "## ~~Section 14. Identification of Officers and Face Coverings.~~" in text
    assert "Sections: 3 changed, 1 added, 1 removed." in text
    assert "Drafting note" not in text  # recipes are compared without their rationale
    assert "<!--" not in text
    printed = run_ordgen("diff", ROOT / "examples" / "minneapolis.yaml",
                         ROOT / "examples" / "minneapolis-v2.yaml", "-o", "-", "--context", "6")
    assert printed.returncode == 0 and printed.stdout.splitlines()[2:] == text.splitlines()[2:]


def test_a_recipe_can_be_compared_with_markdown(tmp_path: Path) -> None:
    draft = render(api.draft(ROOT / "examples" / "minneapolis.yaml",
                                 rationale="none").document, "markdown").decode()
    edited = draft.replace("take part fully", "take a full part")
    redline = api.diff(ROOT / "examples" / "minneapolis.yaml",
                       write(tmp_path, "edited.md", edited), [], context=2)
    text = redline_markdown(redline)
    assert "to take <ins>a full</ins> part ~~fully~~ in" in text
    assert redline.summary == "No sections changed."  # the change is in the recitals


# -- Word output ---------------------------------------------------------------------------
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


# -- library changes -----------------------------------------------------------------------
def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


@pytest.fixture
def history(library: Path) -> Path:
    """The small library in a git repository, with a second commit that changes it."""
    repo = library.parent
    (library / "library.yaml").write_text("name: test library\nversion: '1.0'\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "release 1.0")
    git(repo, "tag", "v1.0")
    (library / "library.yaml").write_text("name: test library\nversion: '1.1'\n")
    staging = library / "property" / "staging.yaml"
    text = staging.read_text()
    text = text.replace("- No lot shall be used as a", "- No lot or park shall be used as a")
    text = text.replace("      - No {{ term('agency') }} shall allow a lot",
                        "      - No {{ term('agency') }} shall allow a lot or garage")
    text = text.replace("rationale: This rationale", "rationale: This revised rationale")
    text = text.replace("order: 10\n", "order: 11\n")
    staging.write_text(text)
    (library / "findings" / "trust.yaml").unlink()
    (library / "property" / "parks.yaml").write_text(
        "id: property.parks\ntitle: Parks\ncategory: property\nsummary: Parks.\n"
        "text: No park shall be used.\nrationale: Parks.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release 1.1")
    return library


def test_library_changes_between_two_commits(history: Path) -> None:
    redline = library_changes("v1.0..HEAD", history)
    text = redline_markdown(redline)
    assert redline.summary == ("test library 1.0 to test library 1.1. "
                               "Clauses: 1 added, 1 removed, 1 changed.")
    assert "## Added clauses\n\nproperty.parks: Parks\n" in text
    assert "## Removed clauses\n\nfindings.trust: Trust\n" in text
    assert "## Changed clauses" in text and "## property.staging: Use of Public Property" in text
    assert "### Variant baseline\n\n" in text and "### Variant strong\n\n" in text
    assert "No lot <ins>or park</ins> shall be used" in text
    assert "shall allow a lot <ins>or garage</ins>" in text
    assert "### Rationale\n\nThis <ins>revised</ins> rationale" in text
    assert "### Other changes\n\nAlso changed: order." in text
    assert "{{ term('staging area') }}" in text.replace("\\", "")  # the template source
    assert "purpose.statement" not in text  # unchanged clauses are not listed


def test_library_changes_command_writes_markdown_and_docx(history: Path, run_ordgen: Run,
                                                          tmp_path: Path) -> None:
    out_md, out_docx = tmp_path / "changes.md", tmp_path / "changes.docx"
    result = run_ordgen("diff", "--library", "v1.0..", "lib", "-o", out_md, "-o", out_docx,
                        "--tracked", cwd=history.parent)
    assert result.returncode == 0, result.stderr
    assert "No lot <ins>or park</ins>" in out_md.read_text(encoding="utf-8")
    body = docx.Document(str(out_docx)).element.body
    assert "or park" in ["".join(t.text for t in i.iter(f"{W}t"))
                         for i in body.findall(f".//{W}ins")]
    default = run_ordgen("diff", "--library", "HEAD~1..HEAD", "-o", "-", cwd=history.parent)
    assert default.returncode == 1 and "clauses: error[no-library]" in default.stderr


def test_bad_revisions_are_located_errors(history: Path, run_ordgen: Run) -> None:
    with pytest.raises(OrdgenError) as bad:
        library_changes("v0.9..nope", history)
    assert [d.code for d in bad.value.diagnostics] == ["bad-revision"] * 2
    assert {d.message.split("'")[1] for d in bad.value.diagnostics} == {"v0.9", "nope"}
    result = run_ordgen("diff", "--library", "v1.0..nope", "lib", "-o", "x.md",
                        cwd=history.parent)
    assert result.returncode == 1
    assert re.search(r"^lib: error\[bad-revision\]: 'nope' is not a commit", result.stderr, re.M)
    assert "Traceback" not in result.stderr
    assert not (history.parent / "x.md").exists()


@pytest.mark.parametrize("spec", ["v1.0", "a...b", "-x..HEAD", "a b..c", "a..b..c"])
def test_malformed_ranges_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_range(spec)


def test_an_empty_side_of_a_range_is_head() -> None:
    assert (parse_range("v1..").old, parse_range("v1..").new) == ("v1", "HEAD")


def test_a_folder_outside_git_is_a_located_error(library: Path) -> None:
    with pytest.raises(OrdgenError) as outside:
        library_changes("HEAD~1..HEAD", library)
    assert outside.value.diagnostics[0].code == "not-a-repository"


# -- bad input and usage -------------------------------------------------------------------
@pytest.mark.parametrize(("args", "code"), [
    (["only-one.md"], 2),
    (["a.md", "b.md", "c.md"], 2),
    (["--library", "v1", "-o", "x.md"], 2),
    (["--library", "a..b", "one", "two"], 2),
    (["a.md", "b.md", "--context", "-1"], 2),
])
def test_bad_usage_exits_2(args: list[str], code: int, run_ordgen: Run, tmp_path: Path) -> None:
    write(tmp_path, "a.md", OLD)
    write(tmp_path, "b.md", NEW)
    full = args if "-o" in args else [*args, "-o", "x.md"]
    result = run_ordgen("diff", *full, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


def test_bad_inputs_are_located_errors(tmp_path: Path, run_ordgen: Run) -> None:
    write(tmp_path, "a.md", OLD)
    (tmp_path / "binary.md").write_bytes(b"## 1. A\n\nok\n\xff\xfe\n")
    (tmp_path / "control.md").write_bytes(b"## 1. A\n\nbad \x00 byte\n")
    (tmp_path / "folder.md").mkdir()
    write(tmp_path, "bad.yaml", "jurisdiction: [\n")
    cases = [("missing.md", r"^missing\.md: error\[no-file\]"),
             ("binary.md", r"^binary\.md:4:1: error\[not-utf8\]"),
             ("control.md", r"^control\.md:3:5: error\[control-character\]"),
             ("folder.md", r"^folder\.md: error\[not-a-file\]"),
             ("bad.yaml", r"^bad\.yaml:\d+:\d+: error\[yaml-syntax\]")]
    for name, pattern in cases:
        result = run_ordgen("diff", "a.md", name, "-o", "out.md", cwd=tmp_path)
        assert result.returncode == 1, (name, result.stderr)
        assert re.search(pattern, result.stderr, re.M), (name, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.md").exists()
    wrong = run_ordgen("diff", "a.md", "a.md", "-o", "out.pdf", cwd=tmp_path)
    assert wrong.returncode == 1 and "error[unknown-format]" in wrong.stderr


def test_nothing_is_written_when_a_later_output_fails(tmp_path: Path) -> None:
    old, new = write(tmp_path, "a.md", OLD), write(tmp_path, "b.md", NEW)
    with pytest.raises(OrdgenError):
        api.diff(old, new, [tmp_path / "ok.md", tmp_path / "nowhere" / "x.docx"])
    assert not (tmp_path / "ok.md").exists()
    with pytest.raises(OrdgenError):
        api.diff(old, new, [tmp_path / "ok.md", tmp_path / "x.docx"],
                 template=tmp_path / "missing.docx")
    assert not (tmp_path / "ok.md").exists()


def test_diff_help_has_an_example(run_ordgen: Run) -> None:
    result = run_ordgen("diff", "--help")
    assert result.returncode == 0
    assert "Example: ordgen diff" in result.stdout and "--tracked" in result.stdout


def test_redline_docx_renders_from_python(tmp_path: Path) -> None:
    redline = compare(parse(OLD, tmp_path / "a.md"), parse(NEW, tmp_path / "b.md"), context=2)
    data = redline_docx(redline, tracked=True)
    word = docx.Document(io.BytesIO(data))
    assert word.core_properties.author == "ordgen"
    assert any(GAP in p.text for p in word.paragraphs)


def test_a_broken_file_in_a_revision_is_located(history: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    (history / "property" / "broken.yaml").write_text("id: property.broken\ntitle: [\n")
    git(history.parent, "add", "-A")
    git(history.parent, "commit", "-q", "-m", "broken")
    monkeypatch.chdir(history.parent)
    with pytest.raises(OrdgenError) as exc:
        library_changes("v1.0..HEAD", Path("lib"))
    (problem,) = exc.value.diagnostics
    assert (problem.path, problem.code) == ("HEAD:lib/property/broken.yaml", "yaml-syntax")
    assert problem.line == 3


def test_a_file_with_only_first_level_headings_uses_them(tmp_path: Path) -> None:
    code = parse("Sample.\n\n# 19.30. Information.\n\nText.\n\n# 19.40. Lots.\n\nMore.\n",
                 tmp_path / "code.md")
    assert [p.text for p in code.preamble] == ["Sample."]
    assert [(s.number, s.title) for s in code.sections] == [("19.30", "Information"),
                                                            ("19.40", "Lots")]


def test_library_context_keeps_each_clause_heading(history: Path) -> None:
    text = redline_markdown(library_changes("v1.0..HEAD", history, context=1))
    assert "## property.staging: Use of Public Property\n\n### Variant baseline" in text
    assert "lot <ins>or park</ins> shall" in text and "The following apply" not in text


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

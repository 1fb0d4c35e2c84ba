"""`ordgen diff` of two drafts: sections matched by title and wording, context, usage."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NEW, OLD, ROOT, marks, write

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.diff.drafts import align, compare
from ordgen.diff.sections import parse
from ordgen.diff.words import GAP
from ordgen.document import Change
from ordgen.render import render
from ordgen.render.redline import markdown as redline_markdown

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    wrong = run_ordgen("diff", "a.md", "a.md", "-o", "out.odt", cwd=tmp_path)
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

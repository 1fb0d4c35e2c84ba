"""`ordgen diff --revisions`: what a clause library changed between two git revisions."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.diff.releases import library_changes, parse_range
from ordgen.render.redline import markdown as redline_markdown

Run = Callable[..., "subprocess.CompletedProcess[str]"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    text = text.replace("    default: 10\n", "    default: 14\n")
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
    # each variant as a draft reads it, with the clause's example values
    assert "### Variant baseline (as drafted with its example values)\n\n" in text
    assert "### Variant strong (as drafted with its example values)\n\n" in text
    assert "No lot <ins>or park</ins> shall be used as a staging area." in text
    assert "shall allow a lot <ins>or garage</ins> to be used as a staging area" in text
    assert "within five (5) days" in text  # the example value, rendered
    assert "{{" not in text.split("### Rationale")[0]  # no template source in the variants
    assert "### Rationale\n\nThis <ins>revised</ins> rationale" in text
    # every other changed field, named with its old and new value
    assert "### Other changes\n\norder: 10 \u2192 11\n\nparams.notice\\_days.default: 10 " \
           "\u2192 14" in text
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


def test_library_context_keeps_each_clause_heading(history: Path) -> None:
    text = redline_markdown(library_changes("v1.0..HEAD", history, context=1))
    assert "## property.staging: Use of Public Property\n\n### Variant baseline" in text
    assert "lot <ins>or park</ins> shall" in text and "The following apply" not in text

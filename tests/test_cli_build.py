"""`ordgen build` from the command line: outputs, global options anywhere, exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Run = Callable[..., "CompletedProcess[str]"]


def test_quiet_works_after_the_command_too(recipe: Path, run_ordgen: Run, tmp_path: Path) -> None:
    out = tmp_path / "d.md"
    before = run_ordgen("-q", "build", recipe, "-o", out)
    after = run_ordgen("build", recipe, "-o", out, "-q")
    assert before.returncode == after.returncode == 0, after.stderr
    assert before.stderr == after.stderr == ""
    assert "Section 1: purpose.statement" in run_ordgen("build", recipe, "-o", out, "-v").stderr


def test_markdown_to_standard_output(recipe: Path, run_ordgen: Run) -> None:
    result = run_ordgen("build", recipe, "-o", "-", "--rationale", "none")
    assert result.returncode == 0 and result.stdout.startswith("# ORDINANCE NO. 2026-1")
    assert "Drafting note" not in result.stdout


def test_a_bad_rationale_mode_is_a_usage_error(recipe: Path, run_ordgen: Run) -> None:
    result = run_ordgen("build", recipe, "-o", "-", "--rationale", "footnotes")
    assert result.returncode == 2 and "footnotes" in result.stderr


def test_comments_in_markdown_are_inline_and_said(recipe: Path, run_ordgen: Run,
                                                  tmp_path: Path) -> None:
    result = run_ordgen("build", recipe, "-o", tmp_path / "d.md", "--rationale", "comments")
    assert result.returncode == 0
    assert "warning[no-comments]: Markdown has no comments" in result.stderr
    assert "> **Drafting note.**" in (tmp_path / "d.md").read_text()

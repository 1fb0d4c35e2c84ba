"""`ordgen diff` from the command line: usage, the revisions option and its former name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from conftest import NEW, OLD, write

Run = Callable[..., "CompletedProcess[str]"]


def test_two_files_to_standard_output(tmp_path: Path, run_ordgen: Run) -> None:
    result = run_ordgen("diff", write(tmp_path, "o.md", OLD), write(tmp_path, "n.md", NEW),
                        "-o", "-")
    assert result.returncode == 0 and "<ins>" in result.stdout


@pytest.mark.parametrize("args", [["diff", "-o", "-", "a.md"],
                                  ["diff", "-o", "-", "--revisions", "v1", "x"],
                                  ["diff", "-o", "-", "--revisions", "a..b", "x", "y"]])
def test_bad_usage_exits_2(args: list[str], run_ordgen: Run) -> None:
    assert run_ordgen(*args).returncode == 2


def test_the_former_option_name_still_works_and_says_so(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("diff", "-o", "-", "--library", "HEAD~1..HEAD", library)
    assert "--revisions" in result.stderr
    assert result.returncode == 1 and "not-a-repository" in result.stderr

"""The Python API: provenance names the library's commit, and whether it has changes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import need_tool

from ordgen import api


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_provenance_names_the_library_commit_and_changes(library: Path, recipe: Path) -> None:
    need_tool("git")
    assert api.draft(recipe).document.provenance.commit == ""  # not in a repository
    git(library, "init", "-q")
    git(library, "add", ".")
    git(library, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "lib")
    head = git(library, "rev-parse", "HEAD")
    assert api.draft(recipe).document.provenance.commit == head
    (library / "categories.yaml").write_text((library / "categories.yaml").read_text() + "\n")
    assert api.draft(recipe).document.provenance.commit == head + "-dirty"
    assert api.git_commit(library) == head + "-dirty"


def test_a_repository_without_commits_names_none(library: Path) -> None:
    need_tool("git")
    git(library, "init", "-q")
    assert api.git_commit(library) == ""

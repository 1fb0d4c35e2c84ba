"""git access: the library's commit and changes, read with plumbing that runs nothing the
repository configures."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import need_tool

from ordgen import api, git


def run_git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def commit_all(folder: Path) -> str:
    run_git(folder, "add", ".")
    run_git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    return run_git(folder, "rev-parse", "HEAD")


def test_provenance_names_the_library_commit_and_changes(library: Path, recipe: Path) -> None:
    need_tool("git")
    assert api.draft(recipe).document.provenance.commit == ""  # not in a repository
    run_git(library, "init", "-q")
    head = commit_all(library)
    assert api.draft(recipe).document.provenance.commit == head
    (library / "categories.yaml").write_text((library / "categories.yaml").read_text() + "\n")
    assert api.draft(recipe).document.provenance.commit == head + "-dirty"
    assert git.commit(library) == head + "-dirty"


def test_a_new_yaml_file_makes_it_dirty_and_other_files_do_not(library: Path) -> None:
    need_tool("git")
    run_git(library, "init", "-q")
    head = commit_all(library)
    (library / "notes.txt").write_text("not part of the library\n")
    assert git.commit(library) == head
    (library / "purpose" / "extra.yaml").write_text("id: x\n")
    assert git.commit(library) == head + "-dirty"


def test_a_repository_without_commits_names_none(library: Path) -> None:
    need_tool("git")
    run_git(library, "init", "-q")
    assert git.commit(library) == ""


def test_blob_ids_are_gits_own(tmp_path: Path) -> None:
    need_tool("git")
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n\xc3\xa9\n")
    assert git.blob_id(path.read_bytes()) == subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("key", ["core.fsmonitor", "core.hooksPath", "core.pager",
                                 "diff.external"])
def test_a_repository_cannot_make_git_run_its_programs(key: str, library: Path,
                                                       tmp_path: Path) -> None:
    need_tool("git")
    run_git(library, "init", "-q")
    head = commit_all(library)
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\nexit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    target = str(tmp_path) if key == "core.hooksPath" else str(script)
    if key == "core.hooksPath":
        for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
            (tmp_path / hook).write_text(script.read_text())
            (tmp_path / hook).chmod(0o755)
    run_git(library, "config", key, target)
    (library / "categories.yaml").write_text((library / "categories.yaml").read_text() + "\n")
    assert git.commit(library) == head + "-dirty"
    assert not marker.exists()


def test_the_users_git_environment_is_not_passed_on(library: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    monkeypatch.setenv("GIT_DIR", "/nonexistent")
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.fsmonitor=/bin/false'")
    env = git.environment()
    assert "GIT_DIR" not in env and "GIT_CONFIG_PARAMETERS" not in env
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_CONFIG_GLOBAL"] == os.devnull


def test_changes_are_found_without_following_links_or_opening_devices(library: Path) -> None:
    need_tool("git")
    os.symlink("definitions/core.yaml", library / "alias.yaml")
    run_git(library, "init", "-q")
    head = commit_all(library)
    assert git.commit(library) == head  # a committed link is a blob of its target's name
    os.symlink("/dev/zero", library / "zero.yaml")
    os.mkfifo(library / "fifo.yaml")
    assert git.commit(library) == head + "-dirty"  # and returns: nothing was read from them

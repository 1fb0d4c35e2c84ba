"""The README as a user meets it: every command block runs, as written, on a fresh copy of
the repository, in order; and its tables of keys are the model's keys."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import UnionType
from typing import Annotated, get_args, get_origin

import msgspec
import pytest
from conftest import ROOT

from ordgen.government import SAMPLE, resolve
from ordgen.model import Clause, Param, Recipe

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
SETUP = ("python3 -m venv", ".venv/bin/pip ")  # the first command's setup: this test has it


def blocks(language: str) -> list[tuple[int, str]]:
    """The README's code blocks in a language, with the line each starts on."""
    return [(README[:m.start()].count("\n") + 1, m.group(2)) for m in BLOCK.finditer(README)
            if m.group(1) == language]


def commands() -> list[tuple[int, str]]:
    """Every shell command of the README, with its line, the setup steps left out."""
    found = []
    for start, body in blocks("sh"):
        for n, line in enumerate(body.splitlines(), start + 1):
            parts = [p for p in line.strip().split(" && ") if p and not p.startswith(SETUP)]
            if parts and not parts[0].startswith("#"):
                found.append((n, " && ".join(parts)))
    return found


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's files in a new git repository with two commits (the second changes a
    clause), `ordgen` and `.venv/bin/ordgen` running this ordgen, and no cache."""
    repo = tmp_path_factory.mktemp("readme") / "ordgen"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git = ["git", "-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.org",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "library 1"], cwd=repo, check=True)
    retention = repo / "clauses" / "alpr" / "retention.yaml"
    text = retention.read_text(encoding="utf-8")
    assert "    default: 30\n" in text
    retention.write_text(text.replace("    default: 30\n", "    default: 14\n", 1),
                         encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "library 2: shorter retention"], cwd=repo,
                   check=True)
    shim = f'#!/bin/sh\nexec "{sys.executable}" -m ordgen "$@"\n'
    for folder in (repo / ".venv" / "bin", repo.parent / "bin"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ordgen").write_text(shim)
        (folder / "ordgen").chmod(0o755)
    return repo


def test_every_command_in_the_readme_runs_as_written(fresh: Path) -> None:
    env = {**os.environ, "CI": "true", "NO_COLOR": "1",
           "ORDGEN_CACHE_DIR": str(fresh.parent / "cache"),
           "PATH": f"{fresh.parent / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("FORCE_COLOR", None)
    ran = commands()
    assert len(ran) >= 30, ran
    for line, command in ran:
        done = subprocess.run(["bash", "-c", command], cwd=fresh, env=env, timeout=600,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
        assert done.returncode == 0, (f"README.md:{line}: {command}\n"
                                      f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    assert (fresh / "out" / "minneapolis.docx").stat().st_size > 10_000
    assert (fresh / "out" / "site" / "index.html").is_file()
    assert "retention" in (fresh / "out" / "library-changes.md").read_text()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=fresh, check=True,
                            capture_output=True, text=True).stdout
    assert status == "", status  # every output went into the ignored out/


def test_the_python_example_runs(fresh: Path) -> None:
    (code,) = [body for _, body in blocks("python")]
    (fresh / "out").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", code], cwd=fresh, timeout=300,
                          capture_output=True, text=True,
                          env={**os.environ, "ORDGEN_CACHE_DIR": str(fresh.parent / "cache")})
    assert done.returncode == 0, done.stderr
    assert (fresh / "out" / "api.docx").is_file()


def test_every_command_shown_is_one_that_runs() -> None:
    """A command in a block of another language would not be run: only output is shown so."""
    for start, body in [*blocks(""), *blocks("text")]:
        for n, line in enumerate(body.splitlines(), start + 1):
            assert not re.match(r"\s*(\.venv/bin/)?ordgen\s", line), (
                f"README.md:{n}: a command outside a ```sh block: {line}")


def keys_of_table(after: str) -> set[str]:
    """The backticked names in the first column of the table that follows `after`."""
    rest = README[README.index(after):]
    table = rest[rest.index("\n|"):].split("\n\n")[0]
    names: set[str] = set()
    for row in table.splitlines()[2:]:
        cell = row.split(" | ")[0].lstrip("| ")
        names |= set(re.findall(r"`([^`]+)`", cell))
    return names


def fields(struct: type, prefix: str = "") -> set[str]:
    """Every key of a model, the keys of a nested struct (or optional struct) dotted."""
    out = set()
    for f in msgspec.structs.fields(struct):
        kind = f.type
        while get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
        options = get_args(kind) if isinstance(kind, UnionType) else (kind,)
        nested = [t for t in options if isinstance(t, type) and issubclass(t, msgspec.Struct)]
        if nested:
            out |= fields(nested[0], f"{prefix}{f.name}.")
        else:
            out.add(prefix + f.name)
    return out


def test_the_readme_lists_every_key_of_a_recipe() -> None:
    assert keys_of_table("Every key of a recipe") == fields(Recipe)


def test_the_readme_lists_every_key_of_a_clause_and_a_param() -> None:
    assert keys_of_table("Every key of a clause file") == fields(Clause)
    assert keys_of_table("and of a param:") == fields(Param)


def test_the_readme_lists_everything_a_template_sees_of_a_jurisdiction() -> None:
    government, _ = resolve(SAMPLE)
    context = government.context()
    shown = keys_of_table("#### What a template can use")  # "(also `sheriff`, ...)" too
    assert {f"jurisdiction.{k}" for k in context if k != "agencies"} <= shown
    assert "jurisdiction.agencies.police" in shown
    assert set(context["agencies"]) - {"police"} <= shown

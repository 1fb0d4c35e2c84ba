"""`ordgen site`: the command, the folder it writes whole, what it refuses, and the GitHub
Pages workflow in docs/ that runs it."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from conftest import ROOT, write_tree
from ruamel.yaml import YAML

from ordgen import api
from ordgen.diagnostics import OrdgenError
from ordgen.site.build import MARKER

Run = Callable[..., CompletedProcess[str]]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def codes(exc: pytest.ExceptionInfo[OrdgenError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


def test_the_bundled_site_twice_is_the_same_bytes(run_ordgen: Run, tmp_path: Path) -> None:
    first = run_ordgen("site", ROOT / "clauses", "-o", tmp_path / "one")
    assert first.returncode == 0, first.stderr
    assert "wrote" in first.stderr and "index.html" in first.stderr
    second = run_ordgen("site", ROOT / "clauses", "-o", tmp_path / "two", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > 60 and one == two
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ordgen-")]


def test_a_rebuild_replaces_the_site_it_wrote(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    api.site([library], out)
    (out / "clauses" / "stale.html").write_text("old")
    result = api.site([library], out)
    assert not (out / "clauses" / "stale.html").exists()
    assert (out / MARKER).is_file() and "index.html" in result.files
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        sorted(result.files)
    assert (out.stat().st_mode & 0o777) == 0o755
    assert ((out / "index.html").stat().st_mode & 0o777) == 0o644


def test_a_folder_of_other_files_is_never_replaced(library: Path, tmp_path: Path,
                                                   run_ordgen: Run) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me")
    done = run_ordgen("site", library, "-o", mine)
    assert done.returncode == 1
    assert "error[output-not-empty]" in done.stderr and "Traceback" not in done.stderr
    assert tree(mine) == {"thesis.txt": b"keep me"}
    (tmp_path / "empty").mkdir()
    api.site([library], tmp_path / "empty")  # an empty folder is fine
    assert (tmp_path / "empty" / "index.html").is_file()


def test_what_the_output_may_not_be(library: Path, tmp_path: Path) -> None:
    with pytest.raises(OrdgenError) as found:
        api.site([library], tmp_path / "missing" / "site")
    assert codes(found) == ["no-output-folder"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(OrdgenError) as found:
        api.site([library], tmp_path / "file")
    assert codes(found) == ["output-not-folder"]
    # a folder that an earlier site was written to, and that now holds the library
    holder = tmp_path / "holder"
    holder.mkdir()
    (holder / MARKER).write_text("")
    write_tree(holder / "lib", {p.relative_to(library).as_posix(): p.read_text()
                                for p in library.rglob("*.yaml")})
    with pytest.raises(OrdgenError) as found:
        api.site([holder / "lib"], holder)
    assert codes(found) == ["output-is-input"]
    assert (holder / "lib" / "categories.yaml").is_file()


def test_recipes_that_do_not_build_stop_the_site_with_every_problem(
        library: Path, recipe: Path, tmp_path: Path, run_ordgen: Run) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(recipe.read_text().replace("purpose.statement", "purpose.statment"))
    worse = tmp_path / "worse.yaml"
    worse.write_text(recipe.read_text().replace("findings.trust", "findings.trusty"))
    done = run_ordgen("site", library, "-o", tmp_path / "site", "--recipe", bad, "-r", worse)
    assert done.returncode == 1
    assert "bad.yaml:" in done.stderr and "worse.yaml:" in done.stderr
    assert "did you mean 'purpose.statement'?" in done.stderr
    assert not (tmp_path / "site").exists()


def test_given_recipes_join_the_examples(library: Path, recipe: Path, tmp_path: Path) -> None:
    result = api.site([library], tmp_path / "site", recipes=[recipe])
    assert result.recipes == [recipe]
    assert "drafts/recipe.html" in result.files
    page = (tmp_path / "site" / "jurisdictions.html").read_text()
    assert "City of Minneapolis" in page and 'href="drafts/recipe.html"' in page
    # the examples folder beside the library is drafted too, unless told not to
    examples = library.parent / "examples"
    examples.mkdir()
    (examples / "other.yaml").write_text(recipe.read_text().replace("library: lib",
                                                                    "library: ../lib"))
    assert api.site([library], tmp_path / "site").recipes == [examples / "other.yaml"]
    assert api.site([library], tmp_path / "site", examples=False).recipes == []


def test_help_names_the_command_s_options(run_ordgen: Run) -> None:
    done = run_ordgen("site", "--help")
    assert done.returncode == 0
    for word in ("--output", "--recipe", "--no-examples", "ordgen site clauses -o site/"):
        assert word in done.stdout
    missing = run_ordgen("site", "clauses")
    assert missing.returncode == 2 and "--output" in missing.stderr


def test_the_pages_workflow_publishes_what_ordgen_site_writes(run_ordgen: Run,
                                                              tmp_path: Path) -> None:
    workflow = YAML(typ="safe").load((ROOT / "docs" / "github-pages.yml").read_text())
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    (command,) = [s["run"] for s in steps if "ordgen site" in s.get("run", "")]
    args = shlex.split(command)
    out = args[args.index("-o") + 1]
    (upload,) = [s for s in steps if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == out
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    # the command runs as written, from the repository's root
    args[args.index("-o") + 1] = str(tmp_path / out)
    done = run_ordgen(*args[1:], cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / out / "index.html").is_file()


def test_a_local_layer_over_the_library(library: Path, tmp_path: Path) -> None:
    staging = (library / "property" / "staging.yaml").read_text()
    local = write_tree(tmp_path / "local", {
        "library.yaml": "name: Duluth layer\nversion: '3'\n",
        "property/staging.yaml": staging.replace("title: Use of Public Property",
                                                 "title: Duluth Public Property")})
    api.site([library, local], tmp_path / "site")
    page = (tmp_path / "site" / "clauses" / "property-staging.html").read_text()
    assert "<h1>Duluth Public Property</h1>" in page
    assert "<dt>Library layer</dt><dd>Duluth layer</dd>" in page
    assert "Duluth layer 3" in page

"""The `ordgen` command as a whole: help, start-up, completion, and its fit into CI
(the pre-commit hook and the GitHub Actions workflow that the docs show)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from ruamel.yaml import YAML

Run = Callable[..., "subprocess.CompletedProcess[str]"]
COMMANDS = ["build", "check", "new", "clauses", "show", "explain", "schema", "batch", "diff"]
HEAVY = ("msgspec", "pydantic", "jinja2", "ruamel", "docx", "rich", "lxml")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str, run_ordgen: Run) -> None:
    result = run_ordgen(command, "--help")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"Example: ordgen {command}\b", result.stdout), result.stdout


def test_top_level_help_lists_commands_and_completion(run_ordgen: Run) -> None:
    result = run_ordgen("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert re.search(rf"^  {command}\s", result.stdout, re.M), command
    assert "--install-completion" in result.stdout and "--quiet" in result.stdout
    assert "`ordgen --install-completion` once" in " ".join(result.stdout.split())
    assert run_ordgen().returncode in (0, 2)  # no arguments: help, not a traceback


@pytest.mark.parametrize("args", [["--help"], ["--version"], *([c, "--help"] for c in COMMANDS)])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "ordgen", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & set(HEAVY), imported & set(HEAVY)


def test_version(run_ordgen: Run) -> None:
    from ordgen import __version__

    assert run_ordgen("--version").stdout == f"ordgen {__version__}\n"


@pytest.mark.parametrize("args", [
    ["frobnicate"], ["show"], ["explain"], ["schema"], ["schema", "clauses"],
    ["batch", "r.yaml", "-o", "out"], ["batch", "r.yaml", "--jurisdictions", "c.csv"],
    ["batch", "r.yaml", "--jurisdictions", "c.csv", "-o", "out", "--jobs", "-1"],
    ["batch", "r.yaml", "--jurisdictions", "c.csv", "-o", "out", "--format", "odt"],
    ["clauses", "--json", "extra"],
])
def test_bad_usage_exits_2(args: list[str], run_ordgen: Run) -> None:
    result = run_ordgen(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_shell_completion_offers_clause_ids_and_categories(library: Path) -> None:
    env = {**os.environ, "_ORDGEN_COMPLETE": "complete_bash", "COMP_CWORD": "2",
           "COMP_WORDS": f"ordgen show --library {library} property.s"}
    # typer completes only for the installed command name: call the console script
    script = shutil.which("ordgen", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the ordgen console script is not installed beside this Python")
    env["COMP_CWORD"] = "4"
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["property.staging"]
    env.update(COMP_WORDS=f"ordgen clauses --library {library} --category s", COMP_CWORD="5")
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["savings"]
    # typer picks the shell by looking for one among the parent processes, which a test
    # run need not have; this typer switch makes it take the shell named on the line
    shown = subprocess.run([script, "--show-completion", "bash"], capture_output=True,
                           text=True, timeout=60,
                           env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert "_ordgen_completion" in shown.stdout


def test_build_still_prints_markdown(recipe: Path, run_ordgen: Run) -> None:
    result = run_ordgen("build", recipe, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ORDINANCE NO. 2026-1")


# -- pre-commit ---------------------------------------------------------------------------------

def hooks() -> list[dict]:
    return YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_pre_commit_hook_definition() -> None:
    (hook,) = hooks()
    assert hook["id"] == "ordgen-check"
    assert hook["entry"] == "ordgen check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("clauses/alpr/retention.yaml") and files.search("recipe.yml")
    assert not files.search("README.md") and not files.search("notes.yaml.bak")


def test_pre_commit_hook_entry_runs(library: Path, tmp_path: Path) -> None:
    """Run the hook's entry as pre-commit would: the command from the hook file, plus args."""
    (hook,) = hooks()
    command, *args = shlex.split(hook["entry"])
    found = shutil.which(command, path=str(Path(sys.executable).parent)) or shutil.which(command)
    assert found, f"'{command}' is not installed"
    ok = subprocess.run([found, *args, str(library)], capture_output=True, text=True,
                        timeout=120, cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 errors" in ok.stderr
    staging = library / "property/staging.yaml"
    staging.write_text(staging.read_text().replace("[definitions.core, savings.final]",
                                                   "[definitions.cor, savings.final]"))
    bad = subprocess.run([found, *args, str(library)], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert bad.returncode == 1
    assert "staging.yaml:31:12: error[unknown-clause]" in bad.stderr


# -- GitHub Actions -----------------------------------------------------------------------------

def workflow() -> dict:
    text = (ROOT / "docs/github-actions.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return YAML(typ="safe").load(next(b for b in blocks if b.startswith("name:")))


def test_example_workflow_checks_with_github_annotations() -> None:
    flow = workflow()
    steps = [s.get("run", "") for s in flow["jobs"]["check"]["steps"]]
    assert any(s.startswith("ordgen check") and "--format github" in s for s in steps)
    drafts = flow["jobs"]["drafts"]
    assert drafts["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    batch = next(s["run"] for s in drafts["steps"] if "ordgen batch" in s.get("run", ""))
    assert "--shard ${{ matrix.shard }}/4" in batch


def test_github_format_annotates_the_line(library: Path, run_ordgen: Run) -> None:
    savings = library / "savings/final.yaml"
    savings.write_text(savings.read_text().replace("category: savings", "category: saving"))
    result = run_ordgen("check", library, "--format", "github")
    assert result.returncode == 1
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("::error ")]
    assert re.match(r"::error file=\S*savings/final\.yaml,line=3,col=11,title=unknown-category::"
                    r"unknown category 'saving' \(hint: did you mean 'savings'\?\)$", line)


def test_verbose_build_says_what_went_in_and_why(recipe: Path, run_ordgen, tmp_path: Path) -> None:
    result = run_ordgen("-v", "build", recipe, "-o", tmp_path / "d.md")
    assert result.returncode == 0, result.stderr
    assert "recitals: findings.trust (standard), chosen, from lib" in result.stderr
    assert "Section 4: savings.final (standard), required by property.staging" in result.stderr
    quiet = run_ordgen("build", recipe, "-o", tmp_path / "d.md")
    assert "required by" not in quiet.stderr

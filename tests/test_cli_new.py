"""`ordgen new` from the command line without a terminal: scripted or refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Run = Callable[..., "CompletedProcess[str]"]


def test_without_a_terminal_it_asks_for_defaults(tmp_path: Path, run_ordgen: Run) -> None:
    result = run_ordgen("new", tmp_path / "r.yaml")
    assert result.returncode == 2 and "--defaults --yes" in result.stderr
    result = run_ordgen("new", tmp_path / "r.yaml", "--defaults", "--yes")
    assert result.returncode == 2 and "--name and --state" in result.stderr


def test_bad_preset_values_are_usage_errors(tmp_path: Path, run_ordgen: Run) -> None:
    result = run_ordgen("new", tmp_path / "r.yaml", "--defaults", "--yes", "--name", "City of Ely",
                        "--state", "Minnesotta")
    assert result.returncode == 2 and "did you mean 'Minnesota'" in result.stderr
    assert not (tmp_path / "r.yaml").exists()

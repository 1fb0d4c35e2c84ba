"""`ordgen batch` from the command line: usage errors and the JSON summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

Run = Callable[..., "CompletedProcess[str]"]


@pytest.fixture
def cities(recipe: Path) -> Path:
    path = recipe.parent / "cities.csv"
    path.write_text("name,kind,state\nCity of Ely,city,MN\nCity of Hibbing,city,MN\n")
    return path


@pytest.mark.parametrize("args", [["--format", "pdfx"], ["--shard", "3/2"], ["--jobs", "-1"]])
def test_bad_options_exit_2(args: list[str], recipe: Path, cities: Path, run_ordgen: Run,
                            tmp_path: Path) -> None:
    result = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", tmp_path / "d", *args)
    assert result.returncode == 2, result.stderr


def test_json_summary(recipe: Path, cities: Path, run_ordgen: Run, tmp_path: Path) -> None:
    result = run_ordgen("batch", recipe, "--jurisdictions", cities, "-o", tmp_path / "d",
                        "--json")
    data = json.loads(result.stdout)
    assert (data["built"], data["failed"]) == (2, 0)
    assert [r["jurisdiction"] for r in data["rows"]] == ["City of Ely", "City of Hibbing"]

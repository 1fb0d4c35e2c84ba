"""The JSON Schemas editors use: in sync with the models, and agreeing with ordgen itself."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLAUSES, RECIPE, ROOT
from ruamel.yaml import YAML

jsonschema = pytest.importorskip("jsonschema")

Run = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.mark.parametrize("kind", ["clause", "recipe"])
def test_schema_files_are_up_to_date(kind: str, run_ordgen: Run) -> None:
    result = run_ordgen("schema", kind)
    assert result.returncode == 0, result.stderr
    stored = ROOT / "schema" / f"{kind}.json"
    assert stored.exists(), f"schema/{kind}.json is missing; create it with: " \
                            f"ordgen schema {kind} > schema/{kind}.json"
    assert stored.read_text(encoding="utf-8") == result.stdout, (
        f"schema/{kind}.json differs from what the models in src/ordgen/model.py generate; "
        f"regenerate it with: ordgen schema {kind} > schema/{kind}.json")


def schema(kind: str) -> dict:
    data = json.loads((ROOT / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def errors(kind: str, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(kind))
    return [e.message for e in validator.iter_errors(data)]


def load(text: str) -> object:
    return YAML(typ="safe").load(text)


@pytest.mark.parametrize("name", sorted(CLAUSES))
def test_fixture_clauses_satisfy_the_clause_schema(name: str) -> None:
    assert errors("clause", load(CLAUSES[name])) == []


def test_fixture_recipe_satisfies_the_recipe_schema() -> None:
    assert errors("recipe", load(RECIPE)) == []


def test_example_recipes_satisfy_the_recipe_schema() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for path in examples:
        assert errors("recipe", load(path.read_text(encoding="utf-8"))) == [], path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("title: An", "titel: An", "'titel' was unexpected"),
    ("state: MN", "state: ZZ", "'ZZ' is not one of"),
    ("kind: city", "kind: metropolis", "'metropolis' is not one of"),
    ("rationale: inline", "rationale: loud", "'loud' is not one of"),
])
def test_the_schema_flags_what_ordgen_refuses(old: str, new: str, message: str, recipe: Path,
                                              run_ordgen: Run, tmp_path: Path) -> None:
    text = RECIPE.replace(old, new)
    found = errors("recipe", load(text))
    assert any(message in e for e in found), found
    recipe.write_text(text)
    assert run_ordgen("build", recipe, "-o", tmp_path / "x.md").returncode == 1


def test_clause_schema_knows_the_param_types() -> None:
    bad = load(CLAUSES["property/staging.yaml"].replace("type: integer", "type: number"))
    assert any("'number' is not one of" in e for e in errors("clause", bad))


def test_schema_command_usage(run_ordgen: Run) -> None:
    assert run_ordgen("schema", "library").returncode == 2
    result = run_ordgen("schema", "recipe")
    assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")
    assert json.loads(result.stdout)["title"] == "Recipe"

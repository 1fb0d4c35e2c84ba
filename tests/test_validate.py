"""Schema problems: every wrong place in a file is reported, each at its own line."""

from __future__ import annotations

import os
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from conftest import RECIPE as VALID_RECIPE

from ordgen import model
from ordgen.model import Clause, Recipe
from ordgen.source import parse
from ordgen.validate import to_model

Run = Callable[..., "subprocess.CompletedProcess[str]"]

CLAUSE = """\
id: alpr.retention
title: Retention
category: alpr
summary: Keep plate reads briefly.
sumary: a typo
order: high
params:
  days:
    type: integer
    default: 30
    description: Days
  weeks:
    type: integr
    default: 3
    description: Weeks
  Bad-Name:
    type: string
    default: x
    description: A badly named param
instruments: []
rationale: Because.
text: Reads are deleted after {{ days }} days.
"""


def problems(text: str, model: type) -> list[tuple[int, str, str, str]]:
    source = parse(Path("file.yaml"), text)
    value, found = to_model(source, model)
    assert value is None
    return [(d.line, d.code, d.message, d.hint) for d in found]


def test_every_problem_in_a_clause_is_reported_where_it_is() -> None:
    assert problems(CLAUSE, Clause) == [
        (5, "unknown-key", "unknown key 'sumary'", "did you mean 'summary'?"),
        (6, "wrong-type", "order: expected a whole number, got text", ""),
        (13, "invalid-value", "params.weeks.type: must be one of 'string', 'integer', "
                              "'boolean', 'choice', 'list'", "did you mean 'integer'?"),
        (16, "invalid-value", "params: key 'Bad-Name' does not match the required form "
                              "^[a-z][a-z0-9_]*$", ""),
        (20, "invalid-value", "instruments: must have at least 1 item", ""),
    ]


RECIPE = """\
jurisdiction:
  kind: metropolis
  state: ZZ
  governing_body: City Council
  code_name: City Code
title: An ordinance
date: 2026-01-02
clauses:
  - purpose.statement
  - Property.Staging: {notice_days: 3}
  - 5
"""


def test_every_problem_in_a_recipe_is_reported_where_it_is() -> None:
    found = problems(RECIPE, Recipe)
    assert [(line, code) for line, code, _, _ in found] == [
        (2, "missing-key"), (2, "invalid-value"), (3, "invalid-value"), (7, "wrong-type"),
        (10, "invalid-value"), (11, "wrong-type")]
    assert found[0][2:] == ("missing required key 'name'", "add 'name:' here")
    assert found[2][2] == "jurisdiction.state: 'ZZ' is not one of the 52 allowed values"
    assert "MN" in found[2][3]  # too many to list in the message: the hint lists them
    assert found[3][2:] == ("date: expected text, got a date",
                            "put the value in quotes to make it text")
    assert found[5][2] == "clauses.2: expected text or a mapping, got a number"


@pytest.mark.parametrize(("text", "expected"), [
    ("", (1, "not-a-mapping", "expected a mapping of keys to values")),
    ("- a\n- b\n", (1, "not-a-mapping", "expected a mapping of keys to values")),
    (VALID_RECIPE.replace("title: An", "title: ''\nx: An"),
     (8, "invalid-value", "title: must not be empty")),
    (VALID_RECIPE.replace("title: An", "title: [An]\nx: An"),
     (8, "wrong-type", "title: expected text, got a list")),
    (VALID_RECIPE.replace("clauses:", "clauses: []\nx:"),
     (12, "invalid-value", "clauses: must have at least 1 item")),
])
def test_the_first_problem_is_named_plainly(text: str, expected: tuple[int, str, str]) -> None:
    assert problems(text, Recipe)[0][:3] == expected


def test_a_recipe_with_bad_clause_choices_fails_cleanly(tmp_path: Path, run_ordgen: Run) -> None:
    # unions of patterned text are checked inside a struct: checked bare, msgspec crashed
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(RECIPE)
    result = run_ordgen("build", recipe, "-o", tmp_path / "x.md")
    assert result.returncode == 1, result.stderr
    assert "recipe.yaml:11:5: error[wrong-type]" in result.stderr


def _unions_with_patterns(typ: object) -> list[object]:
    """Unions in `typ` that hold a patterned string beside a list or mapping."""
    args = typing.get_args(typ)
    found = []
    if typing.get_origin(typ) in (typing.Union, types.UnionType):
        patterned = any(typing.get_origin(a) is typing.Annotated
                        and any(getattr(m, "pattern", None) for m in a.__metadata__)
                        for a in args)
        containers = any(typing.get_origin(a) in (list, dict) for a in args)
        if patterned and containers:
            found.append(typ)
    for arg in args:
        if not isinstance(arg, msgspec.Meta):
            found += _unions_with_patterns(arg)
    return found


def test_no_union_in_the_model_holds_a_patterned_string_beside_a_container() -> None:
    # msgspec corrupts memory validating such a union (see ClauseChoice in model.py)
    structs = [v for v in vars(model).values()
               if isinstance(v, type) and issubclass(v, msgspec.Struct)]
    assert [(s.__name__, f.name) for s in structs for f in msgspec.structs.fields(s)
            if _unions_with_patterns(f.type)] == []


def test_validating_recipes_leaves_memory_intact(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(RECIPE)
    script = ("import sys\nfrom pathlib import Path\nfrom ordgen.recipe import load_recipe\n"
              "for p in sys.argv[1:]:\n"
              "    try:\n        load_recipe(Path(p))\n    except Exception:\n        pass\n")
    examples = sorted(str(p) for p in (Path(__file__).parents[1] / "examples").glob("*.yaml"))
    result = subprocess.run([sys.executable, "-c", script, str(bad), *examples],
                            env={**os.environ, "PYTHONMALLOC": "debug"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]

"""Reading a recipe: its clause choices, each located for diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECIPE

from ordgen.diagnostics import OrdgenError
from ordgen.recipe import load_recipe


def with_clauses(recipe: Path, clauses: str) -> Path:
    recipe.write_text(RECIPE.split("clauses:")[0] + "clauses:\n" + clauses)
    return recipe


def test_choices_name_the_clause_variant_and_values(recipe: Path) -> None:
    loaded = load_recipe(recipe)
    staging = loaded.choices[2]
    assert (staging.clause_id, staging.variant, staging.values, staging.index) == (
        "property.staging", "strong", {"notice_days": 7}, 2)
    assert loaded.folder == recipe.parent and len(loaded.sha256) == 64


@pytest.mark.parametrize(("clauses", "code"), [
    ("  - purpose.statement\n  - purpose.statement\n", "duplicate-choice"),
    ("  - {a.b: {}, c.d: {}}\n", "bad-choice"),
    ("  - property.staging: {variant: 3}\n", "wrong-type"),
])
def test_bad_choices_are_located(clauses: str, code: str, recipe: Path) -> None:
    with pytest.raises(OrdgenError) as err:
        load_recipe(with_clauses(recipe, clauses))
    assert [d.code for d in err.value.diagnostics] == [code]
    assert err.value.diagnostics[0].line >= 13

"""Composing a draft: which library layers, select then assemble then amend, and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECIPE

from ordgen.compose import compose, library_paths
from ordgen.diagnostics import OrdgenError
from ordgen.library import bundled_library, load_library
from ordgen.recipe import load_recipe


def test_library_layers_come_from_the_option_then_the_recipe_then_the_bundle(
        recipe: Path, library: Path, tmp_path: Path) -> None:
    loaded = load_recipe(recipe)
    assert library_paths(loaded, [tmp_path]) == [tmp_path]
    assert library_paths(loaded, None) == [library]
    assert library_paths(None, None) == [bundled_library()]


def test_a_missing_recipe_library_is_located_in_the_recipe(recipe: Path) -> None:
    recipe.write_text(RECIPE.replace("library: lib", "library: nowhere"))
    with pytest.raises(OrdgenError) as err:
        library_paths(load_recipe(recipe), None)
    (d,) = err.value.diagnostics
    assert (d.code, d.line) == ("no-library", 10) and "does not exist" in d.message


def test_compose_numbers_the_sections_and_warns_in_the_recipe(recipe: Path, library: Path
                                                              ) -> None:
    recipe.write_text(RECIPE.replace("state: MN", "state: TX").replace(
        "City of Minneapolis", "Minneapolis"))
    composed = compose(load_library(library), load_recipe(recipe))
    assert [s.number for s in composed.document.sections] == [1, 2, 3, 4]
    codes = sorted(w.code for w in composed.warnings)
    assert codes == ["name-without-kind", "state-law"]
    assert composed.document.government.name == "City of Minneapolis"

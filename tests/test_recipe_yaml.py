"""The recipe `ordgen new` writes: commented YAML that builds as it is."""

from __future__ import annotations

from pathlib import Path

from ordgen import api
from ordgen.library import load_library
from ordgen.recipe_yaml import recipe_text
from ordgen.wizard import Defaults, interview


def test_every_choice_is_explained_and_the_recipe_builds(library: Path) -> None:
    answers = interview(load_library([library]), Defaults(),
                        {"name": "Village of Oak Park", "state": "IL"})
    path = library.parent / "oak-park.yaml"
    text = recipe_text(answers, path, [library])
    assert "kind: village" in text and "# Illinois; selects the state-law warnings" in text
    assert "instrument: ordinance" in text and "# ordinance | resolution | order" in text
    assert "library: lib" in text
    path.write_text(text)
    document = api.draft(path).document
    assert document.enacting_clause.startswith("BE IT ORDAINED BY THE PRESIDENT AND BOARD OF "
                                               "TRUSTEES OF THE VILLAGE OF OAK PARK, ILLINOIS")

"""Every example recipe builds, and its Markdown matches the reviewed golden copy.

Regenerate after an intended change with: ORDGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from ordgen import api
from ordgen.render import render

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "golden"
# the library's git commit changes with every commit, so goldens leave it out
COMMIT = re.compile(r"^library-commit: .*\n", re.M)


def markdown(recipe: Path) -> str:
    return COMMIT.sub("", render(api.draft(recipe).document, "markdown").decode())


@pytest.mark.parametrize("recipe", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_golden(recipe: Path) -> None:
    text = markdown(recipe)
    golden = GOLDEN / f"{recipe.stem}.md"
    if os.environ.get("ORDGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden for {recipe.name}: run with ORDGEN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 7


def test_build_is_byte_identical_across_runs(tmp_path: Path) -> None:
    recipe = ROOT / "examples" / "minneapolis.yaml"
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    api.build(recipe, [first])
    api.build(recipe, [second])
    assert first.read_bytes() == second.read_bytes()


def test_bundled_library_checks_clean() -> None:
    problems = api.check([ROOT / "clauses"])
    errors = [d.format() for d in problems if d.is_error]
    assert errors == []

"""`ordgen schema`: the JSON Schemas editors use, as stored under schema/."""

from __future__ import annotations

import json
from collections.abc import Callable
from subprocess import CompletedProcess

import pytest
from conftest import ROOT

Run = Callable[..., "CompletedProcess[str]"]


@pytest.mark.parametrize("kind", ["clause", "recipe"])
def test_schema_prints_the_stored_schema(kind: str, run_ordgen: Run) -> None:
    result = run_ordgen("schema", kind)
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((ROOT / "schema" / f"{kind}.json").read_text())
    assert run_ordgen("schema", "library").returncode == 2

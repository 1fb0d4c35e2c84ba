"""Option values spelled once: the command line and the recipe model agree."""

from __future__ import annotations

import typing

import msgspec

from ordgen.cli.app import Rationale
from ordgen.model import Recipe
from ordgen.options import RATIONALE_MODES


def test_rationale_modes_are_the_same_everywhere() -> None:
    field = next(f for f in msgspec.structs.fields(Recipe) if f.name == "rationale")
    assert typing.get_args(field.type) == RATIONALE_MODES
    assert tuple(m.value for m in Rationale) == RATIONALE_MODES

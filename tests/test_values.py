"""Values as people type them at a prompt or in a CSV cell."""

from __future__ import annotations

import pytest

from ordgen import values
from ordgen.model import Param


def param(**kw: object) -> Param:
    return Param(**{"description": "d", **kw})  # type: ignore[arg-type]


def test_typed_values_from_text() -> None:
    assert values.parse(param(type="integer", default=1), "1,000") == 1000
    assert values.parse(param(type="boolean", default=True), "No") is False
    assert values.parse(param(type="list", default=[]), " a | b |") == ["a", "b"]
    assert values.parse(param(type="choice", default="x", choices=["All", "x"]), "all") == "All"


def test_bad_values_say_why() -> None:
    with pytest.raises(ValueError, match="above the maximum 90"):
        values.parse(param(type="integer", default=1, min=0, max=90), "91")
    with pytest.raises(ValueError, match="yes or no"):
        values.parse(param(type="boolean", default=True), "perhaps")


def test_values_read_back_as_typed() -> None:
    assert values.show(param(type="boolean", default=True), True) == "yes"
    assert values.show(param(type="list", default=[]), ["a", "b"]) == "a | b"
    assert values.describe(param(type="integer", default=1, min=1, max=5)) == \
        "a whole number from 1 to 5"


@pytest.mark.parametrize(("text", "code"), [("mn", "MN"), ("Minnesota", "MN"),
                                            (" new  york ", "NY")])
def test_states_by_code_or_name(text: str, code: str) -> None:
    assert values.parse_state(text) == code


def test_an_unknown_state_suggests_one() -> None:
    with pytest.raises(ValueError, match="did you mean 'Minnesota'"):
        values.parse_state("Minesota")

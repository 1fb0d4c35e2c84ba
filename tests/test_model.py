"""The data model: strict shapes for clause, library and recipe files."""

from __future__ import annotations

import msgspec
import pytest

from ordgen.model import Clause, Jurisdiction, Recipe


def test_a_clause_with_one_text_has_one_standard_variant() -> None:
    clause = msgspec.convert({"id": "a.b", "title": "T", "category": "a", "summary": "S",
                              "text": "x", "rationale": "r"}, Clause)
    assert clause.variant_texts() == {"standard": "x"} and clause.default == "standard"
    assert clause.instruments == ["ordinance", "resolution", "order", "executive-order"]
    assert clause.needs == []


def test_a_recipe_needs_only_the_jurisdictions_name_kind_and_state() -> None:
    recipe = msgspec.convert({"jurisdiction": {"name": "City of Ely", "kind": "city",
                                               "state": "MN"},
                              "title": "An ordinance", "clauses": ["a.b"]}, Recipe)
    assert recipe.instrument == "ordinance" and recipe.rationale == "inline"
    assert recipe.jurisdiction.agencies.jail is None


@pytest.mark.parametrize("bad", [{"kind": "metropolis"}, {"state": "ZZ"}, {"extra": 1},
                                 {"agencies": {"fire": "x"}}])
def test_unknown_values_and_keys_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"name": "City of Ely", "kind": "city", "state": "MN", **bad},
                        Jurisdiction)

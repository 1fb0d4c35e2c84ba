"""The covering set: each param's telling values, and a pairwise covering array."""

from __future__ import annotations

from itertools import combinations, product

import pytest

from ordgen.lint.coverage import LONG_LIST, levels, long_list, pairwise
from ordgen.model import Param


def param(kind: str, default: object, **more: object) -> Param:
    return Param(type=kind, default=default, description="A param.", **more)  # type: ignore[arg-type]


def test_each_kind_of_param_has_its_telling_values() -> None:
    assert levels(param("integer", 10, min=0, max=90), 5) == [5, 10, 0, 90]
    assert levels(param("integer", 10), 10) == [10]  # no bounds: the default is all there is
    assert levels(param("boolean", False), True) == [True, False]
    assert levels(param("choice", "b", choices=["a", "b", "c"]), "c") == ["c", "a", "b"]
    assert levels(param("string", "x"), "y") == ["y", "x"]
    lists = levels(param("list", []), ["one"])
    assert lists[:3] == [["one"], [], long_list(["one"])]
    assert lists[2][:2] == ["one", "sample item 2"] and len(lists[2]) == LONG_LIST


@pytest.mark.parametrize("sizes", [[], [1], [4], [3, 2], [5, 4, 3, 2, 2], [2] * 10, [5, 4, 4, 4],
                                   [1, 1, 6]])
def test_every_pair_of_levels_meets_in_a_row(sizes: list[int]) -> None:
    rows = pairwise(sizes)
    assert rows[0] == (0,) * len(sizes)  # the example values come first
    assert len(set(rows)) == len(rows)
    for i, j in combinations(range(len(sizes)), 2):
        assert {(r[i], r[j]) for r in rows} == set(product(range(sizes[i]), range(sizes[j])))
    if len(sizes) == 1:
        assert rows == [(i,) for i in range(sizes[0])]
    assert pairwise(sizes) == rows  # deterministic


def test_the_array_stays_small() -> None:
    # every combination of 5 x 4 x 4 x 4 would be 320 renders
    assert len(pairwise([5, 4, 4, 4])) <= 25
    assert len(pairwise([2] * 10)) <= 12

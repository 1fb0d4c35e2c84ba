"""The values `check` renders a clause variant with: each param's telling values, combined
pairwise (a small covering array), so that every two values of any two factors (params,
kinds of jurisdiction, instruments) meet in at least one render."""

from __future__ import annotations

from typing import Any

from ..model import Param

LONG_LIST = 12  # items in the long list every list param is also rendered with


def levels(param: Param, base: Any) -> list[Any]:
    """The telling values of one param, `base` (its example, else its default) first:
    every choice, both booleans, an integer's default, minimum and maximum, a list empty,
    as given and long."""
    if param.type == "boolean":
        found = [base, not base]
    elif param.type == "choice":
        found = [base, *(param.choices or [])]
    elif param.type == "integer":
        found = [base, param.default, param.min, param.max]
    elif param.type == "list":
        found = [base, param.default, [], long_list(base, param.default)]
    else:
        found = [base, param.default]
    unique: list[Any] = []
    for value in found:
        if value is not None and value not in unique:
            unique.append(value)
    return unique


def long_list(*given: Any) -> list[str]:
    """A list of LONG_LIST items: the given items, then numbered samples."""
    items = list(dict.fromkeys(str(v) for values in given if isinstance(values, list)
                               for v in values))
    return (items + [f"sample item {n}" for n in range(len(items) + 1, LONG_LIST + 1)]
            )[:max(LONG_LIST, len(items))]


def pairwise(sizes: list[int]) -> list[tuple[int, ...]]:
    """Rows of level indexes, the first all zeros, that hold every pair of levels of every
    two factors (every level of a lone factor; one row when there are none).

    Greedy and deterministic: each new row starts from the first pair not yet held and
    fills each other factor with the level that holds most new pairs."""
    n = len(sizes)
    if n <= 1:
        return [(i,) for i in range(sizes[0])] if n else [()]
    todo = {(i, a, j, b) for i in range(n) for j in range(i + 1, n)
            for a in range(sizes[i]) for b in range(sizes[j])}
    rows: list[tuple[int, ...]] = []
    row: list[int | None] = [0] * n
    while True:
        full = tuple(v or 0 for v in row)
        rows.append(full)
        todo -= {(i, full[i], j, full[j]) for i in range(n) for j in range(i + 1, n)}
        if not todo:
            return rows
        i, a, j, b = min(todo)
        row = [None] * n
        row[i], row[j] = a, b
        for k in range(n):
            if row[k] is None:
                gains = [(_gain(todo, row, k, v), -v) for v in range(sizes[k])]
                row[k] = gains.index(max(gains))


def _gain(todo: set[tuple[int, int, int, int]], row: list[int | None], k: int, v: int) -> int:
    """How many pairs not yet held level `v` of factor `k` would hold in `row`."""
    return sum(((m, row[m], k, v) if m < k else (k, v, m, row[m])) in todo
               for m in range(len(row)) if m != k and row[m] is not None)

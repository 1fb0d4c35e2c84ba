"""Who adopted what, and how strongly: the example recipes as a matrix of measures by
jurisdiction, and how much of each adopted model law every draft carries.

The recipes arrive drafted (`api.draft`, against the site's library); their selections say
which variant of each clause a draft has, and `browse.coverage` counts the provisions of
each adopted model it carries, as `ordgen explain` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from ..browse import coverage
from ..document import Document
from ..library import Library
from ..select import Selected, draft_order


class Adopted(Struct, frozen=True):
    """One recipe drafted against the site's library."""

    source: str  # the recipe's path as shown
    document: Document
    selection: list[Selected]
    left_out: dict[str, str]


class Cell(Struct, frozen=True):
    """One measure in one draft: the variant chosen, and how strong it is among its kind."""

    variant: str  # "" when the draft does not carry the clause
    strength: str  # "weak" | "middle" | "strong" | "only" (a clause of one text) | ""
    reason: str  # "chosen", "required by ...", or why it was left out
    left_out: bool = False


def recipe_slugs(adopted: Sequence[Adopted]) -> list[str]:
    """A file name for each recipe's draft page, from its file name; repeats get a number."""
    used: set[str] = set()
    out = []
    for a in adopted:
        stem = a.source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        base = slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "recipe"
        k = 2
        while slug in used:
            slug = f"{base}-{k}"
            k += 1
        used.add(slug)
        out.append(slug)
    return out


def strength(names: list[str], variant: str) -> str:
    """Where a variant stands among a clause's variants, weakest first."""
    if len(names) == 1:
        return "only"
    rank = names.index(variant) if variant in names else 0
    if rank == 0:
        return "weak"
    return "strong" if rank == len(names) - 1 else "middle"


def cell(lib: Library, draft: Adopted, cid: str) -> Cell:
    """What one draft does with one clause."""
    for s in draft.selection:
        if s.id == cid:
            names = list(lib.clauses[cid].clause.variant_texts())
            return Cell(s.variant, strength(names, s.variant), s.reason)
    if cid in draft.left_out:
        return Cell("", "", draft.left_out[cid], left_out=True)
    return Cell("", "", "")


def matrix(lib: Library, adopted: Sequence[Adopted]) -> list[tuple[str, list[Cell]]]:
    """For each clause a draft carries, in draft order, what every draft does with it."""
    used = {s.id for a in adopted for s in a.selection} | {c for a in adopted for c in a.left_out}
    return [(cid, [cell(lib, a, cid) for a in adopted])
            for cid in draft_order(lib) if cid in used]


def coverage_rows(lib: Library, adopted: Sequence[Adopted]
                  ) -> list[tuple[Any, list[dict[str, Any]]]]:
    """For each adopted model law, how much of it each draft carries."""
    return [(model, [coverage(lib, model, a.selection) for a in adopted]) for model in lib.models]

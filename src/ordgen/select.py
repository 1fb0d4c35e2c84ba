"""Choose the clauses of a draft: the recipe's picks, what they require, in draft order."""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from .diagnostics import Diagnostic, OrdgenError, did_you_mean
from .government import Government
from .library import Library, LoadedClause
from .recipe import Choice
from .source import Source
from .validate import check_value


class Selected(Struct, frozen=True):
    """A clause in a draft, with its variant, its values and why it is there."""

    loaded: LoadedClause
    variant: str
    values: dict[str, Any]
    reason: str  # "chosen" or "required by <id>"
    role: str  # the category's role: recitals, definitions or body
    number: int | None  # section number; None for recitals

    @property
    def id(self) -> str:
        return self.loaded.clause.id


class Selection(Struct, frozen=True):
    """The clauses of a draft, in order, and those left out for want of an agency."""

    clauses: list[Selected]
    left_out: dict[str, str]  # clause id -> why it is not in the draft


def select(library: Library, choices: list[Choice], recipe: Source,
           instrument: str = "ordinance", government: Government | None = None) -> Selection:
    """The recipe's clauses plus their requirements, ordered and numbered, or diagnostics.

    A clause about an agency the jurisdiction does not have (a jail, say) is left out,
    with the reason."""
    errors: list[Diagnostic] = []
    ids = sorted(library.clauses)
    picked: dict[str, tuple[str, dict[str, Any], str]] = {}
    for choice in choices:
        loaded = library.clauses.get(choice.clause_id)
        loc = ("clauses", choice.index)
        if loaded is None:
            errors.append(recipe.diag(loc, "unknown-clause",
                                      f"unknown clause '{choice.clause_id}'",
                                      did_you_mean(choice.clause_id, ids)
                                      or "run `ordgen clauses` to list the library"))
            continue
        clause = loaded.clause
        variants = list(clause.variant_texts())
        variant = choice.variant or clause.default
        if variant not in variants:
            errors.append(recipe.diag((*loc, choice.clause_id, "variant"), "unknown-variant",
                                      f"clause '{clause.id}' has no variant '{variant}'",
                                      " ".join(filter(None, [
                                          did_you_mean(variant, variants),
                                          f"its variants are: {', '.join(variants)}"]))))
            continue
        values = {name: p.default for name, p in clause.params.items()}
        for name, value in choice.values.items():
            vloc = (*loc, choice.clause_id, name)
            param = clause.params.get(name)
            if param is None:
                known = list(clause.params) + ["variant"]
                errors.append(recipe.diag(vloc, "unknown-param",
                                          f"clause '{clause.id}' has no param '{name}'",
                                          did_you_mean(name, known)
                                          or f"its params are: {', '.join(known)}", key=True))
                continue
            problem = check_value(param, value)
            if problem:
                errors.append(recipe.diag(vloc, "bad-value", f"{clause.id}.{name}: {problem}",
                                          param.description))
                continue
            values[name] = value
        picked[clause.id] = (variant, values, "chosen")
    if errors:
        raise OrdgenError(errors)

    # requirements, transitively; cycles were refused when the library loaded
    queue = list(picked)
    while queue:
        cid = queue.pop(0)
        for req in library.clauses[cid].clause.requires:
            if req not in picked:
                dep = library.clauses[req].clause
                picked[req] = (dep.default, {n: p.default for n, p in dep.params.items()},
                               f"required by {cid}")
                queue.append(req)

    for cid in sorted(picked):
        clause = library.clauses[cid].clause
        if instrument not in clause.instruments:
            reason = picked[cid][2]
            kinds = " or ".join(clause.instruments)
            errors.append(recipe.diag(_where(choices, cid, reason.removeprefix("required by ")),
                                      "wrong-instrument",
                                      f"clause '{cid}' is written for: {kinds}; this recipe is "
                                      f"for: {instrument}",
                                      f"set `instrument: {clause.instruments[0]}` in the recipe, "
                                      f"or take '{cid}' out"))
        for other in clause.conflicts:
            # report a pair once, even when both clauses list each other
            mutual = cid in library.clauses[other].clause.conflicts
            if other in picked and (other > cid or not mutual):
                errors.append(recipe.diag(_where(choices, cid, other), "conflict",
                                          f"clauses '{cid}' and '{other}' cannot both be in "
                                          "a draft",
                                          f"'{cid}' lists '{other}' under `conflicts`; "
                                          "remove one of them from the recipe"))
    if errors:
        raise OrdgenError(errors)
    left_out = {}
    if government is not None:
        for cid in list(picked):
            lacking = [r for r in library.clauses[cid].clause.needs if not government.agencies[r]]
            if lacking:
                left_out[cid] = (f"{government.name} has no {' or '.join(lacking)} agency "
                                 f"({picked[cid][2]})")
                del picked[cid]
    return Selection(order(library, picked), left_out)


def _where(choices: list[Choice], *ids: str) -> tuple[str | int, ...]:
    for choice in choices:
        if choice.clause_id in ids:
            return ("clauses", choice.index)
    return ("clauses",)


def order(library: Library, picked: dict[str, tuple[str, dict[str, Any], str]]) -> list[Selected]:
    """Put clauses in draft order (category, then order, then id) and number the sections."""
    rank = library.category_index()

    def key(cid: str) -> tuple[int, int, str]:
        clause = library.clauses[cid].clause
        return (rank.get(clause.category, len(rank)), clause.order, cid)

    result: list[Selected] = []
    number = 0
    for cid in sorted(picked, key=key):
        loaded = library.clauses[cid]
        role = library.role(loaded.clause)
        if role != "recitals":
            number += 1
        variant, values, reason = picked[cid]
        result.append(Selected(loaded, variant, values, reason, role,
                               None if role == "recitals" else number))
    return result

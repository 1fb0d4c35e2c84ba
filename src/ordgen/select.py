"""Choose the clauses of a draft: the recipe's picks, what they require, in draft order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from msgspec import Struct

from .diagnostics import Diagnostic, OrdgenError, did_you_mean
from .government import Government
from .library import Library, LoadedClause
from .model import Clause
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
    recitals: tuple[str, ...] = ()  # for a clause of recitals: the keys in the draft

    @property
    def id(self) -> str:
        return self.loaded.clause.id


class Selection(Struct, frozen=True):
    """The clauses of a draft, in order, and those left out for want of an agency."""

    clauses: list[Selected]
    left_out: dict[str, str]  # clause id -> why it is not in the draft


# clause id -> (variant, values, reason, recital keys)
Pick = tuple[str, dict[str, Any], str, tuple[str, ...]]
Picked = dict[str, Pick]


def select(library: Library, choices: list[Choice], recipe: Source,
           instrument: str = "ordinance", government: Government | None = None) -> Selection:
    """The recipe's clauses plus their requirements in draft order, or every problem with
    them at once.

    A clause about an agency the jurisdiction does not have (a jail, say) is left out,
    with the reason."""
    errors: list[Diagnostic] = []
    picked: Picked = {}
    for choice in choices:
        chosen = _choose(library, choice, recipe, errors)
        if chosen is not None:
            picked[choice.clause_id] = chosen
    for req, by in requirements(library, list(picked)).items():
        dep = library.clauses[req].clause
        picked[req] = (dep.default, defaults(dep), f"required by {by}",
                       tuple(dep.default_recitals()))
    errors += _mismatches(library, picked, choices, recipe, instrument)
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


def _choose(library: Library, choice: Choice, recipe: Source, errors: list[Diagnostic]
            ) -> Pick | None:
    """One recipe entry checked against the library: its variant and values, or None with
    every problem recorded (a bad variant does not hide bad values)."""
    loaded = library.clauses.get(choice.clause_id)
    loc = ("clauses", choice.index)
    if loaded is None:
        errors.append(recipe.diag(loc, "unknown-clause", f"unknown clause '{choice.clause_id}'",
                                  did_you_mean(choice.clause_id, sorted(library.clauses))
                                  or "run `ordgen clauses` to list the library"))
        return None
    clause = loaded.clause
    found = len(errors)
    variants = list(clause.variant_texts())
    variant = choice.variant or clause.default
    if variant not in variants:
        errors.append(recipe.diag((*loc, choice.clause_id, "variant"), "unknown-variant",
                                  f"clause '{clause.id}' has no variant '{variant}'",
                                  " ".join(filter(None, [
                                      did_you_mean(variant, variants),
                                      f"its variants are: {', '.join(variants)}"]))))
    values = defaults(clause)
    for name, value in choice.values.items():
        vloc = (*loc, choice.clause_id, name)
        param = clause.params.get(name)
        if param is None:
            known = list(clause.params) + ["variant"]
            errors.append(recipe.diag(vloc, "unknown-param",
                                      f"clause '{clause.id}' has no param '{name}'",
                                      did_you_mean(name, known)
                                      or f"its params are: {', '.join(known)}", key=True))
        elif problem := check_value(param, value):
            errors.append(recipe.diag(vloc, "bad-value", f"{clause.id}.{name}: {problem}",
                                      param.description))
        else:
            values[name] = value
    recitals = tuple(clause.default_recitals())
    if choice.recitals is not None:
        known = list(clause.recitals or {})
        if not known:
            errors.append(recipe.diag((*loc, choice.clause_id, "recitals"), "not-recitals",
                                      f"clause '{clause.id}' has no recitals to choose",
                                      "remove `recitals:`"))
        for i, key in enumerate(choice.recitals):
            if key not in known and known:
                errors.append(recipe.diag((*loc, choice.clause_id, "recitals", i),
                                          "unknown-recital",
                                          f"clause '{clause.id}' has no recital '{key}'",
                                          did_you_mean(key, known)
                                          or f"its recitals are: {', '.join(known)}"))
        recitals = tuple(k for k in known if k in choice.recitals)
    return (variant, values, "chosen", recitals) if len(errors) == found else None


def _mismatches(library: Library, picked: Picked, choices: list[Choice], recipe: Source,
                instrument: str) -> list[Diagnostic]:
    """Clauses written for another instrument, and pairs that conflict."""
    errors = []
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
    return errors


def requirements(library: Library, ids: list[str]) -> dict[str, str]:
    """What the clauses `ids` require, transitively, and not among them: each with the
    clause that first requires it. Cycles were refused when the library loaded."""
    found: dict[str, str] = {}
    queue = list(ids)
    while queue:
        cid = queue.pop(0)
        for req in library.clauses[cid].clause.requires:
            if req not in ids and req not in found and req in library.clauses:
                found[req] = cid
                queue.append(req)
    return found


def defaults(clause: Clause) -> dict[str, Any]:
    """Every param of a clause at its default value."""
    return {name: p.default for name, p in clause.params.items()}


def draft_order(library: Library, ids: Iterable[str] | None = None) -> list[str]:
    """Clause ids (default: the whole library) in the order a draft places them: by
    category, then `order`, then id."""
    rank = library.category_index()

    def key(cid: str) -> tuple[int, int, str]:
        clause = library.clauses[cid].clause
        return (rank.get(clause.category, len(rank)), clause.order, cid)

    return sorted(library.clauses if ids is None else ids, key=key)


def sample_selection(library: Library, cid: str, variant: str) -> list[Selected]:
    """A draft of one clause variant, with its example values, and of what it requires
    (each in its default variant), as `ordgen check` and `ordgen show` render it."""
    picked: Picked = {}
    for other in requirements(library, [cid]):
        dep = library.clauses[other].clause
        picked[other] = (dep.default, defaults(dep), "required", tuple(dep.default_recitals()))
    clause = library.clauses[cid].clause
    picked[cid] = (variant, defaults(clause) | dict(clause.example), "chosen",
                   tuple(clause.recitals or ()))  # every recital, local ones too
    return order(library, picked)


def _where(choices: list[Choice], *ids: str) -> tuple[str | int, ...]:
    for choice in choices:
        if choice.clause_id in ids:
            return ("clauses", choice.index)
    return ("clauses",)


def order(library: Library, picked: Picked) -> list[Selected]:
    """The picked clauses in draft order, each with its variant, values, reason and role."""
    out = []
    for cid in draft_order(library, picked):
        variant, values, reason, recitals = picked[cid]
        loaded = library.clauses[cid]
        out.append(Selected(loaded, variant, values, reason, library.role(loaded.clause),
                            recitals))
    return out

"""Load and validate a recipe: the jurisdiction and the clauses an aide chose."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

from .diagnostics import Diagnostic, OrdgenError
from .model import ClauseChoice, Recipe
from .source import Source, load, parse
from .validate import recipe_rules, to_model


class Choice(Struct, frozen=True):
    """One entry of a recipe's `clauses` list."""

    clause_id: str
    variant: str | None
    values: dict[str, Any]
    index: int  # position in the recipe's list, for locating diagnostics
    recitals: tuple[str, ...] | None = None  # the recitals chosen, by key


class LoadedRecipe(Struct, frozen=True):
    recipe: Recipe
    choices: list[Choice]
    source: Source
    sha256: str

    @property
    def folder(self) -> Path:
        return self.source.path.parent

    def library_paths(self) -> list[Path] | None:
        """The recipe's library layers, resolved against the recipe's folder."""
        lib = self.recipe.library
        if lib is None:
            return None
        items = [lib] if isinstance(lib, str) else lib
        return [(self.folder / item) for item in items]


def load_recipe(path: Path, text: str | None = None) -> LoadedRecipe:
    """Read and validate a recipe file (or `text` said to come from `path`)."""
    source = load(path) if text is None else parse(path, text)
    recipe, errors = to_model(source, Recipe)
    if recipe is None:
        raise OrdgenError(errors)
    choices, errors = _choices(recipe.clauses, source)
    errors += recipe_rules(recipe, source)
    if errors:
        raise OrdgenError(errors)
    return LoadedRecipe(recipe, choices, source, hashlib.sha256(source.text.encode()).hexdigest())


def readable_choices(source: Source) -> list[Choice]:
    """The entries of a recipe's `clauses` list that can be read, even when other parts
    of the recipe do not validate, so that they can still be checked against a library.
    What cannot be read was reported by the recipe's validation."""
    data = source.data if isinstance(source.data, dict) else {}
    items = data.get("clauses")
    readable: list[Any] = []
    for item in items if isinstance(items, list) else []:
        try:
            readable.append(msgspec.convert(item, ClauseChoice))
        except msgspec.ValidationError:
            readable.append({})  # keeps the indexes of the entries after it
    return _choices(readable, source)[0]


def _choices(clauses: list[Any], source: Source) -> tuple[list[Choice], list[Diagnostic]]:
    choices: list[Choice] = []
    errors: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(clauses):
        if isinstance(item, str):
            cid, options = item, {}
        elif len(item) != 1:
            errors.append(source.diag(("clauses", i), "bad-choice",
                                      "each entry names one clause",
                                      "write '- clause.id' or '- clause.id: {variant: strong}'"))
            continue
        else:
            cid, raw = next(iter(item.items()))
            options = dict(raw or {})
        if cid in seen:
            errors.append(source.diag(("clauses", i), "duplicate-choice",
                                      f"clause '{cid}' is listed twice "
                                      f"(also entry {seen[cid] + 1})",
                                      "list each clause once"))
            continue
        seen[cid] = i
        variant = options.pop("variant", None)
        if variant is not None and not isinstance(variant, str):
            errors.append(source.diag(("clauses", i, cid, "variant"), "wrong-type",
                                      "variant must be a name such as 'strong'"))
            variant = None
        recitals = options.pop("recitals", None)
        if recitals is not None and not (isinstance(recitals, list)
                                         and all(isinstance(r, str) for r in recitals)):
            errors.append(source.diag(("clauses", i, cid, "recitals"), "wrong-type",
                                      "recitals must be a list of recital keys",
                                      "write recitals: [trust, reporting]"))
            recitals = None
        choices.append(Choice(cid, variant, options, i,
                              tuple(recitals) if recitals is not None else None))
    return choices, errors

"""Load and validate a recipe: the jurisdiction and the clauses an aide chose."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from msgspec import Struct

from .diagnostics import Diagnostic, OrdgenError
from .model import Recipe
from .source import Source, load, parse
from .validate import recipe_rules, to_model


class Choice(Struct, frozen=True):
    """One entry of a recipe's `clauses` list."""

    clause_id: str
    variant: str | None
    values: dict[str, Any]
    index: int  # position in the recipe's list, for locating diagnostics


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
    choices, errors = _choices(recipe, source)
    errors += recipe_rules(recipe, source)
    if errors:
        raise OrdgenError(errors)
    return LoadedRecipe(recipe, choices, source, hashlib.sha256(source.text.encode()).hexdigest())


def _choices(recipe: Recipe, source: Source) -> tuple[list[Choice], list[Diagnostic]]:
    choices: list[Choice] = []
    errors: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(recipe.clauses):
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
        choices.append(Choice(cid, variant, options, i))
    return choices, errors

"""Compose a draft: a loaded recipe against a loaded library, through the stages select,
assemble, (for an amending ordinance) amend, number, and the typography pass."""

from __future__ import annotations

from pathlib import Path

import msgspec
from msgspec import Struct

from .amend import amend
from .assemble import assemble
from .confine import check_root
from .diagnostics import Diagnostic, OrdgenError, display_path
from .document import Document
from .government import resolve
from .instruments import fit
from .library import Library, bundled_library
from .numbering import number
from .recipe import LoadedRecipe
from .select import Selection, select
from .typography import document as typeset


class Composed(Struct, frozen=True):
    """What composing found: the selection, the document, and warnings located in the recipe."""

    selection: Selection
    document: Document
    warnings: list[Diagnostic]


def library_paths(recipe: LoadedRecipe | None, library: list[Path] | None) -> list[Path]:
    """Which library layers to use: --library, else the recipe's, else the bundled one.

    A recipe's own library path that is not a folder is an error located in the recipe.
    """
    if library:
        return library
    if recipe is not None and (paths := recipe.library_paths()):
        for i, path in enumerate(paths):
            loc = ("library", i) if isinstance(recipe.recipe.library, list) else ("library",)
            if not path.is_dir():
                what = "is not a folder" if path.exists() else "does not exist"
                raise OrdgenError([recipe.source.diag(loc, "no-library",
                                                      f"library '{display_path(path)}' {what}",
                                                      "paths are relative to the recipe's folder")])
            try:  # not /, a home folder or a system folder: see confine.py
                check_root(path)
            except OrdgenError as exc:
                d = exc.diagnostics[0]
                raise OrdgenError([recipe.source.diag(loc, d.code, f"library '{d.path}': "
                                                      f"{d.message}", d.hint)]) from None
        return paths
    return [bundled_library()]


def compose(library: Library, recipe: LoadedRecipe, *, rationale: str | None = None,
            commit: str = "") -> Composed:
    """Select and assemble a loaded recipe (and amend the code, if it asks to)."""
    government, found = resolve(recipe.recipe.jurisdiction)
    found += fit(government, recipe.recipe.instrument, recipe.recipe.enacting_clause)
    notes = [recipe.source.diag(n.loc, n.code, n.message, n.hint, severity=n.severity)
             for n in found]
    if any(d.is_error for d in notes):
        raise OrdgenError(notes)
    warnings = notes
    selection = select(library, recipe.choices, recipe.source, recipe.recipe.instrument,
                       government)
    settings = recipe.recipe
    if rationale:
        settings = msgspec.structs.replace(settings, rationale=rationale)
    document = assemble(library, selection.clauses, settings, recipe.sha256, commit, government)
    if recipe.recipe.amends is not None:  # an amending ordinance: clauses become code
        document, changes = amend(document, recipe)
        warnings += changes
    document = typeset(number(document))  # once, so every renderer reads the same words
    return Composed(selection, document, warnings + state_law_warnings(recipe, document))


def state_law_warnings(recipe: LoadedRecipe, document: Document) -> list[Diagnostic]:
    """A located warning for each state law that may forbid sections of the draft."""
    found = []
    for note in document.state_laws:
        law = note.law
        sections = ", ".join(f"Section {n} ({cid})" for n, cid in zip(note.sections,
                                                                       note.clause_ids,
                                                                       strict=True))
        found.append(recipe.source.diag(
            ("jurisdiction", "state"), "state-law",
            f"{law.name} ({law.citation}, {law.confidence}) may forbid or penalize: {sections}",
            "have counsel review these sections against state law; see each section's rationale",
            severity="warning"))
    return found

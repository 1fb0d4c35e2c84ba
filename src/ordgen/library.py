"""Load and validate a clause library: one folder, or several layered folders."""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path

from msgspec import Struct, field

from .confine import check_root, clause_files, outside_or_special
from .diagnostics import (
    Diagnostic,
    OrdgenError,
    did_you_mean,
    display_path,
    file_diagnostic,
)
from .model import AdoptedModel, Authority, Category, Clause, LibraryInfo, StateLaw
from .source import Source, load
from .validate import clause_rules, to_model

META_FILES = {"categories.yaml", "authorities.yaml", "state-laws.yaml", "library.yaml",
              "models.yaml"}


class LoadedClause(Struct, frozen=True):
    """A validated clause with the file it came from and the layer that supplied it."""

    clause: Clause
    source: Source
    layer: str
    rank: int = 0  # the layer's place: later layers rank higher and win


class Origin(Struct, frozen=True):
    """Where a library entry (a category, authority, state law or model) came from."""

    layer: str
    source: Source


class Library(Struct, dict=True):  # dict: room for the cached properties
    """Everything a build needs from the clause library, merged across layers."""

    layers: list[str]  # the layer folders, as given
    info: list[LibraryInfo]
    clauses: dict[str, LoadedClause]
    categories: list[Category]
    authorities: dict[str, Authority]
    state_laws: list[StateLaw]
    models: list[AdoptedModel] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)  # "authority:key" -> origin
    fingerprint: str = ""
    warnings: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def terms(self) -> dict[str, list[tuple[str, str, str]]]:
        """Every defined term, casefolded -> [(term as written, definition, clause id)],
        the definition of the latest layer first."""
        index: dict[str, list[tuple[str, str, str]]] = {}
        for cid, loaded in sorted(self.clauses.items(), key=lambda kv: (-kv[1].rank, kv[0])):
            for term, definition in loaded.clause.defines.items():
                index.setdefault(term.casefold(), []).append((term, definition, cid))
        return index

    def category_index(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.categories)}

    def role(self, clause: Clause) -> str:
        for category in self.categories:
            if category.id == clause.category:
                return category.role
        return "body"

    def origin(self, kind: str, key: str) -> Origin | None:
        """Where an entry came from: kind is category, authority, state-law or model."""
        return self.origins.get(f"{kind}:{key}")


def bundled_library() -> Path:
    """The clause library that ships with ordgen."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "clauses"
    return installed if installed.is_dir() else here.parents[1] / "clauses"


def load_library(roots: list[Path] | Path | None = None, *, keep_going: bool = False
                 ) -> Library:
    """Load one or more library layers. A later layer adds to and overrides the layers below
    it, entry by entry: clauses by id, categories, authorities, state laws and adopted
    models by their keys, and defined terms by the term.

    With `keep_going` (for `check`), a library with errors is returned with what did load,
    its errors among its `warnings`, so that later stages can still check the rest."""
    if roots is None:
        roots = [bundled_library()]
    elif isinstance(roots, Path):
        roots = [roots]
    diagnostics: list[Diagnostic] = []
    lib = Library([], [], {}, [], {}, [])
    digest = hashlib.sha256()
    for rank, root in enumerate(roots):
        check_root(root)
        lib.layers.append(display_path(root))
        diagnostics += _load_layer(root, lib, digest, rank)
    if not lib.categories:
        raise OrdgenError(diagnostics + [file_diagnostic(
            lib.layers[-1], "no-categories", "no categories.yaml in the library",
            "add categories.yaml listing the categories in draft order")])
    diagnostics += _cross_check(lib)
    lib.fingerprint = digest.hexdigest()
    errors = [d for d in diagnostics if d.is_error]
    if errors and not keep_going:
        raise OrdgenError(diagnostics)
    lib.warnings = diagnostics
    return lib


def _load_layer(root: Path, lib: Library, digest: hashlib._Hash, rank: int) -> list[Diagnostic]:
    """Load one layer into `lib`; its entries are labelled with the layer's name."""
    found: list[Diagnostic] = []
    layer = root.resolve().name
    sources: dict[str, Source] = {}
    inside = os.path.realpath(root)
    for name in ("library.yaml", "categories.yaml", "authorities.yaml", "state-laws.yaml",
                 "models.yaml"):
        if os.path.lexists(root / name):
            problem = outside_or_special(inside, root / name)
            if problem is not None:
                found.append(problem)
                continue
            try:
                sources[name] = load(root / name)
            except OrdgenError as exc:
                found.extend(exc.diagnostics)
                continue
            digest.update(sources[name].text.encode())
    if (src := sources.get("library.yaml")) is not None:
        info, errs = to_model(src, LibraryInfo)
        found += errs
        if info:
            lib.info.append(info)
            layer = info.name
    if (src := sources.get("categories.yaml")) is not None:
        found += _merge_categories(lib, src, layer)
    if (src := sources.get("authorities.yaml")) is not None:
        if not isinstance(src.data, dict):
            found.append(src.diag((), "not-a-mapping",
                                  "authorities.yaml must map keys to authorities"))
        else:
            for key, item in src.data.items():
                auth, errs = to_model(src, Authority, item, (key,))
                found += errs
                if auth:
                    lib.authorities[key] = auth
                    lib.origins[f"authority:{key}"] = Origin(layer, src)
    for name, model, kind in (("state-laws.yaml", StateLaw, "state-law"),
                              ("models.yaml", AdoptedModel, "model")):
        if (src := sources.get(name)) is not None:
            found += _merge_list(lib, src, model, kind, layer)
    found += _load_clauses(root, lib, digest, layer, rank)
    return found


def _merge_categories(lib: Library, src: Source, layer: str) -> list[Diagnostic]:
    """A layer's categories: one it shares with the layers below replaces it where it
    stands; a new one goes after the category it follows in this layer's list (or before
    the one it precedes), so a local layer need list only what it adds or changes."""
    if not isinstance(src.data, list):
        return [src.diag((), "not-a-list", "categories.yaml must be a list of categories",
                         "start each category with '- id: ...'")]
    found: list[Diagnostic] = []
    mine: list[Category] = []
    for i, item in enumerate(src.data):
        cat, errs = to_model(src, Category, item, (i,))
        found += errs
        if cat is None:
            continue
        if cat.id in {c.id for c in mine}:
            found.append(src.diag((i, "id"), "duplicate-id",
                                  f"category '{cat.id}' is listed twice"))
            continue
        mine.append(cat)
    merged = list(lib.categories)
    for i, cat in enumerate(mine):
        lib.origins[f"category:{cat.id}"] = Origin(layer, src)
        ids = [c.id for c in merged]
        if cat.id in ids:
            merged[ids.index(cat.id)] = cat
            continue
        before = [c.id for c in mine[:i] if c.id in ids]
        after = [c.id for c in mine[i + 1:] if c.id in ids]
        at = (ids.index(before[-1]) + 1 if before else ids.index(after[0]) if after
              else len(merged))
        merged.insert(at, cat)
    lib.categories = merged
    return found


def _merge_list(lib: Library, src: Source, model: type[StateLaw] | type[AdoptedModel],
                kind: str, layer: str) -> list[Diagnostic]:
    """State laws or adopted models, by id: a later layer's entry replaces an earlier one."""
    if not isinstance(src.data, list):
        return [src.diag((), "not-a-list", f"{src.path.name} must be a list",
                         "start each entry with '- id: ...'")]
    found: list[Diagnostic] = []
    current: dict[str, StateLaw | AdoptedModel] = {
        e.id: e for e in (lib.state_laws if kind == "state-law" else lib.models)}
    for i, item in enumerate(src.data):
        entry, errs = to_model(src, model, item, (i,))
        found += errs
        if entry is not None:
            current[entry.id] = entry
            lib.origins[f"{kind}:{entry.id}"] = Origin(layer, src)
    if kind == "state-law":
        lib.state_laws = [e for e in current.values() if isinstance(e, StateLaw)]
    else:
        lib.models = [e for e in current.values() if isinstance(e, AdoptedModel)]
    return found


def _load_clauses(root: Path, lib: Library, digest: hashlib._Hash, layer: str, rank: int
                  ) -> list[Diagnostic]:
    """The layer's clause files; a clause overrides a lower layer's clause of its id."""
    found: list[Diagnostic] = []
    here: dict[str, Source] = {}
    for path in clause_files(root, found, META_FILES):
        try:
            source = load(path)
        except OrdgenError as exc:
            found.extend(exc.diagnostics)
            continue
        digest.update(source.text.encode())
        clause, errs = to_model(source, Clause)
        found += errs
        if clause is None:
            continue
        found += clause_rules(clause, source)
        if clause.id in here:
            found.append(source.diag(("id",), "duplicate-id",
                                     f"clause id '{clause.id}' is also used by "
                                     f"{here[clause.id].shown}", "give each clause a unique id"))
            continue
        here[clause.id] = source
        expected = f"{clause.category}.{path.stem}"
        if clause.id != expected or path.parent.name != clause.category:
            found.append(source.diag(("id",), "file-name", (
                f"clause '{clause.id}' is in {path.parent.name}/{path.name}"),
                f"keep clause '<category>.<name>' in <category>/<name>.yaml "
                f"(expected id '{expected}')", severity="warning"))
        lib.clauses[clause.id] = LoadedClause(clause, source, layer, rank)
    return found


def _cross_check(lib: Library) -> list[Diagnostic]:
    """References between files: categories, requires, conflicts, authorities, cycles."""
    found: list[Diagnostic] = []
    categories = [c.id for c in lib.categories]
    ids = sorted(lib.clauses)
    for _, loaded in sorted(lib.clauses.items()):
        clause, src = loaded.clause, loaded.source
        if clause.category not in categories:
            found.append(src.diag(("category",), "unknown-category",
                                  f"unknown category '{clause.category}'",
                                  did_you_mean(clause.category, categories)
                                  or "add it to categories.yaml"))
        for fieldname in ("requires", "conflicts"):
            for i, other in enumerate(getattr(clause, fieldname)):
                if other not in lib.clauses:
                    found.append(src.diag((fieldname, i), "unknown-clause",
                                          f"`{fieldname}` names unknown clause '{other}'",
                                          did_you_mean(other, ids)))
        for i, key in enumerate(clause.authorities):
            if key not in lib.authorities:
                found.append(src.diag(("authorities", i), "unknown-authority",
                                      f"unknown authority '{key}'",
                                      did_you_mean(key, sorted(lib.authorities))
                                      or "add it to authorities.yaml"))
    found += _cycles(lib) + _check_models(lib)
    return found


def _check_models(lib: Library) -> list[Diagnostic]:
    """Each provision of an adopted model names a clause and variant the library has, or
    says why a local government cannot adopt it."""
    found: list[Diagnostic] = []
    for i, model in enumerate(lib.models):
        origin = lib.origin("model", model.id)
        if origin is None:
            continue
        src = origin.source
        index = next((n for n, item in enumerate(src.data) if isinstance(item, dict)
                      and item.get("id") == model.id), i)
        for j, provision in enumerate(model.provisions):
            loc = (index, "provisions", j)
            if (provision.clause is None) == (provision.state_only is None):
                found.append(src.diag(loc, "bad-provision",
                                      f"{model.id} {provision.section}: give either `clause` "
                                      "or `state_only`",
                                      "a provision is carried by a clause, or is for the state "
                                      "alone"))
                continue
            if provision.clause is None:
                continue
            loaded = lib.clauses.get(provision.clause)
            if loaded is None:
                found.append(src.diag((*loc, "clause"), "unknown-clause",
                                      f"{model.id} {provision.section}: unknown clause "
                                      f"'{provision.clause}'",
                                      did_you_mean(provision.clause, sorted(lib.clauses))))
                continue
            variants = list(loaded.clause.variant_texts())
            if provision.variant is not None and provision.variant not in variants:
                found.append(src.diag((*loc, "variant"), "unknown-variant",
                                      f"{model.id} {provision.section}: clause "
                                      f"'{provision.clause}' has no variant '{provision.variant}'",
                                      f"its variants are: {', '.join(variants)}"))
    return found


def _cycles(lib: Library) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in sorted(lib.clauses):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        # iterative depth-first search that reports each cycle once
        while stack:
            node, path = stack.pop()
            if node == "":
                state[path[-1]] = 2
                continue
            if state.get(node) == 2:
                continue
            state[node] = 1
            stack.append(("", path))
            loaded = lib.clauses.get(node)
            for nxt in reversed(loaded.clause.requires if loaded else []):
                if nxt not in lib.clauses:
                    continue
                if state.get(nxt) == 1 and nxt in path:
                    cycle = path[path.index(nxt):] + [nxt]
                    src = lib.clauses[node].source
                    i = lib.clauses[node].clause.requires.index(nxt)
                    found.append(src.diag(("requires", i), "requires-cycle",
                                          "requires form a cycle: " + " -> ".join(cycle),
                                          "remove one of these requirements"))
                elif not state.get(nxt):
                    stack.append((nxt, path + [nxt]))
    return found

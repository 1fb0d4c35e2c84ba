"""Load and validate a clause library: one folder, or several layered folders."""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path

from msgspec import Struct, field

from .diagnostics import (
    Diagnostic,
    OrdgenError,
    did_you_mean,
    display_path,
    file_diagnostic,
    file_error,
)
from .model import Authority, Category, Clause, LibraryInfo, StateLaw
from .source import Source, load
from .validate import clause_rules, to_model

# models.yaml (the coverage map of adopted model laws) is read by its own loader, not as a clause
META_FILES = {"categories.yaml", "authorities.yaml", "state-laws.yaml", "library.yaml",
              "models.yaml"}
MAX_CLAUSE_FILES = 20_000


class LoadedClause(Struct, frozen=True):
    """A validated clause with the file it came from and the layer that supplied it."""

    clause: Clause
    source: Source
    layer: str


class Library(Struct, dict=True):  # dict: room for the cached properties
    """Everything a build needs from the clause library, merged across layers."""

    layers: list[str]  # the layer folders, as given
    info: list[LibraryInfo]
    clauses: dict[str, LoadedClause]
    categories: list[Category]
    authorities: dict[str, Authority]
    state_laws: list[StateLaw]
    sources: dict[str, Source] = field(default_factory=dict)  # meta files by name
    fingerprint: str = ""
    warnings: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def terms(self) -> dict[str, list[tuple[str, str, str]]]:
        """Every defined term, casefolded -> [(term as written, definition, clause id)]."""
        index: dict[str, list[tuple[str, str, str]]] = {}
        for cid, loaded in sorted(self.clauses.items()):
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


def bundled_library() -> Path:
    """The clause library that ships with ordgen."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "clauses"
    return installed if installed.is_dir() else here.parents[1] / "clauses"


def load_library(roots: list[Path] | Path | None = None) -> Library:
    """Load one or more library layers; later layers override clauses by id."""
    if roots is None:
        roots = [bundled_library()]
    elif isinstance(roots, Path):
        roots = [roots]
    diagnostics: list[Diagnostic] = []
    lib = Library([], [], {}, [], {}, [])
    digest = hashlib.sha256()
    for root in roots:
        if not root.is_dir():
            hint = "give the folder that holds categories.yaml and the clause folders"
            if not root.exists():
                raise file_error(root, "no-library", "library folder does not exist", hint)
            raise file_error(root, "no-library", "library path is not a folder", hint)
        lib.layers.append(display_path(root))
        diagnostics += _load_layer(root, lib, digest)
    if not lib.categories:
        raise OrdgenError(diagnostics + [Diagnostic(
            lib.layers[-1], 0, 0, "error", "no-categories", "no categories.yaml in the library",
            "add categories.yaml listing the categories in draft order")])
    diagnostics += _cross_check(lib)
    lib.fingerprint = digest.hexdigest()
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise OrdgenError(diagnostics)
    lib.warnings = diagnostics
    return lib


def _load_layer(root: Path, lib: Library, digest: hashlib._Hash) -> list[Diagnostic]:
    """Load one layer into `lib`; its clauses are labelled with the layer's name."""
    found: list[Diagnostic] = []
    layer = root.resolve().name

    def meta(name: str) -> Source | None:
        path = root / name
        if not path.exists():
            return None
        try:
            source = load(path)
        except OrdgenError as exc:
            found.extend(exc.diagnostics)
            return None
        digest.update(source.text.encode())
        lib.sources[name] = source
        return source

    if (src := meta("library.yaml")) is not None:
        info, errs = to_model(src, LibraryInfo)
        found += errs
        if info:
            lib.info.append(info)
            layer = info.name
    if (src := meta("categories.yaml")) is not None:
        if not isinstance(src.data, list):
            found.append(src.diag((), "not-a-list", "categories.yaml must be a list of categories",
                                  "start each category with '- id: ...'"))
        else:
            categories = []
            for i, item in enumerate(src.data):
                cat, errs = to_model(src, Category, item, (i,))
                found += errs
                if cat:
                    categories.append(cat)
            seen: set[str] = set()
            for i, cat in enumerate(categories):
                if cat.id in seen:
                    found.append(src.diag((i, "id"), "duplicate-id",
                                          f"category '{cat.id}' is listed twice"))
                seen.add(cat.id)
            lib.categories = categories
    if (src := meta("authorities.yaml")) is not None:
        if not isinstance(src.data, dict):
            found.append(src.diag((), "not-a-mapping",
                                  "authorities.yaml must map keys to authorities"))
        else:
            for key, item in src.data.items():
                auth, errs = to_model(src, Authority, item, (key,))
                found += errs
                if auth:
                    lib.authorities[key] = auth
    if (src := meta("state-laws.yaml")) is not None:
        if not isinstance(src.data, list):
            found.append(src.diag((), "not-a-list", "state-laws.yaml must be a list of laws"))
        else:
            laws = {law.id: law for law in lib.state_laws}
            for i, item in enumerate(src.data):
                law, errs = to_model(src, StateLaw, item, (i,))
                found += errs
                if law:
                    laws[law.id] = law
            lib.state_laws = list(laws.values())

    here: dict[str, Source] = {}
    for path in _clause_files(root, found):
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
            other = here[clause.id]
            found.append(source.diag(("id",), "duplicate-id",
                                     f"clause id '{clause.id}' is also used by {other.shown}",
                                     "give each clause a unique id"))
            continue
        here[clause.id] = source
        expected = f"{clause.category}.{path.stem}"
        if clause.id != expected or path.parent.name != clause.category:
            found.append(source.diag(("id",), "file-name", (
                f"clause '{clause.id}' is in {path.parent.name}/{path.name}"),
                f"keep clause '<category>.<name>' in <category>/<name>.yaml "
                f"(expected id '{expected}')", severity="warning"))
        lib.clauses[clause.id] = LoadedClause(clause, source, layer)
    return found


def _clause_files(root: Path, found: list[Diagnostic]) -> list[Path]:
    """Clause files below `root`, sorted, without following links to folders."""
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                onerror=lambda e: found.append(_walk_error(e))):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in sorted(filenames):
            if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            if here == root and name in META_FILES:
                continue
            path = here / name
            if path.is_symlink() and not path.exists():
                found.append(file_diagnostic(path, "broken-link",
                                        "symbolic link points nowhere (or loops)",
                                        "remove the link or point it at a clause file"))
                continue
            files.append(path)
            if len(files) > MAX_CLAUSE_FILES:
                raise file_error(root, "too-many-files",
                                 f"more than {MAX_CLAUSE_FILES:,} YAML files in the library",
                                 "check that this is a clause library folder")
    return files


def _walk_error(exc: OSError) -> Diagnostic:
    return file_diagnostic(exc.filename or ".", "unreadable",
                      f"cannot read folder: {exc.strerror}", "check its permissions")


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
    found += _cycles(lib)
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

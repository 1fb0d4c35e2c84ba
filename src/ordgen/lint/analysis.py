"""What analysing and rendering every clause finds: the facts the lint rules judge.

Each clause is read statically and rendered over its covering set (`rendering.py`). What
that finds is cached by the clause file's content and the sample drafts it was rendered in,
with every library lookup its helpers made; a cached result is used only while each lookup
still gives what it gave, so an unchanged clause is not rendered again. A large library's
clauses are rendered in worker processes.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import msgspec
from msgspec import Struct, field

from .. import cache
from ..diagnostics import Diagnostic, did_you_mean
from ..library import Library, bundled_library
from ..select import requirements
from .rendering import Selection, Unit, render_unit, sample_drafts
from .samples import SAMPLES, describe
from .static import locate

FORMAT = "5"  # what a cached unit holds: change it when that changes
PER_WORKER = 25  # clauses to render before another worker process pays for itself


class RenderedVariant(Struct, frozen=True):
    """One clause variant as `check` rendered it."""

    clause_id: str
    variant: str
    text: str  # the plain text of every distinct paragraph of its renders
    terms: frozenset[str]  # the defined terms its text uses
    needed: frozenset[str]  # the clause and everything it requires


class Analysis(Struct):
    """What rendering every clause over its covering set found."""

    errors: list[Diagnostic] = field(default_factory=list)  # warnings too
    terms_used: set[str] = field(default_factory=set)
    cited: set[str] = field(default_factory=set)
    texts: list[RenderedVariant] = field(default_factory=list)
    renders: dict[str, dict[str, int]] = field(default_factory=dict)  # clause -> variant -> n
    defines: dict[str, int] = field(default_factory=dict)  # clause -> renders of definitions
    names: dict[str, set[str]] = field(default_factory=dict)  # what each clause's texts read


def analyse(library: Library) -> Analysis:
    """Read each clause's templates and render them over their covering sets."""
    drafts = {cid: sample_drafts(library, cid) for cid in sorted(library.clauses)}
    units = dict(_units(library, drafts))
    analysis = Analysis()
    calls = _static_calls(library, units)
    explained = {(d.path, d.line, d.code) for d in calls}
    found = list(calls)
    repro = _library_args(library)
    for cid, unit in units.items():
        loaded = library.clauses[cid]
        path = loaded.source.shown
        for line, col, severity, code, message, hint, args in unit.diags:
            if (path, line, code) in explained:
                continue  # a helper's unknown argument, reported where it is written
            if args:
                hint = f"{hint}; " * bool(hint) + f"reproduce: ordgen show {args}{repro}"
            found.append(Diagnostic(path, line, col, severity, code, message, hint))  # type: ignore[arg-type]
        if not drafts[cid]:
            needs = " and ".join(loaded.clause.needs)
            found.append(loaded.source.diag(("needs",), "not-rendered", f"no sample "
                                            f"jurisdiction has a {needs} agency, so "
                                            f"'{cid}' was not rendered",
                                            f"the samples are: {', '.join(SAMPLES)}",
                                            severity="warning"))
        needed = frozenset([cid, *requirements(library, [cid])])
        for variant, texts in unit.texts.items():
            analysis.texts.append(RenderedVariant(cid, variant, " ".join(texts),
                                                  frozenset(unit.terms.get(variant, {})),
                                                  needed))
        analysis.renders[cid] = dict(unit.renders)
        analysis.defines[cid] = unit.defines
        analysis.names[cid] = set(unit.names)
        analysis.cited.update(unit.cited)
    found += _unselected_terms(library, units, drafts)
    analysis.terms_used = _terms_used(library, units)
    analysis.errors = sorted(set(found))
    return analysis


def _units(library: Library, drafts: dict[str, dict[str, Selection]]
           ) -> Iterable[tuple[str, Unit]]:
    """Each clause's unit: from the cache while its lookups hold, else rendered."""
    base = cache.key("check", FORMAT, jinja2.__version__, repr(SAMPLES))
    keys = {cid: cache.key(base, library.clauses[cid].source.text,
                           library.role(library.clauses[cid].clause), repr(drafts[cid]))
            for cid in drafts}
    todo = []
    for cid, key in keys.items():
        hit = cache.load("checks", key)
        if hit is not None:
            data, outcomes = hit[0]
            try:
                unit = msgspec.convert(data, type=Unit)
            except msgspec.ValidationError:  # an entry of another shape: render again
                todo.append(cid)
                continue
            now = [_probe(library, kind, name) for kind, name in unit.probes]
            # the cache holds plain data: compare as it is stored, where a tuple is a list
            if msgspec.msgpack.encode(now) == msgspec.msgpack.encode(outcomes):
                yield cid, unit
                continue
        todo.append(cid)
    workers = min(os.cpu_count() or 1, len(todo) // PER_WORKER)
    if workers >= 2:
        import multiprocessing  # here: most checks render few clauses

        if "fork" not in multiprocessing.get_all_start_methods():
            workers = 1
    if workers < 2:
        for cid in todo:
            yield cid, msgspec.msgpack.decode(_render(library, cid, drafts[cid], keys[cid]),
                                              type=Unit)
        return
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    _SHARED = (library, drafts, keys)  # what forked workers find
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        done = pool.map(_render_in_worker, todo, chunksize=max(1, len(todo) // (workers * 4)))
        for cid, data in zip(todo, done, strict=True):
            yield cid, msgspec.msgpack.decode(data, type=Unit)
    _SHARED = None


_SHARED: Any = None


def _render_in_worker(cid: str) -> bytes:
    library, drafts, keys = _SHARED
    return _render(library, cid, drafts[cid], keys[cid])


def _render(library: Library, cid: str, kinds: dict[str, Selection], key: str) -> bytes:
    """Render one clause and cache what it found when that is no error (an error is
    rendered again next time, so only sound input is kept)."""
    unit = render_unit(library, cid, kinds)
    data = msgspec.msgpack.encode(unit)
    if not any(d[2] == "error" for d in unit.diags):
        # the cache holds plain data: the unit and its lookups as lists, text and numbers
        probes = [_probe(library, k, n) for k, n in unit.probes]
        cache.store("checks", key, msgspec.msgpack.decode(msgspec.msgpack.encode(
            [msgspec.to_builtins(unit), probes])))
    return data


def _probe(library: Library, kind: str, name: str) -> tuple[Any, str]:
    """What a helper's lookup of `name` finds in the library: whether (or, for an
    authority, as what) it is there, and the hint when it is not."""
    if kind == "clause":
        ok: Any = name in library.clauses
        options: Iterable[str] = library.clauses
    elif kind == "term":
        ok, options = name in library.terms, library.terms
    else:
        found = library.authorities.get(name)
        ok, options = (found.citation if found else ""), library.authorities
    return ok, "" if ok else did_you_mean(name, sorted(options))


_UNKNOWN = {"term": ("unknown-term", "term('{}') is not defined by any clause", "term"),
            "ref": ("unknown-reference", "ref() names unknown clause '{}'", "clause"),
            "selected": ("unknown-clause", "selected() names unknown clause '{}'", "clause"),
            "cite": ("unknown-authority", "cite('{}') names an unknown authority", "cite")}


def _static_calls(library: Library, units: dict[str, Unit]) -> list[Diagnostic]:
    """Helpers called with a name the library does not have, in any branch."""
    found = []
    for cid, unit in units.items():
        source = library.clauses[cid].source
        for helper, name, loc, line in unit.calls:
            code, message, kind = _UNKNOWN[helper]
            ok, hint = _probe(library, kind, name.casefold() if kind == "term" else name)
            if not ok:
                found.append(locate(source, tuple(loc), line, "call", helper, 0, code,
                                    message.format(name),
                                    hint or ("add it to a clause's `defines`"
                                             if kind == "term" else "")))
    return found


def _unselected_terms(library: Library, units: dict[str, Unit],
                      drafts: dict[str, dict[str, Selection]]) -> list[Diagnostic]:
    """Defined terms a clause (or a definition it brings in) uses in a sample draft that
    does not hold the clause defining them."""
    found: dict[tuple[str, str], Diagnostic] = {}
    for cid, unit in units.items():
        held = {kind: frozenset(c for c, _ in draft) for kind, draft in drafts[cid].items()}
        for used in unit.terms.values():
            for key, (written, kinds) in used.items():
                # kinds whose drafts hold the same clauses find the same: follow each once
                for ids, kind in {held[k]: k for k in reversed(kinds)}.items():
                    _close(library, units, drafts, ids, [(key, written, cid)], kind, found)
    return list(found.values())


def _close(library: Library, units: dict[str, Unit], drafts: dict[str, dict[str, Selection]],
           ids: frozenset[str], pending: list[tuple[str, str, str]], kind: str,
           found: dict[tuple[str, str], Diagnostic]) -> None:
    """Follow the terms of one draft through their definitions, recording each term whose
    defining clause the draft lacks."""
    seen = set()
    while pending:
        key, written, user = pending.pop()
        if key in seen or key not in library.terms:
            continue
        seen.add(key)
        definers = [owner for _, _, owner in library.terms[key] if owner in ids]
        if definers:
            owner_unit = units.get(definers[0])
            pending += [(k, k, definers[0]) for k in (owner_unit.def_uses.get(key, [])
                                                      if owner_unit else [])]
            continue
        if (user, key) in found:
            continue
        owner = library.terms[key][0][2]
        loaded = library.clauses[user]
        everywhere = all(owner not in {c for c, _ in draft}
                         for draft in drafts.get(user, {}).values())
        where = "" if everywhere else f" for {describe(kind)}"
        found[user, key] = loaded.source.diag(
            ("requires",) if loaded.clause.requires else ("id",), "term-not-selected",
            f"'{user}' uses the defined term '{written}', but '{owner}', which defines it, "
            f"is not in the draft{where}",
            f"add '{owner}' to the `requires` of '{user}'")


def _terms_used(library: Library, units: dict[str, Unit]) -> set[str]:
    """Every term a clause text uses, and every term their definitions use in turn."""
    pending = [k for unit in units.values() for used in unit.terms.values() for k in used]
    used: set[str] = set()
    while pending:
        key = pending.pop()
        if key in used:
            continue
        used.add(key)
        for _, _, owner in library.terms.get(key, [])[:1]:
            if owner in units:
                pending += units[owner].def_uses.get(key, [])
    return used


def _library_args(library: Library) -> str:
    """`-l` options naming the library's layers, unless it is the bundled library."""
    bundled = bundled_library().resolve()
    if [Path(layer).resolve() for layer in library.layers] == [bundled]:
        return ""
    return "".join(f" -l {shlex.quote(layer)}" for layer in library.layers)

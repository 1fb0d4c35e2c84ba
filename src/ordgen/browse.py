"""Look into a library and a draft: the clause list, one clause in full, why a draft is so.

Every function returns plain data (dicts and lists of text, numbers and
booleans) that prints as JSON as it is; the CLI decides how people see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import structs

from . import values as typed
from .assemble import Assembler
from .diagnostics import Diagnostic, did_you_mean, file_error
from .document import Document
from .library import Library
from .lint.samples import DEFAULT_KIND, SAMPLES, government
from .model import STATES, AdoptedModel, Clause, Recipe
from .numbering import number
from .recipe import LoadedRecipe
from .select import Selected, draft_order, sample_selection


def clause_rows(library: Library, category: str | None = None) -> list[dict[str, Any]]:
    """One row per clause, in draft order, optionally of one category only."""
    if category is not None and category not in {c.id for c in library.categories}:

        known = [c.id for c in library.categories]
        raise file_error(library.layers[-1], "unknown-category",
            f"the library has no category '{category}'",
            did_you_mean(category, known) or f"its categories are: {', '.join(known)}")
    titles = {c.id: c.title for c in library.categories}
    return [{"id": clause.id, "title": clause.title, "category": clause.category,
             "category_title": titles.get(clause.category, clause.category),
             "summary": clause.summary, "variants": list(clause.variant_texts()),
             "default_variant": clause.default, "params": list(clause.params),
             "requires": list(clause.requires), "conflicts": list(clause.conflicts),
             "state_rules": list(clause.state_rules), "layer": library.clauses[clause.id].layer}
            for clause in (library.clauses[cid].clause for cid in draft_order(library))
            if category in (None, clause.category)]


def find_clause(library: Library, cid: str) -> Clause:
    """The clause with id `cid`, or a diagnostic naming the closest id."""
    loaded = library.clauses.get(cid)
    if loaded is None:

        raise file_error(library.layers[-1], "unknown-clause",
                                      f"the library has no clause '{cid}'",
                                      did_you_mean(cid, sorted(library.clauses))
                                      or "run `ordgen clauses` to list the library")
    return loaded.clause


class OptionError(ValueError):
    """A value given on the command line that does not fit the clause."""


def clause_detail(library: Library, cid: str, variant: str | None = None,
                  settings: Sequence[str] = (), kind: str | None = None,
                  instrument: str | None = None) -> dict[str, Any]:
    """One clause in full, with its chosen variant rendered in a sample draft: with its
    example values, or those `settings` give ("name=value", as a recipe's values are
    typed at a prompt), for a sample jurisdiction of `kind`, as `instrument`, as `ordgen
    check` renders it; raises OptionError for a setting, kind or instrument that does not
    fit."""
    clause = find_clause(library, cid)
    loaded = library.clauses[cid]
    variants = clause.variant_texts()
    chosen = variant or clause.default
    if chosen not in variants:
        raise file_error(loaded.source.shown, "unknown-variant",
                         f"clause '{cid}' has no variant '{chosen}'",
                         " ".join(filter(None, [did_you_mean(chosen, list(variants)),
                                                f"its variants are: {', '.join(variants)}"])))
    # unless asked for another, the first sample jurisdiction that has what the clause is about
    kind = kind or next((k for k in SAMPLES
                         if all(government(k).agencies[r] for r in clause.needs)), DEFAULT_KIND)
    if kind not in SAMPLES:
        raise OptionError(f"--kind {kind}: not a sample jurisdiction; "
                          + (did_you_mean(kind, list(SAMPLES)) or
                             f"the kinds are: {', '.join(SAMPLES)}"))
    instrument = instrument or clause.instruments[0]
    if instrument not in clause.instruments:
        raise OptionError(f"--instrument {instrument}: clause '{cid}' is written for "
                          f"{' or '.join(clause.instruments)}")
    gov = government(kind)
    lacking = [r for r in clause.needs if not gov.agencies[r]]
    if lacking:
        raise OptionError(f"--kind {kind}: {gov.name} has no {' or '.join(lacking)} agency, "
                          f"which '{cid}' needs")
    # the clause in a draft of just itself and what it requires, as `ordgen check` renders it
    selection = [s if s.id != cid else structs.replace(s, values={**s.values, **_settings(
        clause, settings)}) for s in sample_selection(library, cid, chosen)
        if all(gov.agencies[r] for r in s.loaded.clause.needs)]
    values = next(s.values for s in selection if s.id == cid)
    recipe = Recipe(jurisdiction=SAMPLES[kind][1], title="Sample", clauses=[cid],
                    instrument=instrument)
    assembler = Assembler(library, selection, recipe, gov)
    document = number(assembler.run())
    section = document.section(cid)
    if section is not None:
        heading = section.title
        paragraphs = [{"level": p.level, "label": p.label, "text": p.plain()}
                      for p in section.paragraphs]
        rationale = [p.plain() for p in section.rationale]
        cited = list(section.authorities)
    else:  # findings become WHEREAS recitals, which carry no number and keep no rationale
        heading = "Recitals"
        paragraphs = [{"level": 0, "label": "", "text": p.plain()} for p in document.recitals]
        rendered = assembler.render_clause(assembler.by_id[cid])
        rationale = [p.plain() for p in rendered.rationale] if rendered else []
        cited = list(dict.fromkeys([*clause.authorities,
                                    *(rendered.usage.cited if rendered else [])]))
    rules = set(clause.rules_of(chosen))
    laws = [law for law in library.state_laws if set(law.rules) & rules]
    return {
        "id": clause.id, "title": clause.title, "category": clause.category,
        "summary": clause.summary, "layer": loaded.layer, "file": loaded.source.shown,
        "variant": chosen, "default_variant": clause.default,
        "variants": [{"name": name, "summary": clause.variants[name].summary
                      if clause.variants else "", "default": name == clause.default}
                     for name in variants],
        "params": [{"name": name, "type": p.type, "default": p.default,
                    "example": clause.example.get(name), "description": p.description,
                    "min": p.min, "max": p.max, "choices": p.choices}
                   for name, p in clause.params.items()],
        "values": values,
        "sample": {"jurisdiction": gov.name, "kind": kind, "instrument": instrument,
                   "heading": heading, "paragraphs": paragraphs},
        "rationale": rationale,
        "authorities": [{"key": key, "citation": library.authorities[key].citation,
                         "parenthetical": library.authorities[key].parenthetical,
                         "source": library.authorities[key].source}
                        for key in cited if key in library.authorities],
        "defines": list(clause.defines),
        "requires": list(clause.requires), "conflicts": list(clause.conflicts),
        "state_rules": sorted(rules),
        "state_laws": [{"id": law.id, "state": law.state, "name": law.name,
                        "citation": law.citation, "confidence": law.confidence,
                        "rules": sorted(set(law.rules) & rules)}
                       for law in laws],
    }


def _settings(clause: Clause, settings: Sequence[str]) -> dict[str, Any]:
    """The typed values of "name=value" settings of a clause's params."""
    found: dict[str, Any] = {}
    for setting in settings:
        name, sep, text = setting.partition("=")
        name = name.strip()
        if not sep:
            raise OptionError(f"--set {setting}: write name=value")
        param = clause.params.get(name)
        if param is None:
            known = list(clause.params)
            raise OptionError(f"--set {setting}: clause '{clause.id}' has no param '{name}'; "
                              + (did_you_mean(name, known) or (
                                  f"its params are: {', '.join(known)}" if known
                                  else "it has no params")))
        try:
            found[name] = typed.parse(param, text)
        except ValueError as exc:
            raise OptionError(f"--set {setting}: {exc} ({typed.describe(param)})") from None
    return found


def explanation(doc: Document, recipe: LoadedRecipe, lib: Library, selection: list[Selected],
                warnings: list[Diagnostic], left_out: dict[str, str]) -> dict[str, Any]:
    """Why each clause is in a draft, what it keeps out, and what state law says about it."""
    chosen = {s.id for s in selection}
    clauses = []
    for s in selection:
        clause = s.loaded.clause
        section = doc.section(s.id)
        laws = section.state_laws if section else ()
        clauses.append({
            "id": s.id, "title": clause.title, "variant": s.variant,
            "section": section.number if section else None, "reason": s.reason,
            "layer": s.loaded.layer, "values": s.values,
            "state_laws": [law.id for law in laws]})
    # clauses of the library that could not now be added without a conflict
    blocked = {}
    for cid, loaded in sorted(lib.clauses.items()):
        if cid in chosen:
            continue
        against = sorted({*(set(loaded.clause.conflicts) & chosen),
                          *(s.id for s in selection if cid in s.loaded.clause.conflicts)})
        if against:
            blocked[cid] = against
    j = recipe.recipe.jurisdiction
    return {
        "recipe": recipe.source.shown,
        "jurisdiction": doc.government.name,
        "state": j.state,
        "state_name": STATES[j.state],
        "layers": lib.layers,
        "clauses": clauses,
        "blocked": blocked,
        "left_out": dict(left_out),
        "models": [coverage(lib, model, selection) for model in lib.models],
        "origins": origins(lib, doc, selection),
        "state_laws": [{"id": note.law.id, "name": note.law.name, "citation": note.law.citation,
                        "confidence": note.law.confidence, "sections": list(note.sections),
                        "clauses": list(note.clause_ids)} for note in doc.state_laws],
        "warnings": [d.to_dict() for d in warnings],
    }


def coverage(lib: Library, model: AdoptedModel, selection: list[Selected]) -> dict[str, Any]:
    """How much of an adopted model law a draft carries, and how strongly.

    A provision is carried when its clause is in the draft in the variant the map names or
    a stronger one (variants run weakest first)."""
    chosen = {s.id: s.variant for s in selection}

    def rank(cid: str, variant: str | None) -> int:
        names = list(lib.clauses[cid].clause.variant_texts())
        return names.index(variant) if variant in names else 0

    adoptable = [p for p in model.provisions if p.clause is not None]
    carried = [p for p in adoptable if p.clause in chosen
               and rank(p.clause, chosen[p.clause]) >= rank(p.clause, p.variant)]
    strong = [p for p in carried if p.clause is not None
              and (len(lib.clauses[p.clause].clause.variant_texts()) == 1
                   or rank(p.clause, chosen[p.clause]) >= rank(p.clause, "strong"))]
    return {"id": model.id, "name": model.name, "citation": model.citation,
            "provisions": len(model.provisions), "adoptable": len(adoptable),
            "carried": len(carried), "strong": len(strong),
            "missing": [p.section for p in adoptable if p not in carried],
            "state_only": [p.section for p in model.provisions if p.state_only]}


def origins(lib: Library, doc: Document, selection: list[Selected]) -> dict[str, dict[str, str]]:
    """The layer each entry of the draft came from: its clauses, their categories, the
    authorities it cites and the state laws that may reach it."""
    def layer(kind: str, key: str) -> str:
        origin = lib.origin(kind, key)
        return origin.layer if origin else ""

    return {
        "clauses": {s.id: s.loaded.layer for s in selection},
        "categories": {c: layer("category", c)
                       for c in dict.fromkeys(s.loaded.clause.category for s in selection)},
        "authorities": {a.key: layer("authority", a.key) for a in doc.authorities},
        "state_laws": {n.law.id: layer("state-law", n.law.id) for n in doc.state_laws},
    }


def layer_entries(lib: Library) -> dict[str, dict[str, list[str]]]:
    """For each layer, the entries of the merged library that came from it."""
    out: dict[str, dict[str, list[str]]] = {}
    for cid, loaded in sorted(lib.clauses.items()):
        out.setdefault(loaded.layer, {}).setdefault("clauses", []).append(cid)
    for key, origin in sorted(lib.origins.items()):
        kind, _, name = key.partition(":")
        group = {"category": "categories", "authority": "authorities",
                 "state-law": "state_laws", "model": "models"}[kind]
        out.setdefault(origin.layer, {}).setdefault(group, []).append(name)
    return out

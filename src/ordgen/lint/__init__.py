"""Library-wide checks: render every variant, then run each rule over what was found."""

from __future__ import annotations

from msgspec import Struct, field

from ..assemble import Assembler
from ..diagnostics import Diagnostic
from ..library import Library
from ..model import Jurisdiction, Recipe
from ..select import Selected, order
from ..templating import precompile
from .rules import RULES

SAMPLE = Jurisdiction(name="City of Saint Paul", kind="city", state="MN",
                      governing_body="City Council", executive="Mayor",
                      police_agency="Saint Paul Police Department",
                      code_name="Saint Paul Legislative Code")


class Analysis(Struct):
    """What rendering every clause variant with its example values found."""

    errors: list[Diagnostic] = field(default_factory=list)
    terms_used: set[str] = field(default_factory=set)
    cited: set[str] = field(default_factory=set)
    # each rendered variant: (clause id, variant, plain text, terms it used, its closure)
    texts: list[tuple[str, str, str, frozenset[str], frozenset[str]]] = field(
        default_factory=list)


def closure(library: Library, cid: str) -> list[str]:
    """A clause and everything it requires, transitively."""
    seen = [cid]
    for current in seen:
        for req in library.clauses[current].clause.requires:
            if req not in seen and req in library.clauses:
                seen.append(req)
    return seen


def sample_selection(library: Library, cid: str, variant: str,
                     needed: list[str] | None = None) -> list[Selected]:
    """A draft of one clause variant (with its example values) and what it requires
    (`needed`, its closure, when the caller has it already)."""
    picked = {other: (library.clauses[other].clause.default,
                      {n: p.default for n, p in library.clauses[other].clause.params.items()},
                      "required")
              for other in needed or closure(library, cid)}
    clause = library.clauses[cid].clause
    values = {n: p.default for n, p in clause.params.items()} | dict(clause.example)
    picked[cid] = (variant, values, "chosen")
    return order(library, picked)


def analyse(library: Library) -> Analysis:
    """Render each variant of each clause in a draft of just it and its requirements."""
    analysis = Analysis()
    precompile(text for loaded in library.clauses.values()
               for text in (*loaded.clause.variant_texts().values(),
                            *loaded.clause.defines.values()))
    recipe = Recipe(jurisdiction=SAMPLE, title="Library check", clauses=["check.sample"])
    for cid in sorted(library.clauses):
        clause = library.clauses[cid].clause
        needed = closure(library, cid)
        for variant in clause.variant_texts():
            assembler = Assembler(library, sample_selection(library, cid, variant, needed),
                                  recipe)
            target = assembler.by_id[cid]
            result = assembler.render_clause(target)
            if result is not None:
                usage = result[2]
                analysis.texts.append((cid, variant, " ".join(p.plain() for p in result[0]),
                                       frozenset(usage.terms), frozenset(needed)))
                analysis.cited.update(usage.cited)
                analysis.terms_used.update(usage.terms)
                used = {k: (w, cid) for k, w in usage.terms.items()}
                definitions = [s for s in assembler.selection if s.role == "definitions"]
                assembler.define(used, definitions)
                analysis.terms_used.update(used)
            analysis.errors += assembler.errors
    analysis.errors = sorted(set(analysis.errors))
    return analysis


def lint_library(library: Library) -> list[Diagnostic]:
    """Every rule's findings for a loaded library."""
    analysis = analyse(library)
    found = list(analysis.errors)
    for rule in RULES:
        found += rule(library, analysis)
    return found

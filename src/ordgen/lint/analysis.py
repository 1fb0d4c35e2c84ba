"""What rendering every variant of every clause finds: the facts the lint rules judge."""

from __future__ import annotations

from msgspec import Struct, field

from ..assemble import Assembler
from ..diagnostics import Diagnostic
from ..government import SAMPLE
from ..library import Library
from ..model import Recipe
from ..select import requirements, sample_selection
from ..templating import precompile


class RenderedVariant(Struct, frozen=True):
    """One clause variant as `check` rendered it."""

    clause_id: str
    variant: str
    text: str  # the plain text of its paragraphs
    terms: frozenset[str]  # the defined terms its text uses
    needed: frozenset[str]  # the clause and everything it requires


class Analysis(Struct):
    """What rendering every clause variant with its example values found."""

    errors: list[Diagnostic] = field(default_factory=list)
    terms_used: set[str] = field(default_factory=set)
    cited: set[str] = field(default_factory=set)
    texts: list[RenderedVariant] = field(default_factory=list)


def analyse(library: Library) -> Analysis:
    """Render each variant of each clause in a draft of just it and its requirements."""
    analysis = Analysis()
    precompile(text for loaded in library.clauses.values()
               for text in (*loaded.clause.variant_texts().values(),
                            *loaded.clause.defines.values()))
    recipe = Recipe(jurisdiction=SAMPLE, title="Library check", clauses=["check.sample"])
    for cid in sorted(library.clauses):
        clause = library.clauses[cid].clause
        needed = frozenset([cid, *requirements(library, [cid])])
        for variant in clause.variant_texts():
            assembler = Assembler(library, sample_selection(library, cid, variant), recipe)
            result = assembler.render_clause(assembler.by_id[cid])
            if result is not None:
                usage = result.usage
                analysis.texts.append(RenderedVariant(
                    cid, variant, " ".join(p.plain() for p in result.paragraphs),
                    frozenset(usage.terms), needed))
                analysis.cited.update(usage.cited)
                analysis.terms_used.update(usage.terms)
                used = {k: (w, cid) for k, w in usage.terms.items()}
                assembler.define(used, [s for s in assembler.selection
                                        if s.role == "definitions"])
                analysis.terms_used.update(used)
            analysis.errors += assembler.errors
    analysis.errors = sorted(set(analysis.errors))
    return analysis

"""Render the selected clauses into a Document: text, defined terms, citations, references.

The sections come out in draft order but unnumbered: cross-references name their target
clause, and `numbering.number` gives the numbers once the document is final.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

from .closing import closing
from .diagnostics import Diagnostic, OrdgenError, did_you_mean
from .document import (
    CitedAuthority,
    ClauseRecord,
    Document,
    Finding,
    Paragraph,
    Provenance,
    Section,
    StateLawNote,
)
from .government import Government, resolve
from .instruments import INSTRUMENTS, enacting_clause, heading
from .library import Library, LoadedClause
from .model import Recipe
from .paragraphs import StructureError, inlines, number, ref_marker, split
from .select import Selected
from .templating import TemplateProblem, render, template_diagnostic
from .version import __version__

COUNSEL_NOTE = ("Model language for review by counsel. This draft is not legal advice and must "
                "be checked against state law and the local charter before introduction.")
AUTHORITY_KINDS = ("case", "statute", "regulation", "ordinance", "executive", "model", "memo",
                   "report")


class Usage(Struct):
    """What one template asked for: defined terms and authorities."""

    terms: dict[str, str] = field(default_factory=dict)  # casefolded term -> as first written
    cited: list[str] = field(default_factory=list)


class RenderedClause(Struct):
    """One clause's text as outline paragraphs, its rationale, and what the text used."""

    paragraphs: list[Paragraph]
    rationale: list[Paragraph]
    usage: Usage


class Assembler:
    """Renders the selected clauses into sections, collecting what they use."""

    def __init__(self, library: Library, selection: list[Selected], recipe: Recipe,
                 government: Government | None = None) -> None:
        self.library, self.selection, self.recipe = library, selection, recipe
        # clauses an amending ordinance writes into the code speak of "this chapter"
        self.codified = {e.clause for e in (recipe.amends.sections if recipe.amends else ())
                         if e.clause}
        self.government = government or resolve(recipe.jurisdiction)[0]
        self.errors: list[Diagnostic] = []
        self.by_id = {s.id: s for s in self.selection}
        self.base = {"jurisdiction": self.government.context(),
                     "instrument": self.recipe.instrument,
                     "this": INSTRUMENTS[self.recipe.instrument].itself}
        self.terms = self.library.terms

    # -- the helpers templates call -------------------------------------------------
    def helpers(self, usage: Usage) -> dict[str, Callable[..., Any]]:
        def ref(target: Any) -> str:
            target = str(target)
            chosen = self.by_id.get(target)
            if chosen is None:
                if target not in self.library.clauses:
                    raise TemplateProblem("unknown-reference", f"ref() names unknown clause "
                                          f"'{target}'",
                                          did_you_mean(target, sorted(self.library.clauses)))
                raise TemplateProblem(
                    "reference-not-selected",
                    f"ref('{target}') refers to a clause that is not in this draft",
                    f"add '{target}' to this clause's `requires`, or write "
                    f"{{% if selected('{target}') %}}...{{% endif %}} around the reference")
            if chosen.role == "recitals":
                raise TemplateProblem("reference-to-recital",
                                      f"ref('{target}') refers to recitals, which have no number")
            return ref_marker(target)

        def term(name: Any, form: Any = None) -> str:
            name = str(name)
            key = name.casefold()
            if key not in self.terms:
                raise TemplateProblem("unknown-term", f"term('{name}') is not defined by any "
                                      "clause",
                                      did_you_mean(key, sorted(self.terms))
                                      or "add it to a clause's `defines`")
            usage.terms.setdefault(key, name)
            return str(form) if form is not None else name

        def cite(key: Any) -> str:
            key = str(key)
            authority = self.library.authorities.get(key)
            if authority is None:
                raise TemplateProblem("unknown-authority", f"cite('{key}') names an unknown "
                                      "authority",
                                      did_you_mean(key, sorted(self.library.authorities)))
            usage.cited.append(key)
            return authority.citation

        def selected(target: Any) -> bool:
            if str(target) not in self.library.clauses:
                raise TemplateProblem("unknown-clause", f"selected() names unknown clause "
                                      f"'{target}'",
                                      did_you_mean(str(target), sorted(self.library.clauses)))
            return str(target) in self.by_id

        return {"ref": ref, "term": term, "cite": cite, "selected": selected}

    def render(self, loaded: LoadedClause, loc: tuple[str, ...], text: str,
               values: dict[str, Any], usage: Usage) -> str | None:
        """Render one template; on failure record a located diagnostic and return None."""
        context = {**values, **self.base, **self.helpers(usage)}
        if loaded.clause.id in self.codified:
            context["this"] = "this chapter"
        try:
            return render(text, context)
        except Exception as exc:  # templates are untrusted: any failure is a diagnostic
            self.errors.append(template_diagnostic(loaded.source, loc, exc))
            return None

    def render_clause(self, chosen: Selected) -> RenderedClause | None:
        """A clause's text and rationale, or None (with a diagnostic) when either fails."""
        clause = chosen.loaded.clause
        usage = Usage()
        if clause.recitals:
            return self.render_recitals(chosen, usage)
        loc = ("variants", chosen.variant, "text") if clause.variants else ("text",)
        text = self.render(chosen.loaded, loc, clause.variant_texts()[chosen.variant],
                           chosen.values, usage)
        # the rationale's terms are not the draft's: count only the text's
        rationale = self.render(chosen.loaded, ("rationale",), clause.rationale, chosen.values,
                                Usage(cited=usage.cited))
        if text is None or rationale is None:
            return None
        try:
            paragraphs = number(split(text))
        except StructureError as exc:
            source = chosen.loaded.source
            self.errors.append(source.diag(loc, "outline", str(exc), exc.hint,
                                           line_offset=exc.line + source.block_offset(loc) - 1))
            return None
        return RenderedClause(paragraphs, notes_of(rationale), usage)

    def render_recitals(self, chosen: Selected, usage: Usage) -> RenderedClause | None:
        """A clause of recitals: each chosen recital rendered on its own, so an error names
        the recital; one that renders empty (its condition unmet) is left out."""
        clause = chosen.loaded.clause
        assert clause.recitals is not None
        paragraphs: list[Paragraph] = []
        ok = True
        for key in chosen.recitals:
            text = self.render(chosen.loaded, ("recitals", key, "text"),
                               clause.recitals[key].text, chosen.values, usage)
            if text is None:
                ok = False
            elif text.strip():
                paragraphs.append(Paragraph(0, "", inlines(" ".join(text.split()))))
        rationale = self.render(chosen.loaded, ("rationale",), clause.rationale, chosen.values,
                                Usage(cited=usage.cited))
        if not ok or rationale is None:
            return None
        return RenderedClause(paragraphs, notes_of(rationale), usage)

    def define(self, used: dict[str, tuple[str, str]], definitions: list[Selected]
               ) -> list[Paragraph]:
        """The Definitions paragraphs for the terms the draft uses, alphabetically.

        `used` (term key -> (as written, the clause using it)) gains the terms that the
        definitions themselves use."""
        entries: dict[str, str] = {}
        pending = sorted(used)
        while pending:
            key = pending.pop(0)
            if key in entries:
                continue
            written, user = used[key]
            definers = [d for d in self.terms[key] if d[2] in self.by_id]
            if not definers:
                owner = self.terms[key][0][2]
                user_loaded = self.by_id[user].loaded
                self.errors.append(user_loaded.source.diag(
                    ("requires",) if user_loaded.clause.requires else ("id",),
                    "term-not-selected",
                    f"'{user}' uses the defined term '{written}', but '{owner}', which defines "
                    "it, is not in the draft",
                    f"add '{owner}' to the recipe or to the `requires` of '{user}'"))
                entries[key] = ""
                continue
            term, definition, owner = definers[0]
            chosen = self.by_id[owner]
            usage = Usage()
            text = self.render(chosen.loaded, ("defines", term), definition, chosen.values, usage)
            if text is None:
                entries[key] = ""
                continue
            # straight quotes, as clause text has them: the typography pass curls them all
            entries[key] = f'"{term[:1].upper()}{term[1:]}" {" ".join(text.split())}'
            for more, as_written in usage.terms.items():
                if more not in used:
                    used[more] = (as_written, owner)
                    pending.append(more)
        if any(entries.values()) and not definitions:
            first = next(iter(used.values()))[1]
            self.errors.append(self.by_id[first].loaded.source.diag(
                ("id",), "no-definitions-section",
                "the draft uses defined terms but has no Definitions section",
                "add definitions.core (or another definitions clause) to the recipe"))
        ordered = sorted((k for k in entries if entries[k]), key=lambda k: (k, entries[k]))
        return number([(1, entries[k], 0) for k in ordered])

    # -- assembly ---------------------------------------------------------------------
    def rendered(self) -> dict[str, tuple[RenderedClause, list[Paragraph]]]:
        """Every selected clause rendered, definitions last (they define what the others
        used), each with the definitions it contributes; raises on any error."""
        out: dict[str, tuple[RenderedClause, list[Paragraph]]] = {}
        used: dict[str, tuple[str, str]] = {}  # term key -> (as written, using clause)
        definitions = [s for s in self.selection if s.role == "definitions"]
        for chosen in [*(s for s in self.selection if s.role != "definitions"), *definitions]:
            result = self.render_clause(chosen)
            if result is None:
                continue
            out[chosen.id] = (result, [])
            for key, written in result.usage.terms.items():
                used.setdefault(key, (written, chosen.id))
        terms = self.define(used, definitions)
        if self.errors:
            raise OrdgenError(self.errors)
        if definitions:
            out[definitions[0].id][1].extend(terms)
        return out

    def run(self, recipe_sha: str = "", commit: str = "") -> Document:
        """The selected clauses as an unnumbered Document."""
        rendered = self.rendered()
        laws = [law for law in self.library.state_laws if law.state == self.government.state]
        recitals: list[Paragraph] = []
        findings: list[Finding] = []
        sections: list[Section] = []
        cited: dict[str, list[str]] = {}
        for chosen in self.selection:
            result, terms = rendered[chosen.id]
            clause = chosen.loaded.clause
            if chosen.role == "recitals":
                recitals += result.paragraphs
                keys = list(dict.fromkeys([*clause.authorities, *result.usage.cited]))
                for key in keys:
                    cited.setdefault(key, []).append(chosen.id)
                findings.append(Finding(clause_id=clause.id, heading=clause.title,
                                        rationale=tuple(result.rationale),
                                        authorities=tuple(keys)))
                continue
            if chosen.role == "definitions" and not terms:
                continue  # nothing uses a term it defines: no Definitions section
            keys = list(dict.fromkeys([*clause.authorities, *result.usage.cited]))
            for key in keys:
                cited.setdefault(key, []).append(chosen.id)
            rules = set(clause.rules_of(chosen.variant))
            affected = tuple(law for law in laws if set(law.rules) & rules)
            sections.append(Section(
                clause_id=clause.id, heading=clause.title, variant=chosen.variant,
                reason=chosen.reason, layer=chosen.loaded.layer,
                paragraphs=(*result.paragraphs, *terms), rationale=tuple(result.rationale),
                authorities=tuple(keys), state_laws=affected))
        notes = [StateLawNote(law, tuple(s.clause_id for s in sections if law in s.state_laws))
                 for law in laws]
        found = {f.clause_id for f in findings}
        gov = self.government
        return Document(
            instrument=self.recipe.instrument,
            government=gov,
            heading=heading(self.recipe.instrument, self.recipe.number,
                            self.recipe.jurisdiction.number_label),
            jurisdiction=gov.name.upper(),
            title=self.recipe.title.upper(),
            draft=self.recipe.draft,
            counsel_note=COUNSEL_NOTE,
            recitals=tuple(whereas(recitals, bridge=not (self.recipe.enacting_clause or "")
                                   .casefold().startswith("now, therefore"))),
            enacting_clause=self.recipe.enacting_clause or enacting_clause(
                gov, self.recipe.instrument),
            sections=tuple(sections),
            authorities=tuple(CitedAuthority(k, self.library.authorities[k], tuple(v),
                                             recitals=any(c in found for c in v))
                              for k, v in sorted(cited.items(),
                                                 key=lambda kv: self.cite_order(kv[0]))),
            state_laws=tuple(n for n in notes if n.clause_ids),
            rationale_mode=self.recipe.rationale,
            provenance=Provenance(
                __version__, library_label(self.library), self.library.fingerprint, commit,
                recipe_sha, tuple(ClauseRecord(s.id, s.variant, s.loaded.layer, s.reason)
                                  for s in self.selection)),
            date=self.recipe.date,
            closing=closing(gov, self.recipe.instrument) if self.recipe.closing else None,
            findings=tuple(findings),
            laws_here=tuple(laws),
        )

    def cite_order(self, key: str) -> tuple[int, str]:
        """Where an authority stands in the table: by kind, then by citation."""
        authority = self.library.authorities[key]
        return (AUTHORITY_KINDS.index(authority.kind), authority.citation.casefold())


def notes_of(rationale: str) -> list[Paragraph]:
    """A rendered rationale as paragraphs: blank lines separate them."""
    return [Paragraph(0, "", inlines(" ".join(line.strip() for line in block.splitlines())))
            for block in rationale.split("\n\n") if block.strip()]


def whereas(paragraphs: list[Paragraph], bridge: bool = True) -> list[Paragraph]:
    """Each findings paragraph as a WHEREAS recital, chained with '; and'; the last ends
    with "now, therefore," unless the enacting clause begins with those words itself."""
    out = []
    for i, p in enumerate(paragraphs):
        content = list(p.content)
        if content and isinstance(content[-1], str):
            content[-1] = content[-1].rstrip().rstrip(".;,")
        last = "; now, therefore," if bridge else ";"
        ending = last if i == len(paragraphs) - 1 else "; and"
        out.append(Paragraph(0, "", ("WHEREAS, ", *content, ending)))
    return out


def library_label(library: Library) -> str:
    names = [f"{i.name} {i.version}" for i in library.info]
    return "; ".join(names) if names else "; ".join(library.layers)


def assemble(library: Library, selection: list[Selected], recipe: Recipe, recipe_sha: str = "",
             commit: str = "", government: Government | None = None) -> Document:
    """Render and cross-reference the selected clauses into an unnumbered Document."""
    return Assembler(library, selection, recipe, government).run(recipe_sha, commit)

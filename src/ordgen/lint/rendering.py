"""Render one clause over its covering set: each variant and each definition, with the
values a covering array picks, for every sample jurisdiction and instrument that changes
what it says; what the renders found, as plain data that can be cached.

A factor is left out of a template's covering array when the template cannot see it: a
template that never reads `jurisdiction` renders alike for every kind (its text is still
judged as each kind's), one that never reads `this` or `instrument` alike for every
instrument, and a param it does not read is kept at its example value.
"""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Callable
from typing import Any

from msgspec import Struct, field

from .. import values as typed
from ..assemble import Assembler, Usage
from ..library import Library, LoadedClause
from ..model import Recipe
from ..select import Selected, defaults, draft_order, requirements
from .coverage import levels, pairwise
from .samples import DEFAULT_KIND, SAMPLES, describe, government
from .static import Loc, inspect_clause
from .wording import instrument_words, kind_words

UNIT_BUDGET = 20.0  # seconds one clause's renders may take before check stops them
# a diagnostic without its path (the cache is shared by every checkout of a library):
# line, col, severity, code, message, hint, and the `ordgen show` arguments that reproduce it
Diag = tuple[int, int, str, str, str, str, str]
Selection = tuple[tuple[str, str], ...]  # (clause id, role) of a sample draft, in order
_WORDING = ("wrong-jurisdiction-word", "wrong-instrument-word")


class Unit(Struct):
    """What rendering one clause over its covering set found."""

    diags: list[Diag] = field(default_factory=list)
    renders: dict[str, int] = field(default_factory=dict)  # variant -> renders
    defines: int = 0  # renders of its definitions
    # variant -> the distinct paragraphs of its renders, as plain text
    texts: dict[str, list[str]] = field(default_factory=dict)
    # variant -> term key -> [as first written, [the kinds whose drafts use it]]
    terms: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    def_uses: dict[str, list[str]] = field(default_factory=dict)  # term -> terms it uses
    cited: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # what its texts and rationale read
    # helpers called with a constant: [helper, argument, template loc, template line]
    calls: list[list[Any]] = field(default_factory=list)
    probes: list[list[str]] = field(default_factory=list)  # library lookups: [kind, key]


def sample_drafts(library: Library, cid: str) -> dict[str, Selection]:
    """For each sample kind whose drafts would hold the clause, the clause and what it
    requires, less what that kind has no agency for (as `select` leaves them out)."""
    base = [cid, *requirements(library, [cid])]
    found = {}
    for kind in SAMPLES:
        agencies = government(kind).agencies
        ids = [c for c in base if all(agencies[r] for r in library.clauses[c].clause.needs)]
        if cid in ids:
            found[kind] = tuple((c, library.role(library.clauses[c].clause))
                                for c in draft_order(library, ids))
    return found


class _Probing(Assembler):
    """An assembler that records every library lookup its helpers make, so that a cached
    result can be trusted only while each lookup still gives what it gave."""

    probes: set[tuple[str, str]]

    def helpers(self, usage: Usage) -> dict[str, Callable[..., Any]]:
        made = super().helpers(usage)
        probes = self.probes

        def probing(kind: str, helper: Callable[..., Any]) -> Callable[..., Any]:
            def call(target: Any, *args: Any, **kwargs: Any) -> Any:
                key = str(target)
                probes.add((kind, key.casefold() if kind == "term" else key))
                return helper(target, *args, **kwargs)
            return call

        return {"ref": probing("clause", made["ref"]), "term": probing("term", made["term"]),
                "cite": probing("cite", made["cite"]),
                "selected": probing("clause", made["selected"])}


class _Cover:
    """The renders of one clause; `run` fills `unit`."""

    def __init__(self, library: Library, loaded: LoadedClause, kinds: dict[str, Selection]
                 ) -> None:
        self.library, self.loaded, self.kinds = library, loaded, kinds
        self.clause = loaded.clause
        self.role = library.role(self.clause)
        self.unit = Unit()
        self.probes: set[tuple[str, str]] = set()
        self.assemblers: dict[tuple[str, str], _Probing] = {}
        self.started = time.monotonic()
        self.stopped = False
        self.failed: set[tuple[int, str, str]] = set()  # (line, code, message) reported
        self.wording: dict[tuple[Loc, str], list[Any]] = {}
        self.memo: dict[tuple[str, str, str], list[str]] = {}
        self.example = tuple(str(v) for value in self.clause.example.values()
                             for v in (value if isinstance(value, list) else [value]))

    def assembler(self, kind: str, instrument: str) -> _Probing:
        key = (kind, instrument)
        if key not in self.assemblers:
            chosen = [Selected(self.library.clauses[c], self.library.clauses[c].clause.default,
                               defaults(self.library.clauses[c].clause), "required", role)
                      for c, role in self.kinds[kind]]
            recipe = Recipe(jurisdiction=SAMPLES[kind][1], title="Library check",
                            clauses=[self.clause.id], instrument=instrument)  # type: ignore[arg-type]
            made = _Probing(self.library, chosen, recipe, government(kind))
            made.probes = self.probes
            self.assemblers[key] = made
        return self.assemblers[key]

    def run(self) -> Unit:
        facts, static = inspect_clause(self.loaded)
        unit = self.unit
        for loc, found in facts.items():
            unit.calls += [[name, arg, list(loc), line]
                           for what, name, line, arg in found.uses if what == "call" and arg]
        rationale = facts.get(("rationale",))
        unit.names = sorted({n for loc, f in facts.items() if loc[0] != "defines"
                             for n in f.reads})
        for variant in self.clause.variant_texts():
            loc = ("variants", variant, "text") if self.clause.variants else ("text",)
            unit.renders[variant] = 0
            if loc in facts and rationale is not None and self.kinds:
                self.cover(loc, variant, facts[loc].reads | rationale.reads)
        for term in self.clause.defines:
            if ("defines", term) in facts and self.kinds:
                self.cover(("defines", term), "", facts[("defines", term)].reads)
        for (loc, word), (kinds, instruments, repro) in self.wording.items():
            unit.diags.append(self._wording(loc, word, kinds, instruments, repro))
        # a line static analysis found wrong fails when rendered too: report it once
        wrong = {d.line for d in static}
        unit.diags = [_plain(d) + ("",) for d in static] + [
            d for d in unit.diags if d[0] not in wrong or d[3] in _WORDING]
        unit.probes = [list(p) for p in sorted(self.probes)]
        unit.cited = sorted(set(unit.cited))
        return unit

    def cover(self, loc: Loc, variant: str, reads: frozenset[str]) -> None:
        """Render one template (a variant, with the rationale; or a definition) over the
        pairwise combinations of what it reads."""
        clause = self.clause
        base = defaults(clause) | dict(clause.example)
        params = [p for p in clause.params if p in reads]
        factors: list[list[Any]] = [levels(clause.params[p], base[p]) for p in params]
        kinds = list(self.kinds)
        if "jurisdiction" in reads:
            factors.append([[k] for k in kinds])
        elif reads & {"ref", "selected"}:  # kinds whose drafts hold other clauses differ
            groups: dict[Selection, list[str]] = {}
            for k in kinds:
                groups.setdefault(self.kinds[k], []).append(k)
            factors.append(list(groups.values()))
        else:
            factors.append([kinds])
        instruments = list(clause.instruments)
        factors.append([[i] for i in instruments] if reads & {"instrument", "this"}
                       else [instruments])
        for row in pairwise([len(f) for f in factors]):
            if self.stopped:
                return
            chosen = [f[i] for f, i in zip(factors, row, strict=True)]
            values = base | dict(zip(params, chosen, strict=False))
            group, insts = chosen[-2], chosen[-1]
            shown = {p: values[p] for p in params}
            self.render_one(loc, variant, values, shown, group, insts,
                            len(factors[-2]) > 1, len(factors[-1]) > 1)
            if time.monotonic() - self.started > UNIT_BUDGET:
                self.stopped = True
                self.unit.diags.append(_plain(self.loaded.source.diag(
                    loc, "template-security", f"rendering '{clause.id}' took longer than "
                    f"{UNIT_BUDGET:.0f} seconds; the rest of its combinations were not "
                    "rendered", "make the templates simpler")) + ("",))

    def render_one(self, loc: Loc, variant: str, values: dict[str, Any],
                   shown: dict[str, Any], kinds: list[str], instruments: list[str],
                   by_kind: bool, by_instrument: bool) -> None:
        assembler = self.assembler(kinds[0], instruments[0])
        before = len(assembler.errors)
        unit = self.unit
        repro = self._repro(variant, shown, kinds[0], instruments[0]) if variant else ""
        usage = Usage()
        if variant:
            unit.renders[variant] += 1
            result = assembler.render_clause(Selected(self.loaded, variant, values, "chosen",
                                                      self.role))
            paragraphs = [p.plain() for p in result.paragraphs] if result else []
            text = " ".join(paragraphs) if result else None
            notes = " ".join(p.plain() for p in result.rationale) if result else ""
            usage = result.usage if result else usage
        else:
            unit.defines += 1
            paragraphs = []
            rendered = assembler.render(self.loaded, loc, self.clause.defines[loc[1]], values,
                                        usage)
            text = " ".join(rendered.split()) if rendered is not None else None
            notes = ""
        where = self._where(variant, shown, kinds[0] if by_kind else "",
                            instruments[0] if by_instrument else "")
        for d in assembler.errors[before:]:
            if (d.line, d.code, d.message) not in self.failed:  # once, with its first values
                self.failed.add((d.line, d.code, d.message))
                unit.diags.append((d.line, d.col, d.severity, d.code, f"{d.message} ({where})",
                                   d.hint, repro))
        del assembler.errors[before:]
        if text is None:
            return
        if variant:
            texts = unit.texts.setdefault(variant, [])
            texts += [p for p in paragraphs if p not in texts]
            used = unit.terms.setdefault(variant, {})
            for key, written in usage.terms.items():
                entry = used.setdefault(key, [written, []])
                entry[1] = sorted({*entry[1], *kinds})
        else:
            uses = unit.def_uses.setdefault(loc[1].casefold(), [])
            uses += [k for k in usage.terms if k not in uses]
        unit.cited += usage.cited
        for kind in kinds:
            for word in self.judged(text, kind, ""):
                self._word(loc, word, kind, "", repro and self._repro(variant, shown, kind,
                                                                       instruments[0]))
        for instrument in instruments:
            for word in self.judged(text, "", instrument) + self.judged(notes, "", instrument):
                self._word(loc, word, "", instrument, repro and self._repro(
                    variant, shown, kinds[0], instrument))

    def judged(self, text: str, kind: str, instrument: str) -> list[str]:
        """The wrong words of a text for a kind or an instrument (many renders repeat a
        text, a rationale most of all)."""
        key = (text, kind, instrument)
        if key not in self.memo:
            self.memo[key] = (kind_words(text, government(kind), self.example) if kind
                              else instrument_words(text, instrument))
        return self.memo[key]

    def _word(self, loc: Loc, word: str, kind: str, instrument: str, repro: str) -> None:
        entry = self.wording.setdefault((loc, word), [[], [], repro])
        for i, value in ((0, kind), (1, instrument)):
            if value and value not in entry[i]:
                entry[i].append(value)

    def _wording(self, loc: Loc, word: str, kinds: list[str], instruments: list[str],
                 repro: str) -> Diag:
        what = (f"variant '{loc[1]}'" if loc[0] == "variants" else
                f"the definition of '{loc[1]}'" if loc[0] == "defines" else "the text")
        if kinds:
            code = _WORDING[0]
            also = f"; also {', '.join(kinds[1:])}" if kinds[1:] else ""
            message = f"in a draft for {describe(kinds[0])[:-1]}{also}), {what} says '{word}'"
            hint = ("write {{ jurisdiction.entity }} or another jurisdiction field, or keep "
                    "the words inside {% if jurisdiction.kind == '...' %}")
        else:
            code = _WORDING[1]
            message = f"in {', '.join(_a(i) for i in instruments)}, {what} says '{word}'"
            hint = "write {{ this }}, which names the instrument the draft is"
        source = self.loaded.source
        start = source.locate(loc)[0]
        offset = source.block_offset(loc)
        lines = source.text.splitlines()
        line, col = _find(re.escape(word), start + offset, lines, bool(offset))
        if not line and not kinds:  # "this executive-order" is written "this {{ instrument }}"
            line, col = _find(r"\b[Tt]his\s+\{\{-?\s*instrument\b", start + offset, lines,
                              bool(offset))
        at = source.diag(loc, code, message, hint, line_offset=line - start if line else 0)
        return (at.line, col or at.col, "error", code, message, hint, repro)

    def _where(self, variant: str, shown: dict[str, Any], kind: str, instrument: str) -> str:
        parts = [f"variant '{variant}'"] if variant else []
        params = self.clause.params
        if shown:
            parts.append("with " + ", ".join(f"{p}={typed.show(params[p], v) or '(empty)'}"
                                              for p, v in shown.items()))
        if kind:
            parts.append(f"for {describe(kind)}")
        if instrument:
            parts.append(f"as {_a(instrument)}")
        return ", ".join(parts)

    def _repro(self, variant: str, shown: dict[str, Any], kind: str, instrument: str) -> str:
        """The `ordgen show` arguments that render this combination."""
        clause = self.clause
        example = defaults(clause) | dict(clause.example)
        args = [clause.id, "--variant", variant]
        for p, v in shown.items():
            if v != example[p]:
                args += ["--set", f"{p}={typed.show(clause.params[p], v)}"]
        if kind != DEFAULT_KIND:
            args += ["--kind", kind]
        if instrument != clause.instruments[0]:
            args += ["--instrument", instrument]
        return " ".join(shlex.quote(a) for a in args)


def render_unit(library: Library, cid: str, kinds: dict[str, Selection]) -> Unit:
    """Render clause `cid` over its covering set in each sample draft of `kinds`."""
    return _Cover(library, library.clauses[cid], kinds).run()


def _a(instrument: str) -> str:
    word = instrument.replace("-", " ")
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _plain(d: Any) -> tuple[int, int, str, str, str, str]:
    return (d.line, d.col, d.severity, d.code, d.message, d.hint)


def _find(pattern: str, first: int, lines: list[str], block: bool) -> tuple[int, int]:
    """Line and column where the text from line `first` on (one line, unless `block`)
    first matches `pattern`; (0, 0) when it does not."""
    indent = len(lines[first - 1]) - len(lines[first - 1].lstrip()) if first <= len(lines) else 0
    for i in range(first - 1, len(lines) if block else first):
        text = lines[i]
        if i >= first and text.strip() and len(text) - len(text.lstrip()) < indent:
            break  # the block has ended
        if found := re.search(pattern, text):
            return i + 1, found.start() + 1
    return 0, 0

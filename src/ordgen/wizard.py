"""Write a new recipe by asking questions: jurisdiction, measures, variants, values.

The questions go through a `Prompter`, so the same interview runs at a
terminal (the CLI's prompter), with every default taken (`Defaults`), or in a
test. The recipe comes out as commented YAML that is checked to build before
anyone writes it.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from msgspec import Struct, field

from . import select
from . import values as param_values
from .library import Library
from .model import STATES, Clause
from .select import draft_order
from .values import KINDS, parse_kind, parse_line, parse_state

T = TypeVar("T")

GOVERNING_BODY = {"city": "City Council", "county": "Board of Commissioners",
                  "town": "Town Council", "village": "Village Board",
                  "township": "Township Board", "borough": "Borough Council"}
PREFIXES = ("City and County of ", "City of ", "County of ", "Town of ", "Village of ",
            "Township of ", "Borough of ")
INSTRUMENTS = [("ordinance", "a binding law"), ("resolution", "a statement of policy or a call "
                                                               "to act")]
WIDTH = 96


class Prompter(Protocol):
    """How the interview asks its questions."""

    def heading(self, title: str, note: str = "") -> None: ...

    def note(self, text: str) -> None: ...

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        """Ask until `parse` accepts the answer (it raises ValueError saying what is wrong)."""
        ...

    def choose(self, question: str, options: list[tuple[str, str]], default: str) -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...


class Unanswered(Exception):
    """A question with no default was asked where nobody can answer it."""


class Defaults:
    """A prompter that takes every default and says nothing."""

    def heading(self, title: str, note: str = "") -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None) -> T:
        if default is None:
            raise Unanswered(question)
        return parse(default)

    def choose(self, question: str, options: list[tuple[str, str]], default: str) -> str:
        return default

    def confirm(self, question: str, default: bool = True) -> bool:
        return default


class Pick(Struct):
    """A clause the person chose, with its variant and values."""

    clause: Clause
    variant: str
    values: dict[str, Any]


class Answers(Struct):
    jurisdiction: dict[str, str]
    instrument: str
    title: str
    picks: list[Pick]
    required: dict[str, str] = field(default_factory=dict)  # clause id -> the clause needing it
    left_out: dict[str, list[str]] = field(default_factory=dict)  # id -> conflicting picks
    categories: dict[str, str] = field(default_factory=dict)  # category id -> title


def guess_kind(name: str) -> str:
    lower = name.lower()
    if lower.startswith("city and county"):
        return "city"
    for kind in KINDS:
        if lower.startswith(f"{kind} of") or lower.endswith(f" {kind}"):
            return kind
    return "city"


def short_name(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


# -- the interview ----------------------------------------------------------------------------

def interview(library: Library, ask: Prompter, preset: dict[str, str] | None = None) -> Answers:
    """Ask for a jurisdiction, a title and the measures; return what was answered."""
    preset = preset or {}
    j = jurisdiction(ask, preset)
    ask.heading("The instrument")
    instrument = ask.choose("Instrument", INSTRUMENTS, "ordinance")
    article = "An" if instrument[0] in "aeiou" else "A"
    entity = "county" if j["kind"] == "county" else j["kind"]
    title = ask.ask("Title", parse_line, f"{article} {instrument} separating {entity} services "
                                         "from federal civil immigration enforcement")
    while True:
        picks, left_out = measures(library, ask, instrument)
        if picks:
            break
        ask.note("A recipe needs at least one clause; the measures are offered again.")
    required = requirements(library, picks)
    ask.heading("The draft", f"{len(picks)} clauses chosen, {len(required)} added because "
                             "others require them")
    for pick in picks:
        ask.note(f"{pick.clause.id} ({pick.variant})")
    for cid, by in required.items():
        ask.note(f"{cid} (required by {by})")
    return Answers(j, instrument, title, picks, required, left_out,
                   {c.id: c.title for c in library.categories})


def jurisdiction(ask: Prompter, preset: dict[str, str]) -> dict[str, str]:
    """The jurisdiction's fields, each with a default drawn from the answers before it."""
    ask.heading("The jurisdiction", "Press Enter to take the suggestion in brackets.")

    def get(key: str, question: str, parse: Callable[[str], str], default: str | None) -> str:
        if key in preset:
            return parse(preset[key])
        return ask.ask(question, parse, default)

    name = get("name", "Name of the city or county (e.g. City of Duluth)", parse_line, None)
    if "kind" in preset:
        kind = parse_kind(preset["kind"])
    else:
        kind = ask.choose("Kind", [(k, "") for k in KINDS], guess_kind(name))
    short = get("short_name", "Short name", parse_line, short_name(name))
    state = get("state", "State (code or name)", parse_state, None)
    police = f"{short} Sheriff's Office" if kind == "county" else f"{short} Police Department"
    return {
        "name": name, "short_name": short, "kind": kind, "state": state,
        "governing_body": get("governing_body", "Governing body", parse_line,
                              GOVERNING_BODY[kind]),
        "executive": get("executive", "Executive", parse_line,
                         "County Executive" if kind == "county" else "Mayor"),
        "police_agency": get("police_agency", "Police agency", parse_line, police),
        "code_name": get("code_name", "Name of the local code", parse_line,
                         f"{short} Code of Ordinances"),
    }


def measures(library: Library, ask: Prompter, instrument: str = "ordinance"
             ) -> tuple[list[Pick], dict[str, list[str]]]:
    """Offer every clause written for the instrument, category by category; ask variants
    and values of those chosen."""
    picks: list[Pick] = []
    left_out: dict[str, list[str]] = {}
    clauses = [library.clauses[cid].clause for cid in draft_order(library)]
    for category in library.categories:
        offered = [c for c in clauses
                   if c.category == category.id and instrument in c.instruments]
        if not offered:
            continue
        count = f"{len(offered)} measure{'s' * (len(offered) != 1)}"
        ask.heading(category.title, count)
        for clause in offered:
            against = [p.clause.id for p in picks
                       if clause.id in p.clause.conflicts or p.clause.id in clause.conflicts]
            if against:
                left_out[clause.id] = against
                ask.note(f"{clause.id} is left out: it conflicts with {', '.join(against)}.")
                continue
            ask.note(f"{clause.id}: {clause.summary}")
            needed_by = requirements(library, picks).get(clause.id)
            if needed_by:
                ask.note(f"({needed_by} requires it: it is in the draft whatever you answer)")
            if not ask.confirm(f"Include '{clause.title}'?", True):
                continue
            variant = clause.default
            if clause.variants and len(clause.variants) > 1:
                variant = ask.choose("Variant", [(name, v.summary) for name, v in
                                                 clause.variants.items()], clause.default)
            chosen: dict[str, Any] = {}
            for name, param in clause.params.items():
                accepts = param_values.describe(param)
                chosen[name] = ask.ask(f"{name}: {param.description} [{accepts}]",
                                       partial(param_values.parse, param),
                                       param_values.show(param, param.default))
            picks.append(Pick(clause, variant, chosen))
    return picks, left_out


def requirements(library: Library, picks: list[Pick]) -> dict[str, str]:
    """Clauses the picks pull in without being picked, each with the clause that needs it."""
    return select.requirements(library, [p.clause.id for p in picks])


# -- the recipe -------------------------------------------------------------------------------

def recipe_text(answers: Answers, path: Path, layers: list[Path] | None = None) -> str:
    """The answers as a commented recipe for writing at `path`."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from .schema import modeline

    root = CommentedMap()
    name = path.name
    root.yaml_set_start_comment("\n".join([
        modeline("recipe", path),
        f"A recipe for {answers.jurisdiction['name']}, written by `ordgen new`. Edit it freely,",
        "then build a draft, and ask why each clause is in:",
        f"  ordgen build {name} -o {path.stem}.md",
        f"  ordgen explain {name}",
        "`ordgen clauses` lists the library; `ordgen show <clause>` shows one clause in full."]))

    j = CommentedMap(answers.jurisdiction)
    comments = {"name": "as it appears in the enacting clause",
                "short_name": "as the text refers to it after first mention",
                "kind": " | ".join(KINDS),
                "state": STATES[answers.jurisdiction["state"]] + "; selects the state-law warnings",
                "executive": "who carries out the ordinance",
                "code_name": "the code the ordinance amends"}
    _comment(j, comments)
    root["jurisdiction"] = j
    root["title"] = answers.title
    root["number"] = DoubleQuotedScalarString("")
    root["draft"] = "Draft"
    root["instrument"] = answers.instrument
    if layers:
        rel = [Path(os.path.relpath(p.resolve(), path.resolve().parent)).as_posix()
               for p in layers]
        root["library"] = rel[0] if len(rel) == 1 else rel
    root["rationale"] = "inline"
    _comment(root, {"number": "the number the clerk assigns, e.g. 2026-12",
                    "draft": "the draft label in the Word header, e.g. Staff draft 1",
                    "instrument": "ordinance | resolution",
                    "library": "clause library layers, relative to this file; later ones "
                               "override earlier ones",
                    "rationale": "where each section's rationale goes: none | inline | memo | "
                                 "comments (Word)"})
    root.yaml_set_comment_before_after_key("title", before="\nWhat the draft is and where its "
                                                           "clauses come from.")

    seq = CommentedSeq()
    category = None
    for pick in answers.picks:
        clause = pick.clause
        lines = []
        if clause.category != category:
            category = clause.category
            lines.append(f"-- {answers.categories.get(category, category)} --")
        lines += textwrap.wrap(f"{clause.title}: {clause.summary}", WIDTH - 4)
        index = len(seq)
        options = CommentedMap()
        notes = {}
        if clause.variants and len(clause.variants) > 1:
            options["variant"] = pick.variant
            summary = clause.variants[pick.variant].summary
            lines += textwrap.wrap(f"variant {pick.variant}: {summary}", WIDTH - 4,
                                   initial_indent="  ", subsequent_indent="    ")
            notes["variant"] = "or: " + ", ".join(n for n in clause.variants if n != pick.variant)
        for pname, value in pick.values.items():
            param = clause.params[pname]
            options[pname] = DoubleQuotedScalarString(value) if value == "" else value
            lines += textwrap.wrap(f"{pname}: {param.description}", WIDTH - 4,
                                   initial_indent="  ", subsequent_indent="    ")
            default = "" if value == param.default else \
                f"; default {param_values.show(param, param.default)}"
            notes[pname] = f"{param_values.describe(param)}{default}"
        if options:
            _comment(options, notes)
            seq.append(CommentedMap({clause.id: options}))
        else:
            seq.append(clause.id)
        seq.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=2)
    root["clauses"] = seq
    root.yaml_set_comment_before_after_key(
        "clauses", before="\nThe clauses, in draft order: each with its variant (strength) and "
                          "values.\nReorder freely: ordgen puts sections in draft order itself.")

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # keep long titles on one line
    out = io.StringIO()
    yaml.dump(root, out)
    text = out.getvalue()
    tail = []
    if answers.required:
        tail.append("# Added to the draft because other clauses require them (no need to list "
                    "them):")
        tail += [f"#   {cid} (required by {by})" for cid, by in answers.required.items()]
    if answers.left_out:
        tail.append("# Left out because they conflict with a clause above:")
        tail += [f"#   {cid} (conflicts with {', '.join(by)})"
                 for cid, by in answers.left_out.items()]
    return text + "\n".join(tail) + ("\n" if tail else "")


def _comment(mapping: Any, notes: dict[str, str]) -> None:
    """End-of-line comments, lined up in one column."""
    present = [k for k in notes if k in mapping and notes[k]]
    if not present:
        return
    width = max(len(f"{k}: {mapping[k]!s}") for k in present)
    column = min(max(width + 2, 28), 60)
    for key in present:
        mapping.yaml_add_eol_comment(notes[key], key, column=column)


def new(path: Path, library: Library, layers: list[Path] | None, ask: Prompter,
        preset: dict[str, str] | None = None) -> str:
    """Interview a person and return the recipe, as commented YAML to write at `path`."""
    return recipe_text(interview(library, ask, preset), path, layers)

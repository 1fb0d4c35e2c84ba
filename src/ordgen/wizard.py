"""Write a new recipe by asking questions: the kind of government first, then its name and
state (with the state-law warnings at once), the instrument and title, the measures from one
list, their strength, and values only where the person asks to set them.

The questions go through a `Prompter`, so the same interview runs at a terminal (the CLI's
prompter), with every default taken (`Defaults`), or in a test. Each question is a step;
answering `<` goes back to the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, TypeVar

from msgspec import Struct, field

from . import select
from . import values as param_values
from .government import FORMS, resolve
from .library import Library
from .model import INSTRUMENT_KINDS, Clause, Jurisdiction
from .select import draft_order
from .templating import compile_template
from .values import parse_line, parse_state

T = TypeVar("T")

KIND_NOTES = {"city": "a city council", "town": "a town council, board or select board",
              "village": "a village board of trustees", "borough": "a borough council",
              "township": "a township board", "county": "a county board or commissioners court",
              "city-county": "a consolidated city and county",
              "parish": "a Louisiana parish council", "metro": "a metropolitan government"}
INSTRUMENTS = {"ordinance": "a binding law", "resolution": "a statement of policy or a call to "
                                                          "act",
               "order": "an order of a Texas commissioners court",
               "executive-order": "an order of the chief executive, binding the executive "
                                  "branch"}
OFFICES = ("short_name", "governing_body", "chief_executive", "executive", "clerk",
           "legal_office", "police_agency", "code_name")
STRENGTHS = [("each", "each measure's usual strength"), ("baseline", "the weakest of each"),
             ("strong", "the middle level where a measure has one"),
             ("strongest", "the strongest of each")]


class Back(Exception):
    """The person asked to go back to the previous question."""


class Unanswered(Exception):
    """A question with no default was asked where nobody can answer it."""


class Prompter(Protocol):
    """How the interview asks its questions; any of them may raise Back."""

    def heading(self, title: str, note: str = "") -> None: ...

    def note(self, text: str) -> None: ...

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None,
            free: bool = False) -> T:
        """Ask until `parse` accepts the answer (it raises ValueError saying what is wrong).
        `free` text is confirmed when it looks like a slip (one letter, a yes or a no)."""
        ...

    def choose(self, question: str, options: list[tuple[str, str]], default: str) -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...


class Defaults:
    """A prompter that takes every default and says nothing."""

    def heading(self, title: str, note: str = "") -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def ask(self, question: str, parse: Callable[[str], T], default: str | None = None,
            free: bool = False) -> T:
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
    jurisdiction: dict[str, Any] = field(default_factory=dict)
    instrument: str = "ordinance"
    title: str = ""
    picks: list[Pick] = field(default_factory=list)
    required: dict[str, str] = field(default_factory=dict)  # clause id -> the clause needing it
    left_out: dict[str, list[str]] = field(default_factory=dict)  # id -> conflicting picks
    categories: dict[str, str] = field(default_factory=dict)  # category id -> title


def guess_kind(name: str) -> str:
    """The kind of government a name suggests: 'Harris County' -> county."""
    lower = name.lower()
    if lower.startswith("city and county"):
        return "city-county"
    if lower.startswith("metropolitan government"):
        return "metro"
    for kind in FORMS:
        word = FORMS[kind].entity.lower()
        if lower.startswith(f"{word} of") or lower.endswith(f" {word}"):
            return kind
    return "city"


def parse_numbers(text: str, count: int) -> list[int]:
    """'1-3, 7' -> [1, 2, 3, 7] (1-based, each at most `count`)."""
    found: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"'{part}' is not a number or a range such as 3-5")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= count:
            raise ValueError(f"'{part}' is not within 1-{count}")
        found += [n for n in range(low, high + 1) if n not in found]
    if not found:
        raise ValueError("give at least one number")
    return sorted(found)


# -- the interview ----------------------------------------------------------------------------

class Interview:
    """The questions as steps over shared answers, so that a person can step back."""

    def __init__(self, library: Library, ask: Prompter, preset: dict[str, str]) -> None:
        self.library, self.ask, self.preset = library, ask, preset
        self.answers = Answers(categories={c.id: c.title for c in library.categories})
        self.chosen: list[Clause] = []
        self.strength = "each"

    def run(self) -> Answers:
        steps: list[Callable[[], None]] = [
            self.kind, self.name, self.state, self.offices, self.instrument, self.title,
            self.measures, self.strengths, self.values]
        i = 0
        while i < len(steps):
            try:
                steps[i]()
                i += 1
            except Back:
                i = max(0, i - 1)
                self.ask.note("(back to the previous question)")
        a = self.answers
        a.required = select.requirements(self.library, [p.clause.id for p in a.picks])
        self.ask.heading("The draft", f"{len(a.picks)} measures chosen, {len(a.required)} "
                                      "added because others require them")
        for pick in a.picks:
            self.ask.note(f"{pick.clause.id} ({pick.variant})")
        for cid, by in a.required.items():
            self.ask.note(f"{cid} (required by {by})")
        return a

    @property
    def j(self) -> dict[str, Any]:
        return self.answers.jurisdiction

    def kind(self) -> None:
        self.ask.heading("The jurisdiction", "Press Enter to take the suggestion in brackets; "
                                             "answer < to go back a question.")
        if "kind" in self.preset:
            self.j["kind"] = self.preset["kind"]
            return
        guess = guess_kind(self.preset.get("name", ""))
        self.j["kind"] = self.ask.choose("Kind of government",
                                         [(k, KIND_NOTES[k]) for k in FORMS], guess)

    def name(self) -> None:
        if "name" in self.preset:
            self.j["name"] = self.preset["name"]
            return
        form = FORMS[self.j["kind"]]
        example = "Harris County" if form.entity == "County" else f"{form.prefix}Duluth"
        self.j["name"] = self.ask.ask(f"Legal name (e.g. {example})", parse_line, None, free=True)

    def state(self) -> None:
        state = self.preset.get("state")
        self.j["state"] = state if state else self.ask.ask("State (code or name)", parse_state)
        laws = [law for law in self.library.state_laws if law.state == self.j["state"]]
        for law in laws:
            self.ask.note(f"State law: {law.name} ({law.citation}) may forbid or penalize some "
                          f"measures. {law.penalties.strip()}")

    def offices(self) -> None:
        for key in OFFICES:
            self.j.pop(key, None)
        government, notes = resolve(Jurisdiction(name=self.j["name"], kind=self.j["kind"],
                                                 state=self.j["state"]))
        for note in notes:
            self.ask.note(note.message)
        shown = {"short_name": government.short_name, "governing_body": government.governing_body,
                 "chief_executive": government.chief_executive or "none",
                 "executive": government.executive, "clerk": government.clerk,
                 "legal_office": government.legal_office,
                 "police_agency": government.police_agency or "none",
                 "code_name": government.code_name or "none"}
        self.ask.note("From the kind and state: " + "; ".join(
            f"{key.replace('_', ' ')}: {value}" for key, value in shown.items()))
        if not self.ask.confirm("Change any of these?", False):
            return
        for key, value in shown.items():
            answer = self.ask.ask(key.replace("_", " ").capitalize(), parse_line, value,
                                  free=True)
            if answer != value:
                self.j[key] = answer

    def instrument(self) -> None:
        government, _ = resolve(Jurisdiction(**{k: v for k, v in self.j.items()}))
        offered = [i for i in INSTRUMENT_KINDS
                   if i != "executive-order" or government.chief_executive]
        default = "order" if government.body_kind == "commissioners-court" else "ordinance"
        self.answers.instrument = self.ask.choose(
            "Instrument", [(i, INSTRUMENTS[i]) for i in offered], default)

    def title(self) -> None:
        instrument = self.answers.instrument.replace("-", " ")
        article = "An" if instrument[0] in "aeiou" else "A"
        entity = FORMS[self.j["kind"]].entity.lower()
        self.answers.title = self.ask.ask(
            "Title", parse_line, f"{article} {instrument} separating {entity} services from "
                                 "federal civil immigration enforcement", free=True)

    def measures(self) -> None:
        self.answers.left_out = {}
        offered = [self.library.clauses[cid].clause for cid in draft_order(self.library)
                   if self.answers.instrument in self.library.clauses[cid].clause.instruments
                   and self.library.role(self.library.clauses[cid].clause) != "definitions"]
        self.ask.heading("The measures", f"{len(offered)} measures, in draft order")
        category = None
        for n, clause in enumerate(offered, 1):
            if clause.category != category:
                category = clause.category
                self.ask.note(self.answers.categories.get(category, category))
            self.ask.note(f"  {n}. {clause.title}: {clause.summary}")
        numbers = self.ask.ask("Measures to include (numbers such as 1-4, 7)",
                               partial(parse_numbers, count=len(offered)),
                               f"1-{len(offered)}")
        chosen: list[Clause] = []
        for clause in (offered[n - 1] for n in numbers):
            against = [c.id for c in chosen if clause.id in c.conflicts or c.id in clause.conflicts]
            if against:
                self.answers.left_out[clause.id] = against
                self.ask.note(f"{clause.id} is left out: it conflicts with {', '.join(against)}.")
            else:
                chosen.append(clause)
        self.chosen = chosen

    def strengths(self) -> None:
        self.strength = self.ask.choose("Strength", STRENGTHS, "each")
        self.answers.picks = [Pick(c, self._variant(c), {}) for c in self.chosen]

    def _variant(self, clause: Clause) -> str:
        names = list(clause.variant_texts())
        if self.strength in names:
            return self.strength
        if self.strength == "strong" and len(names) > 1:  # the middle level
            return names[len(names) // 2]
        return clause.default

    def values(self) -> None:
        with_values = [p for p in self.answers.picks if needed_params(p.clause, p.variant)]
        for pick in self.answers.picks:
            pick.values = {n: p.default for n, p in pick.clause.params.items()
                           if n in needed_params(pick.clause, pick.variant)}
        if not with_values or not self.ask.confirm(
                f"Set the values of the {len(with_values)} measures that have them (days, "
                "lists, options)? Their defaults are written into the recipe either way",
                False):
            return
        for pick in with_values:
            self.ask.heading(pick.clause.title, f"{pick.clause.id} ({pick.variant})")
            for name in needed_params(pick.clause, pick.variant):
                param = pick.clause.params[name]
                pick.values[name] = self.ask.ask(
                    f"{name}: {param.description} [{param_values.describe(param)}]",
                    partial(param_values.parse, param), param_values.show(param, param.default),
                    free=param.type == "string")


def needed_params(clause: Clause, variant: str) -> list[str]:
    """The params a variant's text reads (the others change nothing in this variant)."""
    try:
        names = compile_template(clause.variant_texts()[variant]).names
    except Exception:  # a broken template is reported when the recipe is built
        names = frozenset(clause.params)
    return [name for name in clause.params if name in names]


def interview(library: Library, ask: Prompter, preset: dict[str, str] | None = None) -> Answers:
    """Ask for a jurisdiction, a title and the measures; return what was answered."""
    return Interview(library, ask, preset or {}).run()


def looks_like_a_slip(answer: str) -> bool:
    """A free-text answer that is more likely a keystroke meant for another question."""
    word = answer.strip().lower()
    return len(word) <= 1 or word in {"y", "n", "yes", "no", "ok", "q", "quit"}

"""The state laws by state: how far each state's law restricts these measures, and which
clauses each law runs into.

Which clauses a law affects is read from each clause's detail (the `state_laws` that
`ordgen show` lists), so the site and `show` never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from ..library import Library
from ..model import STATES, StateLaw
from .clauses import Entry

# how far a state's law reaches, weakest first: (key, in a word, in the legend)
LEVELS = (("none", "none recorded", "No restricting law in this library"),
          ("restricts", "restricts",
           "A ban, mandate or penalty that reaches some of these measures"),
          ("ban", "ban with penalties", "A sanctuary ban with penalties on officials"))


class StateView(Struct, frozen=True):
    """One state or territory: its laws, how far they reach, and the clauses they affect."""

    code: str
    name: str
    level: int  # an index of LEVELS
    laws: tuple[StateLaw, ...]
    clauses: tuple[str, ...]  # clause ids any of its laws runs into, in draft order


def level(laws: Sequence[StateLaw]) -> int:
    """How far a state's laws reach together: none, some restriction, or a sanctuary ban
    whose penalties fall on officials."""
    rules = {rule for law in laws for rule in law.rules}
    if not rules:
        return 0
    return 2 if {"sanctuary-ban", "official-penalty"} <= rules else 1


def affected(entries: Sequence[Entry]) -> dict[str, tuple[str, ...]]:
    """State-law id -> the clauses it runs into, in draft order."""
    out: dict[str, list[str]] = {}
    for e in entries:
        for law in e.detail["state_laws"]:
            out.setdefault(law["id"], []).append(e.id)
    return {key: tuple(ids) for key, ids in out.items()}


def states(lib: Library, entries: Sequence[Entry]) -> list[StateView]:
    """Every state and territory, by name."""
    by_law = affected(entries)
    order = {e.id: i for i, e in enumerate(entries)}
    out = []
    for code in sorted(STATES, key=STATES.__getitem__):
        laws = tuple(sorted((law for law in lib.state_laws if law.state == code),
                            key=lambda law: law.id))
        ids = {cid for law in laws for cid in by_law.get(law.id, ())}
        out.append(StateView(code, STATES[code], level(laws), laws,
                             tuple(sorted(ids, key=order.__getitem__))))
    return out

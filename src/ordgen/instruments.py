"""The kinds of instrument a draft can be: its heading, the words it uses for itself, and the
formula that enacts it."""

from __future__ import annotations

from msgspec import Struct

from .government import Government


class Instrument(Struct, frozen=True):
    heading: str  # "ORDINANCE", before "NO. 2026-12"
    itself: str  # how the text refers to itself: "this ordinance"
    formula: str  # the enacting (or resolving, or ordering) clause


INSTRUMENTS: dict[str, Instrument] = {
    "ordinance": Instrument("ORDINANCE", "this ordinance",
                            "BE IT ORDAINED BY THE {body} OF {place}:"),
    "resolution": Instrument("RESOLUTION", "this resolution",
                             "BE IT RESOLVED BY THE {body} OF {place}:"),
    "order": Instrument("ORDER", "this order", "IT IS ORDERED BY THE {body} OF {place}:"),
    "executive-order": Instrument("EXECUTIVE ORDER", "this order",
                                  "BY THE POWER VESTED IN ME AS {chief} OF {place}, IT IS "
                                  "HEREBY ORDERED:"),
}


def heading(instrument: str, number: str, label: str | None = None) -> str:
    """"ORDINANCE NO. 2026-12", or the jurisdiction's own label: "BILL NO. 25-0628"."""
    word = (label.rstrip() if label else f"{INSTRUMENTS[instrument].heading} NO.").upper()
    if not number:
        return word.removesuffix(" NO.").removesuffix(" NO")
    return f"{word} {number}"


def enacting_clause(government: Government, instrument: str) -> str:
    """The enacting formula, from the body (or, for an executive order, the chief executive)
    and the jurisdiction's name."""
    return INSTRUMENTS[instrument].formula.format(
        body=government.governing_body.upper(), chief=government.chief_executive.upper(),
        place=government.named_in_full.upper())

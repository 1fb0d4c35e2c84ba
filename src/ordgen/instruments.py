"""The kinds of instrument a draft can be: its heading, the words it uses for itself, and the
formula that enacts it."""

from __future__ import annotations

import re

from msgspec import Struct

from .government import Government, Note


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


def fit(government: Government, instrument: str, enacting: str | None) -> list[Note]:
    """What does not fit between the instrument, the jurisdiction and a custom enacting
    clause: an executive order with no chief executive to sign it, an ordinance of a
    Texas commissioners court, an enacting clause that names another jurisdiction."""
    notes = []
    if instrument == "executive-order" and not government.chief_executive:
        notes.append(Note(("instrument",), "no-chief-executive",
                          f"an executive order needs a chief executive, and "
                          f"{government.the_name} has none",
                          "set jurisdiction.chief_executive, or choose another instrument",
                          "error"))
    if instrument == "ordinance" and government.body_kind == "commissioners-court":
        notes.append(Note(("instrument",), "order-not-ordinance",
                          "a Texas commissioners court acts by order; it may adopt an "
                          "ordinance only where a statute gives it that power",
                          "set `instrument: order`, or have counsel confirm the statute"))
    own = set(re.findall(r"[\w.'-]+", f"{government.name} {government.short_name}".casefold()))
    for named in _NAMED.findall(enacting or ""):
        place = " ".join(named).strip()
        if place and not set(re.findall(r"[\w.'-]+", place.casefold())) <= own:
            notes.append(Note(("enacting_clause",), "enacting-clause-names-another",
                              f"the enacting clause names {place.title()}, not "
                              f"{government.name}",
                              "write this jurisdiction's own enacting clause, or leave it out "
                              "to have it written from the jurisdiction"))
            break
    return notes


# a place an enacting clause names: "CITY OF DULUTH" (to the next word that is no name),
# "HARRIS COUNTY" (the word before COUNTY)
_NAMED = re.compile(r"\b(?:CITY|TOWN|VILLAGE|BOROUGH|TOWNSHIP|PARISH) OF ((?:[A-Z][A-Z.'-]*)"
                    r"(?: (?!DO\b|AS\b|HEREBY\b|THAT\b|ORDAINS\b)[A-Z][A-Z.'-]*)*)"
                    r"|\b(?!THE\b|OF\b|BY\b)([A-Z][A-Z.'-]*) COUNTY\b")

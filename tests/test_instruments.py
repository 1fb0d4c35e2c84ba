"""Instruments: the heading, the words a draft uses for itself, and the enacting formula."""

from __future__ import annotations

import pytest

from ordgen.government import resolve
from ordgen.instruments import INSTRUMENTS, enacting_clause, heading
from ordgen.model import INSTRUMENT_KINDS, Jurisdiction


def formula(instrument: str, **fields: str) -> str:
    return enacting_clause(resolve(Jurisdiction(**fields))[0], instrument)


def test_every_instrument_kind_has_its_words() -> None:
    assert set(INSTRUMENTS) == set(INSTRUMENT_KINDS)


@pytest.mark.parametrize(("instrument", "fields", "expected"), [
    ("ordinance", dict(name="City of Chicago", kind="city", state="IL"),
     "BE IT ORDAINED BY THE CITY COUNCIL OF THE CITY OF CHICAGO:"),
    ("ordinance", dict(name="Miami-Dade County", kind="county", state="FL"),
     "BE IT ORDAINED BY THE BOARD OF COUNTY COMMISSIONERS OF MIAMI-DADE COUNTY, FLORIDA:"),
    ("ordinance", dict(name="Village of River Forest", kind="village", state="IL"),
     "BE IT ORDAINED BY THE PRESIDENT AND BOARD OF TRUSTEES OF THE VILLAGE OF RIVER FOREST, "
     "ILLINOIS:"),
    ("order", dict(name="Harris County", kind="county", state="TX"),
     "IT IS ORDERED BY THE COMMISSIONERS COURT OF HARRIS COUNTY, TEXAS:"),
    ("resolution", dict(name="City and County of Denver", kind="city-county", state="CO"),
     "BE IT RESOLVED BY THE CITY COUNCIL OF THE CITY AND COUNTY OF DENVER:"),
    ("executive-order", dict(name="City of New York", kind="city", state="NY"),
     "BY THE POWER VESTED IN ME AS MAYOR OF THE CITY OF NEW YORK, IT IS HEREBY ORDERED:"),
])
def test_enacting_formulas(instrument: str, fields: dict[str, str], expected: str) -> None:
    assert formula(instrument, **fields) == expected


def test_headings_and_number_labels() -> None:
    assert heading("ordinance", "2026-12") == "ORDINANCE NO. 2026-12"
    assert heading("executive-order", "") == "EXECUTIVE ORDER"
    assert heading("ordinance", "25-0628", "Bill No.") == "BILL NO. 25-0628"
    assert heading("resolution", "08-0923", "Council File No.") == "COUNCIL FILE NO. 08-0923"
    assert INSTRUMENTS["order"].itself == "this order"


def notes(instrument: str, enacting: str | None = None, **fields: str) -> list[tuple[str, str]]:
    from ordgen.instruments import fit

    return [(n.code, n.severity) for n in fit(resolve(Jurisdiction(**fields))[0], instrument,
                                              enacting)]


def test_what_does_not_fit_is_said() -> None:
    assert notes("executive-order", name="Town of Amherst", kind="town", state="MA") == [
        ("no-chief-executive", "error")]
    assert notes("ordinance", name="Harris County", kind="county", state="TX") == [
        ("order-not-ordinance", "warning")]
    assert notes("order", name="Harris County", kind="county", state="TX") == []


def test_a_custom_enacting_clause_must_name_this_jurisdiction_if_it_names_one() -> None:
    houston = dict(name="City of Houston", kind="city", state="TX")
    leaked = "THE CITY COUNCIL OF THE CITY OF MINNEAPOLIS DO ORDAIN AS FOLLOWS:"
    assert notes("ordinance", leaked, **houston) == [("enacting-clause-names-another", "warning")]
    assert notes("ordinance", "BE IT ENACTED BY THE COUNCIL AS FOLLOWS:", **houston) == []
    assert notes("ordinance", "BE IT ORDAINED BY THE COOK COUNTY BOARD OF COMMISSIONERS:",
                 name="Cook County", kind="county", state="IL") == []

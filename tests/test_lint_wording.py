"""What a render must not say for the jurisdiction and instrument it is for."""

from __future__ import annotations

from ordgen.lint.samples import government
from ordgen.lint.wording import instrument_words, kind_words


def test_another_kind_of_government_is_found() -> None:
    county = government("county")
    text = ("The County and the City shall tell municipal staff and Hennepin County Sheriff's "
            "Office; no Municipality may.")
    assert kind_words(text, county) == ["City", "municipal", "Municipality"]
    assert kind_words("The City shall tell the Village.", government("city")) == ["Village"]
    assert kind_words("The city's municipal staff.", government("city")) == []


def test_the_jurisdictions_own_names_and_given_values_are_not_words_of_another_kind() -> None:
    city = government("city")
    assert kind_words("The Saint Paul Police Department and the City Council.", city) == []
    village = government("village")
    assert kind_words(f"The {village.governing_body} of the Village.", village) == []
    assert kind_words("Separation of City Services", government("county"),
                      ("Separation of City Services",)) == []


def test_another_instrument_is_found() -> None:
    text = "Nothing in this ordinance or this Resolution or this executive-order."
    assert instrument_words(text, "resolution") == ["this ordinance", "this executive-order"]
    assert instrument_words("In this order.", "executive-order") == []
    assert instrument_words("In this executive order.", "executive-order") == []
    assert instrument_words("In this executive order.", "order") == ["this executive order"]
    assert instrument_words("This ordinance applies.", "ordinance") == []
    assert instrument_words('The code changes "this ordinance" to "this chapter".',
                            "resolution") == []

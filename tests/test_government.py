"""Kinds of local government: every office a recipe leaves out comes from the kind and state."""

from __future__ import annotations

import msgspec
import pytest

from ordgen.government import FORMS, resolve
from ordgen.model import Jurisdiction


def gov(**fields: object):
    return resolve(msgspec.convert(fields, Jurisdiction))


def test_a_city_needs_only_its_name_kind_and_state() -> None:
    g, notes = gov(name="City of Duluth", kind="city", state="MN")
    assert notes == []
    assert (g.the_name, g.short_name, g.entity, g.governing_body, g.chief_executive, g.clerk,
            g.legal_office, g.police_agency) == (
        "the City of Duluth", "Duluth", "City", "City Council", "Mayor", "City Clerk",
        "City Attorney", "Duluth Police Department")
    assert g.agencies["jail"] == "" and g.elected == ()
    assert g.code_name == "Duluth Code of Ordinances" and g.state_full == "State of Minnesota"


def test_a_texas_county_is_a_commissioners_court_led_by_the_county_judge() -> None:
    g, _ = gov(name="Harris County", kind="county", state="TX")
    assert (g.the_name, g.governing_body, g.body_kind, g.presiding_officer, g.chief_executive) \
        == ("Harris County", "Commissioners Court", "commissioners-court", "County Judge",
            "County Judge")
    assert g.police_agency == "Harris County Sheriff's Office" == g.agencies["jail"]
    assert g.elected == ("sheriff", "prosecutor")
    assert g.code_name == ""  # its orders are kept in the minutes, not in a code


@pytest.mark.parametrize(("state", "style"), [("PA", "Commonwealth of Pennsylvania"),
                                              ("WA", "State of Washington"),
                                              ("DC", "District of Columbia")])
def test_state_style(state: str, style: str) -> None:
    assert gov(name="Borough of X", kind="borough", state=state)[0].state_full == style


def test_none_says_there_is_no_such_office() -> None:
    g, _ = gov(name="Town of Amherst", kind="town", state="MA", chief_executive="none",
               code_name="None", police_agency="none")
    assert g.governing_body == "Select Board" and g.chief_executive == ""
    assert g.executive == "Town Manager" and g.code_name == "" and g.police_agency == ""


def test_given_fields_win_over_defaults() -> None:
    g, _ = gov(name="Cook County", kind="county", state="IL", chief_executive="Board President",
               agencies={"jail": "Cook County Department of Corrections"}, elected=["sheriff"])
    assert g.chief_executive == g.executive == "Board President"
    assert g.agencies["jail"] == "Cook County Department of Corrections"
    assert g.elected == ("sheriff",)


def test_a_name_without_its_kind_is_given_it_and_said() -> None:
    g, (note,) = gov(name="Duluth", kind="city", state="MN")
    assert g.name == "City of Duluth"
    assert note.loc == ("jurisdiction", "name") and note.code == "name-without-kind"
    g, _ = gov(name="Harris", kind="county", state="TX")
    assert g.name == "Harris County"


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_every_kind_resolves_to_a_full_government(kind: str) -> None:
    g, _ = gov(name=f"{FORMS[kind].prefix}Example", kind=kind, state="IL")
    assert g.entity and g.governing_body and g.executive and g.clerk and g.legal_office
    assert set(g.context()) >= {"name", "entity", "agencies", "elected", "police_agency"}

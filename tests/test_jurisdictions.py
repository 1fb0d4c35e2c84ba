"""Reading a list of jurisdictions for `ordgen batch`: columns, cells and output names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.jurisdictions import read_rows, slugify
from ordgen.library import load_library
from ordgen.recipe import load_recipe

HEADER = "name,kind,state,property.staging.notice_days"


def rows(recipe: Path, library: Path, text: str, suffix: str = ".csv"):
    path = recipe.parent / f"rows{suffix}"
    path.write_text(text)
    return read_rows(path, load_recipe(recipe), load_library([library]))


def test_rows_carry_fields_values_and_a_file_name(recipe: Path, library: Path) -> None:
    first, second = rows(recipe, library, f"{HEADER}\nCity of Ely,city,MN,5\n"
                                          "Hennepin County,county,minnesota,\n")
    assert first.jurisdiction == {"name": "City of Ely", "kind": "city", "state": "MN"}
    assert first.params == {"property.staging": {"notice_days": 5}}
    assert (first.slug, first.line, second.slug, second.params) == (
        "city-of-ely", 2, "hennepin-county", {})
    assert second.jurisdiction["state"] == "MN"


def test_a_bad_cell_fails_only_its_row(recipe: Path, library: Path) -> None:
    good, bad = rows(recipe, library, f"{HEADER}\nCity of Ely,city,MN,5\nCity of X,city,ZZ,500\n")
    assert good.problems == ()
    assert sorted(d.message.split(":")[0] for d in bad.problems) == [
        "property.staging.notice_days", "state"]
    assert all(d.line == 3 for d in bad.problems)


def test_an_unknown_column_refuses_the_file(recipe: Path, library: Path) -> None:
    with pytest.raises(OrdgenError) as err:
        rows(recipe, library, "name,kind,state,stat\nCity of Ely,city,MN,x\n")
    assert err.value.diagnostics[0].code == "unknown-column"


def test_shared_names_gain_the_state(recipe: Path, library: Path) -> None:
    a, b = rows(recipe, library, "name,kind,state\nCity of Portland,city,OR\n"
                                 "City of Portland,city,ME\n")
    assert (a.slug, b.slug) == ("city-of-portland-or", "city-of-portland-me")
    assert slugify("Ville de Québec, QC") == "ville-de-quebec-qc"


def test_every_jurisdiction_field_and_recipe_key_is_a_column(recipe: Path, library: Path) -> None:
    (row,) = rows(recipe, library, "name,kind,state,agencies.jail,elected,clerk,title,"
                                   "enacting_clause\nCook County,county,IL,Cook County "
                                   "Department of Corrections,sheriff | prosecutor,County Clerk,"
                                   "An ordinance,BE IT ORDAINED BY THE BOARD OF COOK COUNTY:\n")
    assert row.problems == ()
    assert row.jurisdiction["agencies"] == {"jail": "Cook County Department of Corrections"}
    assert row.jurisdiction["elected"] == ["sheriff", "prosecutor"]
    assert row.recipe == {"title": "An ordinance",
                          "enacting_clause": "BE IT ORDAINED BY THE BOARD OF COOK COUNTY:"}


def test_what_the_recipe_says_of_its_own_place_stays_there(recipe: Path, library: Path) -> None:
    from conftest import RECIPE

    recipe.write_text(RECIPE.replace("rationale: inline", "rationale: inline\nenacting_clause: "
                                     "'BE IT ORDAINED BY THE CITY COUNCIL OF MINNEAPOLIS:'"))
    own, other = rows(recipe, library, "name,kind,state\nCity of Minneapolis,city,MN\n"
                                       "City of Ely,city,MN\n")
    assert own.notes == () and own.own_enacting_clause
    assert not other.own_enacting_clause
    (note,) = other.notes
    assert (note.severity, note.code, note.line) == ("warning", "not-carried", 3)
    assert note.message.startswith("City of Ely: the recipe's enacting clause is City of "
                                   "Minneapolis's")

"""Closing blocks: passage, vote, signatures and attestation for each body and instrument."""

from __future__ import annotations

from pathlib import Path

import msgspec
from conftest import RECIPE

from ordgen import api
from ordgen.closing import closing
from ordgen.government import resolve
from ordgen.model import Jurisdiction


def block(instrument: str, **fields: object):
    return closing(resolve(msgspec.convert(fields, Jurisdiction))[0], instrument)


def test_a_city_ordinance_is_passed_attested_approved_and_approved_as_to_form() -> None:
    c = block("ordinance", name="City of Duluth", kind="city", state="MN")
    assert c.lines[0] == "PASSED by the City Council of the City of Duluth on ____________, 20__."
    assert c.lines[-1].startswith("Approved ____   Vetoed ____   by the Mayor")
    assert [(s.caption, s.office) for s in c.signatures] == [
        ("", "President of the City Council"), ("APPROVED / VETOED:", "Mayor"),
        ("ATTEST:", "City Clerk"), ("APPROVED AS TO FORM:", "City Attorney")]


def test_a_texas_order_is_moved_seconded_and_signed_by_the_county_judge() -> None:
    c = block("order", name="Harris County", kind="county", state="TX")
    assert c.lines[0].startswith("ORDERED by the Commissioners Court of Harris County on")
    assert "on the motion of" in c.lines[0] and "seconded by" in c.lines[0]
    assert [s.office for s in c.signatures] == ["County Judge", "County Clerk", "County Attorney"]


def test_a_resolution_is_adopted_and_a_board_without_a_chief_executive_signs_alone() -> None:
    c = block("resolution", name="Cook County", kind="county", state="IL")
    assert c.lines[0].startswith("ADOPTED by the Board of Commissioners of Cook County on")
    assert "Vetoed" not in " ".join(c.lines)


def test_an_executive_order_is_signed_and_filed_with_the_clerk() -> None:
    c = block("executive-order", name="City of New York", kind="city", state="NY")
    assert [s.office for s in c.signatures] == ["Mayor"]
    assert c.after == ("Filed with the City Clerk on ____________, 20__.",)


def test_drafts_end_with_it_unless_the_recipe_says_not_to(recipe: Path) -> None:
    text = api.render(api.draft(recipe).document, "markdown").decode()
    assert text.index("## Section 4.") < text.index("PASSED by the City Council") \
        < text.index("ATTEST:")
    recipe.write_text(RECIPE.replace("rationale: inline", "rationale: inline\nclosing: false"))
    assert "ATTEST:" not in api.render(api.draft(recipe).document, "markdown").decode()

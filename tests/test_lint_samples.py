"""The sample jurisdictions check renders every clause for."""

from __future__ import annotations

from ordgen.lint.samples import DEFAULT_KIND, SAMPLES, describe, government


def test_the_samples_cover_the_kinds_that_change_a_clause() -> None:
    city, county, texas = government("city"), government("county"), government("texas-county")
    village, town = government("village"), government("town")
    assert DEFAULT_KIND == "city" and city.agencies["police"] and not city.agencies["jail"]
    assert county.agencies["sheriff"] and county.agencies["jail"]
    assert "sheriff" in county.elected and county.agencies["prosecutor"]
    assert texas.governing_body == "Commissioners Court" and texas.chief_executive == "County Judge"
    assert village.entity == "Village" and village.agencies["complaints"]
    assert town.entity == "Town" and not town.chief_executive and not town.police_agency
    assert {g.kind for g in map(government, SAMPLES)} == {"city", "county", "village", "town"}


def test_a_sample_is_described_by_name_state_and_kind() -> None:
    assert describe("texas-county") == "Travis County, Texas (kind texas-county)"

"""The tile map: one square per state in its grid place, drawn here, linked where it has laws."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ordgen.model import STATES, StateLaw
from ordgen.site import map as tilemap
from ordgen.site.states import LEVELS, StateView

SVG = "{http://www.w3.org/2000/svg}"


def views() -> list[StateView]:
    texas = StateLaw(id="tx", state="TX", name="Texas SB 4", citation="c", forbids="f",
                     penalties="p", rules=["sanctuary-ban", "official-penalty"],
                     confidence="verified", source="https://example.org/tx")
    return [StateView(code, name, 2 if code == "TX" else 0, (texas,) if code == "TX" else (), ())
            for code, name in sorted(STATES.items())]


def test_the_grid_places_every_state_once() -> None:
    assert set(tilemap.GRID) == set(STATES)
    places = list(tilemap.GRID.values())
    assert len(places) == len(set(places))
    assert all(0 <= c < tilemap.COLUMNS and 0 <= r < tilemap.ROWS for c, r in places)
    # neighbours where a reader expects them
    assert tilemap.GRID["TX"][1] > tilemap.GRID["OK"][1] and tilemap.GRID["ME"][0] == 10
    assert tilemap.GRID["WA"] == (0, 2) and tilemap.GRID["FL"][1] == tilemap.ROWS - 1


def test_the_map_is_svg_with_a_labelled_tile_per_state() -> None:
    svg = tilemap.svg(views())
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "group"
    assert root.find(f"{SVG}title").text.startswith("Map of state laws")
    tiles = [e for e in root if e.get("class", "").startswith("tile")]
    assert len(tiles) == len(STATES)
    codes = [t.find(f"{SVG}text").text for t in tiles]
    assert sorted(codes) == sorted(STATES)
    links = [t for t in tiles if t.tag == f"{SVG}a"]
    assert [t.get("href") for t in links] == ["#state-TX"]
    assert links[0].get("class") == "tile level-ban"
    assert links[0].get("aria-label") == f"TX, Texas: {LEVELS[2][2]}"
    others = [t for t in tiles if t.tag == f"{SVG}g"]
    assert all(t.get("role") == "img" and t.get("class") == "tile level-none" for t in others)
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_the_link_pattern_and_the_legend() -> None:
    svg = tilemap.svg(views(), href="state-laws.html#{code}")
    assert 'href="state-laws.html#TX"' in svg
    legend = tilemap.legend(views())
    assert [(key, count) for key, _, count in legend] == [("none", len(STATES) - 1),
                                                          ("restricts", 0), ("ban", 1)]
    assert tilemap.svg(views()) == tilemap.svg(list(reversed(views())))  # order of input

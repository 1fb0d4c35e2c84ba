"""A map of the United States as an SVG tile grid: one square per state in its usual grid
place, labelled with its postal code, coloured by how far its law reaches.

The map is drawn here, whole, with no tiles or fonts from elsewhere. A state with laws is a
link to its row of the table beside the map; the table says everything the map shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..render.html import escape
from .states import LEVELS, StateView

# (column, row) of each state in the common tile-grid layout of eleven columns
GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7), "PR": (10, 7),
}
TILE, GAP = 44, 4
COLUMNS, ROWS = 11, 8


def svg(states: Sequence[StateView], href: str = "#state-{code}") -> str:
    """The tile map as inline SVG markup; `href` is where a state with laws links."""
    width, height = COLUMNS * (TILE + GAP) - GAP, ROWS * (TILE + GAP) - GAP
    out = [f'<svg class="tile-map" viewBox="0 0 {width} {height}" role="group" '
           'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">',
           '<title id="map-title">Map of state laws that restrict these measures</title>']
    for state in sorted(states, key=lambda s: GRID.get(s.code, (COLUMNS, ROWS))[::-1]):
        if state.code not in GRID:
            continue
        col, row = GRID[state.code]
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        key, _, words = LEVELS[state.level]
        # the name starts with the visible code, so speech input can say what it sees
        label = f"{state.code}, {state.name}: {words}"
        tile = (f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4"/>'
                f'<text x="{x + TILE / 2:g}" y="{y + TILE / 2 + 5:g}" '
                f'text-anchor="middle" aria-hidden="true">{escape(state.code)}</text>')
        if state.laws:
            link = escape(href.format(code=state.code))
            out.append(f'<a class="tile level-{key}" href="{link}" aria-label="{escape(label)}">'
                       f"<title>{escape(label)}</title>{tile}</a>")
        else:
            out.append(f'<g class="tile level-{key}" role="img" aria-label="{escape(label)}">'
                       f"<title>{escape(label)}</title>{tile}</g>")
    out.append("</svg>")
    return "\n".join(out)


def legend(states: Sequence[StateView]) -> list[tuple[str, str, int]]:
    """The legend's rows: (level key, what it means, how many states are at that level)."""
    return [(key, words, sum(s.level == i for s in states))
            for i, (key, _, words) in enumerate(LEVELS)]

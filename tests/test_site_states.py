"""The state laws by state: how far each reaches, and the clauses each runs into."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from ordgen.browse import clause_detail
from ordgen.library import load_library
from ordgen.model import STATES, StateLaw
from ordgen.site import clauses, states


def law(*rules: str, state: str = "TX", key: str = "x") -> StateLaw:
    return StateLaw(id=key, state=state, name="A law", citation="c", forbids="f",
                    penalties="p", rules=list(rules), confidence="reported",
                    source="https://example.org/x")


def test_level_reads_the_rules_of_every_law_of_a_state() -> None:
    assert states.level([]) == 0
    assert states.level([law("287g-mandate")]) == 1
    assert states.level([law("sanctuary-ban")]) == 1
    assert states.level([law("sanctuary-ban", "funding-penalty")]) == 1
    assert states.level([law("sanctuary-ban", "official-penalty")]) == 2
    # two laws of one state together: a ban in one, penalties on officials in another
    assert states.level([law("sanctuary-ban"), law("official-penalty", key="y")]) == 2


@pytest.fixture(scope="module")
def bundled():
    lib = load_library([ROOT / "clauses"])
    return lib, clauses.entries(lib)


def test_every_state_and_territory_is_placed(bundled) -> None:
    lib, entries = bundled
    views = states.states(lib, entries)
    assert sorted(v.code for v in views) == sorted(STATES)
    assert [v.name for v in views] == sorted(STATES.values())
    by_code = {v.code: v for v in views}
    assert by_code["TX"].level == 2 and by_code["FL"].level == 2
    assert by_code["ID"].level == 1 and by_code["CA"].level == 0 and by_code["CA"].laws == ()
    assert [x.id for x in by_code["TX"].laws] == ["tx-sb4-2017", "tx-sb8-2025"]
    assert sum(len(v.laws) for v in views) == len(lib.state_laws)


def test_the_clauses_a_law_affects_are_those_ordgen_show_lists(bundled) -> None:
    lib, entries = bundled
    affected = states.affected(entries)
    for cid in lib.clauses:
        shown = {x["id"] for x in clause_detail(lib, cid)["state_laws"]}
        assert shown == {key for key, ids in affected.items() if cid in ids}
    texas = {v.code: v for v in states.states(lib, entries)}["TX"]
    assert set(texas.clauses) == set(affected["tx-sb4-2017"]) | set(affected["tx-sb8-2025"])
    order = [e.id for e in entries]
    assert list(texas.clauses) == sorted(texas.clauses, key=order.index)


def test_a_library_without_state_laws_restricts_nowhere(library: Path) -> None:
    (library / "state-laws.yaml").write_text("[]\n")
    lib = load_library([library])
    views = states.states(lib, clauses.entries(lib))
    assert {v.level for v in views} == {0}

"""Each lint rule, against the small fixture library."""

from __future__ import annotations

from pathlib import Path

from ordgen.api import check


def codes(library: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in check([library], examples=False):
        found.setdefault(d.code, []).append(f"{Path(d.path).name}:{d.line} {d.message}")
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_sound_library_has_only_the_unused_term(library: Path) -> None:
    assert codes(library) == {"unused-term": [
        "core.yaml:10 term 'zoning district' is defined but no clause uses it"]}


def test_unused_authority_and_short_rationale(library: Path) -> None:
    edit(library / "authorities.yaml", "usc-8-1373:", "spare-1999:\n  kind: case\n  title: T\n"
         "  citation: C\n  short: S\n  parenthetical: P\n  source: https://example.org/s\n"
         "usc-8-1373:")
    edit(library / "savings" / "final.yaml", "rationale: This", "rationale: Too short.\nx: This")
    edit(library / "savings" / "final.yaml", "\nx: This", "\n#")
    found = codes(library)
    assert found["unused-authority"] == ["authorities.yaml:8 authority 'spare-1999' is not "
                                         "used by any clause"]
    assert found["short-rationale"] == ["final.yaml:7 rationale has 2 words"]


def test_duplicate_term_and_unused_param(library: Path) -> None:
    edit(library / "property" / "staging.yaml", "requires:",
         "defines:\n  Agency: means a second definition.\nrequires:")
    edit(library / "property" / "staging.yaml", "params:\n", "params:\n  spare:\n"
         "    type: boolean\n    default: false\n    description: Unused.\n")
    found = codes(library)
    assert any("term 'Agency' is also defined by 'definitions.core'" in m
               for m in found["duplicate-term"])
    assert found["unused-param"] == ["staging.yaml:7 param 'spare' is not used by any variant"]


def test_plain_mentions_of_defined_terms(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "prohibits compliance with federal law.",
         "prohibits compliance with federal law at a staging area, and no Agency and no "
         "agency shall act.")
    warnings = codes(library)["plain-term"]
    # "staging area" has two words: a term, not an ordinary word; "Agency" is capitalized
    # mid-sentence; the lower-case "agency" is an ordinary word and passes
    assert [w.split("'")[3] for w in warnings] == ["agency", "staging area"]
    assert all("definitions.core) is not required by this clause" in w for w in warnings)
    edit(library / "savings" / "final.yaml", "rationale:", "requires: [definitions.core]\n"
         "rationale:")
    (warning,) = [w for w in codes(library)["plain-term"] if "'staging area'" in w]
    assert "so the Definitions section may leave it out" in warning


def test_text_that_names_one_kind_of_government_is_an_error(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "prohibits compliance with federal law.",
         "prohibits the City from complying with federal law, as Cook County and the "
         "City of Chicago also provide.")
    (found,) = codes(library)["hard-coded-jurisdiction"]
    assert found == "final.yaml:6 'City' names one kind of government, agency or instrument"
    assert [d.severity for d in check([library], examples=False)
            if d.code == "hard-coded-jurisdiction"] == ["error"]


def test_this_instrument_reads_wrong_in_an_executive_order(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "{{ this }}", "this {{ instrument }}")
    assert "hard-coded-jurisdiction" in codes(library)

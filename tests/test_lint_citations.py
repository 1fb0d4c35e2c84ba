"""One citation style ("8 U.S.C. § 1373"), and no authority without a citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.api import check
from ordgen.lint.citations import style_problems


@pytest.mark.parametrize("text", [
    "8 U.S.C. 1373", "8 USC 1373", "8 U.S.C 1373", "U.S.C. §1373", "§§1373",
    "Cal. Gov't Code 7284.6", "Or. Rev. Stat. 181A.820", "Minn. Stat. 626.8476",
    "8 C.F.R. 287.7", "Cal. Gov't Code § 7284–7284.12", "Tex. Gov't Code § 752.053, 752.056",
    "Cal. Gov't Code § 7284 through 7284.12",
])
def test_other_ways_of_writing_a_code_citation(text: str) -> None:
    assert len(list(style_problems(text))) == 1


@pytest.mark.parametrize("text", [
    "8 U.S.C. § 1373", "18 U.S.C. § 111", "Cal. Gov't Code § 7284.6", "Or. Rev. Stat. § 181A.820",
    "Cal. Gov't Code §§ 7284–7284.12", "110 Stat. 3009-546", "Or. Laws 2021, ch. 550, § 9",
    "8 U.S.C. § 1226 or § 1357, 8 C.F.R. § 236.1", "§ 1373(a), (b)", "USCIS Form I-918",
    "Stats. 2019, ch. 739", "N.Y.C. Admin. Code §§ 9-131, 14-154", "5 ILCS 805/15",
])
def test_the_house_style_passes(text: str) -> None:
    assert list(style_problems(text)) == []


def style(library: Path) -> list[tuple[str, int, int, str]]:
    return [(Path(d.path).name, d.line, d.col, d.message) for d in check([library],
                                                                        examples=False)
            if d.code == "citation-style"]


def test_citations_in_texts_rationales_definitions_and_authorities(library: Path) -> None:
    staging = library / "property" / "staging.yaml"
    staging.write_text(staging.read_text().replace(
        "      - This includes ramps.", "      - This includes ramps (8 USC 1373)."))
    core = library / "definitions" / "core.yaml"
    core.write_text(core.read_text().replace("includes every district.",
                                             "includes every district (Minn. Stat. 462.357)."))
    final = library / "savings" / "final.yaml"
    final.write_text(final.read_text().replace("rationale: This", "rationale: See {{ this }} "
                                               "and 8 U.S.C. §1644. This"))
    authorities = library / "authorities.yaml"
    authorities.write_text(authorities.read_text().replace("citation: 8 U.S.C. § 1373",
                                                           "citation: 8 U.S.C. 1373"))
    lines = {p.name: p.read_text().splitlines() for p in (staging, core, final, authorities)}
    found = style(library)
    assert len(found) == 4
    for name, line, col, _ in found:
        written = lines[name][line - 1]
        assert written[col - 1:].startswith(("USC", "§1644", " 462", "U.S.C. 1373")), written


@pytest.mark.parametrize("citation", ['" "', "TBD", '"[citation needed]"', "'?'", "n/a"])
def test_an_authority_without_a_citation_is_refused(citation: str, library: Path) -> None:
    authorities = library / "authorities.yaml"
    authorities.write_text(authorities.read_text().replace(
        "citation: Printz v. United States (U.S. 1997)", f"citation: {citation}"))
    (found,) = [d for d in check([library], examples=False) if d.code == "missing-citation"]
    assert found.is_error and "authority 'printz-1997' has" in found.message
    assert (Path(found.path).name, found.line) == ("authorities.yaml", 4)

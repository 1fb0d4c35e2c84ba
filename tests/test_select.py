from pathlib import Path

import pytest

from ordgen.diagnostics import OrdgenError
from ordgen.library import load_library
from ordgen.recipe import load_recipe
from ordgen.select import select


def choose(library: Path, recipe: Path, clauses: str) -> list:
    text = recipe.read_text().split("clauses:")[0] + "clauses:\n" + clauses
    loaded = load_recipe(recipe, text)
    return select(load_library(library), loaded.choices, loaded.source,
                  loaded.recipe.instrument).clauses


def test_requirements_are_pulled_in_with_a_reason(library: Path, recipe: Path) -> None:
    chosen = choose(library, recipe, "  - property.staging\n")
    assert [(s.id, s.reason) for s in chosen] == [
        ("definitions.core", "required by property.staging"),
        ("property.staging", "chosen"),
        ("savings.final", "required by property.staging"),
    ]
    assert [s.role for s in chosen] == ["definitions", "body", "body"]


def test_order_follows_categories_not_the_recipe(library: Path, recipe: Path) -> None:
    chosen = choose(library, recipe, "  - savings.final\n  - findings.trust\n  - purpose.statement\n")
    assert [s.id for s in chosen] == ["findings.trust", "purpose.statement", "definitions.core",
                                      "savings.final"]
    assert chosen[0].role == "recitals"  # they become WHEREAS clauses, not sections


def test_defaults_and_recipe_values(library: Path, recipe: Path) -> None:
    chosen = choose(library, recipe, "  - property.staging: {notice_days: 3}\n")
    staging = next(s for s in chosen if s.id == "property.staging")
    assert staging.variant == "strong"
    assert staging.values == {"notice_days": 3}


@pytest.mark.parametrize("clauses, code, fragment", [
    ("  - property.stagin\n", "unknown-clause", "did you mean 'property.staging'"),
    ("  - property.staging: {variant: strongest}\n", "unknown-variant", "baseline, strong"),
    ("  - property.staging: {notice_days: 900}\n", "bad-value", "above the maximum 90"),
    ("  - property.staging: {notice_days: ten}\n", "bad-value", "whole number"),
    ("  - property.staging: {notice_dys: 3}\n", "unknown-param", "did you mean 'notice_days'"),
    ("  - savings.final\n  - savings.final\n", "duplicate-choice", "listed twice"),
])
def test_bad_choices_are_located(library: Path, recipe: Path, clauses: str, code: str,
                                 fragment: str) -> None:
    with pytest.raises(OrdgenError) as err:
        choose(library, recipe, clauses)
    d = err.value.diagnostics[0]
    assert d.code == code
    assert fragment in d.message + d.hint
    assert d.path.endswith("recipe.yaml") and d.line >= 11


def test_conflicting_clauses_name_both(library: Path, recipe: Path) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text() + "conflicts: [findings.trust]\n")
    with pytest.raises(OrdgenError) as err:
        choose(library, recipe, "  - findings.trust\n  - savings.final\n")
    d = err.value.diagnostics[0]
    assert d.code == "conflict"
    assert "savings.final" in d.message and "findings.trust" in d.message


def test_a_clause_written_for_another_instrument(library: Path, recipe: Path) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text() + "instruments: [resolution]\n")
    with pytest.raises(OrdgenError) as err:
        choose(library, recipe, "  - purpose.statement\n  - property.staging\n")
    (d,) = err.value.diagnostics
    assert d.code == "wrong-instrument" and "savings.final" in d.message
    assert d.line == 14  # the clause that requires it
    assert "instrument: resolution" in d.hint
    text = recipe.read_text().replace("clauses:", "instrument: resolution\nclauses:")
    recipe.write_text(text)
    assert [s.id for s in choose(library, recipe, "  - savings.final\n")] == ["savings.final"]


FINDINGS = """\
id: findings.trust
title: Trust
category: findings
summary: Trust findings.
params:
  year: {type: integer, default: 0, description: Year of the first policy., local: true}
recitals:
  reporting:
    text: residents report crimes when they trust the police
  history:
    text: |
      {% if year %}
      the first policy was adopted in {{ year }}
      {% endif %}
  lake-street:
    local: true
    text: the raid on Lake Street shook the neighborhood
rationale: These recitals explain why. {{ year }}
"""


def test_recitals_are_chosen_one_by_one_and_local_ones_only_by_name(library: Path,
                                                                      recipe: Path) -> None:
    (library / "findings" / "trust.yaml").write_text(FINDINGS)
    from ordgen import api

    def recitals(clauses: str) -> list[str]:
        recipe.write_text(recipe.read_text().split("clauses:")[0] + "clauses:\n" + clauses)
        return [p.plain() for p in api.draft(recipe).document.recitals]

    assert recitals("  - findings.trust\n  - purpose.statement\n") == [
        "WHEREAS, residents report crimes when they trust the police; now, therefore,"]
    assert recitals("  - findings.trust: {year: 2003}\n  - purpose.statement\n")[1] == \
        "WHEREAS, the first policy was adopted in 2003; now, therefore,"
    assert recitals("  - findings.trust: {recitals: [lake-street]}\n  - purpose.statement\n") == [
        "WHEREAS, the raid on Lake Street shook the neighborhood; now, therefore,"]
    with pytest.raises(OrdgenError) as err:
        recitals("  - findings.trust: {recitals: [reportin]}\n  - purpose.statement\n")
    (d,) = err.value.diagnostics
    assert d.code == "unknown-recital" and "did you mean 'reporting'" in d.hint

"""Loading a clause library: one folder or layers, every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree

from ordgen.diagnostics import OrdgenError
from ordgen.library import load_library


def test_a_sound_library_loads_with_its_terms_and_roles(library: Path) -> None:
    lib = load_library([library])
    assert sorted(lib.clauses) == ["definitions.core", "findings.trust", "property.staging",
                                   "purpose.statement", "savings.final"]
    assert lib.terms["staging area"][0][2] == "definitions.core"
    assert lib.role(lib.clauses["findings.trust"].clause) == "recitals"
    assert len(lib.fingerprint) == 64 and lib.warnings == []


def test_a_later_layer_overrides_clauses_by_id(library: Path) -> None:
    local = write_tree(library.parent / "local", {"savings/final.yaml": (
        library / "savings" / "final.yaml").read_text().replace("title: Savings",
                                                                "title: Local Savings")})
    lib = load_library([library, local])
    assert lib.clauses["savings.final"].clause.title == "Local Savings"
    assert lib.clauses["savings.final"].layer == "local"
    assert lib.layers[-1].endswith("local")


@pytest.mark.parametrize(("edit", "code"), [
    (("property/staging.yaml", "category: property", "category: propety"), "unknown-category"),
    (("property/staging.yaml", "requires: [definitions.core, savings.final]",
      "requires: [definitions.core, savings.finale]"), "unknown-clause"),
    (("savings/final.yaml", "authorities: [usc-8-1373]", "authorities: [usc-8-1374]"),
     "unknown-authority"),
    (("savings/final.yaml", "summary: Savings clause.",
      "summary: Savings clause.\nrequires: [property.staging]"), "requires-cycle"),
])
def test_references_between_files_are_checked(edit: tuple[str, str, str], code: str,
                                              library: Path) -> None:
    path = library / edit[0]
    path.write_text(path.read_text().replace(edit[1], edit[2]))
    with pytest.raises(OrdgenError) as err:
        load_library([library])
    assert code in {d.code for d in err.value.diagnostics}
    assert all(d.line for d in err.value.diagnostics if d.code == code)


def test_two_files_with_one_id_are_refused(library: Path) -> None:
    (library / "property" / "copy.yaml").write_text(
        (library / "property" / "staging.yaml").read_text())
    with pytest.raises(OrdgenError) as err:
        load_library([library])
    assert "duplicate-id" in {d.code for d in err.value.diagnostics}


def test_a_layer_adds_to_and_overrides_categories_authorities_and_terms(library: Path) -> None:
    local = write_tree(library.parent / "local", {
        "library.yaml": "name: Duluth local\nversion: '1'\n",
        # one new category, placed after the one it follows; one renamed where it stands
        "categories.yaml": "- {id: property, title: Public Property, role: body}\n"
                           "- {id: signs, title: Signs, role: body}\n",
        "authorities.yaml": "printz-1997:\n  kind: case\n  title: Printz\n"
                            "  citation: Printz v. United States, 521 U.S. 898 (1997)\n"
                            "  short: Printz\n  parenthetical: no commandeering\n"
                            "  source: https://example.org/p\n",
        "signs/posted.yaml": "id: signs.posted\ntitle: Signs\ncategory: signs\nsummary: S.\n"
                             "text: Signs are posted.\ndefines:\n  staging area: means a lot.\n"
                             "rationale: " + "Words enough to explain it. " * 30 + "\n",
    })
    lib = load_library([library, local])
    assert [c.id for c in lib.categories] == ["findings", "purpose", "definitions", "property",
                                              "signs", "savings"]
    assert lib.categories[3].title == "Public Property"
    assert lib.authorities["printz-1997"].citation.startswith("Printz v. United States, 521")
    assert (lib.origin("authority", "printz-1997").layer,
            lib.origin("authority", "usc-8-1373").layer) == ("Duluth local", "lib")
    assert lib.origin("category", "signs").layer == "Duluth local"
    assert lib.terms["staging area"][0][2] == "signs.posted"  # the later layer's definition


def test_adopted_models_name_clauses_and_variants_that_exist(library: Path) -> None:
    (library / "models.yaml").write_text(
        "- id: m\n  name: A model\n  citation: Code ch. 1\n  source: https://example.org/m\n"
        "  provisions:\n"
        "    - {section: '1', summary: Lots., clause: property.staging, variant: baseline}\n"
        "    - {section: '2', summary: Immunity., state_only: Only the state can.}\n"
        "    - {section: '3', summary: Parks., clause: property.staging, variant: strongest}\n"
        "    - {section: '4', summary: Both., clause: property.stagin}\n"
        "    - {section: '5', summary: Neither.}\n")
    with pytest.raises(OrdgenError) as err:
        load_library([library])
    assert sorted((d.code, d.line) for d in err.value.diagnostics) == [
        ("bad-provision", 10), ("unknown-clause", 9), ("unknown-variant", 8)]

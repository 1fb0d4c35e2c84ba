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

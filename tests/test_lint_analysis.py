"""The analysis `check` runs: every variant of every clause rendered in a sample draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.api import check
from ordgen.library import Library, load_library
from ordgen.lint import analysis, rendering
from ordgen.lint.analysis import analyse
from ordgen.lint.rendering import Selection, Unit

STRONG_LINE = "      - Notice shall be posted within {{ notice_days | words }} days.\n"


def test_every_variant_is_rendered_with_what_it_needs(library: Path) -> None:
    analysis = analyse(load_library([library]))
    rendered = {(r.clause_id, r.variant) for r in analysis.texts}
    assert ("property.staging", "baseline") in rendered
    assert ("property.staging", "strong") in rendered
    staging = next(r for r in analysis.texts if r.variant == "strong")
    assert staging.needed == {"property.staging", "definitions.core", "savings.final"}
    assert "staging area" in staging.terms and "five (5) days" in staging.text
    assert analysis.errors == []
    assert "agency" in analysis.terms_used  # used inside another term's definition
    assert "usc-8-1373" in analysis.cited


def test_a_broken_variant_is_an_error_at_its_line(library: Path) -> None:
    path = library / "property" / "staging.yaml"
    path.write_text(path.read_text().replace("- This includes ramps.",
                                             "- This includes {{ ramps }}."))
    analysis = analyse(load_library([library]))
    (error,) = analysis.errors
    assert error.code == "undefined-name" and "'ramps' is undefined" in error.message
    assert error.line == path.read_text().splitlines().index(
        "        - This includes {{ ramps }}.") + 1


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache; returns the clauses rendered (in this process) since."""
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "cache"))
    done: list[str] = []
    render = rendering.render_unit

    def counted(library: Library, cid: str, kinds: dict[str, Selection]) -> Unit:
        done.append(cid)
        return render(library, cid, kinds)

    monkeypatch.setattr(analysis, "render_unit", counted)
    return done


def test_an_unchanged_clause_is_not_rendered_again(library: Path, rendered: list[str]) -> None:
    first = analyse(load_library([library]))
    assert sorted(rendered) == sorted(load_library([library]).clauses)
    rendered.clear()
    again = analyse(load_library([library]))
    assert rendered == [] and again.renders == first.renders and again.texts == first.texts
    # a citation that staging's rationale cites changes what it renders: only it renders again
    edit(library / "authorities.yaml", "citation: 8 U.S.C. § 1373", "citation: 8 U.S.C. § 1374")
    analyse(load_library([library]))
    assert rendered == ["property.staging"]
    rendered.clear()
    # a term a text asks for starts to exist: the clause that asked is rendered again
    edit(library / "property" / "staging.yaml", STRONG_LINE,
         STRONG_LINE + "      {% if false %}{{ term('zoning area') }}{% endif %}\n")
    assert [d.code for d in analyse(load_library([library])).errors] == ["unknown-term"]
    edit(library / "definitions" / "core.yaml", "  zoning district:", "  zoning area: "
         "includes an area.\n  zoning district:")
    rendered.clear()
    assert analyse(load_library([library])).errors == []


def test_workers_find_what_one_process_finds(library: Path, rendered: list[str],
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    edit(library / "property" / "staging.yaml", STRONG_LINE,
         STRONG_LINE + "      - {{ 100 // (notice_days - 90) }}\n")
    alone = analyse(load_library([library]))
    monkeypatch.setattr(analysis, "PER_WORKER", 1)
    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "another"))
    rendered.clear()
    shared = analyse(load_library([library]))
    assert rendered == []  # rendered in the workers
    assert shared.errors == alone.errors and len(alone.errors) == 1
    assert shared.renders == alone.renders and shared.texts == alone.texts


def test_helpers_named_in_a_branch_never_rendered_are_checked(library: Path) -> None:
    path = library / "property" / "staging.yaml"
    edit(path, STRONG_LINE, STRONG_LINE + "      {% if false %}\n"
         "      - {{ term('stagin area') }} {{ ref('savings.finl') }} {{ cite('printz-197') }}"
         "{% if selected('savings.fnal') %}x{% endif %}\n      {% endif %}\n")
    found = {d.code: d for d in analyse(load_library([library])).errors}
    written = next(w for w in path.read_text().splitlines() if "stagin area" in w)
    assert set(found) == {"unknown-term", "unknown-reference", "unknown-authority",
                          "unknown-clause"}
    assert found["unknown-term"].col == written.index("term(") + 1
    assert found["unknown-term"].hint == "did you mean 'staging area'?"
    assert found["unknown-reference"].hint == "did you mean 'savings.final'?"
    assert found["unknown-authority"].col == written.index("cite(") + 1


def test_a_library_with_a_requires_typo_still_has_its_templates_checked(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "authorities:", "requires: [definitions.cor]\n"
                                                            "authorities:")
    edit(library / "purpose" / "statement.yaml", "{{ this }}", "{{ thiss }}")
    found = {d.code for d in check([library], examples=False)}
    assert {"unknown-clause", "undefined-name"} <= found


def test_a_clause_no_sample_can_hold_is_named(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "rationale:", "needs: [police, jail]\nrationale:")
    found = {d.code: d for d in analyse(load_library([library])).errors}
    assert "no sample jurisdiction has a police and jail agency" in found["not-rendered"].message
    assert not found["not-rendered"].is_error

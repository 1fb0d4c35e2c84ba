"""`ordgen clauses`, `show` and `explain`: plain text for pipes, JSON for scripts, rich at a
terminal; and layered libraries as explain and the draft's provenance report them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import RECIPE, write_tree

Run = Callable[..., "subprocess.CompletedProcess[str]"]


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    out = result.stdout + result.stderr
    assert result.returncode == code, out
    assert "Traceback" not in out
    return out


# -- clauses ------------------------------------------------------------------------------------

def test_clauses_plain_when_piped(library: Path, run_ordgen: Run) -> None:
    out = ok(run_ordgen("clauses", "--library", library))
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "CATEGORY", "VARIANTS", "PARAMS", "TITLE", "SUMMARY"]
    ids = [line.split()[0] for line in lines[1:]]
    # draft order: categories as categories.yaml lists them
    assert ids == ["findings.trust", "purpose.statement", "definitions.core",
                   "property.staging", "savings.final"]
    staging = next(line for line in lines if line.startswith("property.staging"))
    assert "baseline, strong*" in staging and "notice_days" in staging
    assert staging.endswith("No staging on city lots.")  # the summary, as the README says
    assert "\x1b[" not in out and "─" not in out  # no colour, no box drawing


def test_clauses_by_category_and_json(library: Path, run_ordgen: Run) -> None:
    rows = json.loads(ok(run_ordgen("clauses", "-l", library, "--category", "property",
                                    "--json")))
    assert [r["id"] for r in rows] == ["property.staging"]
    row = rows[0]
    assert row["variants"] == ["baseline", "strong"] and row["default_variant"] == "strong"
    assert row["requires"] == ["definitions.core", "savings.final"]
    assert row["state_rules"] == ["sanctuary-ban"] and row["layer"] == "lib"


def test_clauses_unknown_category(library: Path, run_ordgen: Run) -> None:
    out = refused(run_ordgen("clauses", "-l", library, "--category", "propery"))
    assert "no category 'propery'" in out and "did you mean 'property'?" in out


def test_clauses_of_a_broken_library_are_located_errors(library: Path, run_ordgen: Run) -> None:
    path = library / "savings/final.yaml"
    path.write_text(path.read_text().replace("category: savings", "category: saving"))
    out = refused(run_ordgen("clauses", "-l", library))
    assert "final.yaml:3:11: error[unknown-category]" in out


# -- show ---------------------------------------------------------------------------------------

def test_show_renders_the_default_variant_with_example_values(library: Path,
                                                              run_ordgen: Run) -> None:
    out = ok(run_ordgen("show", "property.staging", "-l", library))
    assert out.startswith("property.staging: Use of Public Property\n")
    assert "Sample (City of Saint Paul, variant strong, values notice_days=5)" in out
    # rendered like a draft: numbered paragraphs, the example value in words, references
    # resolved to section numbers of the small sample draft
    assert "(a) No lot shall be used as a staging area." in out
    assert "(1) This includes ramps." in out
    assert "Notice shall be posted within five (5) days." in out
    assert "See Section 3." in out
    assert "Rationale\n  This rationale explains" in out
    assert "See 8 U.S.C. § 1373." in out  # cite() in the rationale, rendered
    assert "strong (default)" in out and "Lots only." in out
    assert "notice_days" in out and "0..90" in out and "Days of notice." in out
    assert "Requires: definitions.core, savings.final" in out
    assert "Texas SB 4 (2017) (TX, reported): sanctuary-ban" in out
    assert "Printz v. United States (U.S. 1997): the federal government may not command" in out
    assert "8 U.S.C. § 1373: information about citizenship" in out


def test_show_another_variant_as_json(library: Path, run_ordgen: Run) -> None:
    data = json.loads(ok(run_ordgen("show", "property.staging", "--variant", "baseline",
                                    "-l", library, "--json")))
    assert data["variant"] == "baseline"
    assert [p["text"] for p in data["sample"]["paragraphs"]] == [
        "No agency shall allow a lot to be used as a staging area."]
    assert data["values"] == {"notice_days": 5}
    assert [a["key"] for a in data["authorities"]] == ["printz-1997", "usc-8-1373"]
    assert data["state_laws"][0]["id"] == "tx-sb4-2017"
    assert data["params"][0] | {"description": ""} == {
        "name": "notice_days", "type": "integer", "default": 10, "example": 5,
        "description": "", "min": 0, "max": 90, "choices": None}


def test_show_findings_as_recitals(library: Path, run_ordgen: Run) -> None:
    data = json.loads(ok(run_ordgen("show", "findings.trust", "-l", library, "--json")))
    assert data["sample"]["heading"] == "Recitals"
    assert data["sample"]["paragraphs"][0]["text"].startswith(
        "WHEREAS, residents of City of Saint Paul report crimes")


@pytest.mark.parametrize(("args", "fragment"), [
    (["property.stageing"], "did you mean 'property.staging'?"),
    (["property.staging", "--variant", "strongest"], "its variants are: baseline, strong"),
])
def test_show_unknown_clause_or_variant(args: list[str], fragment: str, library: Path,
                                        run_ordgen: Run) -> None:
    assert fragment in refused(run_ordgen("show", *args, "-l", library))


def test_show_with_values_a_kind_and_an_instrument(library: Path, run_ordgen: Run) -> None:
    data = json.loads(ok(run_ordgen("show", "property.staging", "-l", library, "--json",
                                    "--set", "notice_days=0", "--kind", "county",
                                    "--instrument", "resolution")))
    assert data["values"] == {"notice_days": 0}
    assert data["sample"] | {"paragraphs": []} == {
        "jurisdiction": "Hennepin County", "kind": "county", "instrument": "resolution",
        "heading": "Section 2. Use of Public Property.", "paragraphs": []}
    texts = [p["text"] for p in data["sample"]["paragraphs"]]
    assert texts[0] == "The following apply to property of the County:"
    assert "Notice shall be posted within zero (0) days." in texts


def test_show_names_the_kinds_check_renders_for(run_ordgen: Run) -> None:
    from ordgen.lint.samples import SAMPLES

    out = ok(run_ordgen("show", "--help"))
    assert all(kind in " ".join(out.split()) for kind in SAMPLES)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--set", "notice_dayz=3"], "has no param 'notice_dayz'; did you mean 'notice_days'?"),
    (["--set", "notice_days=many"], "--set notice_days=many: expected a whole number, got "
                                    "'many' (a whole number from 0 to 90)"),
    (["--set", "notice_days=91"], "91 is above the maximum 90"),
    (["--set", "notice_days"], "write name=value"),
    (["--kind", "countty"], "did you mean 'county'?"),
])
def test_show_refuses_values_that_do_not_fit(args: list[str], fragment: str, library: Path,
                                             run_ordgen: Run) -> None:
    out = refused(run_ordgen("show", "property.staging", "-l", library, *args), code=2)
    assert fragment in out


def test_show_refuses_an_instrument_or_kind_the_clause_is_not_for(library: Path,
                                                                 run_ordgen: Run) -> None:
    final = library / "savings" / "final.yaml"
    final.write_text(final.read_text().replace("rationale:", "instruments: [ordinance]\n"
                                               "needs: [police]\nrationale:"))
    out = refused(run_ordgen("show", "savings.final", "-l", library, "-i", "resolution"), 2)
    assert "clause 'savings.final' is written for ordinance" in out
    out = refused(run_ordgen("show", "savings.final", "-l", library, "--kind", "town"), 2)
    assert "Town of Leverett has no police agency, which 'savings.final' needs" in out


def test_show_a_clause_whose_template_fails(library: Path, run_ordgen: Run) -> None:
    path = library / "savings/final.yaml"
    path.write_text(path.read_text().replace("federal law.", "{{ nope }}."))
    out = refused(run_ordgen("show", "savings.final", "-l", library))
    assert "final.yaml:" in out and "'nope' is undefined" in out


# -- explain ------------------------------------------------------------------------------------

def test_explain_plain(recipe: Path, run_ordgen: Run) -> None:
    out = ok(run_ordgen("explain", recipe))
    assert out.splitlines()[0].endswith("recipe.yaml: City of Minneapolis (Minnesota)")
    rows = {line.split()[1]: line.split() for line in out.splitlines()
            if line[:1] in "-123456789" and len(line.split()) > 4}
    assert rows["findings.trust"][:5] == ["-", "findings.trust", "standard", "lib", "chosen"]
    assert rows["purpose.statement"][:5] == ["1", "purpose.statement", "standard", "lib",
                                             "chosen"]
    assert rows["definitions.core"][:4] == ["2", "definitions.core", "standard", "lib"]
    assert "required by purpose.statement" in " ".join(rows["definitions.core"])
    assert "required by property.staging" in " ".join(rows["savings.final"])
    assert rows["property.staging"][2] == "strong"
    assert "State-law warnings" not in out  # Minnesota has no state law in the library


def test_explain_state_law_warnings_and_conflicts(library: Path, recipe: Path,
                                                  run_ordgen: Run) -> None:
    path = library / "savings/final.yaml"
    path.write_text(path.read_text().replace("authorities:", "conflicts: [findings.other]\n"
                                                             "authorities:"))
    write_tree(library, {"findings/other.yaml": (library / "findings/trust.yaml").read_text()
                         .replace("findings.trust", "findings.other")})
    recipe.write_text(RECIPE.replace("state: MN", "state: TX"))
    out = ok(run_ordgen("explain", recipe))
    assert "City of Minneapolis (Texas)" in out
    assert "Kept out by conflicts:\n  findings.other (conflicts with savings.final)" in out
    assert "State-law warnings" in out
    assert "Texas SB 4 (2017) (Tex. Gov\u2019t Code ch. 752, reported): Section 3 " \
           "(property.staging)" in out
    data = json.loads(ok(run_ordgen("explain", recipe, "--json")))
    assert data["blocked"] == {"findings.other": ["savings.final"]}
    staging = next(c for c in data["clauses"] if c["id"] == "property.staging")
    assert staging["state_laws"] == ["tx-sb4-2017"] and staging["values"] == {"notice_days": 7}
    assert [w["code"] for w in data["warnings"]] == ["state-law"]


def test_explain_a_conflicting_recipe_names_the_conflict(library: Path, recipe: Path,
                                                         run_ordgen: Run) -> None:
    path = library / "savings/final.yaml"
    path.write_text(path.read_text().replace("authorities:", "conflicts: [findings.trust]\n"
                                                             "authorities:"))
    out = refused(run_ordgen("explain", recipe))
    assert "recipe.yaml:" in out and "'savings.final' and 'findings.trust'" in out


# -- layered libraries --------------------------------------------------------------------------

LOCAL = {
    "library.yaml": "name: Duluth local\nversion: '1'\n",
    # overrides the base layer's savings clause
    "savings/final.yaml": """\
id: savings.final
title: Savings (Duluth)
category: savings
summary: Duluth's savings clause.
text: |
  Nothing in {{ this }} prohibits compliance with federal or state law.
rationale: %s
""",
    # a clause the base layer does not have
    "property/signs.yaml": """\
id: property.signs
title: Signs on Public Property
category: property
order: 20
summary: Signs at entrances.
text: |
  Signs shall be posted at the entrance to each lot of the {{ jurisdiction.entity }}.
rationale: %s
""",
}


@pytest.fixture
def layered(library: Path, recipe: Path) -> Path:
    from conftest import RATIONALE

    write_tree(library.parent / "local", {k: v % RATIONALE if "%s" in v else v
                                         for k, v in LOCAL.items()})
    recipe.write_text(RECIPE.replace("library: lib", "library: [lib, local]")
                      + "  - property.signs\n")
    return recipe


def test_layers_in_explain_and_provenance(layered: Path, run_ordgen: Run,
                                          tmp_path: Path) -> None:
    data = json.loads(ok(run_ordgen("explain", layered, "--json")))
    assert [Path(p).name for p in data["layers"]] == ["lib", "local"]
    layer = {c["id"]: c["layer"] for c in data["clauses"]}
    assert layer == {"findings.trust": "lib", "purpose.statement": "lib",
                     "definitions.core": "lib", "property.staging": "lib",
                     "property.signs": "Duluth local", "savings.final": "Duluth local"}
    out = ok(run_ordgen("explain", layered))
    signs = next(line for line in out.splitlines() if "property.signs" in line)
    assert "Duluth local" in signs and "chosen" in signs

    draft = tmp_path / "draft.md"
    ok(run_ordgen("build", layered, "-o", draft))
    text = draft.read_text()
    assert "clause: savings.final variant=standard layer=Duluth local " \
           "(required by property.staging)" in text
    assert "clause: property.signs variant=standard layer=Duluth local (chosen)" in text
    assert "clause: property.staging variant=strong layer=lib (chosen)" in text
    assert "federal or state law" in text  # the override's text, not the base layer's
    assert "Signs shall be posted" in text


def test_check_validates_layers_together(library: Path, layered: Path,
                                         run_ordgen: Run) -> None:
    local = library.parent / "local"
    out = run_ordgen("check", library, local)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 errors" in out.stderr
    # the second layer alone is not a library: it has no categories
    alone = refused(run_ordgen("check", local))
    assert "no categories.yaml" in alone
    # a clause of the second layer that requires one only the first has is fine together
    signs = local / "property/signs.yaml"
    signs.write_text(signs.read_text().replace("rationale:", "requires: [definitions.core]\n"
                                                             "rationale:"))
    assert run_ordgen("check", library, local).returncode == 0
    signs.write_text(signs.read_text().replace("[definitions.core]", "[definitions.cor]"))
    out = refused(run_ordgen("check", library, local, "--format", "github"))
    assert "::error file=" in out and "local/property/signs.yaml,line=" in out
    assert "did you mean 'definitions.core'?" in out


def test_clauses_lists_each_clause_once_with_its_layer(library: Path, layered: Path,
                                                       run_ordgen: Run) -> None:
    rows = json.loads(ok(run_ordgen("clauses", "-l", library, "-l", library.parent / "local",
                                    "--json")))
    layer = {r["id"]: r["layer"] for r in rows}
    assert len(rows) == 6
    assert layer["savings.final"] == "Duluth local" and layer["findings.trust"] == "lib"


# -- rich output at a terminal ------------------------------------------------------------------

def test_rich_output_at_a_terminal(library: Path, recipe: Path) -> None:
    from test_wizard import Terminal

    t = Terminal("clauses", "-l", "lib", cwd=library.parent)
    t.expect("Clause")
    assert t.finish() == 0
    assert "City Property" in t.seen and "property.staging" in t.seen
    assert "─" in t.seen  # drawn as a table
    assert "default variant" in t.seen

    t = Terminal("show", "property.staging", "-l", "lib", cwd=library.parent)
    assert t.finish() == 0
    assert "╭" in t.seen and "Sample: City of Saint Paul, variant strong" in t.seen
    assert "Rationale" in t.seen and "Authorities" in t.seen

    t = Terminal("explain", "recipe.yaml", cwd=library.parent)
    assert t.finish() == 0
    assert "City of Minneapolis (Minnesota)" in t.seen and "required by" in t.seen


def test_no_color_means_plain(library: Path, run_ordgen: Run) -> None:
    forced = run_ordgen("clauses", "-l", library, env={"FORCE_COLOR": "1"})
    assert "─" in forced.stdout
    plain = run_ordgen("clauses", "-l", library, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "─" not in plain.stdout and plain.stdout.startswith("ID ")


def test_explain_names_the_layer_of_every_entry(layered: Path, run_ordgen: Run) -> None:
    data = json.loads(ok(run_ordgen("explain", layered, "--json")))
    origins = data["origins"]
    assert origins["clauses"]["savings.final"] == "Duluth local"
    assert origins["clauses"]["property.staging"] == "lib"
    assert origins["categories"]["property"] == "lib"
    assert set(origins["authorities"].values()) == {"lib"}


def test_check_says_which_layer_each_entry_came_from(library: Path, layered: Path,
                                                     run_ordgen: Run) -> None:
    local = library.parent / "local"
    out = run_ordgen("check", library, local)
    assert "layer Duluth local: 2 clauses (property.signs, savings.final)" in out.stderr
    data = json.loads(run_ordgen("check", library, local, "--format", "json").stdout)
    assert data["layers"]["lib"]["categories"][0] == "definitions"
    assert data["layers"]["Duluth local"]["clauses"] == ["property.signs", "savings.final"]

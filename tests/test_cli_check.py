"""`ordgen check` from the command line: exit codes and the three output formats."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

Run = Callable[..., "CompletedProcess[str]"]


def test_a_sound_library_exits_0_and_says_how_many(library: Path, run_ordgen: Run) -> None:
    result = run_ordgen("check", library, "--no-examples")
    assert result.returncode == 0
    # findings.trust 5 (kinds), purpose.statement 20 (kinds x instruments), definitions.core
    # 4 (instruments), staging baseline 1 and strong 20 (kinds x notice_days 5, 10, 0, 90),
    # savings.final 4 (instruments)
    assert result.stderr.endswith("rendered 54 combinations of 6 variants: 0 errors, 1 warning\n")


def test_errors_exit_1_in_every_format(library: Path, run_ordgen: Run) -> None:
    path = library / "savings" / "final.yaml"
    path.write_text(path.read_text().replace("federal law.", "{{ nope }} law."))
    text = run_ordgen("check", library, "--no-examples")
    data = run_ordgen("check", library, "--no-examples", "--format", "json")
    github = run_ordgen("check", library, "--no-examples", "-f", "github")
    assert text.returncode == data.returncode == github.returncode == 1
    assert "error[undefined-name]" in text.stderr
    assert any(d["code"] == "undefined-name" for d in json.loads(data.stdout)["diagnostics"])
    assert "::error file=" in github.stdout


def test_json_gives_the_diagnostics_and_what_was_rendered(library: Path, run_ordgen: Run
                                                          ) -> None:
    data = json.loads(run_ordgen("check", library, "--no-examples", "-f", "json").stdout)
    assert [d["code"] for d in data["diagnostics"]] == ["unused-term"]
    renders = data["renders"]
    assert (renders["combinations"], renders["variants"]) == (54, 6)
    assert renders["clauses"]["property.staging"] == {
        "variants": {"baseline": 1, "strong": 20}, "definitions": 0}


def test_every_stage_reports_in_one_run(library: Path, run_ordgen: Run) -> None:
    """A requires typo, a template error, a clause file that does not validate and two
    recipes' errors, all at once; and what could not be checked says why."""
    final = library / "savings" / "final.yaml"
    final.write_text(final.read_text().replace(
        "authorities: [usc-8-1373]", "requires: [definitions.cor]\n"
                                     "authorities: [usc-8-1373, nowhere-2020]"))
    purpose = library / "purpose" / "statement.yaml"
    purpose.write_text(purpose.read_text().replace("{{ this }}", "{{ thiss }}"))
    trust = library / "findings" / "trust.yaml"
    trust.write_text(trust.read_text().replace("summary:", "sumary:"))
    examples = library.parent / "examples"
    examples.mkdir()
    (examples / "schema.yaml").write_text(
        "jurisdiction: {name: City of Duluth, kind: citty, state: MN}\ntitle: T\n"
        "library: ../lib\nclauses:\n  - property.stagin\n  - property.staging: {variant: strongg, "
        "notice_days: 900}\n")
    (examples / "uses-trust.yaml").write_text(
        "jurisdiction: {name: City of Duluth, kind: city, state: MN}\ntitle: T\n"
        "library: ../lib\nclauses:\n  - findings.trust\n  - property.staging\n")
    (examples / "uses-final.yaml").write_text(
        "jurisdiction: {name: City of Duluth, kind: city, state: MN}\ntitle: T\n"
        "library: ../lib\nclauses:\n  - savings.final\n")
    out = run_ordgen("check", library, "-f", "json")
    assert out.returncode == 1
    found = {(Path(d["path"]).name, d["code"]): d for d in json.loads(out.stdout)["diagnostics"]}
    assert {("final.yaml", "unknown-clause"), ("statement.yaml", "undefined-name"),
            ("trust.yaml", "unknown-key"), ("trust.yaml", "missing-key"),
            ("schema.yaml", "invalid-value"), ("schema.yaml", "unknown-clause"),
            ("schema.yaml", "unknown-variant"), ("schema.yaml", "bad-value")} <= set(found)
    assert "did you mean 'property.staging'?" in found["schema.yaml", "unknown-clause"]["hint"]
    # what could not run says which error stopped it
    assert "templates of this clause were not checked" in found["trust.yaml", "not-checked"][
        "message"]
    assert "recipe does not validate (error[invalid-value]" in found["schema.yaml", "not-built"][
        "message"]
    assert "clause 'findings.trust' did not load" in found["uses-trust.yaml", "not-built"][
        "message"]
    assert "clause 'savings.final' has errors (" in found["uses-final.yaml", "not-built"][
        "message"]
    assert ("final.yaml", "unknown-authority") in found
    # the clauses that loaded were rendered
    assert json.loads(out.stdout)["renders"]["clauses"]["property.staging"]["variants"]


def test_a_broken_branch_of_the_bundled_library_is_found(tmp_path: Path, run_ordgen: Run
                                                         ) -> None:
    """The case that once passed: a name only the `else` side of a branch reads."""
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "clauses", tmp_path / "clauses")
    staging = tmp_path / "clauses" / "property" / "staging.yaml"
    text = staging.read_text()
    old = "{% else %}parking lot, parking ramp, garage and vacant lot{% endif %}"
    assert old in text
    staging.write_text(text.replace(old, "{% else %}{{ undefined_thing }}{% endif %}", 1))
    out = run_ordgen("check", tmp_path / "clauses", "--no-examples")
    assert out.returncode == 1
    lines = staging.read_text().splitlines()
    line = next(i for i, w in enumerate(lines, 1) if "undefined_thing" in w)
    col = lines[line - 1].index("undefined_thing") + 1
    assert f"staging.yaml:{line}:{col}: error[undefined-name]: 'undefined_thing'" in out.stderr
    assert out.stderr.count("error[") == 1

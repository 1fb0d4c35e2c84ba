"""Rendering each clause over its covering set: a branch only some values, kinds or
instruments take is still rendered, and what breaks there is reported with its line, the
values that broke it and the command that reproduces it."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from ordgen.api import check
from ordgen.diagnostics import Diagnostic

Run = Callable[..., "CompletedProcess[str]"]
STRONG = "      - Notice shall be posted within {{ notice_days | words }} days.\n"

# a branch that fails only for some values, kinds or instruments; each fails on its last
# line that holds `//` or `[`
PLANTS = {
    "if": ("      {% if notice_days == 0 %}\n      - Now: {{ 100 // notice_days }}.\n"
           "      {% endif %}\n", "with notice_days=0"),
    "elif": ("      {% if notice_days > 80 %}\n      - Late.\n"
             "      {% elif notice_days == 10 %}\n      - Default: {{ [1][notice_days] }}.\n"
             "      {% endif %}\n", "with notice_days=10"),
    "else": ("      {% if notice_days %}\n      - Days.\n      {% else %}\n"
             "      - None: {{ 100 // notice_days }}.\n      {% endif %}\n", "with notice_days=0"),
    "nested": ("      {% if jurisdiction.kind == 'county' %}\n"
               "      {% if instrument == 'resolution' %}\n      - {{ 100 // 0 }}.\n"
               "      {% endif %}\n      {% endif %}\n", "as a resolution"),
    "loop": ("      {% for day in range(notice_days) %}\n      {% if loop.last and day > 80 %}\n"
             "      - {{ 100 // (day - 89) }}.\n      {% endif %}\n      {% endfor %}\n",
             "with notice_days=90"),
    "macro": ("      {% macro late(days) %}\n      - Late by {{ 100 // days }}.\n"
              "      {% endmacro %}\n      {{ late(notice_days) }}\n", "with notice_days=0"),
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def errors(library: Path) -> list[Diagnostic]:
    return [d for d in check([library], examples=False) if d.is_error]


def reproduce(run_ordgen: Run, error: Diagnostic) -> CompletedProcess[str]:
    command = error.hint.split("reproduce: ")[1]
    assert command.startswith("ordgen show ")
    return run_ordgen(*shlex.split(command)[1:])


@pytest.mark.parametrize("where", list(PLANTS))
def test_a_branch_that_fails_for_some_values_is_caught_at_its_line(
        where: str, library: Path, run_ordgen: Run) -> None:
    path = library / "property" / "staging.yaml"
    text, values = PLANTS[where]
    edit(path, STRONG, STRONG + text)
    line = max(i for i, written in enumerate(path.read_text().splitlines(), 1)
               if "//" in written or "[1]" in written)
    (error,) = errors(library)
    assert (Path(error.path).name, error.line) == ("staging.yaml", line)
    assert "variant 'strong'" in error.message and values in error.message
    shown = reproduce(run_ordgen, error)
    assert shown.returncode == 1 and f"staging.yaml:{line}:" in shown.stderr


def test_lists_booleans_and_choices_take_every_telling_value(library: Path,
                                                             run_ordgen: Run) -> None:
    path = library / "property" / "staging.yaml"
    edit(path, "params:\n", "params:\n"
         "  places:\n    type: list\n    default: [lots]\n    description: Places.\n"
         "  posted:\n    type: boolean\n    default: true\n    description: Posted.\n"
         "  size:\n    type: choice\n    choices: [small, large]\n    default: small\n"
         "    description: Size.\n")
    edit(path, STRONG, STRONG
         + "      - First place: {{ places[0] }}.\n"
         + "      {% if places | length > 10 %}\n      - Many: {{ 1 // 0 }}.\n      {% endif %}\n"
         + "      {% if not posted %}\n      - Unposted: {{ 2 // 0 }}.\n      {% endif %}\n"
         + "      {% if size == 'large' %}\n      - Large: {{ 3 // 0 }}.\n      {% endif %}\n")
    found = {d.line: d for d in errors(library)}
    lines = path.read_text().splitlines()
    for fragment, values in [("places[0]", "places=(empty)"), ("1 // 0", "places=lots | "),
                             ("2 // 0", "posted=no"), ("3 // 0", "size=large")]:
        line = next(i for i, written in enumerate(lines, 1) if fragment in written)
        assert values in found[line].message, fragment
    empty = found[next(i for i, w in enumerate(lines, 1) if "places[0]" in w)]
    assert "--set places=" in empty.hint
    assert reproduce(run_ordgen, empty).returncode == 1


def test_a_county_draft_that_says_city_is_an_error(library: Path) -> None:
    path = library / "property" / "staging.yaml"
    edit(path, STRONG, STRONG + "      - The City and its municipal agencies shall post it.\n")
    found = {d.message.split("says ")[1]: d for d in check([library], examples=False)
             if d.code == "wrong-jurisdiction-word"}
    written = next(w for w in path.read_text().splitlines() if "The City" in w)
    city, municipal = found["'City'"], found["'municipal'"]
    assert city.is_error and city.col == written.index("City") + 1
    assert municipal.line == city.line and municipal.col == written.index("municipal") + 1
    assert "Hennepin County" in city.message and "texas-county" in city.message
    assert "--kind county" in city.hint


def test_a_resolution_that_says_this_ordinance_is_an_error(library: Path) -> None:
    path = library / "property" / "staging.yaml"
    edit(path, STRONG, STRONG + "      {% if instrument != 'order' %}\n"
                                "      - This ordinance governs.\n      {% endif %}\n")
    (error,) = errors(library)
    assert error.code == "wrong-instrument-word" and "says 'This ordinance'" in error.message
    assert error.message.startswith("in a resolution, an executive order")
    assert path.read_text().splitlines()[error.line - 1].strip() == "- This ordinance governs."
    assert "--instrument resolution" in error.hint


def test_a_term_whose_definition_a_kind_leaves_out(library: Path) -> None:
    (library / "savings" / "jail.yaml").write_text(
        "id: savings.jail\ntitle: Jail Records\ncategory: savings\nsummary: Records.\n"
        "needs: [jail]\ntext: |\n  Records are kept.\ndefines:\n  jail record: means a "
        "record of the jail.\nrationale: " + " ".join(["Words about jails."] * 40) + "\n")
    path = library / "property" / "staging.yaml"
    edit(path, STRONG, STRONG + "      - Each {{ term('jail record') }} is kept.\n")
    edit(path, "requires: [definitions.core, savings.final]",
         "requires: [definitions.core, savings.final, savings.jail]")
    (error,) = errors(library)
    assert error.code == "term-not-selected"
    assert "'savings.jail', which defines it, is not in the draft for " in error.message
    assert "(kind city)" in error.message or "(kind village)" in error.message


def test_a_reference_to_a_clause_a_kind_leaves_out(library: Path) -> None:
    edit(library / "savings" / "final.yaml", "rationale:", "needs: [sheriff]\nrationale:")
    found = errors(library)
    assert {d.code for d in found} == {"reference-not-selected"}
    assert all("(kind city)" in d.message or "(kind village)" in d.message
               or "(kind town)" in d.message for d in found)


def test_rendering_that_runs_too_long_is_stopped(library: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from ordgen.lint import rendering

    monkeypatch.setenv("ORDGEN_CACHE_DIR", str(tmp_path / "cache"))  # nothing rendered before
    monkeypatch.setattr(rendering, "UNIT_BUDGET", -1.0)
    stopped = [d for d in errors(library) if "the rest of its combinations" in d.message]
    assert len(stopped) == len({d.path for d in stopped}) == 5  # once for each clause


def test_counts_of_what_was_rendered(library: Path) -> None:
    checked = check([library], examples=False)
    # baseline reads only term(); strong reads jurisdiction (5 kinds) and notice_days
    # (5, 10, 0 and 90): 20 pairs
    assert checked.renders["property.staging"] == {"baseline": 1, "strong": 20}
    # 'agency' reads jurisdiction (5 kinds); the other two definitions render once
    assert checked.definitions["definitions.core"] == 7
    assert checked.combinations == 54 and checked.variants == 6

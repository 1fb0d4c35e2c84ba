"""Static analysis: every name, field, filter and test of every branch, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordgen.library import load_library
from ordgen.lint.static import inspect_clause, inspect_template

STRONG = "      - Notice shall be posted within {{ notice_days | words }} days.\n"

# a broken piece of template in each kind of place a branch can hide it; the name to find
# is always `nope`, on the last line of the planted text
PLANTS = {
    "if": "      {% if notice_days > 80 %}\n      - Late: {{ nope }}.\n      {% endif %}\n",
    "elif": "      {% if notice_days > 80 %}\n      - Late.\n      {% elif notice_days > 60 %}\n"
            "      - Later: {{ nope }}.\n      {% endif %}\n",
    "else": "      {% if notice_days %}\n      - Days.\n      {% else %}\n"
            "      - None: {{ nope }}.\n      {% endif %}\n",
    "nested": "      {% if notice_days %}\n      {% if jurisdiction.kind == 'county' %}\n"
              "      - County: {{ nope }}.\n      {% endif %}\n      {% endif %}\n",
    "loop": "      {% for day in range(notice_days) %}\n      {% if loop.last %}\n"
            "      - Last day {{ day }} of {{ nope }}.\n      {% endif %}\n      {% endfor %}\n",
    "macro": "      {% macro late(days) %}\n      - Late by {{ days }} in {{ nope }}.\n"
             "      {% endmacro %}\n      {{ late(notice_days) }}\n",
    "filter": "      {% if notice_days == 3 %}\n      - After {{ nope | words }} days.\n"
              "      {% endif %}\n",
}


def plant(library: Path, text: str) -> Path:
    path = library / "property" / "staging.yaml"
    source = path.read_text()
    assert STRONG in source
    path.write_text(source.replace(STRONG, STRONG + text))
    return path


def problems(library: Path) -> list[tuple[str, int, int, str]]:
    loaded = load_library([library]).clauses["property.staging"]
    _, found = inspect_clause(loaded)
    return [(d.code, d.line, d.col, d.message + " | " + d.hint) for d in found]


@pytest.mark.parametrize("where", list(PLANTS))
def test_a_name_in_any_branch_is_found_at_its_line_and_column(where: str, library: Path
                                                              ) -> None:
    path = plant(library, PLANTS[where])
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "nope" in text)
    (found,) = problems(library)
    code, at, col, message = found
    assert (code, at, col) == ("undefined-name", line, lines[line - 1].index("nope") + 1)
    assert "'nope' is undefined: not a param of 'property.staging'" in message
    # the names the template binds itself are not reported
    assert "'day'" not in message and "'days'" not in message and "'late'" not in message


def test_a_misspelt_param_gets_did_you_mean(library: Path) -> None:
    plant(library, "      - {{ notice_dayz }}.\n")
    ((code, _, _, message),) = problems(library)
    assert code == "undefined-name" and "did you mean 'notice_days'?" in message


@pytest.mark.parametrize(("text", "word", "fragment"), [
    ("{{ jurisdiction.sherif }}", "sherif", "'jurisdiction.sherif' is not a jurisdiction field"
                                            " | did you mean 'jurisdiction.agencies.sheriff'?"),
    ("{{ jurisdiction.agencies.jial }}", "jial",
     "'jurisdiction.agencies.jial' is not an agency role | did you mean 'jail'?"),
    ("{{ jurisdiction['polce_agency'] }}", "polce_agency", "did you mean 'police_agency'?"),
    ("{{ notice_days | wrods }}", "wrods", "there is no filter 'wrods' | did you mean 'words'?"),
    ("{% if notice_days is evn %}x{% endif %}", "evn",
     "there is no test 'evn' | did you mean 'even'?"),
])
def test_fields_filters_and_tests_are_checked(text: str, word: str, fragment: str,
                                              library: Path) -> None:
    path = plant(library, f"      - See {text}.\n")
    ((_, line, col, message),) = problems(library)
    assert fragment in message
    assert path.read_text().splitlines()[line - 1][col - 1:].startswith(word)


def test_what_templates_may_use_is_not_reported(library: Path) -> None:
    plant(library, "      {% set n = notice_days %}\n"
                   "      {% for role, agency in jurisdiction.agencies.items() %}\n"
                   "      - {{ role }} {{ agency }} {{ n }} {{ instrument }} {{ this }}"
                   " {{ jurisdiction.agencies.sheriff }} {{ range(2) | list | length }}"
                   "{% if selected('savings.final') %} {{ ref('savings.final') }}{% endif %}"
                   " {{ cite('printz-1997') }} {{ loop.index }}.\n"
                   "      {% endfor %}\n")
    assert problems(library) == []


def test_a_syntax_error_is_reported_once(library: Path) -> None:
    plant(library, "      - {% if notice_days %}unclosed\n")
    ((code, _, _, _),) = problems(library)
    assert code == "template-syntax"


def test_inspecting_a_template_finds_what_every_branch_reads() -> None:
    facts = inspect_template(
        "{% if a %}{{ b | words }}{% elif c is even %}{{ jurisdiction.agencies.jail }}"
        "{% else %}{% for x in items %}{{ x }}{{ term('agency') }}{% endfor %}{% endif %}\n"
        "{% set d = 1 %}{{ d }}{% macro m(e) %}{{ e }}{{ f }}{% endmacro %}{{ m(ref(g)) }}")
    assert facts.reads == {"a", "b", "c", "jurisdiction", "items", "term", "f", "ref", "g"}
    uses = set(facts.uses)
    assert ("filter", "words", 1, "") in uses and ("test", "even", 1, "") in uses
    assert ("attr", "jurisdiction.agencies.jail", 1, "") in uses
    assert ("call", "term", 1, "agency") in uses and ("call", "ref", 2, "") in uses
    assert ("name", "f", 2, "") in uses

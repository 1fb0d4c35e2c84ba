"""Programs run as Jinja's own code would: the same output, the same errors, the same
sandbox; and a program that is not of the expected shape never runs."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2.exceptions import SecurityError, TemplateRuntimeError, UndefinedError

from ordgen import limits, templating
from ordgen.interpreter import BadProgram, Program
from ordgen.library import load_library
from ordgen.program import convert

CONTEXT: dict[str, Any] = {
    "a": 3, "b": "", "l": ["x", "y", "z"], "d": {"k": 1, "j": 0}, "n": None,
    "jurisdiction": {"name": "City of Duluth", "agencies": {"police": "Police"},
                     "elected": ["police"]},
    "term": lambda w, form=None: form or w, "words": "ignored",
}

CASES = [
    "plain {{ a }} and {{ a + 1 }} {{ a - 1 }} {{ a * 2 }} {{ a / 2 }} {{ a // 2 }} {{ -a }}",
    "{{ jurisdiction.name }} {{ jurisdiction['agencies'].police }} {{ l[1:] }} {{ l[::-1] }}",
    "{% if a > 1 and not b %}yes{% elif b %}b{% else %}no{% endif %}",
    "{{ 'x' if b else 'y' }}{{ 'only' if b }}|{{ 1 < a < 5 }} {{ 'x' in l }} {{ 'q' not in l }}",
    "{% for x in l %}{{ loop.index }}{{ x }}{{ ',' if not loop.last }}{% endfor %}",
    "{% for k, v in d.items() if v %}{{ k }}={{ v }}{% else %}none{% endfor %}",
    "{% for x in [] %}x{% else %}empty{% endfor %}",
    "{% for r in jurisdiction.elected if jurisdiction.agencies[r] %}{{ 'and ' if loop.last "
    "and not loop.first else '' }}the {{ jurisdiction.agencies[r] }}{% endfor %}",
    "{% set s = l | join(', ') %}{% set t %}<{{ s | upper }}>{% endset %}{{ t }}{{ t | length }}",
    "{% set p, q = [1, 2] %}{{ p + q }} {{ {'k': a}['k'] }} {{ (1, 2) }} {{ n is none }}",
    "{{ l | map('upper') | list }} {{ l | select('ne', 'y') | join }} {{ a is defined }}",
    "{{ term('agency', 'agencies') }} {{ a | string }} {{ [3, 1, 2] | sort | first }}",
    "{% if x is defined %}{{ x }}{% endif %}{{ l | length is even }}",
    "{% set a = a + 10 %}{{ a }}{% if a > 5 %}{% set c = 'set in if' %}{% endif %}{{ c }}",
]


def jinja(text: str, context: dict[str, Any]) -> str:
    env = templating.environment()
    source = env.compile(env.parse(text), raw=True)
    template = env.template_class.from_code(env, compile(source, "<template>", "exec"),
                                            env.make_globals(None))
    return "".join(template.generate(context))


def interpreted(text: str, context: dict[str, Any]) -> str:
    out = limits.Buffer(10**6)
    Program(templating.environment(), convert(templating.environment().parse(text))).run(
        context, out)
    return "".join(out)


@pytest.mark.parametrize("text", CASES)
def test_a_program_renders_what_jinja_renders(text: str) -> None:
    assert interpreted(text, dict(CONTEXT)) == jinja(text, dict(CONTEXT))


def test_every_bundled_clause_renders_the_same_both_ways() -> None:
    from ordgen.government import SAMPLE, resolve

    government, _ = resolve(SAMPLE)
    base = {"jurisdiction": government.context(), "instrument": "ordinance",
            "this": "this ordinance", "ref": lambda c: f"Section [{c}]",
            "term": lambda w, form=None: form or w, "cite": lambda k: f"<{k}>",
            "selected": lambda c: c.endswith("e")}
    for loaded in load_library().clauses.values():
        clause = loaded.clause
        values = {name: p.default for name, p in clause.params.items()}
        values.update(clause.example)
        for text in (*clause.variant_texts().values(), clause.rationale,
                     *clause.defines.values()):
            if "{" in text:
                context = {**values, **base}
                assert interpreted(text, dict(context)) == jinja(text, dict(context)), text


@pytest.mark.parametrize(("text", "error"), [
    ("{{ missing_name }}", UndefinedError),
    ("{{ a.__class__ }}", SecurityError),
    ("{{ ''.__class__.__mro__ }}", SecurityError),
    ("{{ 'x' * 100000 }}", SecurityError),
    ("{{ ('{:>99999}').format('x') }}", SecurityError),
    ("{{ [[1]] | sum(start=[]) }}", SecurityError),
])
def test_errors_are_jinjas_errors_and_carry_the_line(text: str, error: type) -> None:
    line_text = "first line\n" + text
    with pytest.raises(error) as err:
        interpreted(line_text, dict(CONTEXT))
    assert getattr(err.value, "lineno", None) == 2
    with pytest.raises(error):
        jinja(line_text, dict(CONTEXT))


@pytest.mark.parametrize("forged", [
    "not a list", [["out", 1]], [["out", "1", ["c", 1]]], [["exec", 1, "import os"]],
    [["out", 1, ["n", 5]]], [["out", 1, ["c", {"a": 1}]]], [["out", 1, ["bin", "@", ["c", 1],
                                                                       ["c", 2]]]],
    [["out", 1, ["call", ["n", "f"], "args", []]]], [["for", 1, "x", ["n", "l"], [], [], None,
                                                      "yes"]],
])
def test_a_program_of_the_wrong_shape_is_refused_before_it_runs(forged: Any) -> None:
    with pytest.raises(BadProgram):
        Program(templating.environment(), forged)


def test_a_forged_program_can_do_no_more_than_a_template() -> None:
    # well-formed programs reaching for what a template may not: the sandbox refuses them
    for body in ([["out", 1, ["attr", ["c", ""], "__class__"]]],
                 [["out", 1, ["call", ["attr", ["c", "x"], "format"], [["c", 1]], []]]],
                 [["out", 1, ["filter", "attr", ["c", ""], [["c", "__class__"]], []]]],
                 [["out", 1, ["call", ["n", "range"], [["c", 10**9]], []]]]):
        out = limits.Buffer(100)
        with pytest.raises((SecurityError, TemplateRuntimeError)):
            Program(templating.environment(), body).run({}, out)
        assert out == []

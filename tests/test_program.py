"""Templates as programs of plain data: what is converted, and what is left to Jinja."""

from __future__ import annotations

import msgspec
import pytest

from ordgen import cache, templating
from ordgen.library import load_library
from ordgen.program import Unsupported, convert


def program(text: str) -> list:
    return convert(templating.environment().parse(text))


def test_a_program_is_plain_data_that_survives_the_cache() -> None:
    body = program("{% if a > 1 and b %}{{ a | words }}{% else %}{{ x.y[0:2] }}{% endif %}"
                   "{% for k, v in d.items() if v %}{{ loop.index }}{{ k }}{% endfor %}"
                   "{% set s = [1, 2.5, 'z', none, true] %}{% set t %}T{% endset %}")
    assert cache.plain(body)
    assert msgspec.msgpack.decode(msgspec.msgpack.encode(body)) == body


def test_every_bundled_template_becomes_a_program() -> None:
    for loaded in load_library().clauses.values():
        clause = loaded.clause
        for text in (*clause.variant_texts().values(), clause.rationale,
                     *clause.defines.values()):
            if "{" in text:
                program(text)  # raises Unsupported for anything left to Jinja


@pytest.mark.parametrize("text", [
    "{% macro m() %}x{% endmacro %}{{ m() }}",
    "{% filter upper %}x{% endfilter %}",
    "{% for x in l recursive %}{{ loop(x) }}{% endfor %}",
    "{% for x in l %}{% set y = x %}{% endfor %}",
    "{% for x in l if loop.index %}{% endfor %}",
    "{% for x in l %}{{ y }}{% endfor %}{% set y = 1 %}",
    "{% set x | upper %}a{% endset %}",
    "{{ f(*args) }}",
])
def test_what_the_interpreter_does_not_model_is_left_to_jinja(text: str) -> None:
    with pytest.raises(Unsupported):
        program(text)

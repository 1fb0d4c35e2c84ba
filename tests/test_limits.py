"""What templates may spend: sizes judged before a call into C, bounded buffers, and the
budget all templates of one command share."""

from __future__ import annotations

import time

import pytest
from jinja2.exceptions import SecurityError

from ordgen import limits, templating


def test_printed_size_counts_what_nested_values_hold_and_stops_early() -> None:
    assert limits.printed_size("abc", 100) == 5
    assert limits.printed_size([1, 22, "x"], 100) < 30
    item = ["x" * 1000] * 10
    nested = [item] * 10
    deep = [nested] * 10
    assert limits.printed_size(item, 100_000) > 10_000
    started = time.perf_counter()
    assert limits.printed_size([deep] * 1000, 20_000) > 20_000  # 10**8 characters, if printed
    assert time.perf_counter() - started < 0.1


def test_a_budget_is_spent_and_then_refuses() -> None:
    with limits.budget(seconds=1.0, chars=10) as spent:
        assert limits.current() is spent
        spent.check()
        spent.spend(0.2, 11)
        with pytest.raises(SecurityError, match="written more than 10 characters"):
            spent.check()
    assert limits.current() is not spent  # the command's own budget is back


def test_buffers_refuse_to_grow_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_BUFFER", 10)
    buffer = limits.Buffer()
    buffer.extend(("abc", "de"))
    buffer.append("f")
    assert "".join(buffer) == "abcdef"
    with pytest.raises(SecurityError, match="block collects more than"):
        buffer.append("ghij")
    with pytest.raises(SecurityError):
        limits.Buffer().extend([""] * 11)  # pieces count too, not only characters


def test_block_buffers_in_templates_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_BUFFER", 1_000)
    assert templating.render("{% set x %}{% for i in range(10) %}ab{% endfor %}{% endset %}"
                             "{{ x }}", {}) == "ab" * 10
    for text in ("{% set x %}{% for i in range(1000) %}ab{% endfor %}{% endset %}",
                 "{% filter upper %}{% for i in range(1000) %}ab{% endfor %}{% endfilter %}",
                 "{% macro m() %}{% for i in range(1000) %}ab{% endfor %}{% endmacro %}{{ m() }}"):
        with pytest.raises(SecurityError, match="block collects"):
            templating.render(text, {})


def test_bounded_filters_judge_their_input_first() -> None:
    do_sum = limits.bounded_sum(64)
    environment = templating.environment()
    assert do_sum(environment, [1, 2.5], start=1) == 4.5
    for bad in ([[1], [2]], ["a", "b"], [True]):
        with pytest.raises(SecurityError, match="adds numbers only"):
            do_sum(environment, bad)
    with pytest.raises(SecurityError, match="adds numbers only"):
        do_sum(environment, [], start=[])
    with pytest.raises(SecurityError, match="too large"):
        do_sum(environment, [2**100])
    upper = limits.before_stringify(str.upper, 10)
    assert upper("abc") == "ABC"
    with pytest.raises(SecurityError):
        upper(["abcdef", "ghijkl"])


def test_printing_a_huge_nested_value_is_refused_before_it_is_built() -> None:
    finalize = limits.checked_print(100)
    assert finalize([1, 2]) == [1, 2] and finalize("x" * 1000) == "x" * 1000
    with pytest.raises(SecurityError, match="printing this value"):
        finalize([["x" * 60] * 2])

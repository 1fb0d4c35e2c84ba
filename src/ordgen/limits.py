"""What clause templates may spend: the size of what they print or build, checked before a
filter or a print runs, and the time and output all the templates of one command share.

A signal can stop Python code that runs too long, but not one call into C: joining,
summing or printing a value happens in a single call, so its size is judged first, from
what the value holds. Block assignments, macros and filter blocks collect their output in
a buffer before it is printed; those buffers are bounded as the output is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter

MAX_BUFFER = 200_000  # characters a block assignment, macro or filter block may collect
TIME_BUDGET = 60.0  # seconds all the templates of one command may take, together
OUTPUT_BUDGET = 50_000_000  # characters they may produce, together


def printed_size(value: Any, limit: int) -> int:
    """About how many characters printing `value` would write; counting stops once past
    `limit`, so a value that nests one list in another many times over costs little."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:  # a range, a generator, an undefined: a short repr
            total += 40
    return total


class Budget:
    """What the templates of one command (or one batch row) may still spend."""

    def __init__(self, seconds: float = TIME_BUDGET, chars: int = OUTPUT_BUDGET) -> None:
        self.seconds, self.chars = seconds, chars
        self.given = (seconds, chars)

    def check(self) -> None:
        """Refuse to start another template once the budget is spent."""
        if self.seconds <= 0:
            raise SecurityError(f"the templates of this command have taken more than "
                                f"{self.given[0]:g} seconds in all")
        if self.chars <= 0:
            raise SecurityError(f"the templates of this command have written more than "
                                f"{self.given[1]:,} characters in all")

    def spend(self, seconds: float, chars: int) -> None:
        self.seconds -= seconds
        self.chars -= chars


_budgets = [Budget()]  # the command's; a batch row pushes its own


def current() -> Budget:
    """The budget templates rendered now draw on."""
    return _budgets[-1]


@contextmanager
def budget(seconds: float = TIME_BUDGET, chars: int = OUTPUT_BUDGET) -> Iterator[Budget]:
    """A fresh budget for one unit of work, such as one draft of a batch."""
    fresh = Budget(seconds, chars)
    _budgets.append(fresh)
    try:
        yield fresh
    finally:
        _budgets.remove(fresh)


class Buffer(list):  # type: ignore[type-arg]
    """Where a block assignment, macro or filter block (or a whole template) collects its
    output: refused once it holds more than its limit in characters (or pieces)."""

    __slots__ = ("size", "limit", "message")

    def __init__(self, limit: int | None = None, message: str = "") -> None:
        super().__init__()
        self.size = 0
        self.limit = MAX_BUFFER if limit is None else limit
        self.message = message or f"a block collects more than {self.limit:,} characters"

    def append(self, item: Any) -> None:
        self._grow(len(item) + 1)
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        items = tuple(items)
        self._grow(sum(len(item) for item in items) + len(items))
        super().extend(items)

    def _grow(self, size: int) -> None:
        self.size += size
        if self.size > self.limit:
            raise SecurityError(self.message)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with each buffer a bounded `Buffer` instead of a list."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.new_buffer()")


def checked_print(limit: int) -> Callable[[Any], Any]:
    """The `finalize` of `{{ value }}`: refuse, before it is printed, a value that would
    print as more than `limit` characters (a list nested in itself many times, say)."""

    def finalize(value: Any) -> Any:
        if not isinstance(value, str | int | float) and value is not None and \
                printed_size(value, limit) > limit:
            raise SecurityError(f"printing this value would write more than {limit:,} "
                                "characters")
        return value

    return finalize


def bounded_sum(max_bits: int) -> Callable[..., Any]:
    """The `sum` filter for numbers only: adding lists or text is one call into C whose
    time grows with the square of its length."""

    @pass_environment
    def do_sum(environment: Any, iterable: Iterable[Any], attribute: str | int | None = None,
               start: Any = 0) -> Any:
        items = list(iterable)
        if attribute is not None:
            getter = make_attrgetter(environment, attribute)
            items = [getter(item) for item in items]
        for item in (start, *items):
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise SecurityError("the sum filter adds numbers only")
            if isinstance(item, int) and item.bit_length() > max_bits:
                raise SecurityError("the sum filter's numbers are too large")
        return sum(items, start)

    return do_sum


def bounded_join(join: Callable[..., str], limit: int) -> Callable[..., str]:
    """The `join` filter, refusing before it joins anything that would join past `limit`
    characters."""

    @pass_eval_context
    def do_join(eval_ctx: Any, value: Iterable[Any], d: str = "",
                attribute: str | int | None = None) -> str:
        items = list(value)
        if attribute is not None:
            getter = make_attrgetter(eval_ctx.environment, attribute)
            items = [getter(item) for item in items]
        size = len(str(d)) * max(len(items) - 1, 0)
        for item in items:
            size += len(item) if isinstance(item, str) else printed_size(item, limit)
            if size > limit:
                raise SecurityError(f"join would build a value larger than {limit:,} "
                                    "characters")
        return join(eval_ctx, items, d)

    return do_join


def before_stringify(fn: Callable[..., Any], limit: int) -> Callable[..., Any]:
    """A filter that turns its value into text (upper, lower, title, trim, string...),
    refusing first a value that would print past `limit` characters."""

    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) and printed_size(value, limit) > limit:
            raise SecurityError(f"filter would build a value larger than {limit:,} characters")
        return fn(value, *args, **kwargs)

    return checked

"""The sandbox clause templates run in, and the helpers they may call.

Clause files come from strangers. Templates run in Jinja's immutable sandbox
with undefined names as errors, a short list of filters and globals, caps on
what an expression may build (checked before a call into C, see limits.py),
on output size and time per template, and a budget shared by every template of
one command.
"""

from __future__ import annotations

import operator
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from msgspec import Struct

from . import cache, limits
from .diagnostics import Diagnostic
from .interpreter import BadProgram, Program
from .program import Unsupported, convert
from .source import Source

MAX_OUTPUT = 200_000  # characters one template may produce
MAX_STRING = 20_000  # longest string an expression may build
MAX_RANGE = 1_000
MAX_INT_BITS = 4_096  # the largest whole number a product may build, in bits
TIME_LIMIT = 2.0  # seconds for one template
PER_WORKER = 200  # templates to compile before another worker process pays for itself

# Markers for cross-references inside rendered text; source files may not contain them.
REF_OPEN, REF_CLOSE = "\ue000", "\ue001"

_SAFE_FILTERS = ("upper", "lower", "title", "capitalize", "trim", "join", "default", "d",
                 "length", "count", "first", "last", "sort", "int", "string", "list", "select",
                 "reject", "map", "unique", "min", "max", "sum", "abs", "round")
_STRINGIFY = ("upper", "lower", "title", "capitalize", "trim", "string")  # print their value
_SAFE_STR_METHODS = {"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip",
                     "startswith", "endswith", "isdigit", "isalpha", "islower", "isupper"}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """Spell out 0..999999 in words: 21 -> 'twenty-one'."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" " + number_words(rest) if rest else "")
    if n < 1_000_000:
        rest = n % 1000
        return number_words(n // 1000) + " thousand" + (" " + number_words(rest) if rest else "")
    return str(n)


def words(value: Any) -> str:
    """The `words` filter: 10 -> 'ten (10)', as ordinances write numbers."""
    if isinstance(value, jinja2.Undefined):  # an undefined name is reported as one
        value._fail_with_undefined_error()
    if isinstance(value, bool) or not isinstance(value, int):
        raise SecurityError("the words filter takes a whole number")
    return f"{number_words(value)} ({value})"


def _bounded_range(*args: int) -> range:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items in clause templates")
    return r


class ClauseSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also refuses expressions that build huge values."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})
    code_generator_class = limits.BoundedCodeGenerator  # bounded block buffers
    new_buffer = staticmethod(limits.Buffer)

    def wrap_str_format(self, value: Any) -> None:
        # Jinja hands out str.format and format_map before asking is_safe_attribute, and
        # a width such as {:>999999999} builds its string in one call: refuse them both
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in _SAFE_STR_METHODS:
            return False
        if callable(value) and not isinstance(obj, str | dict) and attr not in ("items", "keys",
                                                                                 "values"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "%" and isinstance(left, str):
            raise SecurityError("%-formatting is not allowed in clause templates")
        if operator_ == "**" and (isinstance(right, int) and abs(right) > 64
                                  or isinstance(left, int) and abs(left) > 2**64):
            raise SecurityError("exponent too large in clause template")
        if operator_ == "*":
            if (isinstance(left, int) and isinstance(right, int)
                    and left.bit_length() + right.bit_length() > MAX_INT_BITS):
                raise SecurityError("product too large in clause template")
            for seq, times in ((left, right), (right, left)):
                # judged by what the result would print as: a list of long strings, or of
                # lists, is as large as its items together
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and (
                        len(seq) if isinstance(seq, str)
                        else limits.printed_size(seq, MAX_STRING)) * max(times, 0) > MAX_STRING:
                    raise SecurityError("repetition would build a value larger than "
                                        f"{MAX_STRING:,} characters")
        result = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add,
                  "//": operator.floordiv}[operator_](left, right)
        if isinstance(result, str | list | tuple) and (
                len(result) > MAX_STRING or not isinstance(result, str)
                and limits.printed_size(result, MAX_STRING) > MAX_STRING):
            raise SecurityError(f"expression builds a value larger than {MAX_STRING:,} characters")
        return result


@lru_cache(maxsize=1)
def environment() -> ClauseSandbox:
    """The one sandboxed environment all clause templates are compiled in."""
    # optimized=False: Jinja's constant folding saves nothing on templates this short and
    # costs a tenth of the time it takes to compile one
    env = ClauseSandbox(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                        lstrip_blocks=True, keep_trailing_newline=False, loader=None,
                        optimized=False, finalize=limits.checked_print(MAX_STRING))
    given = dict(env.filters)
    given["sum"] = limits.bounded_sum(MAX_INT_BITS)
    given["join"] = limits.bounded_join(given["join"], MAX_STRING)
    for name in _STRINGIFY:
        given[name] = limits.before_stringify(given[name], MAX_STRING)
    env.filters = {name: _capped(given[name]) for name in _SAFE_FILTERS}
    env.filters["words"] = words
    env.globals = {"range": _bounded_range}
    env.tests = {name: env.tests[name] for name in
                 ("defined", "undefined", "none", "number", "string", "even", "odd",
                  "divisibleby", "in", "eq", "ne", "lt", "le", "gt", "ge", "equalto")}
    return env


def _capped(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so that no call can build a value past the size cap."""

    def capped(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        if isinstance(result, str | list | tuple) and (
                len(result) > MAX_STRING or not isinstance(result, str)
                and limits.printed_size(result, MAX_STRING) > MAX_STRING):
            raise SecurityError(f"filter builds a value larger than {MAX_STRING:,} characters")
        return result

    for attr in ("jinja_pass_arg",):
        if hasattr(fn, attr):
            setattr(capped, attr, getattr(fn, attr))
    return capped


class Compiled(Struct, frozen=True):
    """A compiled clause template and the names it reads from its context."""

    # a program of plain data run by interpreter.py; Jinja's own code for what that does not
    # model; None for plain text with no template syntax
    template: Program | Template | None
    names: frozenset[str]


_compiled: dict[str, Compiled] = {}
_RESOLVED = re.compile(r"resolve\('([A-Za-z_][A-Za-z0-9_]*)'\)")


def compile_template(text: str) -> Compiled:
    """Compile (once per distinct text) a clause template; raises TemplateSyntaxError.

    Parsing is most of the cost of a build or a check, so a template is cached on disk by
    its text as a program of plain data (see program.py and cache.py), never as code;
    only templates that passed the checks below are cached.
    """
    return _compiled.get(text) or _cached(text) or _install(text, *_compile_and_store(text))


def precompile(texts: Iterable[str], jobs: int | None = None) -> None:
    """Compile many templates ahead of use, shared among worker processes.

    A first check of a large library spends most of its time parsing templates. Those
    already compiled or cached are skipped; one that fails is left for compile_template
    to report when it is used. Without enough work, or without fork, this does nothing.
    """
    todo = [t for t in dict.fromkeys(texts) if t not in _compiled and _cached(t) is None]
    workers = min(jobs or os.cpu_count() or 1, len(todo) // PER_WORKER)
    if workers < 2:
        return
    import multiprocessing  # here: a build never needs it
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for text, done in zip(todo, pool.map(_generate_in_worker, todo, chunksize=50),
                              strict=True):
            if done is not None:
                _install(text, *_built(*done))


def _generate_in_worker(text: str) -> tuple[list[Any] | None, list[str], str] | None:
    """In a worker: parse and check a template, and cache it; its program (or, for what
    the interpreter does not model, Jinja's source) goes back to the parent as plain
    data. Writing the cache here shares that work out too."""
    try:
        body, names, source = _generate_and_store(text)
    except Exception:  # reported, located, when the template is used
        return None
    return body, names, source if body is None else ""  # the source only when it is needed


def _compile_and_store(text: str) -> tuple[Program | Template, list[str]]:
    return _built(*_generate_and_store(text))


def _generate_and_store(text: str) -> tuple[list[Any] | None, list[str], str]:
    source, found, body = _compile(text)
    names = sorted(found)
    if body is not None:
        cache.store("templates", _key(text), {"program": body, "names": names})
    return body, names, source


def _built(body: list[Any] | None, names: list[str], source: str
           ) -> tuple[Program | Template, list[str]]:
    env = environment()
    if body is not None:
        return Program(env, body), names
    code = compile(source, "<template>", "exec")  # made here from the text, never cached
    return env.template_class.from_code(env, code, env.make_globals(None)), names


def _key(text: str) -> str:
    return cache.key("template", jinja2.__version__, text)


def _cached(text: str) -> Compiled | None:
    """Plain text, or a template an earlier run turned into a program; None when it must
    be parsed."""
    if "{" not in text:
        _compiled[text] = Compiled(None, frozenset())
        return _compiled[text]
    hit = cache.load("templates", _key(text))
    entry = hit[0] if hit is not None else None
    if not (isinstance(entry, dict) and isinstance(entry.get("names"), list)
            and all(isinstance(n, str) for n in entry["names"])):
        return None
    try:  # an entry is only data; one that is not a program of the expected shape is a miss
        template = Program(environment(), entry.get("program"))
    except (BadProgram, RecursionError):
        return None
    return _install(text, template, entry["names"])


def _install(text: str, template: Program | Template, names: Iterable[str]) -> Compiled:
    _compiled[text] = Compiled(template, frozenset(names))
    return _compiled[text]


def _compile(text: str) -> tuple[str, frozenset[str], list[Any] | None]:
    """A template that passed the checks: Jinja's Python source of it, the names it reads,
    and its program (None when the interpreter does not model what it uses)."""
    env = environment()
    ast = env.parse(text)
    for node in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport,
                              nodes.Concat)):
        if isinstance(node, nodes.Concat):  # `~` joins values without the cap `+` has
            raise SecurityError(f"line {node.lineno}: the ~ operator is not available in "
                                "clause templates; use +")
        raise SecurityError(f"line {node.lineno}: clause templates may not load other "
                            "templates")
    # Jinja's code generation checks what parsing does not (unknown filters, say), and its
    # source lists the context names the template reads (each fetched with resolve('name'))
    source = env.compile(ast, raw=True)
    try:
        body: list[Any] | None = convert(ast)
    except Unsupported:
        body = None
    return source, frozenset(_RESOLVED.findall(source)), body


def render(text: str, context: dict[str, Any]) -> str:
    """Render a clause template within its own size cap and time limit, and within what
    is left of the command's budget (see limits.py)."""
    template = compile_template(text).template
    if template is None:
        return text.rstrip("\n")
    budget = limits.current()
    budget.check()
    seconds = min(TIME_LIMIT, budget.seconds)
    cap = min(MAX_OUTPUT, budget.chars)
    late = (f"template took longer than {seconds:g} seconds to render" if seconds == TIME_LIMIT
            else f"the templates of this command took more than {budget.given[0]:g} "
                 "seconds in all")
    large = (f"template output exceeds {MAX_OUTPUT:,} characters" if cap == MAX_OUTPUT
             else f"the templates of this command wrote more than {budget.given[1]:,} "
                  "characters in all")
    out = limits.Buffer(cap, large)  # refuses, as it grows, what is past the cap
    start = time.perf_counter()
    try:
        with _time_limit(seconds, late):
            if isinstance(template, Program):
                template.run(context, out)
            else:
                for chunk in template.generate(context):
                    out.append(chunk)
    finally:
        budget.spend(time.perf_counter() - start, out.size)
    return "".join(out)


@contextmanager
def _time_limit(seconds: float, message: str) -> Iterator[None]:
    """Abort a render that runs too long (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal,
                                                                                   "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise SecurityError(message)

    previous: Callable[..., Any] | int | None = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


HELPERS = ("ref", "term", "cite", "selected")  # the calls a draft's assembler provides


class TemplateProblem(TemplateError):
    """A helper call a template made that cannot be honoured."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.hint = code, hint


def template_diagnostic(source: Source, loc: tuple[str, ...], exc: BaseException) -> Diagnostic:
    """A located diagnostic for a template that failed to compile or render."""
    offset = source.block_offset(loc)
    line = getattr(exc, "lineno", None) or _template_line(exc)
    at = line + offset - 1 if line else 0  # the template's line, counted in the file
    what = "text" if loc[-1] == "text" else loc[-1] if loc[0] != "defines" else "definition"
    if isinstance(exc, TemplateProblem):
        return source.diag(loc, exc.code, str(exc), exc.hint, line_offset=at)
    if isinstance(exc, SecurityError):
        return source.diag(loc, "template-security", f"template refused: {exc}",
                           "clause templates may only use the documented helpers", line_offset=at)
    if isinstance(exc, TemplateSyntaxError):
        return source.diag(loc, "template-syntax", f"template syntax error in {what}: "
                           f"{exc.message}", "check the {{ }} and {% %} tags", line_offset=at)
    if isinstance(exc, TemplateError):
        message = str(exc.message or exc)
        hint = ""
        if "is undefined" in message:
            hint = "templates may use params, jurisdiction.*, instrument, ref, term, cite, selected"
        return source.diag(loc, "template-error", f"template error in {what}: {message}", hint,
                           line_offset=at)
    if isinstance(exc, RecursionError):
        return source.diag(loc, "template-security", "template recursion too deep", line_offset=at)
    return source.diag(loc, "template-error",
                       f"template failed in {what}: {type(exc).__name__}: {exc}", line_offset=at)


def _template_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line

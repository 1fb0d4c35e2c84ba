"""Run a template's program (see program.py) as Jinja's generated code would.

Everything goes through the sandbox: attributes, items, calls, filters, tests and the
intercepted operators through the environment's own methods, output through its
`finalize`, block assignments into its bounded buffers. A program that a forged cache
entry carried can therefore do no more than a template could, and one that does not have
the shape program.py writes is refused (BadProgram) before it runs. Building a program
costs no Python compilation, which is most of what loading compiled code would cost.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.runtime import Context, LoopContext, Undefined, new_context
from jinja2.utils import missing

from .program import BINARY, PLAIN

Expr = Callable[["State"], Any]
Stmt = Callable[["State", list[str]], None]
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge,
    "lt": operator.lt, "lteq": operator.le, "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b}
OPERATORS: dict[str, Callable[[Any, Any], Any]] = dict(zip(BINARY, (
    operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
    operator.mod, operator.pow), strict=True))
UNARY: dict[str, Callable[[Any], Any]] = {"not": operator.not_, "neg": operator.neg,
                                          "pos": operator.pos}


class State:
    """One render: the environment, Jinja's context, and the scopes of assignments."""

    __slots__ = ("env", "context", "scopes", "found")

    def __init__(self, env: Any, context: Context) -> None:
        self.env, self.context = env, context
        self.scopes: list[dict[str, Any]] = [{}]
        self.found: dict[str, Any] = {}  # names looked up in the context, as Jinja does once


class Program:
    """A template ready to run; building it from data checks every part of its shape."""

    def __init__(self, env: Any, program: Any) -> None:
        self.env = env
        self.body = _block(env, program)

    def run(self, context: dict[str, Any], out: list[str]) -> None:
        """Render into `out` (a bounded list: see limits.Buffer)."""
        env = self.env
        state = State(env, new_context(env, None, {}, context, False, env.globals))
        self.body(state, out)


class BadProgram(ValueError):
    """A program (from the cache) that does not have the shape this module writes."""


def _need(ok: bool) -> None:
    if not ok:
        raise BadProgram("not a template program")


def _block(env: Any, items: Any) -> Stmt:
    _need(isinstance(items, list))
    parts = [_statement(env, item) for item in items]
    if len(parts) == 1:
        return parts[0]

    def block(s: State, out: list[str]) -> None:
        for part in parts:
            part(s, out)

    return block


def _located(exc: BaseException, line: int) -> None:
    """Mark an error with the template line it came from (see template_diagnostic)."""
    if getattr(exc, "lineno", None) is None:
        with contextlib.suppress(AttributeError):
            exc.lineno = line  # type: ignore[attr-defined]


def _statement(env: Any, item: Any) -> Stmt:
    if isinstance(item, str):
        def text(s: State, out: list[str]) -> None:
            out.append(item)
        return text
    _need(isinstance(item, list) and len(item) >= 3 and isinstance(item[1], int))
    op, line = item[0], item[1]
    if op == "out" and len(item) == 3:
        value, finalize = _expression(env, item[2]), env.finalize

        def output(s: State, out: list[str]) -> None:
            try:
                result = value(s)
                # text is printed as it is; anything else through finalize, as Jinja does
                out.append(result if type(result) is str else str(finalize(result)))
            except Exception as exc:
                _located(exc, line)
                raise
        return output
    if op == "if" and len(item) == 5:
        return _if_statement(env, line, _expression(env, item[2]), _block(env, item[3]),
                             _block(env, item[4]))
    if op == "set" and len(item) == 4:
        return _set(env, line, _target(item[2]), _expression(env, item[3]))
    if op == "setblock" and len(item) == 4 and isinstance(item[2], str):
        return _setblock(env, line, item[2], _block(env, item[3]))
    if op == "for" and len(item) == 8 and isinstance(item[7], bool):
        test = _expression(env, item[6]) if item[6] is not None else None
        return _for_statement(env, line, _target(item[2]), _expression(env, item[3]),
                              _block(env, item[4]), _block(env, item[5]), test, item[7])
    raise BadProgram(f"unknown statement {op!r}")


def _if_statement(env: Any, line: int, test: Expr, body: Stmt, orelse: Stmt) -> Stmt:
    def branch(s: State, out: list[str]) -> None:
        try:
            taken = bool(test(s))
        except Exception as exc:
            _located(exc, line)
            raise
        (body if taken else orelse)(s, out)
    return branch


def _target(value: Any) -> str | tuple[str, ...]:
    if isinstance(value, str):
        return value
    _need(isinstance(value, list) and all(isinstance(v, str) for v in value))
    return tuple(value)


def _bind(scope: dict[str, Any], target: str | tuple[str, ...], value: Any) -> None:
    if isinstance(target, str):
        scope[target] = value
    else:
        for name, item in zip(target, value, strict=True):
            scope[name] = item


def _assign(s: State, target: str | tuple[str, ...], value: Any) -> None:
    _bind(s.scopes[-1], target, value)
    if len(s.scopes) == 1:  # a top-level assignment is a template variable, as in Jinja
        _bind(s.context.vars, target, value)
        s.context.exported_vars.update([target] if isinstance(target, str) else target)


def _set(env: Any, line: int, target: str | tuple[str, ...], value: Expr) -> Stmt:
    def assign(s: State, out: list[str]) -> None:
        try:
            _assign(s, target, value(s))
        except Exception as exc:
            _located(exc, line)
            raise
    return assign


def _setblock(env: Any, line: int, target: str, body: Stmt) -> Stmt:
    def assign(s: State, out: list[str]) -> None:
        buffer = env.new_buffer()  # bounded as a block's output is (limits.Buffer)
        s.scopes.append({})
        try:
            body(s, buffer)
        finally:
            s.scopes.pop()
        _assign(s, target, "".join(buffer))
    return assign


def _for_statement(env: Any, line: int, target: str | tuple[str, ...], iterable: Expr,
                   body: Stmt, orelse: Stmt, test: Expr | None, uses_loop: bool) -> Stmt:
    def loop(s: State, out: list[str]) -> None:
        scope: dict[str, Any] = {}
        s.scopes.append(scope)
        iterated = False
        try:
            try:
                items: Any = iterable(s)
                if test is not None:
                    items = _filtered(s, target, items, test)
                if uses_loop:
                    for item, context in LoopContext(items, env.undefined):
                        _bind(scope, target, item)
                        scope["loop"] = context
                        iterated = True
                        body(s, out)
                else:
                    for item in items:
                        _bind(scope, target, item)
                        iterated = True
                        body(s, out)
            except Exception as exc:
                _located(exc, line)
                raise
        finally:
            s.scopes.pop()
        if not iterated:
            orelse(s, out)
    return loop


def _filtered(s: State, target: str | tuple[str, ...], items: Any, test: Expr
              ) -> Iterator[Any]:
    # the test binds the target in a scope of its own, as Jinja's does: a loop that looks
    # ahead (for loop.last) runs the test on the next item while the body has this one
    state = State(s.env, s.context)
    state.scopes, state.found = [*s.scopes[:-1], {}], s.found
    for item in items:
        _bind(state.scopes[-1], target, item)
        if test(state):
            yield item


def _lookup(s: State, name: str) -> Any:
    scopes = s.scopes
    if len(scopes) == 1:
        if name in scopes[0]:
            return scopes[0][name]
    else:
        for scope in reversed(scopes):
            if name in scope:
                return scope[name]
    found = s.found
    if name not in found:  # the context does not change while a template renders
        value = s.context.resolve_or_missing(name)
        found[name] = s.env.undefined(name=name) if value is missing else value
    return found[name]


def _expression(env: Any, node: Any) -> Expr:  # noqa: C901 -- one case per opcode
    _need(isinstance(node, list) and len(node) >= 2 and isinstance(node[0], str))
    op = node[0]
    if op == "c" and len(node) == 2 and isinstance(node[1], PLAIN):
        value = node[1]
        return lambda s: value
    if op == "n" and len(node) == 2 and isinstance(node[1], str):
        name = node[1]
        return lambda s: _lookup(s, name)
    if op == "attr" and len(node) == 3 and isinstance(node[2], str):
        obj, attr, getattr_ = _expression(env, node[1]), node[2], env.getattr
        return lambda s: getattr_(obj(s), attr)
    if op == "item" and len(node) == 3:
        obj, key = _expression(env, node[1]), _expression(env, node[2])
        return lambda s: s.env.getitem(obj(s), key(s))
    if op == "slice" and len(node) == 5:
        obj = _expression(env, node[1])
        bounds = [_expression(env, n) if n is not None else None for n in node[2:]]
        return lambda s: obj(s)[slice(*(b(s) if b is not None else None for b in bounds))]
    if op in ("call", "filter", "test"):
        return _call(env, node)
    if op == "cmp" and len(node) == 3 and isinstance(node[2], list):
        return _compare(env, node)
    if op in ("and", "or") and len(node) == 3:
        left, right = _expression(env, node[1]), _expression(env, node[2])
        if op == "and":
            return lambda s: left(s) and right(s)
        return lambda s: left(s) or right(s)
    if op in ("not", "neg", "pos") and len(node) == 2:
        inner = _expression(env, node[1])
        unary = UNARY[op]
        symbol = {"neg": "-", "pos": "+"}.get(op)
        if symbol in env.intercepted_unops:
            return lambda s: s.env.call_unop(s.context, symbol, inner(s))
        return lambda s: unary(inner(s))
    if op == "cond" and len(node) == 5 and isinstance(node[1], int):
        return _conditional(env, node)
    if op == "bin" and len(node) == 4 and node[1] in OPERATORS:
        symbol, left, right = node[1], _expression(env, node[2]), _expression(env, node[3])
        if symbol in env.intercepted_binops:
            return lambda s: s.env.call_binop(s.context, symbol, left(s), right(s))
        binary = OPERATORS[symbol]
        return lambda s: binary(left(s), right(s))
    if op in ("list", "tuple") and len(node) == 2 and isinstance(node[1], list):
        items = [_expression(env, i) for i in node[1]]
        if op == "list":
            return lambda s: [i(s) for i in items]
        return lambda s: tuple(i(s) for i in items)
    if op == "dict" and len(node) == 2 and isinstance(node[1], list):
        _need(all(isinstance(p, list) and len(p) == 2 for p in node[1]))
        pairs = [(_expression(env, k), _expression(env, v)) for k, v in node[1]]
        return lambda s: {k(s): v(s) for k, v in pairs}
    raise BadProgram(f"unknown expression {op!r}")


def _call(env: Any, node: list[Any]) -> Expr:
    op = node[0]
    _need(len(node) == (4 if op == "call" else 5))
    args_at = 2 if op == "call" else 3
    _need(isinstance(node[args_at], list) and isinstance(node[args_at + 1], list)
          and all(isinstance(kv, list) and len(kv) == 2 and isinstance(kv[0], str)
                  for kv in node[args_at + 1]))
    args = [_expression(env, a) for a in node[args_at]]
    kwargs = [(k, _expression(env, v)) for k, v in node[args_at + 1]]
    if op == "call":
        func, call = _expression(env, node[1]), env.call
        if not kwargs and all(a[0] == "c" for a in node[args_at]):
            # the common case, term('agency') or cite('printz-1997'): constant arguments
            constants = tuple(a[1] for a in node[args_at])
            return lambda s: call(s.context, func(s), *constants)
        return lambda s: call(s.context, func(s), *[a(s) for a in args],
                              **{k: v(s) for k, v in kwargs})
    _need(isinstance(node[1], str))
    name, value = node[1], _expression(env, node[2])
    caller = env.call_filter if op == "filter" else env.call_test
    return lambda s: caller(name, value(s), [a(s) for a in args], {k: v(s) for k, v in kwargs},
                            context=s.context)


def _compare(env: Any, node: list[Any]) -> Expr:
    _need(all(isinstance(o, list) and len(o) == 2 and o[0] in COMPARE for o in node[2]))
    first = _expression(env, node[1])
    rest = [(COMPARE[o], _expression(env, e)) for o, e in node[2]]

    def compare(s: State) -> Any:  # a chain, as Python evaluates one
        left, result = first(s), True
        for test, expr in rest:
            right = expr(s)
            result = test(left, right)
            if not result:
                return result
            left = right
        return result
    return compare


def _conditional(env: Any, node: list[Any]) -> Expr:
    test, then = _expression(env, node[2]), _expression(env, node[3])
    orelse = _expression(env, node[4]) if node[4] is not None else None
    hint = (f"the inline if-expression on line {node[1]} evaluated to false and no else "
            "section was defined.")

    def conditional(s: State) -> Any:
        if test(s):
            return then(s)
        return orelse(s) if orelse is not None else Undefined(hint)
    return conditional

"""A clause template as a program of plain data, made from Jinja's parse of it.

The template cache holds data only: each template is stored as nested lists of text,
numbers and opcodes (statements: text, out, if, for, set, setblock; expressions: c, n,
attr, item, slice, call, filter, test, cmp, and, or, not, neg, pos, cond, bin, list,
tuple, dict), which interpreter.py runs through the sandbox. Templates that use what the
interpreter does not model (macros, call and filter blocks, recursive loops, assignments
inside loops) raise Unsupported: Jinja compiles those, and they are not cached.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes

BINARY = ("+", "-", "*", "/", "//", "%", "**")
PLAIN = (str, int, float, bool, type(None))  # what a constant may be


class Unsupported(Exception):
    """The template uses something the interpreter does not model."""


# -- from Jinja's parse to a program --------------------------------------------------------

def convert(template: nodes.Template) -> list[Any]:
    """The program of a parsed template; Unsupported when it needs Jinja's own code."""
    _check_order(template.body)
    return _statements(template.body, in_loop=False)


def _check_order(body: list[nodes.Node]) -> None:
    """Jinja gives a name assigned at the top level no value until it is assigned, even
    in a loop or block body met before that, where the interpreter would look it up in
    the context. A template whose loop or block body reads a name that the top level
    assigns only later is left to Jinja."""
    def stores(node: nodes.Node) -> set[str]:
        return {n.name for t in [node, *node.find_all((nodes.Assign, nodes.AssignBlock))]
                if isinstance(t, nodes.Assign | nodes.AssignBlock)
                for n in [t.target, *t.target.find_all(nodes.Name)]
                if isinstance(n, nodes.Name) and n.ctx == "store"}

    later = set().union(*(stores(node) for node in body))
    for node in body:
        for nested in [node, *node.find_all((nodes.For, nodes.AssignBlock))]:
            if isinstance(nested, nodes.For):
                inner = [*nested.body, *nested.else_, *([nested.test] if nested.test else [])]
            elif isinstance(nested, nodes.AssignBlock):
                inner = list(nested.body)
            else:
                continue
            if _reads(inner, later):
                raise Unsupported("a loop or block body reads a name assigned only later")
        later -= stores(node)


def _statements(body: list[nodes.Node], *, in_loop: bool) -> list[Any]:
    out: list[Any] = []
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    out.append(child.data)
                else:
                    out.append(["out", child.lineno, _expr(child)])
        elif isinstance(node, nodes.If):
            out.append(_if(node, in_loop))
        elif isinstance(node, nodes.For):
            out.append(_for(node))
        elif isinstance(node, nodes.Assign) and not in_loop:
            out.append(["set", node.lineno, _targets(node.target), _expr(node.node)])
        elif (isinstance(node, nodes.AssignBlock) and not in_loop and node.filter is None
              and isinstance(node.target, nodes.Name)):
            out.append(["setblock", node.lineno, node.target.name,
                        _statements(node.body, in_loop=False)])
        else:
            raise Unsupported(type(node).__name__)
    return out


def _if(node: nodes.If, in_loop: bool) -> list[Any]:
    orelse = _statements(node.else_, in_loop=in_loop)
    for branch in reversed(node.elif_):
        orelse = [["if", branch.lineno, _expr(branch.test),
                   _statements(branch.body, in_loop=in_loop), orelse]]
    return ["if", node.lineno, _expr(node.test), _statements(node.body, in_loop=in_loop),
            orelse]


def _for(node: nodes.For) -> list[Any]:
    targets = _targets(node.target)
    names = {targets} if isinstance(targets, str) else set(targets)
    if node.recursive or "loop" in names:
        raise Unsupported("recursive loop")
    if node.test is not None and _reads(node.test, {"loop"}):
        raise Unsupported("loop in a loop filter")
    if _reads(node.else_, names | {"loop"}):
        raise Unsupported("loop variable in else")
    uses_loop = _reads(node.body, {"loop"})
    return ["for", node.lineno, targets, _expr(node.iter), _statements(node.body, in_loop=True),
            _statements(node.else_, in_loop=False),
            _expr(node.test) if node.test is not None else None, uses_loop]


def _reads(where: nodes.Node | list[nodes.Node], names: set[str]) -> bool:
    found = [where] if isinstance(where, nodes.Node) else where
    return any(n.name in names for node in found
               for n in [node, *node.find_all(nodes.Name)]
               if isinstance(n, nodes.Name) and n.ctx == "load")


def _targets(node: nodes.Node) -> str | list[str]:
    if isinstance(node, nodes.Name) and node.ctx == "store":
        return node.name
    if isinstance(node, nodes.Tuple) and all(isinstance(i, nodes.Name) for i in node.items):
        return [i.name for i in node.items]  # type: ignore[attr-defined]
    raise Unsupported("assignment target")


def _expr(node: nodes.Node) -> list[Any]:
    if isinstance(node, nodes.Const):
        value = node.value
        if isinstance(value, PLAIN):
            return ["c", value]
        if isinstance(value, tuple) and all(isinstance(v, PLAIN) for v in value):
            return ["tuple", [["c", v] for v in value]]
        raise Unsupported("constant")
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return ["n", node.name]
    if isinstance(node, nodes.Getattr) and node.ctx == "load":
        return ["attr", _expr(node.node), node.attr]
    if isinstance(node, nodes.Getitem) and node.ctx == "load":
        if isinstance(node.arg, nodes.Slice):
            parts = (node.arg.start, node.arg.stop, node.arg.step)
            return ["slice", _expr(node.node), *[_expr(p) if p is not None else None
                                                for p in parts]]
        return ["item", _expr(node.node), _expr(node.arg)]
    if isinstance(node, nodes.Call | nodes.Filter | nodes.Test):
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise Unsupported("*args")
        args = [_expr(a) for a in node.args]
        kwargs = [[k.key, _expr(k.value)] for k in node.kwargs]
        if isinstance(node, nodes.Call):
            return ["call", _expr(node.node), args, kwargs]
        if node.node is None:  # a filter block
            raise Unsupported("filter block")
        return ["filter" if isinstance(node, nodes.Filter) else "test", node.name,
                _expr(node.node), args, kwargs]
    if isinstance(node, nodes.Compare):
        return ["cmp", _expr(node.expr), [[op.op, _expr(op.expr)] for op in node.ops]]
    if isinstance(node, nodes.And | nodes.Or):
        return ["and" if isinstance(node, nodes.And) else "or", _expr(node.left),
                _expr(node.right)]
    if isinstance(node, nodes.Not):
        return ["not", _expr(node.node)]
    if isinstance(node, nodes.Neg | nodes.Pos):
        return ["neg" if isinstance(node, nodes.Neg) else "pos", _expr(node.node)]
    if isinstance(node, nodes.CondExpr):
        return ["cond", node.lineno, _expr(node.test), _expr(node.expr1),
                _expr(node.expr2) if node.expr2 is not None else None]
    if isinstance(node, nodes.BinExpr) and node.operator in BINARY:
        return ["bin", node.operator, _expr(node.left), _expr(node.right)]
    if isinstance(node, nodes.List | nodes.Tuple):
        return ["list" if isinstance(node, nodes.List) else "tuple",
                [_expr(i) for i in node.items]]
    if isinstance(node, nodes.Dict):
        return ["dict", [[_expr(p.key), _expr(p.value)] for p in node.items]]
    raise Unsupported(type(node).__name__)

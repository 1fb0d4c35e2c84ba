"""Static analysis of a clause's templates: every name, jurisdiction field, filter and test
in every branch, judged against what a template may use, each problem located at its line
and column in the clause file."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from msgspec import Struct, structs

from ..diagnostics import Diagnostic, did_you_mean
from ..government import ROLES, Government
from ..library import LoadedClause
from ..model import Clause
from ..source import Source
from ..templating import HELPERS, environment, template_diagnostic

Loc = tuple[str, ...]
CONTEXT = ("jurisdiction", "instrument", "this", *HELPERS, "range")
FIELDS = tuple(f.name for f in structs.fields(Government) if f.name != "with_state")
_DICT_METHODS = ("items", "keys", "values", "get")


class TemplateFacts(Struct, frozen=True):
    """What a template reads, found in its parse tree without running it (every branch)."""

    reads: frozenset[str]  # context names it reads and does not bind itself
    # (what, name, line, argument): a "name" read; an "attr" chain such as
    # "jurisdiction.agencies.jail"; a "filter" or "test"; a "call" of a helper, with its
    # argument when that is a constant string (else "")
    uses: tuple[tuple[str, str, int, str], ...]


def inspect_template(text: str) -> TemplateFacts:
    """The names, attribute chains, filters, tests and helper calls of a template, in
    every branch; raises TemplateSyntaxError."""
    tree = environment().parse(text)
    uses: list[tuple[str, str, int, str]] = []
    _walk(tree, frozenset(), uses)
    # a name the template sets itself ({% set %}, a macro) is its own, wherever it is set
    targets = [getattr(node, "target") for node in tree.find_all((nodes.Assign,  # noqa: B009
                                                                  nodes.AssignBlock))]
    own = {n.name for target in targets for n in (target, *target.find_all(nodes.Name))
           if isinstance(n, nodes.Name)}
    own |= {node.name for node in tree.find_all(nodes.Macro)}
    uses = [u for u in uses if u[0] != "name" or u[1] not in own]
    return TemplateFacts(frozenset(u[1] for u in uses if u[0] == "name"), tuple(uses))


_SCOPES: dict[type[nodes.Node], tuple[str, ...]] = {
    # the fields whose names a node binds, and the fields in which they are bound
    nodes.For: ("target", "body", "test"), nodes.Macro: ("args", "body"),
    nodes.CallBlock: ("args", "body"), nodes.With: ("targets", "body")}


def _walk(node: nodes.Node, bound: frozenset[str], uses: list[tuple[str, str, int, str]]
          ) -> None:
    """Record what `node` reads; `bound` holds the names enclosing loops and macros bind."""
    if isinstance(node, nodes.Name):
        if node.ctx == "load" and node.name not in bound:
            uses.append(("name", node.name, node.lineno, ""))
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        root: nodes.Node = node
        path: list[str] = []
        while isinstance(root, nodes.Getattr | nodes.Getitem):
            key = root.attr if isinstance(root, nodes.Getattr) else getattr(root.arg, "value", 0)
            if not isinstance(key, str):
                break
            path.insert(0, key)
            root = root.node
        if isinstance(root, nodes.Name) and root.name not in bound:
            uses.append(("attr", ".".join([root.name, *path]), node.lineno, ""))
            _walk(root, bound, uses)
            return
    if isinstance(node, nodes.Filter | nodes.Test):
        uses.append(("filter" if isinstance(node, nodes.Filter) else "test", node.name,
                     node.lineno, ""))
    if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            and node.node.name in HELPERS and node.node.name not in bound):
        arg = node.args[0] if node.args else None
        const = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else ""
        uses.append(("call", node.node.name, node.lineno, const))
    scope = next((fields for kind, fields in _SCOPES.items() if isinstance(node, kind)), None)
    if scope is None:
        for child in node.iter_child_nodes():
            _walk(child, bound, uses)
        return
    binder, *inner = scope
    names = {n.name for part in _as_list(getattr(node, binder))
             for n in (part, *part.find_all(nodes.Name))
             if isinstance(n, nodes.Name) and n.ctx in ("store", "param")}
    names |= {"loop"} if isinstance(node, nodes.For) else {"caller", "varargs", "kwargs"}
    for field_name in node.fields:
        if field_name == binder:
            continue
        within = bound | names if field_name in inner else bound  # defaults: outside
        for child in _as_list(getattr(node, field_name)):
            if isinstance(child, nodes.Node):
                _walk(child, within, uses)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def templates(clause: Clause) -> Iterator[tuple[Loc, str]]:
    """Every template of a clause with where it stands: variant texts, the rationale and
    the definitions."""
    for name, text in clause.variant_texts().items():
        yield (("variants", name, "text") if clause.variants else ("text",)), text
    yield ("rationale",), clause.rationale
    for term, definition in clause.defines.items():
        yield ("defines", term), definition


def inspect_clause(loaded: LoadedClause) -> tuple[dict[Loc, TemplateFacts], list[Diagnostic]]:
    """The facts of each template that parses, and every problem static analysis finds."""
    facts: dict[Loc, TemplateFacts] = {}
    found: list[Diagnostic] = []
    for loc, text in templates(loaded.clause):
        try:
            facts[loc] = inspect_template(text)
        except TemplateSyntaxError as exc:
            found.append(template_diagnostic(loaded.source, loc, exc))
            continue
        found += judge(loaded, loc, facts[loc])
    return facts, found


def judge(loaded: LoadedClause, loc: Loc, facts: TemplateFacts) -> list[Diagnostic]:
    """The names, fields, filters and tests of one template that do not exist."""
    params = list(loaded.clause.params)
    allowed = [*params, *CONTEXT]
    env = environment()
    found = []
    seen: dict[tuple[str, str, int], int] = {}
    for what, name, line, _ in facts.uses:
        nth = seen[what, name, line] = seen.get((what, name, line), -1) + 1
        problem = None
        if what == "name" and name not in allowed:
            problem = ("undefined-name", f"'{name}' is undefined: not a param of "
                       f"'{loaded.clause.id}', a jurisdiction field or a helper",
                       did_you_mean(name, allowed) or "templates may use the clause's params"
                       f"{' (' + ', '.join(params) + ')' if params else ''}, jurisdiction.*, "
                       "instrument, this, ref, term, cite, selected and range", name)
        elif what == "attr" and name.startswith("jurisdiction."):
            problem = _field_problem(name.split("."))
        elif what == "filter" and name not in env.filters:
            problem = ("unknown-filter", f"there is no filter '{name}'",
                       did_you_mean(name, sorted(env.filters))
                       or f"filters: {', '.join(sorted(env.filters))}", name)
        elif what == "test" and name not in env.tests:
            problem = ("unknown-test", f"there is no test '{name}'",
                       did_you_mean(name, sorted(env.tests))
                       or f"tests: {', '.join(sorted(env.tests))}", name)
        if problem is not None:
            code, message, hint, word = problem
            found.append(locate(loaded.source, loc, line, what, word, nth, code, message, hint))
    return found


def _field_problem(path: list[str]) -> tuple[str, str, str, str] | None:
    if len(path) > 1 and path[1] not in FIELDS:
        role = difflib.get_close_matches(path[1], ROLES, n=1, cutoff=0.8)
        hint = (f"did you mean 'jurisdiction.agencies.{role[0]}'?" if role
                else did_you_mean(path[1], FIELDS) or f"the fields are: {', '.join(FIELDS)}")
        return ("undefined-name", f"'jurisdiction.{path[1]}' is not a jurisdiction field",
                hint, path[1])
    if len(path) > 2 and path[1] == "agencies" and path[2] not in (*ROLES, *_DICT_METHODS):
        return ("undefined-name", f"'jurisdiction.agencies.{path[2]}' is not an agency role",
                did_you_mean(path[2], ROLES) or f"the roles are: {', '.join(ROLES)}", path[2])
    return None


_PATTERNS = {"name": r"(?<![\w.'\"]){}\b", "attr": r"(?:(?<=\.)|(?<=\['|\[\")){}\b",
             "filter": r"\|\s*{}\b", "test": r"\bis\s+(?:not\s+)?{}\b", "call": r"\b{}\s*\("}


def locate(source: Source, loc: Loc, line: int, what: str, word: str, nth: int, code: str,
           message: str, hint: str, severity: str = "error") -> Diagnostic:
    """A diagnostic at template line `line` of the block at `loc`, at the column of the
    `nth` use of `word` on that line (the first column when it cannot be found)."""
    at = source.diag(loc, code, message, hint, severity=severity,
                     line_offset=line + source.block_offset(loc) - 1)
    lines = source.text.splitlines()
    text = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    spots = [m.start() for m in re.finditer(_PATTERNS[what].format(re.escape(word)), text)]
    if what == "filter" or what == "test":
        spots = [text.index(word, s) for s in spots]
    col = spots[min(nth, len(spots) - 1)] + 1 if spots else len(text) - len(text.lstrip()) + 1
    return dataclasses.replace(at, col=col)
